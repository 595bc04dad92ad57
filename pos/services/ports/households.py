"""The port for bringing households from a previous system (docs/going-live.md), as
``typing.Protocol``; ``db`` implements it on the unit of work (``uow.households``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import Protocol

from pos.domain.households_import.compare import Stored
from pos.domain.households_import.rows import HouseholdRow


class HouseholdImport(Protocol):
    def stored(self, account_nos: Sequence[str], meter_nos: Sequence[str],
               card_nos: Sequence[str], tz: tzinfo) -> Stored:
        """What the ledger holds under these account, meter and card numbers."""
        ...

    def add_households(self, households: Sequence[HouseholdRow], *, at: datetime,
                       as_of: date, tz: tzinfo,
                       progress: Callable[[int], None] | None = None) -> None:
        """Write new households in bulk (``progress`` gets how many are written so far)."""
        ...

    def reserve_card_numbers(self, last: int) -> None:
        """Card numbers up to IC + ``last`` are taken: the card series continues after them."""
        ...
