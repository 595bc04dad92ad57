"""Business days of the counters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import BusinessDayRow, CounterRow
from pos.domain.business_day import BusinessDay, DayState
from pos.domain.quantities import Money


class SqlBusinessDays:
    def __init__(self, session: Session) -> None:
        self._session = session

    def current(self, counter_no: str) -> BusinessDay | None:
        """The counter's day that is not closed yet, if any."""
        row = self._session.execute(
            select(BusinessDayRow, CounterRow.no).join(CounterRow)
            .where(CounterRow.no == counter_no, BusinessDayRow.state != DayState.CLOSED.value)
        ).first()
        return None if row is None else _day(*row)

    def last_closed(self, counter_no: str) -> BusinessDay | None:
        row = self._session.execute(
            select(BusinessDayRow, CounterRow.no).join(CounterRow)
            .where(CounterRow.no == counter_no, BusinessDayRow.state == DayState.CLOSED.value)
            .order_by(BusinessDayRow.business_date.desc()).limit(1)).first()
        return None if row is None else _day(*row)

    def open(self, counter_no: str, business_date: date, opening_float: Money, *,
             at: datetime, by: str | None) -> BusinessDay:
        counter_id = self._session.scalars(
            select(CounterRow.id).where(CounterRow.no == counter_no)).one()
        row = BusinessDayRow(counter_id=counter_id, business_date=business_date,
                             state=DayState.OPEN.value, float_fen=opening_float.fen,
                             opened_at=at, opened_by=by)
        self._session.add(row)
        self._session.flush()
        return _day(row, counter_no)


def _day(row: BusinessDayRow, counter_no: str) -> BusinessDay:
    return BusinessDay(counter_no, row.business_date, DayState(row.state), Money(row.float_fen),
                       row.opened_at, row.opened_by,
                       None if row.kept_float_fen is None else Money(row.kept_float_fen))
