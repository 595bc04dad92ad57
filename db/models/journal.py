"""The journal table: append-only, one hash chain per database (pos.domain.journal).

Entries name counters, accounts and sales by their numbers, not by row ids, so the journal
reads on its own.  ``seq`` is given by the appender under a database-wide lock; ``prev_hash``
is unique, so even without the lock two entries could never claim the same predecessor.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import BIG_ID, Base, UTCDateTime


class JournalRow(Base):
    __tablename__ = "journal_entries"
    __table_args__ = (
        Index("ix_journal_entries_day", "business_date", "counter_no"),
    )

    seq: Mapped[int] = mapped_column(BIG_ID, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    business_date: Mapped[date | None]
    counter_no: Mapped[str | None] = mapped_column(String(8))
    account_no: Mapped[str | None] = mapped_column(String(32), index=True)
    sale_no: Mapped[str | None] = mapped_column(String(32), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    volume_m3x100: Mapped[int] = mapped_column(BigInteger)
    channel: Mapped[str | None] = mapped_column(String(16))
    ref: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class LedgerCheckpointRow(Base):
    """Where a ``ledger verify`` that found everything intact stopped (docs/journal.md): the
    next one, unless ``--full``, proves this entry unchanged and walks only what came after.
    Append-only, guarded like the journal."""

    __tablename__ = "ledger_checkpoints"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)  # the last entry verified
    hash: Mapped[str] = mapped_column(String(64))  # its hash, as that verify recomputed it
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    verified_by: Mapped[str] = mapped_column(String(64))  # the operator given, or the OS user
    counter_no: Mapped[str | None] = mapped_column(String(8))
    full: Mapped[bool]  # a --full walk, or an incremental one
