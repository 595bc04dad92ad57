"""The reports' aggregate queries (docs/reports.md): one statement each over the whole period
and scope, grouped in the database, never one query per day or per counter."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import BigInteger, ColumnElement, Select, and_, case, cast, func, select, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from db.models import (
    AccountRow,
    BusinessDayRow,
    CounterRow,
    DayCloseRow,
    DepositSlipDayRow,
    DepositSlipRow,
    HallRow,
    JournalRow,
    SaleRow,
    TariffVersionRow,
)
from pos.domain.day.business_day import DayState
from pos.domain.day.totals import DayTotals, totals_from_document
from pos.domain.journal import EntryKind
from pos.domain.quantities import Money, Volume
from pos.domain.reports.facts import CounterDay, EntrySum, SalesSum, SlipRef

CLOSED = DayState.CLOSED.value
SOLD = (EntryKind.SALE.value, EntryKind.REVERSAL.value)
Query = TypeVar("Query", bound="Select[*tuple[Any, ...]]")


class SqlReportQueries:
    def __init__(self, session: Session) -> None:
        self._session = session

    def counter_days(self, first: date, last: date, hall: str | None) -> list[CounterDay]:
        query = (
            select(BusinessDayRow, CounterRow.no, HallRow.code, HallRow.name, DayCloseRow,
                   DepositSlipRow)
            .join(CounterRow, CounterRow.id == BusinessDayRow.counter_id)
            .join(HallRow, HallRow.id == CounterRow.hall_id)
            .outerjoin(DayCloseRow, DayCloseRow.day_id == BusinessDayRow.id)
            .outerjoin(DepositSlipDayRow, DepositSlipDayRow.day_id == BusinessDayRow.id)
            .outerjoin(DepositSlipRow, DepositSlipRow.id == DepositSlipDayRow.slip_id)
            .where(BusinessDayRow.business_date.between(first, last))
            .order_by(BusinessDayRow.business_date, HallRow.code, CounterRow.no))
        if hall is not None:
            query = query.where(HallRow.code == hall)
        days = []
        for day, counter_no, hall_code, hall_name, close, slip in self._session.execute(query):
            days.append(CounterDay(
                hall_code=hall_code, hall_name=hall_name, counter_no=counter_no,
                business_date=day.business_date, state=DayState(day.state),
                opening_float=Money(day.float_fen),
                totals=(totals_from_document(json.loads(close.totals)) if close is not None
                        else DayTotals()),
                closed_at=None if close is None else close.closed_at,
                closed_by=None if close is None else close.closed_by,
                expected=None if close is None else Money(close.expected_fen),
                counted=None if close is None else Money(close.counted_fen),
                kept_float=None if close is None else Money(close.kept_float_fen),
                slip=None if slip is None else SlipRef(slip.slip_no, Money(slip.amount_fen),
                                                       slip.deposit_date, slip.recorded_by)))
        return days

    def unclosed_sums(self, first: date, last: date, hall: str | None) -> list[EntrySum]:
        incoming = case((JournalRow.amount_fen >= 0, 1), else_=0)
        query = _scoped(select(
            JournalRow.counter_no, JournalRow.business_date, JournalRow.kind, JournalRow.channel,
            incoming, func.count(), func.sum(JournalRow.amount_fen),
            func.sum(JournalRow.volume_m3x100), func.max(JournalRow.seq)),
            first, last, hall, BusinessDayRow.state != CLOSED).group_by(
            JournalRow.counter_no, JournalRow.business_date, JournalRow.kind,
            JournalRow.channel, incoming)
        return [EntrySum(counter, day, kind, channel, bool(sign), count, Money(int(amount)),
                         Volume(int(volume)), int(seq))
                for counter, day, kind, channel, sign, count, amount, volume, seq
                in self._session.execute(query)]

    def sales_by_category(self, first: date, last: date, hall: str | None) -> list[SalesSum]:
        # the category the sale was priced for (its tariff version's): an account's category
        # may change later (account edit, docs/households.md); history has none: the account's.
        # Looked up per entry by the sale's order number (its unique index): a join would let
        # the planner hash every sale and account ever recorded (docs/performance.md)
        # (the account is read only for a sale with no tariff version: COALESCE stops at the
        # first value)
        of_sale = SaleRow.order_no == JournalRow.sale_no
        tariff = (select(TariffVersionRow.category).select_from(SaleRow)
                  .join(TariffVersionRow, TariffVersionRow.id == SaleRow.tariff_version_id)
                  .where(of_sale).correlate(JournalRow).scalar_subquery())
        account = (select(AccountRow.category).select_from(SaleRow)
                   .join(AccountRow, AccountRow.id == SaleRow.account_id)
                   .where(of_sale).correlate(JournalRow).scalar_subquery())
        category = func.coalesce(tariff, account, "unrecorded")
        query = _scoped(select(
            JournalRow.counter_no, JournalRow.kind, category, func.count(),
            func.sum(JournalRow.volume_m3x100), func.sum(JournalRow.amount_fen)),
            first, last, hall, BusinessDayRow.state == CLOSED, JournalRow.kind.in_(SOLD))
        query = query.group_by(JournalRow.counter_no, JournalRow.kind, category)
        return [_sales_sum(row) for row in self._session.execute(query)]

    def sales_by_tier(self, first: date, last: date, hall: str | None) -> list[SalesSum]:
        """Each sale's price parts (``[tier, volume, unit price, amount]``, stored as JSON)
        unnested in the database: ``json_each`` on SQLite, ``jsonb_array_elements`` on
        PostgreSQL.  The parts are looked up per entry by the sale's order number, as in
        :meth:`sales_by_category` (an entry with no sale row has none)."""
        price_parts = (select(SaleRow.price_parts).where(SaleRow.order_no == JournalRow.sale_no)
                       .correlate(JournalRow).scalar_subquery())
        sold = _scoped(select(JournalRow.counter_no, JournalRow.kind,
                              price_parts.label("price_parts")),
                       first, last, hall, BusinessDayRow.state == CLOSED,
                       JournalRow.kind.in_(SOLD)).subquery("sold")
        postgres = self._session.get_bind().dialect.name == "postgresql"
        if postgres:
            parts = func.jsonb_array_elements(cast(sold.c.price_parts, JSONB)).table_valued(
                "value").alias("parts")

            def part(index: int) -> ColumnElement[Any]:
                return cast(parts.c.value.op("->>")(index), BigInteger)
        else:
            parts = func.json_each(sold.c.price_parts).table_valued("value").alias("parts")

            def part(index: int) -> ColumnElement[Any]:
                return cast(func.json_extract(parts.c.value, f"$[{index}]"), BigInteger)
        sign = case((sold.c.kind == EntryKind.REVERSAL.value, -1), else_=1)
        tier = part(0)
        query = (select(sold.c.counter_no, sold.c.kind, tier, func.count(),
                        func.sum(sign * part(1)), func.sum(sign * part(3)))
                 .select_from(sold).join(parts, true())
                 .group_by(sold.c.counter_no, sold.c.kind, tier))
        return [_sales_sum(row) for row in self._session.execute(query)]


def _scoped(query: Query, first: date, last: date, hall: str | None,
            *conditions: ColumnElement[bool]) -> Query:
    """Journal entries of the period, with their counter's hall and day."""
    query = (query.select_from(JournalRow)
             .join(CounterRow, CounterRow.no == JournalRow.counter_no)
             .join(HallRow, HallRow.id == CounterRow.hall_id)
             .join(BusinessDayRow, and_(BusinessDayRow.counter_id == CounterRow.id,
                                        BusinessDayRow.business_date == JournalRow.business_date))
             # the days' own dates too, so the planner reads the period's days, not every day
             .where(JournalRow.business_date.between(first, last),
                    BusinessDayRow.business_date.between(first, last), *conditions))
    return query if hall is None else query.where(HallRow.code == hall)


def _sales_sum(row: Any) -> SalesSum:
    counter, kind, key, count, volume, amount = row
    return SalesSum(counter, str(key), -1 if kind == EntryKind.REVERSAL.value else 1, count,
                    Volume(int(volume or 0)), Money(int(amount or 0)))
