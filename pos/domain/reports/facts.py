"""What the reports above a hall are built from, as the storage finds it in a few aggregate
queries: every counter's day in the period, the journal's sums of the days not closed yet, and
the completed sales of the closed days summed by customer category and by tier."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pos.domain.day.business_day import DayState
from pos.domain.day.totals import CASH, MONEY_KINDS, DayTotals, KindTotal
from pos.domain.journal import EntryKind
from pos.domain.quantities import Money, Volume


@dataclass(frozen=True)
class SlipRef:
    """The deposit slip (缴款单) that took a closed day's cash to the bank."""

    slip_no: str
    amount: Money  # the whole slip's, which may cover days of other counters too
    deposit_date: date
    recorded_by: str


@dataclass(frozen=True)
class CounterDay:
    """One counter's business day: its hall, state and close, and its totals — for a closed
    day the totals stored when it closed (what ``ledger verify`` checks); for a day not closed
    the sums of its journal so far."""

    hall_code: str
    hall_name: str
    counter_no: str
    business_date: date
    state: DayState
    opening_float: Money
    totals: DayTotals
    closed_at: datetime | None = None
    closed_by: str | None = None
    expected: Money | None = None  # at the close
    counted: Money | None = None
    kept_float: Money | None = None
    slip: SlipRef | None = None

    @property
    def closed(self) -> bool:
        return self.state is DayState.CLOSED

    @property
    def over_short(self) -> Money | None:
        if self.counted is None or self.expected is None:
            return None
        return self.counted - self.expected

    @property
    def deposit_due(self) -> Money | None:
        if self.counted is None or self.kept_float is None:
            return None
        return self.counted - self.kept_float


@dataclass(frozen=True)
class EntrySum:
    """The journal entries of one counter's day of one kind, channel and sign, summed."""

    counter_no: str
    business_date: date
    kind: str
    channel: str | None
    incoming: bool  # amount >= 0
    count: int
    amount: Money
    volume: Volume
    last_seq: int


@dataclass(frozen=True)
class SalesSum:
    """Completed sales (``sign`` 1) or their voids (``sign`` -1) of one counter over the
    closed days of the period, summed by a key: the customer category, or the tier (a sale
    over two tiers counts in both)."""

    counter_no: str
    key: str
    sign: int
    count: int
    volume: Volume  # as booked: a void's is negative
    amount: Money


def totals_of_sums(sums: Iterable[EntrySum]) -> DayTotals:
    """:func:`pos.domain.day.totals.day_totals` of a day's entries, from their sums by kind,
    channel and sign (the same figures; the storage sums instead of handing over every entry)."""
    entries = last_seq = 0
    kinds: dict[str, KindTotal] = {}
    channels: dict[str, Money] = {}
    cash_in = cash_out = Money(0)
    for part in sums:
        entries += part.count
        last_seq = max(last_seq, part.last_seq)
        was = kinds.get(part.kind, KindTotal())
        kinds[part.kind] = KindTotal(was.count + part.count, was.amount + part.amount,
                                     was.volume + part.volume)
        if part.channel is None or EntryKind(part.kind) not in MONEY_KINDS:
            continue
        channels[part.channel] = channels.get(part.channel, Money(0)) + part.amount
        if part.channel == CASH:
            if part.incoming:
                cash_in = cash_in + part.amount
            else:
                cash_out = cash_out - part.amount
    return DayTotals(entries, last_seq, kinds, channels, cash_in, cash_out)
