"""Storage of statements and reconciliation months (a port; db implements it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from pos.domain.reconciliation.month import MonthState, Resolution
from pos.domain.reconciliation.stored import ImportRecord, StoredItem
from pos.domain.statements.model import Source, StatementLine


class Statements(Protocol):
    def add(self, *, source: Source, format: str, encoding: str, file_name: str, sha256: str,
            content: bytes, at: datetime, by: str,
            lines: Sequence[StatementLine]) -> ImportRecord:
        """Keep the file and the lines whose identity is new for their source."""
        ...

    def imports(self) -> list[ImportRecord]: ...

    def lines_between(self, first: date, last: date, *,
                      cells: bool = True) -> list[StatementLine]:
        """The lines booked from ``first`` to ``last``; without their cells (``raw`` empty)
        unless ``cells``: matching never reads them."""
        ...

    def save_mapping(self, name: str, definition: str, *, at: datetime, by: str) -> None: ...

    def mapping(self, name: str) -> str | None: ...

    def mapping_names(self) -> list[str]: ...


class Months(Protocol):
    def state(self, month: str) -> MonthState | None: ...

    def names(self, state: MonthState) -> list[str]:
        """The months in ``state``, oldest first."""
        ...

    def set_state(self, month: str, state: MonthState, *, at: datetime,
                  by: str | None = None) -> None:
        """Create the month if needed and move it (the domain has checked the move)."""
        ...

    def replace_items(self, month: str, items: Sequence[StoredItem]) -> None: ...

    def items(self, month: str) -> list[StoredItem]: ...

    def add_resolution(self, month: str, resolution: Resolution) -> None: ...

    def resolutions(self, month: str) -> list[Resolution]: ...
