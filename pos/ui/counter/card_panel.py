"""The card panel: the household behind the card in the reader, filled when a card is read and
emptied — every field — when it is taken out."""

from __future__ import annotations

from pos.domain.messages import N_
from pos.services.selling.card_view import CardView
from pos.ui.common.texts import Texts
from pos.ui.qt import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

FIELDS = (
    ("account_no", N_("Account")), ("name", N_("Name")), ("address", N_("Address")),
    ("category", N_("Category")), ("card_no", N_("Card")), ("meter_no", N_("Meter")),
    ("purchase_seq", N_("Purchases")), ("pending", N_("Not yet in the meter")),
    ("remaining", N_("Gas left in the meter")), ("used", N_("Used in all")),
    ("alarms", N_("Meter alarms")), ("cycle", N_("Bought this tier year")),
)


class CardPanel(QGroupBox):
    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(texts(N_("Card and household")), parent)
        self._t = texts
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in FIELDS:
            value = QLabel()
            value.setProperty("role", "value")
            value.setWordWrap(True)  # a long address wraps instead of widening the screen
            value.setObjectName(f"card_{key}")
            self.values[key] = value
            form.addRow(texts(label), value)
        layout.addLayout(form)
        self.verdict = QLabel()
        self.verdict.setObjectName("card_verdict")
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.clear()

    def clear(self, hint: str | None = None) -> None:
        for value in self.values.values():
            value.setText("")
        self._verdict(hint if hint is not None else self._t(N_("Insert the customer's IC card.")),
                      "hint")

    def reading(self) -> None:
        self.clear(self._t(N_("Reading the card…")))

    def refused(self, why: str) -> None:
        """The card could not be read or is not ours: nothing of a household is shown."""
        self.clear()
        self._verdict(why, "refusal")

    def refuse_sale(self, why: str) -> None:
        """The household stays shown; the verdict says why no sale can be made on this card."""
        self._verdict(f"✗ {why}", "refusal")

    def show_view(self, view: CardView) -> None:
        t, record, meter = self._t, view.reading.record, view.reading.meter
        household = view.household
        shown = {
            "card_no": view.reading.card_no, "account_no": record.account_no,
            "meter_no": record.meter_no, "purchase_seq": str(record.purchase_seq),
            "pending": t(N_("{volume} m³"), volume=view.reading.unloaded_volume),
        }
        if household is not None:
            account = household.account
            shown |= {"name": account.name, "address": account.address,
                      "category": t.message(account.category.label)}
            if household.position is not None:
                shown["cycle"] = t(N_("{volume} m³, tier {tier}"),
                                   volume=household.position.bought, tier=household.position.tier)
        if meter is not None:
            shown |= {"remaining": t(N_("{volume} m³"), volume=meter.remaining),
                      "used": t(N_("{volume} m³"), volume=meter.cumulative_use),
                      "alarms": "、".join(t.message(a.label) for a in sorted(meter.alarms))
                      or t(N_("none"))}
        for key, value in self.values.items():
            value.setText(shown.get(key, ""))
        if view.checks:
            self._verdict("\n".join(f"✗ {t.message(c.message)}" for c in view.checks), "refusal")
        else:
            self._verdict(t(N_("No check refuses a sale: enter the volume (F2).")), "ok")

    def text(self) -> str:
        """Everything the panel shows (for tests and the screen reader)."""
        return " ".join(v.text() for v in self.values.values()) + " " + self.verdict.text()

    def _verdict(self, text: str, role: str) -> None:
        self.verdict.setText(text)
        self.verdict.setProperty("role", role)
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
