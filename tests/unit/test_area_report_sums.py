"""The reports' sums: a day's journal summed by kind, channel and sign gives exactly the totals a
close stores; a day not closed never reaches the closed figures."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from pos.domain.day.business_day import DayState
from pos.domain.day.totals import DayTotals, day_totals
from pos.domain.journal import EntryKind, JournalDraft
from pos.domain.quantities import Money, Volume
from pos.domain.reports.facts import CounterDay, EntrySum, totals_of_sums
from pos.domain.reports.takings import Period, build_area_report

DAY = date(2026, 11, 25)
AT = datetime(2026, 11, 25, 2, tzinfo=UTC)

entries = st.lists(st.builds(
    JournalDraft, kind=st.sampled_from(list(EntryKind)), at=st.just(AT),
    amount=st.integers(-50_000, 50_000).map(Money), volume=st.integers(-5_000, 5_000).map(Volume),
    channel=st.sampled_from([None, "cash", "wechat", "alipay", "unionpay"])), max_size=40)


def sums_of(drafts: list[JournalDraft]) -> list[EntrySum]:
    """What the database's GROUP BY gives."""
    groups: dict[tuple[str, str | None, bool], list[JournalDraft]] = {}
    for draft in drafts:
        groups.setdefault((draft.kind.value, draft.channel, draft.amount.fen >= 0),
                          []).append(draft)
    return [EntrySum("01", DAY, kind, channel, incoming, len(part),
                     sum((d.amount for d in part), Money(0)),
                     sum((d.volume for d in part), Volume(0)), 0)
            for (kind, channel, incoming), part in groups.items()]


@given(entries)
def test_the_sums_give_the_totals_a_close_stores(drafts: list[JournalDraft]) -> None:
    assert totals_of_sums(sums_of(drafts)) == day_totals(drafts)


def test_a_day_not_closed_is_kept_apart() -> None:
    sold = day_totals([JournalDraft(kind=EntryKind.ADVANCE_RECEIPT, at=AT, amount=Money(2800),
                                    channel="cash"),
                       JournalDraft(kind=EntryKind.SALE, at=AT, amount=Money(2800),
                                    volume=Volume(1000))])
    days = [CounterDay("H1", "一厅", "01", DAY, DayState.CLOSED, Money(0), sold),
            CounterDay("H1", "一厅", "02", DAY, DayState.OPEN, Money(0), sold),
            CounterDay("H2", "二厅", "03", DAY, DayState.SETTLED, Money(0), DayTotals())]
    report = build_area_report(company="公司", hall_code=None, hall_name="",
                               period=Period.day(DAY), generated_at=AT, generated_by="4001",
                               days=days, by_category=[], by_tier=[])
    assert (report.closed.days, str(report.closed.takings)) == (1, "28.00")
    assert [d.counter_no for d in report.not_closed_days] == ["02", "03"]
    assert (report.not_closed.days, str(report.not_closed.takings)) == (2, "28.00")
    assert [(key, str(money)) for key, money in report.chart] == [("H1", "28.00"),
                                                                  ("H2", "0.00")]
    assert [row.figures.days for row in report.by_counter] == [1, 0, 0]
