"""The month's money by day for finance's chart: what the ledger took per channel on each
business day, against what reached the bank account on each day.

Takings are the journal's money entries (pos.domain.day.totals.MONEY_KINDS: advance receipts,
refunds, fees, adjustments — net, per channel) of each business date, every counter together;
bank credits are the bank statement's credit lines by value date.  A bank credit settles earlier
takings (T+1, the next weekday, the next morning's deposit), so the two lines are not expected to
agree day by day — the chart shows the rhythm, the reconciliation says what differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pos.domain.day.totals import MONEY_KINDS
from pos.domain.quantities import Money
from pos.domain.reconciliation.month import Month
from pos.domain.statements.model import LineKind, Source
from pos.services.core.context import Services


@dataclass(frozen=True)
class DayTakings:
    date: date
    by_channel: dict[str, Money]  # net money per channel (cash, unionpay, wechat, alipay …)
    bank_credits: Money  # the bank statement's credits with this value date

    @property
    def total(self) -> Money:
        return sum(self.by_channel.values(), Money(0))


def daily_takings(svc: Services, month: str) -> list[DayTakings]:
    """Every day of ``month`` (``YYYY-MM``), first to last, a day without money included."""
    span = Month.parse(month)
    days = [span.first + timedelta(days=n) for n in range((span.last - span.first).days + 1)]
    takings: dict[date, dict[str, Money]] = {day: {} for day in days}
    credits: dict[date, Money] = dict.fromkeys(days, Money(0))
    with svc.uow() as uow:
        for entry in uow.journal.between(span.first, span.last):
            day = entry.business_date
            if entry.kind not in MONEY_KINDS or not entry.channel or day not in takings:
                continue
            channels = takings[day]
            channels[entry.channel] = channels.get(entry.channel, Money(0)) + entry.amount
        for line in uow.statements.lines_between(span.first, span.last, cells=False):
            if line.source is Source.BANK and line.kind is LineKind.CREDIT and (
                    line.value_date in credits):
                credits[line.value_date] = credits[line.value_date] + line.amount
    return [DayTakings(day, takings[day], credits[day]) for day in days]
