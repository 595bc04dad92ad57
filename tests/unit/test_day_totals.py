"""A day's totals summed by the database in groups (``EntrySum``) are exactly the totals of its
entries one by one (what ``ledger verify`` recomputes)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from pos.domain.day.totals import day_totals, sums_of, totals_of_sums
from pos.domain.journal import EntryKind, JournalEntry
from pos.domain.quantities import Money, Volume

CHANNELS = (None, "cash", "unionpay", "wechat", "alipay")


def _entry(seq: int, kind: EntryKind, channel: str | None, fen: int, hundredths: int
           ) -> JournalEntry:
    return JournalEntry(kind=kind, at=datetime(2026, 3, 2, 9, tzinfo=UTC),
                        business_date=date(2026, 3, 2), counter_no="01", amount=Money(fen),
                        volume=Volume(hundredths), channel=channel, seq=seq, prev_hash="p",
                        hash="h")


entries = st.lists(st.tuples(st.sampled_from(list(EntryKind)), st.sampled_from(CHANNELS),
                             st.integers(-50_000, 50_000), st.integers(0, 10_000)),
                   max_size=60)


@given(entries, st.randoms(use_true_random=False))
def test_the_sums_give_the_totals_of_the_entries(drawn: list[tuple[EntryKind, str | None, int,
                                                                   int]],
                                                 rng: random.Random) -> None:
    day = [_entry(seq, *values) for seq, values in enumerate(drawn, start=7)]
    sums = sums_of(day)
    rng.shuffle(sums)  # a database hands the groups over in any order
    assert totals_of_sums(sums) == day_totals(day)
    assert totals_of_sums(sums).as_document() == day_totals(day).as_document()


def test_a_cash_refund_and_a_zero_entry_count_as_the_entries_do() -> None:
    day = [_entry(1, EntryKind.ADVANCE_RECEIPT, "cash", 2800, 0),
           _entry(2, EntryKind.REFUND, "cash", -1400, 0),
           _entry(3, EntryKind.ADJUSTMENT, "cash", 0, 0),
           _entry(4, EntryKind.SALE, None, 2800, 1000)]
    totals = totals_of_sums(sums_of(day))
    assert (totals.cash_in.fen, totals.cash_out.fen, totals.last_seq, totals.entries) == (
        2800, 1400, 4, 4)
    assert totals == day_totals(day)
    assert totals_of_sums([]) == day_totals([])
