"""Imported statements (the raw file and its SHA-256 kept), their lines (one row per identity
per source: a re-import adds nothing), saved column mappings, and the months' reconciliation:
its state, its items (replaced by each run until the month locks) and their resolutions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import BIG_ID, Base, UTCDateTime


class StatementImportRow(Base):
    __tablename__ = "statement_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(48))
    encoding: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(32))
    lines_in_file: Mapped[int]
    lines_added: Mapped[int]


class StatementLineRow(Base):
    __tablename__ = "statement_lines"
    __table_args__ = (
        UniqueConstraint("source", "identity"),
        Index("ix_statement_lines_value_date", "value_date"),
    )

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("statement_imports.id"))
    source: Mapped[str] = mapped_column(String(16))
    identity: Mapped[str] = mapped_column(String(255))
    line_no: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    value_date: Mapped[date]
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    fee_fen: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(32))
    order_no: Mapped[str | None] = mapped_column(String(64), index=True)
    provider_ref: Mapped[str | None] = mapped_column(String(64))
    refund_no: Mapped[str | None] = mapped_column(String(64))
    provider_refund_ref: Mapped[str | None] = mapped_column(String(64))
    counterparty: Mapped[str | None] = mapped_column(String(128))
    memo: Mapped[str | None] = mapped_column(String(255))
    terminal: Mapped[str | None] = mapped_column(String(64))
    voucher: Mapped[str | None] = mapped_column(String(64))
    balance_fen: Mapped[int | None] = mapped_column(BigInteger)
    raw: Mapped[str] = mapped_column(Text)  # JSON [[header, cell], ...]


class ColumnMappingRow(Base):
    __tablename__ = "column_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    definition: Mapped[str] = mapped_column(Text)  # JSON (pos.domain.statements.mapped)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(String(32))


class MonthRow(Base):
    """A reconciliation month: open → reconciling → locked."""

    __tablename__ = "months"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-MM
    state: Mapped[str] = mapped_column(String(16))
    reconciled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_by: Mapped[str | None] = mapped_column(String(32))


class ReconItemRow(Base):
    __tablename__ = "recon_items"
    __table_args__ = (UniqueConstraint("month_id", "key"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("months.id"), index=True)
    key: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(24))
    level: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[date | None]
    amount_statement_fen: Mapped[int | None] = mapped_column(BigInteger)
    amount_ledger_fen: Mapped[int | None] = mapped_column(BigInteger)
    difference_fen: Mapped[int | None] = mapped_column(BigInteger)
    caused_by: Mapped[str | None] = mapped_column(String(128))
    document: Mapped[str] = mapped_column(Text)  # JSON: identities, refs, evidence, score


class ReconResolutionRow(Base):
    """How finance resolved an item (append-only; the latest for a key stands)."""

    __tablename__ = "recon_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("months.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(16))  # explain, carry, link
    entry_seq: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(String(500))
    resolved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str] = mapped_column(String(32))
