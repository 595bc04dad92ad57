"""The payment dialog's ears for a keyboard-wedge scanner (docs/payments.md "At the counter").

An event filter on the dialog's widgets feeds every keystroke to a :class:`KeyBurst`.  The
first digits of a run go to the field with the focus as usual; once more than ``SHOWN`` of them
followed each other faster than a person types, the run is held back — those first digits
taken out of the field again — so no more of a payment code than its masked form shows (its
first four digits) is ever in a field.  Enter ending a long enough fast run is a
scan: ``scanned(code)`` is emitted and the Enter goes no further.  A fast run that turns out
not to be a scan (too short, no Enter, another key) is typed into the field after all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pos.ui.counter.key_burst import KeyBurst
from pos.ui.qt import QEvent, QKeyEvent, QLineEdit, QObject, Qt, QTimer, QWidget, Signal

ENTER = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)
SHOWN = 4  # digits of a fast run let into the field before it is held back
RELEASE_AFTER_MS = 150  # real silence after a held run: it was a quick person, not a scanner


class ScanFilter(QObject):
    scanned = Signal(str)

    def __init__(self, clock: Callable[[], float] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.burst = KeyBurst() if clock is None else KeyBurst(clock)
        self._held = ""  # digits of a fast run kept out of the field
        self._target: QLineEdit | None = None  # the field the run was typed into
        self._source: QObject | None = None  # the widget the run's keys went to
        self._before = ("", 0)  # its text and cursor before the run's first digit
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELEASE_AFTER_MS)
        self._timer.timeout.connect(self.release)

    def listen(self, widgets: Iterable[QWidget]) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() in ENTER:
            code = self.burst.enter()
            if code is not None:
                self._forget()
                self.scanned.emit(code)
                return True
            self.release()
            return False
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if len(text) == 1 and text.isdigit() and plain:
            return self._digit(watched, text)
        self.release()
        self.burst.reset()
        return False

    def _digit(self, watched: QObject, digit: str) -> bool:
        if watched is not self._source:  # the focus moved: whatever came before is not this run
            self.release()
            self.burst.reset()
            self._source = watched
        if not self.burst.digit(digit):  # a new run: this digit goes to its field
            self.release()
            self._target = watched if isinstance(watched, QLineEdit) else None
            if self._target is not None:
                self._before = (self._target.text(), self._target.cursorPosition())
            return False
        if len(self.burst.digits) <= SHOWN:
            return False
        if not self._held:  # a scanner, it seems: the run's first digits leave the field
            self._held = self.burst.digits[:-1]
            if self._target is not None:
                self._target.setText(self._before[0])
                self._target.setCursorPosition(self._before[1])
        self._held += digit
        self._timer.start()
        return True

    def release(self) -> None:
        """What was held back was typed by a person after all: into its field it goes."""
        self._timer.stop()
        held, target = self._held, self._target
        self._forget()
        if held and target is not None and target.isEnabled():
            target.insert(held)
            target.textEdited.emit(target.text())

    def _forget(self) -> None:
        self._timer.stop()
        self._held, self._target = "", None
