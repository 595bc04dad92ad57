"""The tables of a hall's or the company's report, in the reader's language, which the text,
XLSX and PDF renderings all show: the same sections, rows and totals in each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pos.domain.day.report import Line
from pos.domain.messages import N_, tr
from pos.domain.quantities import Money, Volume
from pos.domain.reports.takings import AreaReport, ChartOf, Figures, PeriodKind, Row
from receipts.reports.labels import (
    category_label,
    channel_label,
    in_channel_order,
    m3,
    state_label,
    sum_money,
    tier_label,
    when,
)

Cell = str | int | Decimal | Money | None


@dataclass(frozen=True)
class Section:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    total: Sequence[Cell] | None = None
    note: str = ""


def title(report: AreaReport, language: str) -> str:
    month = report.period.kind is PeriodKind.MONTH
    if report.hall_code is None:
        msgid = N_("Company monthly report") if month else N_("Company daily report")
    else:
        msgid = N_("Hall monthly report") if month else N_("Hall daily report")
    return tr(msgid, language)


def heading(report: AreaReport, language: str) -> list[str]:
    """The lines above the tables: who, which period, what the figures include."""
    def t(msgid: str, **params: object) -> str:
        return tr(msgid, language, **params)

    scope = (t(N_("Whole company")) if report.hall_code is None
             else f"{report.hall_name} ({report.hall_code})")
    lines = [report.company, f"{title(report, language)} {report.period.name}", scope,
             t(N_("Generated at {at} by {staff_no}"), at=when(report.generated_at),
               staff_no=report.generated_by),
             t(N_("Figures of closed days only: {closed} counter days closed."),
               closed=report.closed.days)]
    waiting = len(report.not_closed_days)
    if waiting:
        lines.append(t(N_("{n} counter days are not closed yet: their figures so far are "
                          "listed under “Not closed” and are not in the totals."), n=waiting))
    return lines


def chart_title(report: AreaReport, language: str) -> str:
    return tr({ChartOf.DAY: N_("Takings by day (closed days)"),
               ChartOf.HALL: N_("Takings by hall (closed days)"),
               ChartOf.COUNTER: N_("Takings by counter (closed days)")}[report.chart_of],
              language)


def chart_label(report: AreaReport, key: str) -> str:
    """A bar's label: the day of the month, the hall's name, the counter's number."""
    if report.chart_of is ChartOf.DAY:
        return key[-2:]
    if report.chart_of is ChartOf.HALL:
        return next((row.name for row in report.by_hall if row.key == key), key)
    return key


def sections(report: AreaReport, language: str) -> list[Section]:
    def t(msgid: str, **params: object) -> str:
        return tr(msgid, language, **params)

    figures = [t(N_("Days closed")), t(N_("Purchases")), t(N_("Volume (m³)")),
               t(N_("Sales (yuan)")), t(N_("Voids")), t(N_("Voided (yuan)")), t(N_("Refunds")),
               t(N_("Refunded (yuan)")), t(N_("Takings (yuan)"))]
    found: list[Section] = []
    if report.hall_code is None:
        found.append(_rows(t(N_("By hall")), [t(N_("Hall")), t(N_("Hall name"))], figures,
                           report.by_hall, report.closed, language))
    found.append(_rows(t(N_("By counter")), [t(N_("Counter")), t(N_("Hall"))], figures,
                       report.by_counter, report.closed, language))
    if report.period.kind is PeriodKind.MONTH:
        found.append(_rows(t(N_("By day")), [t(N_("Date"))], figures,
                           [r for r in report.by_day if r.figures.days], report.closed,
                           language))
    channels = in_channel_order(report.by_channel)
    found.append(Section(t(N_("By channel")), [t(N_("Channel")), t(N_("Amount (yuan)"))],
                         [[channel_label(c.key, language), c.amount] for c in channels],
                         [t(N_("Total")), sum_money(c.amount for c in channels)]))
    found.append(_breakdown(t(N_("By customer category")), t(N_("Category")),
                            [(category_label(c.key, language), c) for c in report.by_category],
                            language))
    found.append(_breakdown(t(N_("By tier")), t(N_("Tier")),
                            [(tier_label(c.key, language), c) for c in report.by_tier],
                            language, counts=False))
    found.append(_closes(report, language))
    found.append(_deposits(report, language))
    if report.not_closed_days:
        found.append(_not_closed(report, language))
    return found


def _figures(f: Figures) -> list[Cell]:
    return [f.days, f.sales.count, m3(f.sales.volume), f.sales.amount, f.voids.count,
            f.voids.amount, f.refunds.count, f.refunds.amount, f.takings]


