"""The daily report (收费日报): one business day of one counter, or of the whole hall.

Built from the day's journal entries (what moved) and the facts of the sales they name (who
sold, to which category of customer, in which tiers).  Pure: the services gather the facts,
``receipts.reports`` renders the result for the printer, XLSX and PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from pos.domain.day.business_day import DayState
from pos.domain.day.totals import MONEY_KINDS, DayTotals, day_totals
from pos.domain.journal import EntryKind, JournalEntry
from pos.domain.quantities import Money, Volume


@dataclass(frozen=True)
class SaleFacts:
    """What the report needs to know of a sale named by an entry."""

    order_no: str
    staff_no: str
    category: str  # residential, commercial, …
    tiers: tuple[tuple[int, Volume, Money], ...]  # (tier, volume, amount)


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: how many, how much gas, how much money."""

    key: str
    count: int = 0
    volume: Volume = Volume(0)
    amount: Money = Money(0)

    def plus(self, count: int, volume: Volume, amount: Money) -> Line:
        return Line(self.key, self.count + count, self.volume + volume, self.amount + amount)


@dataclass(frozen=True)
class CashLine:
    """The cash of one counter's day: float, in, out, expected, counted, over/short, kept."""

    counter_no: str
    state: DayState
    opening_float: Money
    cash_in: Money
    cash_out: Money
    expected: Money
    counted: Money | None
    over_short: Money | None
    over_short_reason: str | None
    kept_float: Money | None
    deposit_due: Money | None
    chain_head: str | None


@dataclass(frozen=True)
class DayInput:
    """One counter's day as the services found it."""

    counter_no: str
    state: DayState
    opening_float: Money
    entries: tuple[JournalEntry, ...]
    counted: Money | None = None
    over_short_reason: str | None = None
    kept_float: Money | None = None
    chain_head: str | None = None


@dataclass(frozen=True)
class DailyReport:
    company: str
    hall: str
    business_date: date
    generated_at: datetime
    generated_by: str
    counters: tuple[str, ...]
    sales: Line  # completed purchases posted in the day, less those voided in it
    by_clerk: tuple[Line, ...]
    by_channel: tuple[Line, ...]  # money received per channel: payments and net amount
    by_category: tuple[Line, ...]
    by_tier: tuple[Line, ...]
    events: tuple[Line, ...]  # voids, refunds, rewrites, replacement cards, first-use issues …
    cash: tuple[CashLine, ...]
    by_hour: tuple[tuple[int, str, Money], ...]  # (local hour, channel, money in) for the chart
    money_in: Money  # net money over every channel

    @property
    def closed(self) -> bool:
        return bool(self.cash) and all(c.state is DayState.CLOSED for c in self.cash)


EVENT_KEYS = ("void", "refund", "rewrite", "suspension", "fee", "adjustment", "meter_credit",
              "replacement_card", "first_card", "first_use", "over_short", "rounding")


def build_report(*, company: str, hall: str, business_date: date, generated_at: datetime,
                 generated_by: str, days: Iterable[DayInput], sales: Mapping[str, SaleFacts],
                 events: Mapping[str, int], hour_of: Mapping[int, int]) -> DailyReport:
    """``hour_of`` maps an entry's ``seq`` to its local hour (the services know the timezone);
    ``events`` holds counts the journal does not (cards issued, first-use guidance printed)."""
    days = tuple(days)
    clerks: dict[str, Line] = {}
    categories: dict[str, Line] = {}
    tiers: dict[str, Line] = {}
    channels: dict[str, Line] = {}
    happened = {key: Line(key) for key in EVENT_KEYS}
    hours: dict[tuple[int, str], Money] = {}
    sold = Line("sales")
    for entry in (e for day in days for e in day.entries):
        if entry.kind in (EntryKind.SALE, EntryKind.REVERSAL):  # net: a void takes it back
            sign = 1 if entry.kind is EntryKind.SALE else -1
            sold = sold.plus(sign, entry.volume, entry.amount)
            facts = sales.get(entry.sale_no or "")
            if facts is not None:
                _add(clerks, facts.staff_no, sign, entry.volume, entry.amount)
                _add(categories, facts.category, sign, entry.volume, entry.amount)
                for tier, volume, amount in facts.tiers:
                    _add(tiers, str(tier), sign, Volume(sign * volume.hundredths),
                         Money(sign * amount.fen))
        if entry.kind in MONEY_KINDS and entry.channel:
            _add(channels, entry.channel, 1 if entry.amount.fen > 0 else 0, Volume(0),
                 entry.amount)
            if entry.amount.fen > 0:
                key = (hour_of.get(entry.seq, 0), entry.channel)
                hours[key] = hours.get(key, Money(0)) + entry.amount
        event = "rewrite" if entry.kind is EntryKind.SALE and entry.details.get(
            "rewritten") else _EVENT_OF.get(entry.kind)
        if event is not None:
            happened[event] = happened[event].plus(1, entry.volume, entry.amount)
    for name, count in events.items():
        if name in happened:
            happened[name] = happened[name].plus(count, Volume(0), Money(0))
    return DailyReport(
        company=company, hall=hall, business_date=business_date, generated_at=generated_at,
        generated_by=generated_by, counters=tuple(d.counter_no for d in days), sales=sold,
        by_clerk=_sorted(clerks), by_channel=_sorted(channels), by_category=_sorted(categories),
        by_tier=_sorted(tiers), events=tuple(happened[k] for k in EVENT_KEYS),
        cash=tuple(_cash(day, day_totals(day.entries)) for day in days),
        by_hour=tuple((h, c, m) for (h, c), m in sorted(hours.items())),
        money_in=sum((line.amount for line in channels.values()), Money(0)),
    )


_EVENT_OF = {
    EntryKind.REVERSAL: "void", EntryKind.REFUND: "refund", EntryKind.SUSPENSION: "suspension",
    EntryKind.FEE: "fee", EntryKind.ADJUSTMENT: "adjustment",
    EntryKind.METER_CREDIT: "meter_credit", EntryKind.CASH_OVER_SHORT: "over_short",
    EntryKind.ROUNDING: "rounding",
}


def _add(lines: dict[str, Line], key: str, count: int, volume: Volume, amount: Money) -> None:
    lines[key] = lines.get(key, Line(key)).plus(count, volume, amount)


def _sorted(lines: dict[str, Line]) -> tuple[Line, ...]:
    return tuple(lines[key] for key in sorted(lines))


def _cash(day: DayInput, totals: DayTotals) -> CashLine:
    expected = totals.expected_cash(day.opening_float)
    counted = day.counted
    return CashLine(
        counter_no=day.counter_no, state=day.state, opening_float=day.opening_float,
        cash_in=totals.cash_in, cash_out=totals.cash_out, expected=expected, counted=counted,
        over_short=None if counted is None else counted - expected,
        over_short_reason=day.over_short_reason, kept_float=day.kept_float,
        deposit_due=(None if counted is None or day.kept_float is None
                     else counted - day.kept_float),
        chain_head=day.chain_head)
