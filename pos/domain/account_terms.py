"""An account's category and household size by effective date (docs/households.md).

A change of category (用气类别) or household size (人口数) takes effect on a date: sales before
it keep the old terms, sales from it on have the new ones.  Changes form one line — each new
one starts on or after the last — so the account carries the newest terms and the terms on any
day are found by undoing every change that takes effect after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from pos.domain.accounts import Account
from pos.domain.categories import Category


@dataclass(frozen=True)
class TermChange:
    effective_from: date
    category_before: Category
    category_after: Category
    household_size_before: int
    household_size_after: int
    staff_no: str
    recorded_at: datetime


def terms_on(account: Account, changes: Sequence[TermChange], day: date) -> Account:
    """``account`` (carrying its newest terms) with the category and household size in effect
    on ``day``; ``changes`` in the order they were recorded."""
    for change in reversed(changes):
        if change.effective_from > day:
            account = replace(account, category=change.category_before,
                              household_size=change.household_size_before)
    return account
