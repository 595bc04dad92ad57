"""Card events from the device's thread to Qt signals on the GUI thread.

The card station delivers events on its own thread (pyscard's observer, the demo slot's
caller); this bridge only emits a signal there — Qt queues it to the GUI thread, where the
widgets listen.  Hardware threads never touch widgets.
"""

from __future__ import annotations

from pos.domain.device_events import (
    CardInserted,
    CardRemoved,
    DeviceEvent,
    ReaderConnected,
    ReaderDisconnected,
)
from pos.services.core.context import Services
from pos.services.ports import Watch
from pos.ui.qt import QObject, Signal


class CardEvents(QObject):
    inserted = Signal(str)
    removed = Signal(str)
    reader_connected = Signal(str)
    reader_disconnected = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._watch: Watch | None = None

    def watch(self, svc: Services, reader: str) -> None:
        self.stop()
        self._watch = svc.cards.watch(reader, self.deliver)

    def deliver(self, event: DeviceEvent) -> None:
        """Called on the device's thread: emit and return."""
        match event:
            case CardInserted(reader):
                self.inserted.emit(reader)
            case CardRemoved(reader):
                self.removed.emit(reader)
            case ReaderConnected(reader):
                self.reader_connected.emit(reader)
            case ReaderDisconnected(reader):
                self.reader_disconnected.emit(reader)

    def stop(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
