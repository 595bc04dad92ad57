"""Codes from the serial payment-code scanner ([scanner] port), from its thread to a Qt signal
on the GUI thread (as pos.ui.common.device_bridge does for cards).  The counter window hands
each to the payment dialog if one is open; a code scanned with no payment open is dropped."""

from __future__ import annotations

from pos.services.core.context import Services
from pos.services.ports import Watch
from pos.ui.qt import QObject, Signal


class ScannedCodes(QObject):
    code = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._watch: Watch | None = None

    def watch(self, svc: Services) -> None:
        self.stop()
        if svc.scanner is not None:
            self._watch = svc.scanner.watch(self.code.emit)

    def stop(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
