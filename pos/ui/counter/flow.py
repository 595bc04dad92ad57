"""The counter screen's states, one customer at a time (docs/design.md "The counter sale"):
explicit, so every screen the clerk can see is one of these and nothing of the previous
household survives a new card.

    no card ──inserted──▶ reading ──read──▶ card shown ──pay──▶ selling ──done──▶ sold
       ▲                     │                  │                  │              │
       └──────removed────────┴──────────────────┴──────(after)─────┴────removed───┘

A payment that did not go through (declined, stopped, reversed: nothing taken) goes from selling
back to card shown, with the payment dialog open again for the same customer.
A card taken out (or put in) while selling does not change the screen: the sale's own outcome
(done, or pending and recoverable) is shown first; Esc then clears it for the next customer.
"""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    NO_CARD = "no_card"
    READING = "reading"
    CARD_SHOWN = "card_shown"  # the household; a volume may be entered if nothing refuses
    SELLING = "selling"  # paying, writing the card, verifying, printing
    SOLD = "sold"  # the receipt is shown; the card goes back to the customer


ALLOWED: dict[Step, frozenset[Step]] = {
    Step.NO_CARD: frozenset({Step.READING}),
    Step.READING: frozenset({Step.CARD_SHOWN, Step.NO_CARD}),
    Step.CARD_SHOWN: frozenset({Step.SELLING, Step.READING, Step.NO_CARD}),
    Step.SELLING: frozenset({Step.SOLD, Step.CARD_SHOWN, Step.READING, Step.NO_CARD}),
    Step.SOLD: frozenset({Step.NO_CARD, Step.READING}),
}


class IllegalStep(RuntimeError):
    pass


class CounterFlow:
    def __init__(self) -> None:
        self.step = Step.NO_CARD

    def to(self, target: Step) -> None:
        if target not in ALLOWED[self.step]:
            raise IllegalStep(f"{self.step} → {target}")
        self.step = target

    @property
    def may_enter_volume(self) -> bool:
        return self.step is Step.CARD_SHOWN

    @property
    def clears_on_removal(self) -> bool:
        """A card taken out clears the screen at once, except in the middle of a sale."""
        return self.step is not Step.SELLING
