"""The purchase: the volume the customer asks for, the tier parts and the total — priced live
as the clerk types (off the GUI thread), never sold from here (F5 takes the payment)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Volume
from pos.domain.tariff import Quote
from pos.ui.texts import Texts


class SalePanel(QGroupBox):
    volume_changed = Signal(object)  # Volume, or None when the entry is not a volume

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(texts(N_("Purchase")), parent)
        self._t = texts
        self.quote: Quote | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(texts(N_("Volume to buy (m³), F2"))))
        self.volume = QLineEdit()
        self.volume.setObjectName("sale_volume")
        self.volume.setMaxLength(9)
        self.volume.textEdited.connect(self._edited)
        layout.addWidget(self.volume)
        self.parts = QLabel()
        self.parts.setObjectName("sale_parts")
        layout.addWidget(self.parts)
        self.total = QLabel()
        self.total.setObjectName("sale_total")
        self.total.setProperty("role", "big")
        layout.addWidget(self.total)
        self.problem = QLabel()
        self.problem.setObjectName("sale_problem")
        self.problem.setProperty("role", "refusal")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        self.quote = None
        self.volume.clear()
        self.parts.clear()
        self.total.clear()
        self.problem.clear()
        self.volume.setEnabled(False)

    def reset_entry(self) -> None:
        """Esc: the entry and its price go; the panel stays open for another volume."""
        self.volume.clear()
        self._edited("")

    def allow(self, allowed: bool) -> None:
        self.volume.setEnabled(allowed)
        if allowed:
            self.volume.setFocus()

    def entered(self) -> Volume | None:
        try:
            return Volume.parse(self.volume.text().strip())
        except BadInput:
            return None

    def show_quote(self, quote: Quote) -> None:
        if self.entered() != quote.volume:
            return  # the clerk typed on while it was priced: a newer quote is coming
        t = self._t
        self.quote = quote
        self.parts.setText("\n".join(
            t(N_("tier {tier}: {volume} m³ × {price} = {amount}"), tier=p.tier, volume=p.volume,
              price=p.unit_price, amount=p.amount) for p in quote.parts))
        self.total.setText(t(N_("Total ¥{amount}"), amount=quote.total))
        self.problem.clear()

    def show_problem(self, text: str) -> None:
        self.quote = None
        self.parts.clear()
        self.total.clear()
        self.problem.setText(text)

    def _edited(self, text: str) -> None:
        self.quote = None
        self.parts.clear()
        self.total.clear()
        volume = None
        self.problem.clear()
        if text.strip():
            try:
                volume = Volume.parse(text.strip())
            except BadInput as error:  # the domain's own words: 气量必须是数字 …
                self.problem.setText(self._t.error(error))
        self.volume_changed.emit(volume)