def _rows(name: str, keys: list[str], figures: list[str], rows: Sequence[Row],
          total: Figures, language: str) -> Section:
    """One row per hall, counter or day: its key, its name (where ``keys`` has a second heading),
    then its figures."""
    named = len(keys) > 1

    def names(row: Row) -> list[Cell]:
        return [row.key, row.name] if named else [row.key]

    return Section(name, [*keys, *figures],
                   [[*names(row), *_figures(row.figures)] for row in rows],
                   [tr(N_("Total"), language), *([""] if named else []), *_figures(total)])


def _breakdown(name: str, first: str, lines: Sequence[tuple[str, Line]], language: str, *,
               counts: bool = True) -> Section:
    """A sale over two tiers counts in both: the tier table leaves its count total empty."""
    only = [line for _, line in lines]
    return Section(
        name, [first, tr(N_("Purchases"), language), tr(N_("Volume (m³)"), language),
               tr(N_("Amount (yuan)"), language)],
        [[label, line.count, m3(line.volume), line.amount] for label, line in lines],
        [tr(N_("Total"), language), sum(line.count for line in only) if counts else None,
         m3(sum((line.volume for line in only), Volume(0))),
         sum_money(line.amount for line in only)])


def _closes(report: AreaReport, language: str) -> Section:
    def t(msgid: str) -> str:
        return tr(msgid, language)

    closed = [d for d in report.days if d.closed]
    return Section(
        t(N_("Day closes")),
        [t(N_("Date")), t(N_("Hall")), t(N_("Counter")), t(N_("State")), t(N_("Closed by")),
         t(N_("Closed at")), t(N_("Expected cash")), t(N_("Counted cash")),
         t(N_("Over (+) / short (-)")), t(N_("Deposit due")), t(N_("Deposit slip"))],
        [[d.business_date.isoformat(), d.hall_code, d.counter_no, state_label(d.state, language),
          d.closed_by, when(d.closed_at) if d.closed_at else None, d.expected, d.counted,
          d.over_short, d.deposit_due, d.slip.slip_no if d.slip else t(N_("not deposited"))]
         for d in report.days],
        [t(N_("Total")), "", "", "", "", "", sum_money(d.expected for d in closed),
         sum_money(d.counted for d in closed), sum_money(d.over_short for d in closed),
         sum_money(d.deposit_due for d in closed), ""],
        note=t(N_("Every counter's day of the period; a day not closed has no close yet.")))


def _deposits(report: AreaReport, language: str) -> Section:
    def t(msgid: str) -> str:
        return tr(msgid, language)

    return Section(
        t(N_("Deposit slips")),
        [t(N_("Slip no.")), t(N_("Deposit date")), t(N_("Slip amount")), t(N_("Recorded by")),
         t(N_("Days covered")), t(N_("Deposit due"))],
        [[d.slip_no, d.deposit_date.isoformat(), d.amount, d.recorded_by,
          " ".join(f"{c}:{day.isoformat()}" for c, day in d.days), d.due]
         for d in report.deposits],
        [t(N_("Total")), "", None, "", "", sum_money(d.due for d in report.deposits)],
        note=t(N_("Slips covering the closed days of this report; a slip may cover days of "
                  "other halls or periods too.")))


def _not_closed(report: AreaReport, language: str) -> Section:
    def t(msgid: str) -> str:
        return tr(msgid, language)

    def cells(f: Figures) -> list[Cell]:
        return [f.sales.count, m3(f.sales.volume), f.sales.amount, f.voids.count,
                f.voids.amount, f.refunds.count, f.refunds.amount, f.takings]

    days = report.not_closed_days
    return Section(
        t(N_("Not closed")),
        [t(N_("Date")), t(N_("Hall")), t(N_("Counter")), t(N_("State")), t(N_("Purchases")),
         t(N_("Volume (m³)")), t(N_("Sales (yuan)")), t(N_("Voids")), t(N_("Voided (yuan)")),
         t(N_("Refunds")), t(N_("Refunded (yuan)")), t(N_("Takings (yuan)"))],
        [[d.business_date.isoformat(), d.hall_code, d.counter_no, state_label(d.state, language),
          *cells(Figures().plus(d.totals))] for d in days],
        [t(N_("Total")), "", "", "", *cells(report.not_closed)],
        note=t(N_("Figures so far from the journal of days not closed yet; they may still "
                  "change and are not in the totals above.")))


def text_of(value: Cell) -> str:
    if value is None:
        return "-"
    return str(value)

