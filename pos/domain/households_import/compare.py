"""How each row of an import stands against what the ledger stores: a household the ledger
does not know (new), one it holds exactly as the row says (the same: a re-run is a no-op), or a
contradiction — named by line and column.

Identity is per kind: the account number, the meter number, the card number.  A row says
nothing about a column the mapping does not map (nor about a date cell left empty, nor about
a card when its card columns are empty); everything it does say must agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum

from pos.domain.errors import Refused
from pos.domain.households_import.mapping import HouseholdMapping
from pos.domain.households_import.rows import AccountPart, CardPart, HouseholdRow, MeterPart
from pos.domain.messages import N_


class RowStanding(StrEnum):
    NEW = "new"
    SAME = "same"


@dataclass(frozen=True)
class Stored:
    """What the ledger holds under the file's numbers (each keyed by its own number)."""

    accounts: Mapping[str, AccountPart]
    meters: Mapping[str, MeterPart]
    cards: Mapping[str, CardPart]


def standing(row: HouseholdRow, stored: Stored, mapping: HouseholdMapping) -> RowStanding:
    """NEW or SAME; Refused (``households.contradicts``) naming the line and column."""
    account = stored.accounts.get(row.account.account_no)
    meter = stored.meters.get(row.meter.meter_no)
    card = stored.cards.get(row.card.card_no) if row.card is not None else None
    if account is None:
        if meter is not None:
            raise _owned(row, mapping, "meter_no", row.meter.meter_no, meter.account_no)
        if card is not None and row.card is not None:
            raise _owned(row, mapping, "card_no", row.card.card_no, card.account_no)
        return RowStanding.NEW
    _agree(row, mapping, row.account, account)
    if meter is None or meter.account_no != row.account.account_no:
        raise _owned(row, mapping, "meter_no", row.meter.meter_no,
                     meter.account_no if meter is not None else None)
    _agree(row, mapping, row.meter, meter)
    if row.card is not None:
        if card is None or card.account_no != row.account.account_no:
            raise _owned(row, mapping, "card_no", row.card.card_no,
                         card.account_no if card is not None else None)
        _agree(row, mapping, row.card, card)
    return RowStanding.SAME


def _agree(row: HouseholdRow, mapping: HouseholdMapping, said: object, held: object) -> None:
    for f in fields(said):  # type: ignore[arg-type]
        if not f.compare or not mapping.maps(f.name):
            continue
        value, kept = getattr(said, f.name), getattr(held, f.name)
        if value is None or value == kept:
            continue
        raise Refused("households.contradicts", N_(
            "Line {line}, column “{column}”: the file says {value}, the ledger holds {kept} for "
            "{number}. Nothing was imported: correct the file (or the household) first."),
            line=row.line, column=mapping.header_of(f.name), value=_shown(value),
            kept=_shown(kept), number=row.account.account_no)


def _owned(row: HouseholdRow, mapping: HouseholdMapping, name: str, number: str,
           owner: str | None) -> Refused:
    if owner is None:
        return Refused("households.contradicts", N_(
            "Line {line}, column “{column}”: the ledger holds account {account_no} without "
            "{number}. Nothing was imported: correct the file (or the household) first."),
            line=row.line, column=mapping.header_of(name), number=number,
            account_no=row.account.account_no)
    return Refused("households.contradicts", N_(
        "Line {line}, column “{column}”: {number} belongs to account {owner} in the ledger, not "
        "to {account_no}. Nothing was imported: correct the file first."),
        line=row.line, column=mapping.header_of(name), number=number, owner=owner or "—",
        account_no=row.account.account_no)


def _shown(value: object) -> str:
    text = getattr(value, "value", value)
    return f"“{text}”"
