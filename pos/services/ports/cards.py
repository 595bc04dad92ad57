"""The port for what the ledger knows of each card (pos.domain.cards.knowledge), as
``typing.Protocol``; ``db`` implements it on the unit of work (``uow.cards``)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pos.domain.cards.knowledge import CardKnowledge, CardWrite, KnownRecord, WritePurpose


class CardLedger(Protocol):
    def knowledge(self, card_no: str, meter_no: str) -> CardKnowledge | None:
        """What is known of ``card_no`` (its newest meter report: the one for ``meter_no``);
        None when no such card is registered."""
        ...

    def start_write(self, card_no: str, purpose: WritePurpose, target: KnownRecord, *,
                    order_no: str | None, staff_no: str | None, at: datetime) -> CardWrite:
        """Record, before the card is touched, that ``target`` is about to be written."""
        ...

    def prove(self, card_no: str, record: KnownRecord, *, at: datetime) -> None:
        """The card was written and read back carrying ``record``: it is the proven record
        now; the open write aiming at it ends proven, any other open write abandoned."""
        ...

    def end_writes(self, card_no: str, *, order_no: str, at: datetime) -> None:
        """Abandon sale ``order_no``'s open writes to the card."""
        ...

    def mark_rolled_back(self, card_no: str, *, at: datetime) -> None:
        """The card was seen as a restored copy (kept from the first time)."""
        ...
