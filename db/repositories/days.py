"""Business days of the counters, their drawer counts, closes and deposit slips."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from db.models import (
    BusinessDayRow,
    CounterRow,
    DayCloseRow,
    DepositSlipDayRow,
    DepositSlipRow,
    DrawerCountRow,
)
from pos.domain.day.business_day import (
    BusinessDay,
    CountKind,
    DayClose,
    DayState,
    DepositSlip,
    DrawerCount,
)
from pos.domain.day.cash_count import CashCount
from pos.domain.day.totals import totals_from_document
from pos.domain.quantities import Money


class SqlBusinessDays:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- the days ------------------------------------------------------------------------------
    def current(self, counter_no: str, *, lock: bool = False) -> BusinessDay | None:
        """The counter's day that is not closed yet, if any; ``lock`` holds its row (PostgreSQL
        ``FOR UPDATE``; SQLite's writer already holds the database) until the transaction ends,
        so a posting and a close of the same day queue up."""
        row = self._session.execute(_CURRENT_LOCKED if lock else _CURRENT,
                                    {"counter_no": counter_no}).first()
        return None if row is None else _day(row[0], row[1])

    def get(self, counter_no: str, business_date: date) -> BusinessDay | None:
        row = self._session.execute(_days().where(
            CounterRow.no == counter_no, BusinessDayRow.business_date == business_date)).first()
        return None if row is None else _day(row[0], row[1])

    def on(self, business_date: date) -> list[BusinessDay]:
        """Every counter's day of ``business_date`` (the hall's day)."""
        rows = self._session.execute(_days().where(BusinessDayRow.business_date == business_date)
                                     .order_by(CounterRow.no))
        return [_day(row[0], row[1]) for row in rows]

    def last_closed(self, counter_no: str) -> BusinessDay | None:
        row = self._session.execute(
            _days().where(CounterRow.no == counter_no,
                          BusinessDayRow.state == DayState.CLOSED.value)
            .order_by(BusinessDayRow.business_date.desc()).limit(1)).first()
        return None if row is None else _day(row[0], row[1])

    def open(self, counter_no: str, business_date: date, opening_float: Money, *,
             at: datetime, by: str | None) -> BusinessDay:
        row = BusinessDayRow(counter_id=self._counter_id(counter_no),
                             business_date=business_date, state=DayState.OPEN.value,
                             float_fen=opening_float.fen, opened_at=at, opened_by=by)
        self._session.add(row)
        self._session.flush()
        return _day(row, counter_no)

    def settle(self, day: BusinessDay, count: DrawerCount) -> None:
        self._session.execute(update(BusinessDayRow).where(BusinessDayRow.id == self._id(day))
                              .values(state=DayState.SETTLED.value, settled_at=count.at,
                                      settled_by=count.staff_no, counted_fen=count.counted.fen))

    def close(self, day: BusinessDay, close: DayClose) -> None:
        day_id = self._id(day)
        self._session.add(DayCloseRow(
            day_id=day_id, closed_at=close.closed_at, closed_by=close.closed_by,
            opening_float_fen=close.opening_float.fen, expected_fen=close.expected_cash.fen,
            counted_fen=close.counted_cash.fen, kept_float_fen=close.kept_float.fen,
            chain_seq=close.chain_seq, chain_head=close.chain_head,
            totals=json.dumps(close.totals.as_document(), sort_keys=True,
                              separators=(",", ":"))))
        self._session.flush()
        self._session.execute(update(BusinessDayRow).where(BusinessDayRow.id == day_id).values(
            state=DayState.CLOSED.value, closed_at=close.closed_at, closed_by=close.closed_by,
            kept_float_fen=close.kept_float.fen, chain_head=close.chain_head))

    # --- counts --------------------------------------------------------------------------------
    def record_count(self, day: BusinessDay, count: DrawerCount) -> None:
        self._session.add(DrawerCountRow(
            day_id=self._id(day), kind=count.kind.value, at=count.at, staff_no=count.staff_no,
            to_staff=count.to_staff, blind=count.blind, expected_fen=count.expected.fen,
            counted_fen=count.counted.fen, denominations=count.count.as_text(),
            reason=count.reason, approver=count.approver))
        self._session.flush()

    def counts(self, day: BusinessDay) -> list[DrawerCount]:
        rows = self._session.scalars(select(DrawerCountRow).where(
            DrawerCountRow.day_id == self._id(day)).order_by(DrawerCountRow.id))
        return [DrawerCount(CountKind(r.kind), day.counter_no, day.business_date, r.at,
                            r.staff_no, Money(r.expected_fen),
                            CashCount.from_storage(r.denominations), r.to_staff, r.blind,
                            r.reason, r.approver) for r in rows]

    # --- closes --------------------------------------------------------------------------------
    def close_of(self, day: BusinessDay) -> DayClose | None:
        row = self._session.scalars(select(DayCloseRow).where(
            DayCloseRow.day_id == self._id(day))).first()
        return None if row is None else _close(row, day)

    def closes(self) -> Iterator[tuple[BusinessDay, DayClose | None]]:
        """Every closed day with what its close stored (``None``: the close row is missing)."""
        rows = self._session.execute(
            _days().add_columns(DayCloseRow).outerjoin(
                DayCloseRow, DayCloseRow.day_id == BusinessDayRow.id)
            .where(BusinessDayRow.state == DayState.CLOSED.value)
            .order_by(BusinessDayRow.business_date, CounterRow.no))
        for day_row, counter_no, close_row in rows:
            day = _day(day_row, counter_no)
            try:
                yield day, None if close_row is None else _close(close_row, day)
            except ValueError:  # the stored totals were edited into nonsense
                yield day, None

    # --- deposits ------------------------------------------------------------------------------
    def add_deposit(self, slip: DepositSlip) -> None:
        row = DepositSlipRow(slip_no=slip.slip_no, amount_fen=slip.amount.fen,
                             deposit_date=slip.deposit_date, recorded_at=slip.recorded_at,
                             recorded_by=slip.recorded_by)
        self._session.add(row)
        self._session.flush()
        for counter_no, business_date in slip.days:
            day = self.get(counter_no, business_date)
            assert day is not None
            self._session.add(DepositSlipDayRow(slip_id=row.id, day_id=self._id(day)))
        self._session.flush()

    def deposit_of(self, day: BusinessDay) -> str | None:
        """The slip that took this day's cash to the bank, if any."""
        return self._session.scalars(
            select(DepositSlipRow.slip_no).join(DepositSlipDayRow)
            .where(DepositSlipDayRow.day_id == self._id(day))).first()

    def deposit(self, slip_no: str) -> DepositSlip | None:
        row = self._session.scalars(select(DepositSlipRow).where(
            DepositSlipRow.slip_no == slip_no)).first()
        if row is None:
            return None
        days = self._session.execute(
            select(CounterRow.no, BusinessDayRow.business_date)
            .join(BusinessDayRow, BusinessDayRow.counter_id == CounterRow.id)
            .join(DepositSlipDayRow, DepositSlipDayRow.day_id == BusinessDayRow.id)
            .where(DepositSlipDayRow.slip_id == row.id).order_by(BusinessDayRow.business_date))
        return DepositSlip(row.slip_no, Money(row.amount_fen), row.deposit_date,
                           tuple((c, d) for c, d in days), row.recorded_at, row.recorded_by)

    def _counter_id(self, counter_no: str) -> int:
        return self._session.scalars(
            select(CounterRow.id).where(CounterRow.no == counter_no)).one()

    def _id(self, day: BusinessDay) -> int:
        return self._session.scalars(
            select(BusinessDayRow.id).where(
                BusinessDayRow.counter_id == self._counter_id(day.counter_no),
                BusinessDayRow.business_date == day.business_date)).one()


def _days() -> Select[BusinessDayRow, str]:
    return select(BusinessDayRow, CounterRow.no).join(CounterRow)


def _day(row: BusinessDayRow, counter_no: str) -> BusinessDay:
    return BusinessDay(counter_no, row.business_date, DayState(row.state), Money(row.float_fen),
                       row.opened_at, row.opened_by,
                       None if row.kept_float_fen is None else Money(row.kept_float_fen),
                       None if row.counted_fen is None else Money(row.counted_fen))


def _close(row: DayCloseRow, day: BusinessDay) -> DayClose:
    return DayClose(day.counter_no, day.business_date, row.closed_at, row.closed_by,
                    Money(row.opening_float_fen), Money(row.expected_fen),
                    Money(row.counted_fen), Money(row.kept_float_fen), row.chain_seq,
                    row.chain_head, totals_from_document(json.loads(row.totals)))


# built once, parameters bound at each call (docs/performance.md, "Many counters")
_CURRENT = _days().where(CounterRow.no == bindparam("counter_no"),
                         BusinessDayRow.state != DayState.CLOSED.value)
_CURRENT_LOCKED = _CURRENT.with_for_update(of=BusinessDayRow)
