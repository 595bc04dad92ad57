"""The daily report's tables: by clerk, channel, customer category and tier, the events, and the
cash of each counter — the same rows, labels and totals as the printed report and the XLSX."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pos.domain.day.report import CashLine, DailyReport, Line
from pos.domain.messages import N_
from pos.domain.quantities import Money, Volume
from pos.ui.common.page_style import signed
from pos.ui.common.texts import Texts
from pos.ui.qt import QAbstractItemView, QHeaderView, Qt, QTableWidget, QTableWidgetItem
from receipts.reports.labels import (
    category_label,
    channel_label,
    event_label,
    happened,
    in_channel_order,
    state_label,
    tier_label,
)

Row = list[str]
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CHAIN_HEAD_SHOWN = 16

TABS = (("clerks", N_("By clerk")), ("channels", N_("By channel")),
        ("categories", N_("By customer category")), ("tiers", N_("By tier")),
        ("events", N_("Events")), ("cash", N_("Cash")))


def table(name: str) -> QTableWidget:
    shown = QTableWidget()
    shown.setObjectName(f"report_{name}")
    shown.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    shown.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    shown.setAlternatingRowColors(True)
    shown.verticalHeader().hide()
    return shown


def fill(shown: QTableWidget, headers: list[str], rows: list[Row]) -> None:
    """The first column is words, the others figures (right-aligned)."""
    shown.clear()
    shown.setColumnCount(len(headers))
    shown.setRowCount(len(rows))
    shown.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(_RIGHT)
            shown.setItem(r, c, item)
    header = shown.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def rows_of(shown: QTableWidget) -> list[Row]:
    """What a table shows, as text (for tests and screenshots)."""
    def text(r: int, c: int) -> str:
        item = shown.item(r, c)
        return "" if item is None else item.text()
    return [[text(r, c) for c in range(shown.columnCount())] for r in range(shown.rowCount())]


def fill_all(tables: dict[str, QTableWidget], report: DailyReport | None, t: Texts) -> None:
    if report is None:
        for shown in tables.values():
            fill(shown, [], [])
        return
    lang = t.language
    count, volume, amount = t(N_("Count")), t(N_("Volume (m³)")), t(N_("Amount (yuan)"))

    def label(of: Callable[[str, str], str]) -> Callable[[str], str]:
        return lambda key: of(key, lang)

    fill(tables["clerks"], [t(N_("Clerk no.")), t(N_("Purchases")), volume, amount],
         _breakdown(report.by_clerk, str, t))
    fill(tables["channels"], [t(N_("Channel")), t(N_("Payments")), amount],
         [[channel_label(line.key, lang), str(line.count), str(line.amount)]
          for line in in_channel_order(report.by_channel)]
         + [[t(N_("Total")), str(sum(line.count for line in report.by_channel)),
             str(report.money_in)]])
    fill(tables["categories"], [t(N_("Category")), t(N_("Purchases")), volume, amount],
         _breakdown(report.by_category, label(category_label), t))
    fill(tables["tiers"], [t(N_("Tier")), count, volume, amount],
         _breakdown(report.by_tier, label(tier_label), t))
    events = happened(report.events)
    fill(tables["events"], [t(N_("Event")), count, volume, amount],
         [[event_label(e.key, lang), str(e.count), str(e.volume), str(e.amount)]
          for e in events] or [[t(N_("none")), "", "", ""]])
    fill(tables["cash"], ["", *(t(N_("Counter {counter}: cash"), counter=c.counter_no)
                                for c in report.cash)], _cash_rows(report.cash, t))


def _breakdown(lines: Iterable[Line], label: Callable[[str], str], t: Texts) -> list[Row]:
    lines = list(lines)
    rows = [[label(line.key), str(line.count), str(line.volume), str(line.amount)]
            for line in lines]
    if lines:
        rows.append([t(N_("Total")), str(sum(line.count for line in lines)),
                     str(sum((line.volume for line in lines), Volume(0))),
                     str(sum((line.amount for line in lines), Money(0)))])
    return rows


def _cash_rows(cash: tuple[CashLine, ...], t: Texts) -> list[Row]:
    """One column per counter, one row per figure (a hall has few counters, many figures)."""
    def money(value: Money | None) -> str:
        return t(N_("not counted")) if value is None else str(value)

    figures: list[tuple[str, Callable[[CashLine], str]]] = [
        (N_("State"), lambda c: state_label(c.state, t.language)),
        (N_("Opening float"), lambda c: str(c.opening_float)),
        (N_("Cash in"), lambda c: str(c.cash_in)),
        (N_("Cash out"), lambda c: str(c.cash_out)),
        (N_("Expected cash"), lambda c: str(c.expected)),
        (N_("Counted cash"), lambda c: money(c.counted)),
        (N_("Over (+) / short (-)"),
         lambda c: "" if c.over_short is None else signed(c.over_short)),
        (N_("Reason"), lambda c: c.over_short_reason or ""),
        (N_("Float kept for tomorrow"), lambda c: "" if c.kept_float is None
         else str(c.kept_float)),
        (N_("Deposit due"), lambda c: "" if c.deposit_due is None else str(c.deposit_due)),
        (N_("Chain head"), lambda c: (c.chain_head or "")[:CHAIN_HEAD_SHOWN]),
    ]
    return [[t(msgid), *(shown(c) for c in cash)] for msgid, shown in figures]
