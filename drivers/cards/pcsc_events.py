"""Reader and card insert/remove events from pyscard's monitors, as plain event objects.

pyscard calls observers on its own monitoring thread; this module only turns those calls into
:mod:`pos.domain.device_events` objects for the counter's reader and hands them to a callback,
which must queue them (the GUI bridges them to a Qt signal) and return.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from smartcard.CardMonitoring import CardMonitor, CardObserver
from smartcard.ReaderMonitoring import ReaderMonitor, ReaderObserver

from pos.domain.device_events import (
    CardInserted,
    CardRemoved,
    DeviceEvent,
    ReaderConnected,
    ReaderDisconnected,
)


class PcscWatcher(CardObserver, ReaderObserver):  # type: ignore[misc]
    def __init__(self, pattern: str | None, deliver: Callable[[DeviceEvent], None]) -> None:
        self._pattern = pattern
        self._deliver = deliver
        self._card_monitor: Any = None
        self._reader_monitor: Any = None

    def start(self) -> None:
        self._reader_monitor = ReaderMonitor()
        self._reader_monitor.addObserver(self)
        self._card_monitor = CardMonitor()
        self._card_monitor.addObserver(self)

    def stop(self) -> None:
        """Stop watching (call before the PC/SC context goes away)."""
        if self._card_monitor is not None:
            self._card_monitor.deleteObserver(self)
        if self._reader_monitor is not None:
            self._reader_monitor.deleteObserver(self)
        self._card_monitor = self._reader_monitor = None

    def update(self, observable: Any, handlers: Any) -> None:
        added, removed = handlers
        if _are_readers(added, removed):
            events: list[DeviceEvent] = [ReaderConnected(str(r)) for r in added]
            events += [ReaderDisconnected(str(r)) for r in removed]
        else:
            events = [CardInserted(str(card.reader)) for card in added]
            events += [CardRemoved(str(card.reader)) for card in removed]
        for event in events:
            if self._pattern is None or re.search(self._pattern, event.reader, re.IGNORECASE):
                self._deliver(event)


def _are_readers(added: list[Any], removed: list[Any]) -> bool:
    """Card monitors report Card objects (with a ``reader``); reader monitors report readers."""
    return any(not hasattr(item, "reader") for item in (*added, *removed))
