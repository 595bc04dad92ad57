"""The takings of a hall or of the whole company over a day or a month (日报、月报 above one
counter).  Pure: the services gather the facts (``facts``), ``receipts.reports`` renders.

The figures are those of **closed** days: the totals each day stored when its cashier closed it
(日清), which ``ledger verify`` recomputes from the journal.  A day not closed yet is never mixed
into them: it is listed with its figures so far under "not closed".  The breakdowns by customer
category and tier are of the closed days' completed sales, less their voids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pos.domain.day.report import Line
from pos.domain.day.totals import DayTotals
from pos.domain.journal import EntryKind
from pos.domain.quantities import Money, Volume
from pos.domain.reconciliation.month import Month
from pos.domain.reports.facts import CounterDay, SalesSum


class PeriodKind(StrEnum):
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first: date
    last: date

    @classmethod
    def day(cls, business_date: date) -> Period:
        return cls(PeriodKind.DAY, business_date, business_date)

    @classmethod
    def month(cls, text: str) -> Period:
        """``YYYY-MM`` (a malformed month is ``month.invalid``)."""
        month = Month.parse(text)
        return cls(PeriodKind.MONTH, month.first, month.last)

    @property
    def name(self) -> str:
        """``2026-11-27`` for a day, ``2026-11`` for a month."""
        return self.first.isoformat() if self.kind is PeriodKind.DAY else self.first.strftime(
            "%Y-%m")


@dataclass(frozen=True)
class Figures:
    """The sum of some counters' days: sales net of voids, the voids and refunds themselves,
    money per channel, cash in and out, over/short."""

    days: int = 0
    sales: Line = Line("sales")  # completed purchases less voids: count, gas, money
    voids: Line = Line("void")  # as booked (negative gas and money)
    refunds: Line = Line("refund")  # as booked (money out is negative)
    by_channel: Mapping[str, Money] = field(default_factory=dict)  # net money per channel
    cash_in: Money = Money(0)
    cash_out: Money = Money(0)
    over_short: Money = Money(0)

    @property
    def takings(self) -> Money:
        """Net money over every channel (what came in, less what went back)."""
        return sum(self.by_channel.values(), Money(0))

    def plus(self, totals: DayTotals) -> Figures:
        sale, void = totals.kind(EntryKind.SALE), totals.kind(EntryKind.REVERSAL)
        refund = totals.kind(EntryKind.REFUND)
        channels = dict(self.by_channel)
        for name, money in totals.by_channel.items():
            channels[name] = channels.get(name, Money(0)) + money
        return Figures(
            days=self.days + 1,
            sales=self.sales.plus(sale.count - void.count, sale.volume + void.volume,
                                  sale.amount + void.amount),
            voids=self.voids.plus(void.count, void.volume, void.amount),
            refunds=self.refunds.plus(refund.count, refund.volume, refund.amount),
            by_channel=channels, cash_in=self.cash_in + totals.cash_in,
            cash_out=self.cash_out + totals.cash_out,
            over_short=self.over_short + totals.over_short)


def figures_of(days: Iterable[CounterDay]) -> Figures:
    result = Figures()
    for day in days:
        result = result.plus(day.totals)
    return result


@dataclass(frozen=True)
class Row:
    """A line of a breakdown by hall (key: its code), counter (key: its number, name: its
    hall's code) or day (key: the date)."""

    key: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class Deposit:
    """A deposit slip and the days of this report it covers (a slip may cover more)."""

    slip_no: str
    amount: Money
    deposit_date: date
    recorded_by: str
    days: tuple[tuple[str, date], ...]  # (counter, business date)
    due: Money  # the counted cash less the kept float of those days


class ChartOf(StrEnum):
    HALL = "hall"
    COUNTER = "counter"
    DAY = "day"


@dataclass(frozen=True)
class AreaReport:
    company: str
    hall_code: str | None  # None: the whole company
    hall_name: str
    period: Period
    generated_at: datetime
    generated_by: str
    closed: Figures  # every closed day of the period
    by_hall: tuple[Row, ...]
    by_counter: tuple[Row, ...]
    by_day: tuple[Row, ...]
    by_category: tuple[Line, ...]
    by_tier: tuple[Line, ...]
    days: tuple[CounterDay, ...]  # every counter's day, closed or not, by date, hall, counter
    deposits: tuple[Deposit, ...]
    not_closed: Figures  # the days not closed yet: their figures so far, never in ``closed``

    @property
    def not_closed_days(self) -> tuple[CounterDay, ...]:
        return tuple(day for day in self.days if not day.closed)

    @property
    def by_channel(self) -> tuple[Line, ...]:
        return tuple(Line(name, 0, Volume(0), money)
                     for name, money in sorted(self.closed.by_channel.items()))

    @property
    def chart_of(self) -> ChartOf:
        """A month by day; a day by hall (the company) or by counter (one hall)."""
        if self.period.kind is PeriodKind.MONTH:
            return ChartOf.DAY
        return ChartOf.HALL if self.hall_code is None else ChartOf.COUNTER

    @property
    def chart(self) -> tuple[tuple[str, Money], ...]:
        """The closed days' takings for the chart: (label, money) in order."""
        rows = {ChartOf.DAY: self.by_day, ChartOf.HALL: self.by_hall,
                ChartOf.COUNTER: self.by_counter}[self.chart_of]
        return tuple((row.key, row.figures.takings) for row in rows)


def build_area_report(*, company: str, hall_code: str | None, hall_name: str, period: Period,
                      generated_at: datetime, generated_by: str, days: Iterable[CounterDay],
                      by_category: Iterable[SalesSum], by_tier: Iterable[SalesSum]
                      ) -> AreaReport:
    """``days``: every counter's day of the period in scope; the sales sums are of its closed
    days only."""
    every = tuple(sorted(days, key=lambda d: (d.business_date, d.hall_code, d.counter_no)))
    closed = [day for day in every if day.closed]
    halls = {day.hall_code: day.hall_name for day in every}
    counters = {day.counter_no: day.hall_code for day in every}
    return AreaReport(
        company=company, hall_code=hall_code, hall_name=hall_name, period=period,
        generated_at=generated_at, generated_by=generated_by, closed=figures_of(closed),
        by_hall=tuple(Row(code, halls[code], figures_of(d for d in closed if d.hall_code == code))
                      for code in sorted(halls)),
        by_counter=tuple(Row(no, counters[no],
                             figures_of(d for d in closed if d.counter_no == no))
                         for no in sorted(counters, key=lambda n: (counters[n], n))),
        by_day=tuple(Row(day.isoformat(), "", figures_of(d for d in closed
                                                        if d.business_date == day))
                     for day in _dates(period)),
        by_category=_lines(by_category), by_tier=_lines(by_tier, tiers=True),
        days=every, deposits=_deposits(closed),
        not_closed=figures_of(day for day in every if not day.closed))


def _dates(period: Period) -> list[date]:
    return [date.fromordinal(n) for n in range(period.first.toordinal(),
                                               period.last.toordinal() + 1)]


def _lines(sums: Iterable[SalesSum], *, tiers: bool = False) -> tuple[Line, ...]:
    lines: dict[str, Line] = {}
    for part in sums:
        was = lines.get(part.key, Line(part.key))
        lines[part.key] = was.plus(part.sign * part.count, part.volume, part.amount)
    order = sorted(lines, key=_tier_order) if tiers else sorted(lines)
    return tuple(lines[name] for name in order)


def _tier_order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 30, key)


def _deposits(closed: Iterable[CounterDay]) -> tuple[Deposit, ...]:
    slips: dict[str, list[CounterDay]] = {}
    for day in closed:
        if day.slip is not None:
            slips.setdefault(day.slip.slip_no, []).append(day)
    found = []
    for covered in slips.values():
        slip = covered[0].slip
        assert slip is not None
        found.append(Deposit(
            slip.slip_no, slip.amount, slip.deposit_date, slip.recorded_by,
            tuple((d.counter_no, d.business_date) for d in covered),
            sum((d.deposit_due or Money(0) for d in covered), Money(0))))
    return tuple(sorted(found, key=lambda d: (d.deposit_date, d.slip_no)))
