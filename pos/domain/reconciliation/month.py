"""The reconciliation month as an explicit state machine, and how finance resolves an item.

::

    open ──reconcile──▶ reconciling ──lock──▶ locked
                          │     ▲
                          └─────┘ reconcile again, resolve items

A month locks only when no item is left open; a locked month never changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_, Message

_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)


class MonthState(StrEnum):
    OPEN = "open"
    RECONCILING = "reconciling"
    LOCKED = "locked"

    @property
    def label(self) -> Message:
        return Message({MonthState.OPEN: N_("not yet reconciled"),
                        MonthState.RECONCILING: N_("reconciling"),
                        MonthState.LOCKED: N_("locked")}[self])


MONTH_TRANSITIONS: dict[MonthState, frozenset[MonthState]] = {
    MonthState.OPEN: frozenset({MonthState.RECONCILING}),
    MonthState.RECONCILING: frozenset({MonthState.RECONCILING, MonthState.LOCKED}),
    MonthState.LOCKED: frozenset(),
}


def advance_month(current: MonthState, target: MonthState, month: str) -> MonthState:
    if target not in MONTH_TRANSITIONS[current]:
        raise Refused("month.illegal_transition", N_(
            "The month {month} is {current} and cannot become {target}."),
            month=month, current=current.label, target=target.label)
    return target


@dataclass(frozen=True)
class Month:
    """``YYYY-MM`` and its first and last day."""

    text: str
    first: date
    last: date

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH.fullmatch(text.strip())
        if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
            raise BadInput("month.invalid", N_("“{text}” is not a month: write it as YYYY-MM."),
                           text=text)
        year, month = int(match[1]), int(match[2])
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(f"{year:04d}-{month:02d}", first, date.fromordinal(following.toordinal() - 1))


class Action(StrEnum):
    EXPLAIN = "explain"  # the difference is understood; the note says why
    CARRY = "carry"  # carried to next month (e.g. in transit)
    LINK = "link"  # corrected by an entry made in an open day (names the journal entry)

    @property
    def label(self) -> Message:
        return Message(_ACTION_LABELS[self])


_ACTION_LABELS = {
    Action.EXPLAIN: N_("explained"),
    Action.CARRY: N_("carried to next month"),
    Action.LINK: N_("linked to a correcting entry"),
}


@dataclass(frozen=True)
class Resolution:
    item_key: str
    action: Action
    note: str
    at: datetime
    by: str
    entry_seq: int | None = None


def check_resolution(action: Action, note: str, entry_seq: int | None) -> str:
    text = " ".join(note.split())
    if not 2 <= len(text) <= 500:
        raise BadInput("resolve.note", N_("Write a note (2 to 500 characters) saying why."))
    if action is Action.LINK and entry_seq is None:
        raise BadInput("resolve.entry", N_(
            "Linking needs the number of the journal entry that corrects the item."))
    if action is not Action.LINK and entry_seq is not None:
        raise BadInput("resolve.entry_unexpected", N_(
            "Only a link names a journal entry; explaining or carrying over does not."))
    return text
