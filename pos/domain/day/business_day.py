"""The business day (营业日) of one counter as an explicit state machine.

::

    open ──settle──▶ settled ──close──▶ closed
                      │   ▲
                      └───┘ recount

* ``open`` — sales and money-only entries post into it; clerks hand over within it (交接班).
* ``settled`` — the cashier counted the cash (日结); nothing more posts; a recount is allowed.
* ``closed`` — locked (日清): nothing ever changes it again; corrections go into an open day.

One counter has at most one day that is not closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from pos.domain.day.cash_count import CashCount
from pos.domain.day.totals import DayTotals
from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money


class DayState(StrEnum):
    OPEN = "open"
    SETTLED = "settled"
    CLOSED = "closed"

    @property
    def label(self) -> Message:
        return Message(_LABELS[self])

    @property
    def accepts_postings(self) -> bool:
        return self is DayState.OPEN


DAY_TRANSITIONS: dict[DayState, frozenset[DayState]] = {
    DayState.OPEN: frozenset({DayState.SETTLED}),
    DayState.SETTLED: frozenset({DayState.SETTLED, DayState.CLOSED}),
    DayState.CLOSED: frozenset(),
}


def advance_day(current: DayState, target: DayState, business_date: str = "") -> DayState:
    if target not in DAY_TRANSITIONS[current]:
        raise Refused(
            "day.illegal_transition",
            N_("The business day {date} is {current} and cannot become {target}."),
            date=business_date, current=current.label, target=target.label,
        )
    return target


_LABELS = {
    DayState.OPEN: N_("open"),
    DayState.SETTLED: N_("settled"),
    DayState.CLOSED: N_("closed (locked)"),
}


@dataclass(frozen=True)
class BusinessDay:
    counter_no: str
    business_date: date
    state: DayState
    opening_float: Money
    opened_at: datetime
    opened_by: str | None  # None: opened by the system at the day's first posting
    kept_float: Money | None = None  # set when the day closes: tomorrow's float
    settled_count: Money | None = None  # the cashier's last count, once settled
    settled_expected: Money | None = None


def next_business_date(today: date, last_closed: date | None) -> date:
    """The date of a counter's next day: today — or, when today's day is closed already (a
    customer after the 日结), the day after the last closed one.  A closed day never reopens."""
    if last_closed is None or last_closed < today:
        return today
    return last_closed + timedelta(days=1)


class CountKind(StrEnum):
    HANDOVER = "handover"  # 交接班: a clerk's takings counted and signed over
    SETTLE = "settle"  # 日结: the cashier's count of the day


@dataclass(frozen=True)
class DrawerCount:
    """One count of the drawer against what the ledger says it should hold."""

    kind: CountKind
    counter_no: str
    business_date: date
    at: datetime
    staff_no: str  # who counted (the cashier; at a handover the clerk handing over)
    expected: Money
    count: CashCount
    to_staff: str | None = None  # handover: who takes the drawer
    blind: bool = False  # counted without being shown the expected figure
    reason: str | None = None
    approver: str | None = None

    @property
    def counted(self) -> Money:
        return self.count.total

    @property
    def difference(self) -> Money:
        """Over (+) or short (−): 长款 / 短款."""
        return self.counted - self.expected


def check_difference(difference: Money, threshold: Money, *, reason: str | None,
                     approver: str | None, counter_staff: str) -> str | None:
    """A difference needs a reason; above ``threshold`` also a supervisor other than the counter.

    Returns the reason, tidied (``None`` when the count agrees).
    """
    if difference.fen == 0:
        return None
    text = " ".join((reason or "").split())
    if not 2 <= len(text) <= 200:
        raise Refused("count.reason", N_(
            "The count is {difference} yuan off: give the reason (2 to 200 characters)."),
            difference=str(difference))
    if abs(difference.fen) > threshold.fen:
        if approver is None:
            raise Refused("count.approval", N_(
                "The count is {difference} yuan off, more than {threshold} yuan: a supervisor "
                "must approve it."), difference=str(difference), threshold=str(threshold))
        if approver == counter_staff:
            raise Refused("count.self_approval", N_(
                "A supervisor other than the one counting must approve the difference."))
    return text


@dataclass(frozen=True)
class DayClose:
    """What is stored, once, when a day closes (the close slip prints it)."""

    counter_no: str
    business_date: date
    closed_at: datetime
    closed_by: str
    opening_float: Money
    expected_cash: Money
    counted_cash: Money
    kept_float: Money  # tomorrow's float, left in the drawer
    chain_seq: int  # the journal's head when the day closed
    chain_head: str
    totals: DayTotals

    @property
    def over_short(self) -> Money:
        return self.counted_cash - self.expected_cash

    @property
    def deposit_due(self) -> Money:
        """缴款: the counted cash less the float kept for tomorrow."""
        return self.counted_cash - self.kept_float


def check_kept_float(kept: Money, counted: Money) -> None:
    if kept.fen < 0 or kept.fen > counted.fen:
        raise BadInput("day.kept_float", N_(
            "The float kept for tomorrow must be between 0 and the counted cash ({counted} "
            "yuan)."), counted=str(counted))


@dataclass(frozen=True)
class DepositSlip:
    """缴款单: cash taken to the bank for one or more closed days (a whole hall's, perhaps)."""

    slip_no: str
    amount: Money
    deposit_date: date
    days: tuple[tuple[str, date], ...]  # (counter, business date)
    recorded_at: datetime
    recorded_by: str


SLIP_NO = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{1,31}")


def check_slip_no(text: str) -> str:
    slip = text.strip().upper()
    if not SLIP_NO.fullmatch(slip):
        raise BadInput("deposit.slip_no", N_(
            "\"{slip}\" is not a deposit-slip number: 2 to 32 letters, digits and dashes."),
            slip=text)
    return slip
