"""Households from a previous system (docs/going-live.md): what the ledger holds under an
export's numbers, read in chunks, and the new households written in bulk — a few statements
per thousand rows, never one round trip per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, tzinfo
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from db.models import AccountRow, CardRow, MeterRow, NumberSeriesRow
from pos.domain.accounts import AccountStatus, CardState
from pos.domain.categories import Category
from pos.domain.households_import.compare import Stored
from pos.domain.households_import.rows import (
    AccountPart,
    CardPart,
    HouseholdRow,
    MeterPart,
)
from pos.domain.quantities import Money, Volume

CHUNK = 900  # numbers per IN (…): under SQLite's 999 parameters
BATCH = 2000  # rows per multi-row INSERT

CHIP = "sle4442"


class SqlHouseholdImport:
    def __init__(self, session: Session) -> None:
        self._session = session

    def stored(self, account_nos: Sequence[str], meter_nos: Sequence[str],
               card_nos: Sequence[str], tz: tzinfo) -> Stored:
        accounts: dict[str, AccountPart] = {}
        for chunk in _chunks(account_nos):
            for row in self._session.scalars(
                    select(AccountRow).where(AccountRow.account_no.in_(chunk))):
                accounts[row.account_no] = _account(row)
        meters: dict[str, MeterPart] = {}
        for chunk in _chunks(meter_nos):
            for meter, owner in self._session.execute(
                    select(MeterRow, AccountRow.account_no)
                    .join(AccountRow, MeterRow.account_id == AccountRow.id)
                    .where(MeterRow.meter_no.in_(chunk))):
                meters[meter.meter_no] = _meter(meter, owner, tz)
        cards: dict[str, CardPart] = {}
        for chunk in _chunks(card_nos):
            for card, owner, bound in self._session.execute(
                    select(CardRow, AccountRow.account_no, MeterRow.meter_no)
                    .join(AccountRow, CardRow.account_id == AccountRow.id)
                    .join(MeterRow, CardRow.meter_id == MeterRow.id)
                    .where(CardRow.card_no.in_(chunk))):
                cards[card.card_no] = CardPart(
                    card.card_no, owner, bound, CardState(card.state), card.key_version,
                    card.profile, Volume(card.known_pending_m3x100 or 0))
        return Stored(accounts, meters, cards)

    def add_households(self, households: Sequence[HouseholdRow], *, at: datetime,
                       as_of: date, tz: tzinfo,
                       progress: Callable[[int], None] | None = None) -> None:
        """Write the new households: accounts, then their meters, then their cards (the ledger's
        knowledge of each card seeded with the record the previous system left on it)."""
        for start in range(0, len(households), BATCH):
            batch = households[start:start + BATCH]
            account_ids = self._insert_returning(AccountRow, AccountRow.account_no, [
                _account_values(h.account, at, as_of) for h in batch])
            meter_ids = self._insert_returning(MeterRow, MeterRow.meter_no, [
                _meter_values(h.meter, account_ids[h.account.account_no], at, tz)
                for h in batch])
            cards = [_card_values(h, account_ids[h.account.account_no],
                                  meter_ids[h.meter.meter_no], at)
                     for h in batch if h.card is not None]
            if cards:
                self._session.execute(insert(CardRow), cards)
            if progress is not None:
                progress(start + len(batch))

    def reserve_card_numbers(self, last: int) -> None:
        """gaspos numbers new cards IC + 10 digits from the ``card`` series: a number the file
        brought is never handed out again."""
        known = self._session.scalar(select(NumberSeriesRow.last_no).where(
            NumberSeriesRow.name == "card"))
        if known is None:
            self._session.execute(insert(NumberSeriesRow).values(name="card", last_no=last))
        elif known < last:
            self._session.execute(update(NumberSeriesRow).where(
                NumberSeriesRow.name == "card").values(last_no=last))

    def _insert_returning(self, table: Any, key: Any, values: list[dict[str, Any]]
                          ) -> dict[str, int]:
        if not values:
            return {}
        result = self._session.execute(insert(table).returning(key, table.id), values)
        return {str(k): int(i) for k, i in result.all()}


def _chunks(numbers: Sequence[str]) -> list[Sequence[str]]:
    unique = sorted(set(numbers))
    return [unique[i:i + CHUNK] for i in range(0, len(unique), CHUNK)]


def _account(row: AccountRow) -> AccountPart:
    return AccountPart(
        account_no=row.account_no, name=row.name, phone=row.phone, id_number=row.id_number,
        address=row.address, category=Category(row.category),
        household_size=row.household_size, status=AccountStatus(row.status),
        card_seq=row.opening_purchase_seq,
        card_cumulative=Volume(row.opening_cumulative_m3x100),
        opening_cycle_volume=Volume(row.opening_cycle_m3x100 or 0),
        opening_balance=Money(row.opening_balance_fen or 0))


def _meter(row: MeterRow, owner: str, tz: tzinfo) -> MeterPart:
    return MeterPart(
        meter_no=row.meter_no, account_no=owner, meter_vendor=row.vendor,
        meter_model=row.model, meter_key_version=row.key_version,
        meter_installed=row.installed_at.astimezone(tz).date(),
        meter_reading=None if row.opening_reading_m3x100 is None
        else Volume(row.opening_reading_m3x100),
        meter_max_stock=Volume(row.max_stock_m3x100),
        meter_alarm=Volume(row.alarm_level_m3x100))


def _account_values(a: AccountPart, at: datetime, as_of: date) -> dict[str, Any]:
    return {
        "account_no": a.account_no, "name": a.name, "address": a.address, "phone": a.phone,
        "id_number": a.id_number, "category": a.category.value,
        "household_size": a.household_size, "status": a.status.value,
        "opening_cumulative_m3x100": a.card_cumulative.hundredths,
        "opening_purchase_seq": a.card_seq, "created_at": at,
        "opening_cycle_m3x100": a.opening_cycle_volume.hundredths, "opening_as_of": as_of,
        "opening_balance_fen": a.opening_balance.fen,
    }


def _meter_values(m: MeterPart, account_id: int, at: datetime, tz: tzinfo) -> dict[str, Any]:
    installed = at if m.meter_installed is None else datetime.combine(
        m.meter_installed, time(0), tzinfo=tz)
    return {
        "meter_no": m.meter_no, "account_id": account_id, "vendor": m.meter_vendor,
        "model": m.meter_model, "max_stock_m3x100": m.meter_max_stock.hundredths,
        "alarm_level_m3x100": m.meter_alarm.hundredths, "state": "active",
        "installed_at": installed, "removed_at": None, "final_reading_m3x100": None,
        "remaining_at_removal_m3x100": None, "key_version": m.meter_key_version,
        "opening_reading_m3x100": None if m.meter_reading is None else m.meter_reading.hundredths,
    }


def _card_values(h: HouseholdRow, account_id: int, meter_id: int, at: datetime
                 ) -> dict[str, Any]:
    card = h.card
    assert card is not None
    return {
        "card_no": card.card_no, "account_id": account_id, "meter_id": meter_id, "chip": CHIP,
        "profile": card.card_profile, "key_version": card.card_key_version,
        "state": card.card_state.value, "issued_at": at, "state_changed_at": None,
        # what the previous system left on the card: judged from its first visit
        "known_seq": h.account.card_seq,
        "known_cumulative_m3x100": h.account.card_cumulative.hundredths,
        "known_pending_m3x100": card.card_pending.hundredths,
        "known_meter_no": card.card_meter_no, "rolled_back_at": None,
    }
