"""The sale's progress for the clerk: the services' checkpoints (the same named points the
fault-injection tests stop at) turned into a Qt signal, emitted from the worker thread."""

from __future__ import annotations

from pos.domain.messages import N_
from pos.services.ports import Checkpoints
from pos.ui.qt import QObject, Signal

SAYS = {
    "sale_started": N_("Taking the payment…"),
    "paid": N_("Paid. Writing the card… (keep the card in the reader)"),
    "card_written": N_("Card written and verified. Completing the sale…"),
    "completed": N_("Sale completed. Printing the receipt…"),
}


class SaleProgress(QObject):
    step = Signal(str)  # the msgid of what is happening now

    def __init__(self, inner: Checkpoints, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inner = inner

    def reached(self, step: str) -> None:
        self._inner.reached(step)
        if step in SAYS:
            self.step.emit(SAYS[step])
