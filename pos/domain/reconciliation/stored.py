"""What the reconciliation's storage hands back: an import's record, an item as stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pos.domain.statements.model import Source


@dataclass(frozen=True)
class ImportRecord:
    id: int
    source: Source
    format: str
    file_name: str
    sha256: str
    imported_at: datetime
    imported_by: str
    lines_in_file: int
    lines_added: int


@dataclass(frozen=True)
class StoredItem:
    """A reconciliation item as stored: its columns for filtering, the rest as JSON."""

    key: str
    status: str
    level: str
    channel: str
    on_date: date | None
    amount_statement_fen: int | None
    amount_ledger_fen: int | None
    difference_fen: int | None
    caused_by: str | None
    document: str
