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

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pos.domain.errors import Refused
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
    DayState.CLOSED: N_("closed"),
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
