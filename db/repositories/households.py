"""Households from a previous system (docs/going-live.md): what the ledger holds under an
export's numbers, read in chunks, and the new households written in bulk — a few statements
per thousand rows, never one round trip per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, tzinfo
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
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
# Core tables, not the ORM classes: an executemany without the ORM's per-row bookkeeping
_ACCOUNTS = cast(Table, AccountRow.__table__)
_METERS = cast(Table, MeterRow.__table__)
_CARDS = cast(Table, CardRow.__table__)


class SqlHouseholdImport:
    def __init__(self, session: Session) -> None:
        self._session = session

    def stored(self, account_nos: Sequence[str], meter_nos: Sequence[str],
               card_nos: Sequence[str], tz: tzinfo) -> Stored:
        accounts: dict[str, AccountPart] = {}
        a = AccountRow
        for chunk in _chunks(account_nos):
            for row in self._session.execute(select(
                    a.account_no, a.name, a.phone, a.id_number, a.address, a.category,
                    a.household_size, a.status, a.opening_purchase_seq,
                    a.opening_cumulative_m3x100, a.opening_cycle_m3x100,
                    a.opening_balance_fen).where(a.account_no.in_(chunk))):
                accounts[row[0]] = AccountPart(
                    row[0], row[1], row[2], row[3], row[4], Category(row[5]), row[6],
                    AccountStatus(row[7]), row[8], Volume(row[9]), Volume(row[10] or 0),
                    Money(row[11] or 0))
        meters: dict[str, MeterPart] = {}
        m = MeterRow
        for chunk in _chunks(meter_nos):
            for mr in self._session.execute(select(
                    m.meter_no, a.account_no, m.vendor, m.model, m.key_version, m.installed_at,
                    m.opening_reading_m3x100, m.max_stock_m3x100, m.alarm_level_m3x100)
                    .join(a, m.account_id == a.id).where(m.meter_no.in_(chunk))):
                meters[mr[0]] = MeterPart(
                    mr[0], mr[1], mr[2], mr[3], mr[4], mr[5].astimezone(tz).date(),
                    None if mr[6] is None else Volume(mr[6]), Volume(mr[7]), Volume(mr[8]))
        cards: dict[str, CardPart] = {}
        c = CardRow
        for chunk in _chunks(card_nos):
            for cr in self._session.execute(select(
                    c.card_no, a.account_no, m.meter_no, c.state, c.key_version, c.profile,
                    c.known_pending_m3x100)
                    .join(a, c.account_id == a.id).join(m, c.meter_id == m.id)
                    .where(c.card_no.in_(chunk))):
                cards[cr[0]] = CardPart(cr[0], cr[1], cr[2], CardState(cr[3]), cr[4], cr[5],
                                        Volume(cr[6] or 0))
        return Stored(accounts, meters, cards)

    def add_households(self, households: Sequence[HouseholdRow], *, at: datetime,
                       as_of: date, tz: tzinfo,
                       progress: Callable[[int], None] | None = None) -> None:
        """Write the new households: accounts, then their meters, then their cards (the ledger's
        knowledge of each card seeded with the record the previous system left on it)."""
        for start in range(0, len(households), BATCH):
            batch = households[start:start + BATCH]
            account_ids = self._insert_returning(_ACCOUNTS, "account_no", [
                _account_values(h.account, at, as_of) for h in batch])
            meter_ids = self._insert_returning(_METERS, "meter_no", [
                _meter_values(h.meter, account_ids[h.account.account_no], at, tz)
                for h in batch])
            cards = [_card_values(h, account_ids[h.account.account_no],
                                  meter_ids[h.meter.meter_no], at)
                     for h in batch if h.card is not None]
            if cards:
                self._session.execute(insert(_CARDS), cards)
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

    def _insert_returning(self, table: Table, key: str, values: list[dict[str, Any]]
                          ) -> dict[str, int]:
        if not values:
            return {}
        result = self._session.execute(insert(table).returning(table.c[key], table.c.id),
                                       values)
        return {str(k): int(i) for k, i in result.all()}


def _chunks(numbers: Sequence[str]) -> list[Sequence[str]]:
    unique = sorted(set(numbers))
    return [unique[i:i + CHUNK] for i in range(0, len(unique), CHUNK)]


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
