"""A keyboard-wedge barcode scanner for the counter app's tests: it types a code into whatever
has the focus, a few milliseconds a key on a clock the test owns, and ends with Enter — as a
USB scanner does (docs/payments.md "At the counter")."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from pos.ui.qt import QApplication, Qt, QWidget

SCANNER_GAP = 0.005  # seconds between a scanner's keystrokes
PERSON_GAP = 0.200  # a quick person


class KeyClock:
    """A monotonic clock that moves only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def type_keys(qtbot: QtBot, clock: KeyClock, text: str, *, gap: float,
              enter: bool = True, into: QWidget | None = None) -> None:
    """``text`` typed key by key ``gap`` seconds apart into the focused widget, then Enter."""
    for char in text:
        clock.advance(gap)
        qtbot.keyClick(_target(into), char)
    if enter:
        clock.advance(gap)
        qtbot.keyClick(_target(into), Qt.Key.Key_Return)


def scan(qtbot: QtBot, clock: KeyClock, code: str, into: QWidget | None = None) -> None:
    type_keys(qtbot, clock, code, gap=SCANNER_GAP, into=into)


def _target(into: QWidget | None) -> QWidget:
    widget = into or QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget
