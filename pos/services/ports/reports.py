"""The aggregate queries behind the reports above a hall (a port; db implements it).

Each is one query over the whole period and scope — never one per day or per counter — so a
company's month stays quick on a large journal.  ``hall`` ``None`` is the whole company."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from pos.domain.reports.facts import CounterDay, EntrySum, SalesSum


class ReportQueries(Protocol):
    def counter_days(self, first: date, last: date, hall: str | None) -> list[CounterDay]:
        """Every counter's day from ``first`` to ``last``: its hall, state, close and deposit
        slip; a closed day carries the totals stored at its close, a day not closed empty
        totals (see :meth:`unclosed_sums`)."""
        ...

    def unclosed_sums(self, first: date, last: date, hall: str | None) -> list[EntrySum]:
        """The journal of the days not closed yet, summed by day, kind, channel and sign."""
        ...

    def sales_by_category(self, first: date, last: date, hall: str | None) -> list[SalesSum]:
        """The closed days' completed sales and voids by counter and customer category
        (``unrecorded`` for imported history whose sale is not on record)."""
        ...

    def sales_by_tier(self, first: date, last: date, hall: str | None) -> list[SalesSum]:
        """The closed days' completed sales and voids by counter and tier (a sale over two
        tiers counts in both)."""
        ...
