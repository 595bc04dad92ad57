"""A keyboard-wedge scanner told apart from a person: keystrokes far faster than anyone types.

A USB barcode scanner (keyboard wedge) types the code it read as keystrokes a few milliseconds
apart and ends it with Enter.  :class:`KeyBurst` watches the digits typed and their times (a
monotonic clock, injected by tests): a run of digits whose every gap is at most ``max_gap``
that ends with an Enter as fast is a scan, if it is at least ``min_length`` long.  A person
typing a terminal reference, however quick, leaves gaps of 80 ms and more.

Pure timing logic; the payment dialog's key filter (pos.ui.counter.scan_filter) feeds it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_GAP = 0.050  # seconds between a scanner's keystrokes, at most
MIN_LENGTH = 16  # the shortest payment code (Alipay)


@dataclass
class KeyBurst:
    clock: Callable[[], float] = time.monotonic
    max_gap: float = MAX_GAP
    min_length: int = MIN_LENGTH
    digits: str = ""  # the run of digits so far
    _last: float | None = field(default=None, repr=False)

    def digit(self, char: str) -> bool:
        """A digit typed now: True if it continues a fast run (a possible scan), False if it
        starts a new run (the earlier run, if any, was typed by a person: see ``held``)."""
        now = self.clock()
        fast = self._last is not None and now - self._last <= self.max_gap and bool(self.digits)
        self.digits = self.digits + char if fast else char
        self._last = now
        return fast

    def enter(self) -> str | None:
        """Enter typed now: the code if it ends a scan (the run is then forgotten)."""
        now = self.clock()
        scanned = (self._last is not None and now - self._last <= self.max_gap
                   and len(self.digits) >= self.min_length)
        code = self.digits if scanned else None
        self.reset()
        return code

    def quiet(self) -> bool:
        """True once the run can no longer continue (longer than ``max_gap`` since its last
        key): what was held back of it belongs to the person typing."""
        return self._last is None or self.clock() - self._last > self.max_gap

    def reset(self) -> None:
        self.digits, self._last = "", None
