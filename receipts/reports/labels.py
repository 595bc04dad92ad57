"""The words and numbers the three renderings of the daily report share: channel, category,
tier, event and day-state labels in the reader's language, and exact decimals of money and gas."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from pos.domain.categories import Category
from pos.domain.day.business_day import DayState
from pos.domain.day.report import CashLine, DailyReport, Line
from pos.domain.messages import N_, tr
from pos.domain.quantities import Money, Volume
from receipts.layouts import CHANNELS

EVENTS = {
    "void": N_("Voids"),
    "refund": N_("Refunds"),
    "rewrite": N_("Card rewrites"),
    "suspension": N_("Suspended sales"),
    "fee": N_("Fees"),
    "adjustment": N_("Adjustments"),
    "meter_credit": N_("Meter change gas credits"),
    "replacement_card": N_("Replacement cards"),
    "first_card": N_("First cards issued"),
    "first_use": N_("First-use guides given"),
    "over_short": N_("Cash over/short"),
    "rounding": N_("Rounding"),
}


def channel_label(key: str, language: str) -> str:
    return tr(CHANNELS[key], language) if key in CHANNELS else key


def category_label(key: str, language: str) -> str:
    try:
        return Category(key).label.render(language)
    except ValueError:
        return key


def tier_label(key: str, language: str) -> str:
    return tr(N_("tier {n}"), language, n=key)


def event_label(key: str, language: str) -> str:
    return tr(EVENTS[key], language) if key in EVENTS else key


def clerk_label(key: str, language: str) -> str:
    return tr(N_("Clerk {staff_no}"), language, staff_no=key)


def state_label(key: str, language: str) -> str:
    try:
        return DayState(key).label.render(language)
    except ValueError:
        return key


def report_state(report: DailyReport, language: str) -> str:
    if report.closed:
        return tr(N_("Closed: final figures"), language)
    return tr(N_("Not closed yet: the figures may still change"), language)


def in_channel_order(lines: Iterable[Line]) -> list[Line]:
    """Cash, bank card, WeChat Pay, Alipay as on the receipts, then any other channel."""
    order = list(CHANNELS)
    return sorted(lines, key=lambda line: (order.index(line.key) if line.key in order
                                           else len(order), line.key))


def channel_keys(keys: Iterable[str]) -> list[str]:
    return [line.key for line in in_channel_order(Line(key) for key in set(keys))]


def happened(events: Iterable[Line]) -> list[Line]:
    """The event rows with anything in them (the paper and the PDF skip the zero rows)."""
    return [e for e in events if e.count or e.amount.fen or e.volume.hundredths]


def yuan(money: Money) -> Decimal:
    """Money as an exact decimal of yuan (``Money(123)`` → ``Decimal("1.23")``)."""
    return Decimal(money.fen).scaleb(-2)


def m3(volume: Volume) -> Decimal:
    return Decimal(volume.hundredths).scaleb(-2)


def signed(money: Money) -> str:
    """Over (+) or short (-): ``+12.00``, ``-3.50``, ``0.00``."""
    return f"+{money}" if money.fen > 0 else str(money)


def sum_money(values: Iterable[Money | None]) -> Money:
    return sum((v for v in values if v is not None), Money(0))


def closed_with_head(cash: CashLine) -> bool:
    return cash.state is DayState.CLOSED and bool(cash.chain_head)


def when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S")
