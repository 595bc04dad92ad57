"""How each channel's money reaches the bank: settlement rules as data.

A :class:`SettlementRule` says which statement sources carry a channel's transactions, how its
bank credit is recognised (the counterparty's name, the merchant ids, the settlement day written
in the bank's 用途) and when it arrives (the lag: calendar days, weekdays or bank business days,
and how late it may still come).  :data:`DEFAULT_RULES` holds the usual patterns of WeChat Pay,
Alipay, a UnionPay acquirer and cash deposit slips; the services may replace any of them from
the settings (:meth:`SettlementRules.with_rule`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from pos.domain.messages import N_, Message
from pos.domain.statements.model import Source, StatementLine

SETTLEMENT_DAY = r"(?P<day>\d{4}[-/.]?\d{2}[-/.]?\d{2})"  # YYYYMMDD or YYYY-MM-DD in 用途


class Lag(StrEnum):
    CALENDAR = "calendar"  # T+n calendar days (WeChat Pay, Alipay)
    WEEKDAYS = "weekdays"  # the n-th Monday–Friday after the day (a Saturday batch → Monday)
    BUSINESS_DAYS = "business_days"  # the n-th bank business day (weekdays, holidays, 调休)


_LAG_LABELS = {
    Lag.CALENDAR: N_("T+{days} calendar days"),
    Lag.WEEKDAYS: N_("T+{days} weekdays, Monday to Friday"),
    Lag.BUSINESS_DAYS: N_("T+{days} bank business days"),
}


@dataclass(frozen=True)
class BankCalendar:
    """Public holidays and the weekend days worked instead (调休), for business-day lags."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def is_business_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def normalise(text: str | None) -> str:
    """NFKC (full-width brackets and digits become ASCII) and case-folded."""
    if not text:
        return ""
    if text.isascii():  # NFKC leaves ASCII as it is, and casefold is lower there
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def _any_search(patterns: tuple[str, ...], text: str) -> bool:
    return any(re.search(pattern, text, re.IGNORECASE) for pattern in patterns)


def read_day(text: str) -> date | None:
    digits = re.sub(r"[-/.]", "", text)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


@dataclass(frozen=True)
class SettlementRule:
    """How one channel settles to the bank: one credit per settlement day, net of fees."""

    channel: str
    sources: tuple[Source, ...]  # statement sources whose rows are this channel's transactions
    counterparties: tuple[str, ...] = ()  # patterns searched in 对方户名; empty: any
    memo_day: str | None = None  # pattern with a group "day": the settlement day in 用途
    lag: Lag = Lag.CALENDAR
    lag_days: int = 1
    late_days: int = 7  # how many days after the expected date a credit may still arrive
    accounts: tuple[str, ...] = ()  # merchant ids; when given, one must appear in 用途

    @property
    def lag_label(self) -> Message:
        return Message(_LAG_LABELS[self.lag], {"days": self.lag_days})

    def expected_credit(self, day: date, calendar: BankCalendar) -> date:
        if self.lag is Lag.CALENDAR:
            return day + timedelta(days=self.lag_days)
        counted, current = 0, day
        while counted < self.lag_days:
            current += timedelta(days=1)
            if self.lag is Lag.WEEKDAYS:
                counted += current.weekday() < 5
            else:
                counted += calendar.is_business_day(current)
        return current

    def in_window(self, day: date, credited: date, calendar: BankCalendar) -> bool:
        """A credit for settlement day ``day`` may come on the day itself at the earliest."""
        latest = self.expected_credit(day, calendar) + timedelta(days=self.late_days)
        return day <= credited <= latest

    def recognises(self, line: StatementLine) -> bool:
        """Is this bank row from this channel's institution (counterparty, merchant id)?"""
        if self.counterparties and not _any_search(
                self.counterparties, normalise(line.counterparty)):
            return False
        if self.accounts:
            memo = re.sub(r"\s", "", normalise(line.memo))
            if not any(re.sub(r"\s", "", normalise(a)) in memo for a in self.accounts):
                return False
        return bool(self.counterparties or self.accounts or self.memo_day)

    def settlement_day(self, line: StatementLine) -> date | None:
        """The settlement day the bank row's 用途 names, if the rule knows how to read it."""
        if self.memo_day is None:
            return None
        found = re.search(self.memo_day, normalise(line.memo), re.IGNORECASE)
        return read_day(found["day"]) if found else None


@dataclass(frozen=True)
class DepositRule:
    """Cash goes to the bank under a deposit slip whose number the bank prints in 用途."""

    channel: str = "cash"
    counterparties: tuple[str, ...] = ()  # patterns for 对方户名 (often our own name); empty: any
    marker: str = r"缴款单|解款单|现金存款|现金缴款"  # recognises a deposit row left unmatched
    early_days: int = 1  # the bank may book it this many days before the slip's date
    late_days: int = 7

    def recognises(self, line: StatementLine) -> bool:
        if self.counterparties and not _any_search(
                self.counterparties, normalise(line.counterparty)):
            return False
        return re.search(self.marker, normalise(line.memo), re.IGNORECASE) is not None

    def names_slip(self, line: StatementLine, slip_no: str) -> bool:
        memo = normalise(line.memo)
        slip = re.escape(re.sub(r"\s", "", normalise(slip_no)))
        if self.counterparties and not _any_search(
                self.counterparties, normalise(line.counterparty)):
            return False
        return re.search(rf"(?<![0-9a-z-]){slip}(?![0-9a-z-])", memo) is not None

    def in_window(self, deposit_date: date, credited: date) -> bool:
        return (deposit_date - timedelta(days=self.early_days) <= credited
                <= deposit_date + timedelta(days=self.late_days))


@dataclass(frozen=True)
class SettlementRules:
    channels: tuple[SettlementRule, ...]
    deposits: DepositRule = field(default_factory=DepositRule)
    calendar: BankCalendar = field(default_factory=BankCalendar)

    def rule(self, channel: str) -> SettlementRule | None:
        for rule in self.channels:
            if rule.channel == channel:
                return rule
        return None

    def channel_of(self, source: Source) -> str | None:
        for rule in self.channels:
            if source in rule.sources:
                return rule.channel
        return None

    def with_rule(self, rule: SettlementRule) -> SettlementRules:
        """These rules with ``rule`` replacing (or adding) its channel's rule."""
        others = tuple(r for r in self.channels if r.channel != rule.channel)
        return replace(self, channels=(*others, rule))


WECHAT_RULE = SettlementRule(
    channel="wechat", sources=(Source.WECHAT,),
    counterparties=(r"财付通", r"tenpay"),
    memo_day=rf"账单日\s*{SETTLEMENT_DAY}",
    lag=Lag.CALENDAR, lag_days=1,
)
ALIPAY_RULE = SettlementRule(
    channel="alipay", sources=(Source.ALIPAY,),
    counterparties=(r"支付宝", r"alipay"),
    memo_day=rf"提现\s*{SETTLEMENT_DAY}",
    lag=Lag.CALENDAR, lag_days=1,
)
UNIONPAY_RULE = SettlementRule(
    channel="unionpay", sources=(Source.ACQUIRER,),
    counterparties=(r"银联", r"unionpay", r"chinaums"),
    memo_day=rf"交易日\s*{SETTLEMENT_DAY}",
    lag=Lag.WEEKDAYS, lag_days=1,
)
DEFAULT_RULES = SettlementRules(channels=(WECHAT_RULE, ALIPAY_RULE, UNIONPAY_RULE))
