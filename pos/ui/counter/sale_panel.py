"""The purchase: the volume the customer asks for (F2) — or the amount they want to spend (F6),
which buys the most gas it can — with the tier parts and the total, priced live as the clerk
types (off the GUI thread); never sold from here (Enter or F5 takes the payment)."""

from __future__ import annotations

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money, Volume
from pos.domain.tariff import Quote
from pos.ui.common.texts import Texts
from pos.ui.qt import QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget, Signal

Ask = Volume | Money  # what the customer asked for: so much gas, or so much money's worth


class SalePanel(QGroupBox):
    asked = Signal(object)  # an Ask, or None when the entry is not one

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(texts(N_("Purchase")), parent)
        self._t = texts
        self.quote: Quote | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(texts(N_("Volume to buy (m³), F2"))))
        self.volume = self._entry("sale_volume", layout)
        layout.addWidget(QLabel(texts(N_("…or the amount to spend (yuan), F6"))))
        self.amount = self._entry("sale_amount", layout)
        self.volume.textEdited.connect(lambda _: self._edited(self.volume, self.amount))
        self.amount.textEdited.connect(lambda _: self._edited(self.amount, self.volume))
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

    @staticmethod
    def _entry(name: str, layout: QVBoxLayout) -> QLineEdit:
        entry = QLineEdit()
        entry.setObjectName(name)
        entry.setMaxLength(10)
        layout.addWidget(entry)
        return entry

    def clear(self) -> None:
        self.quote = None
        for entry in (self.volume, self.amount):
            entry.clear()
            entry.setEnabled(False)
        self.parts.clear()
        self.total.clear()
        self.problem.clear()

    def reset_entry(self) -> None:
        """Esc: the entries and their price go; the panel stays open for another purchase."""
        self.volume.clear()
        self.amount.clear()
        self._edited(self.volume, self.amount)

    def allow(self, allowed: bool) -> None:
        for entry in (self.volume, self.amount):
            entry.setEnabled(allowed)
        if allowed:
            self.volume.setFocus()

    def entered(self) -> Ask | None:
        try:
            if self.amount.text().strip():
                return Money.parse(self.amount.text().strip())
            return Volume.parse(self.volume.text().strip())
        except BadInput:
            return None

    def show_quote(self, quote: Quote, ask: Ask) -> None:
        if self.entered() != ask:
            return  # the clerk typed on while it was priced: a newer quote is coming
        t = self._t
        self.quote = quote
        lines = [t(N_("tier {tier}: {volume} m³ × {price} = {amount}"), tier=p.tier,
                   volume=p.volume, price=p.unit_price, amount=p.amount) for p in quote.parts]
        if isinstance(ask, Money):
            lines.insert(0, t(N_("¥{amount} buys {volume} m³."), amount=ask,
                              volume=quote.volume))
        self.parts.setText("\n".join(lines))
        self.total.setText(t(N_("Total ¥{amount}"), amount=quote.total))
        self.problem.clear()

    def show_problem(self, text: str, ask: Ask) -> None:
        if self.entered() != ask:
            return  # about an entry typed over since
        self.quote = None
        self.parts.clear()
        self.total.clear()
        self.problem.setText(text)

    def _edited(self, typed_in: QLineEdit, other: QLineEdit) -> None:
        if typed_in.text():
            other.clear()  # one or the other: the volume, or the amount
        self.quote = None
        self.parts.clear()
        self.total.clear()
        self.problem.clear()
        text = typed_in.text().strip()
        ask: Ask | None = None
        if text:
            try:
                ask = Money.parse(text) if typed_in is self.amount else Volume.parse(text)
            except BadInput as error:  # the domain's own words: 气量必须是数字 …
                self.problem.setText(self._t.error(error))
        self.asked.emit(ask)
