"""An account's terms on a day: every change that takes effect after the day is undone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pos.domain.account_terms import TermChange, terms_on
from pos.domain.accounts import Account
from pos.domain.categories import Category

AT = datetime(2026, 11, 27, tzinfo=UTC)
R, C, H = Category.RESIDENTIAL, Category.COMMERCIAL, Category.HEATING


def test_terms_follow_their_effective_dates() -> None:
    changes = [TermChange(date(2026, 12, 1), R, C, 3, 3, "9001", AT),
               TermChange(date(2027, 1, 1), C, C, 3, 5, "9001", AT),
               TermChange(date(2027, 1, 1), C, H, 5, 5, "9001", AT)]
    newest = Account("A1", "张三", H, household_size=5)
    seen = {day: (a.category, a.household_size) for day in (
        date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 31), date(2027, 1, 1))
        for a in [terms_on(newest, changes, day)]}
    assert seen == {date(2026, 11, 30): (R, 3), date(2026, 12, 1): (C, 3),
                    date(2026, 12, 31): (C, 3), date(2027, 1, 1): (H, 5)}
    assert terms_on(newest, [], date(2020, 1, 1)) == newest
