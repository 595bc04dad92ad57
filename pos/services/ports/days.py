"""The business days' storage as the day-closing use cases need it (a port; db implements it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Protocol

from pos.domain.day.business_day import BusinessDay, DayClose, DepositSlip, DrawerCount
from pos.domain.quantities import Money


class BusinessDays(Protocol):
    def current(self, counter_no: str, *, lock: bool = False) -> BusinessDay | None:
        """The counter's day that is not closed, if any; ``lock`` holds it to the end of the
        transaction, so a posting and the close of that day never interleave."""
        ...

    def get(self, counter_no: str, business_date: date) -> BusinessDay | None: ...

    def on(self, business_date: date) -> list[BusinessDay]:
        """Every counter's day of ``business_date``."""
        ...

    def last_closed(self, counter_no: str) -> BusinessDay | None: ...

    def open(self, counter_no: str, business_date: date, opening_float: Money, *,
             at: datetime, by: str | None) -> BusinessDay: ...

    def settle(self, day: BusinessDay, count: DrawerCount) -> None: ...

    def close(self, day: BusinessDay, close: DayClose) -> None: ...

    def record_count(self, day: BusinessDay, count: DrawerCount) -> None: ...

    def counts(self, day: BusinessDay) -> list[DrawerCount]: ...

    def close_of(self, day: BusinessDay) -> DayClose | None: ...

    def closes(self) -> Iterator[tuple[BusinessDay, DayClose | None]]:
        """Every closed day and its stored close (``None`` when missing or unreadable)."""
        ...

    def add_deposit(self, slip: DepositSlip) -> None: ...

    def deposit_of(self, day: BusinessDay) -> str | None: ...

    def deposit(self, slip_no: str) -> DepositSlip | None: ...
