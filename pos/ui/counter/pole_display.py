"""The demo's customer display on screen: what the services send to the pole display (客显),
shown as the customer would see it — a label lamp and the number.

It wraps the counter's display port (so a real display, if configured, still gets every
command) and hands each change to the GUI thread through a signal.
"""

from __future__ import annotations

from pos.domain.devices import DisplayLamp
from pos.domain.messages import N_
from pos.services.ports import CustomerDisplay
from pos.ui.common.texts import Texts
from pos.ui.qt import QDockWidget, QLabel, QObject, Qt, QVBoxLayout, QWidget, Signal

LAMPS = {DisplayLamp.PRICE: "单价", DisplayLamp.TOTAL: "总计", DisplayLamp.RECEIVED: "收款",
         DisplayLamp.CHANGE: "找零"}


class MirroredDisplay(QObject):
    """A CustomerDisplay that also tells the screen (from whichever thread the sale runs on)."""

    shown = Signal(int, str)  # lamp, number ("" when cleared)

    def __init__(self, inner: CustomerDisplay) -> None:
        super().__init__()
        self._inner = inner

    @property
    def present(self) -> bool:
        return True

    def describe(self) -> str:
        return f"on screen + {self._inner.describe()}"

    def show(self, lamp: DisplayLamp, text: str) -> None:
        self.shown.emit(int(lamp), text)
        if self._inner.present:
            self._inner.show(lamp, text)

    def clear(self) -> None:
        self.shown.emit(int(DisplayLamp.OFF), "")
        if self._inner.present:
            self._inner.clear()


class PoleDisplayDock(QDockWidget):
    def __init__(self, display: MirroredDisplay, texts: Texts,
                 parent: QWidget | None = None) -> None:
        super().__init__(texts(N_("Demo: customer display")), parent)
        self.setObjectName("pole_display")
        body = QWidget()
        body.setStyleSheet("background:#101810;")
        layout = QVBoxLayout(body)
        self.lamps = QLabel()
        self.lamps.setObjectName("pole_lamps")
        self.lit = DisplayLamp.OFF  # the lamp lit now (drawn in the label)
        self.number = QLabel()
        self.number.setObjectName("pole_number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.number.setStyleSheet("color:#5cff6a; font-size:40px; font-family:monospace;")
        layout.addWidget(self.lamps)
        layout.addWidget(self.number)
        self.setWidget(body)
        display.shown.connect(self.show_number)
        self.show_number(int(DisplayLamp.OFF), "")

    def show_number(self, lamp: int, text: str) -> None:
        lit = self.lit = DisplayLamp(lamp)
        self.lamps.setText("  ".join(
            f"<span style='color:{'#ffd24a' if key is lit else '#3a4a3a'}'>● {name}</span>"
            for key, name in LAMPS.items()))
        self.number.setText(text)
