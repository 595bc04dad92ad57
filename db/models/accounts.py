"""Accounts (one per household or business), their meters and their IC cards."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime


class AccountRow(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        # ``account find`` by a fragment of a name or a phone number (``LIKE '%…%'``) among a
        # million households: trigram indexes, PostgreSQL only (SQLite scans; docs/performance.md)
        Index("ix_accounts_name_trgm", "name", postgresql_using="gin",
              postgresql_ops={"name": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
        Index("ix_accounts_phone_trgm", "phone", postgresql_using="gin",
              postgresql_ops={"phone": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
        # ... and of two characters (a surname and a given name: too short for a trigram), by
        # the name's two-character substrings (``gaspos_bigrams``, created by migration 0012)
        Index("ix_accounts_name_bigrams", text("gaspos_bigrams(name)"),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
        # ... and by the start of an account number: ``LIKE '…%'`` uses a B-tree only in the C
        # collation, which a PostgreSQL database in any other locale (C.UTF-8 too) is not
        Index("ix_accounts_account_no_pattern", "account_no",
              postgresql_ops={"account_no": "varchar_pattern_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    id_number: Mapped[str] = mapped_column(String(32), default="")
    category: Mapped[str] = mapped_column(String(16))
    household_size: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16))
    opening_cumulative_m3x100: Mapped[int] = mapped_column(default=0)
    opening_purchase_seq: Mapped[int] = mapped_column(default=0)  # from a previous system
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # the opening position brought from a previous system (docs/going-live.md): the volume
    # bought in the tier cycle of ``opening_as_of``, and a prepaid balance (+) or arrears (−)
    opening_cycle_m3x100: Mapped[int] = mapped_column(BigInteger, default=0)
    opening_as_of: Mapped[date | None] = mapped_column(Date)
    opening_balance_fen: Mapped[int] = mapped_column(BigInteger, default=0)


class MeterRow(Base):
    __tablename__ = "meters"
    __table_args__ = (
        # one active meter per account
        Index("uq_meters_active_account", "account_id", unique=True,
              sqlite_where=text("state = 'active'"), postgresql_where=text("state = 'active'")),
        # ``account find`` by the start of a meter number (see accounts' pattern index)
        Index("ix_meters_meter_no_pattern", "meter_no",
              postgresql_ops={"meter_no": "varchar_pattern_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meter_no: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    vendor: Mapped[str] = mapped_column(String(60), default="")
    model: Mapped[str] = mapped_column(String(60), default="")
    max_stock_m3x100: Mapped[int]
    alarm_level_m3x100: Mapped[int]
    state: Mapped[str] = mapped_column(String(16))
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    final_reading_m3x100: Mapped[int | None]
    remaining_at_removal_m3x100: Mapped[int | None]
    key_version: Mapped[int | None]  # as a previous system knew it
    opening_reading_m3x100: Mapped[int | None] = mapped_column(BigInteger)  # its last reading


class CardRow(Base):
    __tablename__ = "cards"
    __table_args__ = (
        # one active card per account
        Index("uq_cards_active_account", "account_id", unique=True,
              sqlite_where=text("state = 'active'"), postgresql_where=text("state = 'active'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_no: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"))
    chip: Mapped[str] = mapped_column(String(16))  # e.g. sle4442
    profile: Mapped[str] = mapped_column(String(32))  # the card layout, e.g. open-sle4442-v1
    key_version: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the record the counter last wrote and read back on this card (docs/security.md); None
    # on cards from before the ledger kept it
    known_seq: Mapped[int | None]
    known_cumulative_m3x100: Mapped[int | None] = mapped_column(BigInteger)
    known_pending_m3x100: Mapped[int | None] = mapped_column(BigInteger)
    known_meter_no: Mapped[str | None] = mapped_column(String(32))
    rolled_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a copy seen


class CardWriteRow(Base):
    """A write to a card, recorded before the card was touched, and how it ended."""

    __tablename__ = "card_writes"
    __table_args__ = (Index("ix_card_writes_card_open", "card_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    purpose: Mapped[str] = mapped_column(String(16))  # sale, void, restore, rekey
    order_no: Mapped[str | None] = mapped_column(String(32))
    target_seq: Mapped[int]
    target_cumulative_m3x100: Mapped[int] = mapped_column(BigInteger)
    target_pending_m3x100: Mapped[int] = mapped_column(BigInteger)
    target_meter_no: Mapped[str] = mapped_column(String(32))
    staff_no: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))  # proven, abandoned


class MeterReportRow(Base):
    """What a meter wrote back onto the card, as read at the counter (回抄)."""

    __tablename__ = "meter_reports"
    __table_args__ = (Index("ix_meter_reports_meter_no", "meter_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    meter_no: Mapped[str] = mapped_column(String(32))
    card_no: Mapped[str] = mapped_column(String(32))
    meter_seq: Mapped[int]
    remaining_m3x100: Mapped[int]
    cumulative_use_m3x100: Mapped[int]
    alarms: Mapped[str] = mapped_column(String(100), default="")
    read_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MeterChangeRow(Base):
    """换表: the old meter's last words and the gas carried to the new one."""

    __tablename__ = "meter_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    old_meter_no: Mapped[str] = mapped_column(String(32))
    new_meter_no: Mapped[str] = mapped_column(String(32))
    final_reading_m3x100: Mapped[int]
    remaining_m3x100: Mapped[int]
    credit_order_no: Mapped[str | None] = mapped_column(String(32))
    staff_no: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    # what the ledger could vouch for (the last report plus gas sold since); carrying more
    # needs a supervisor, a reason and the old meter's reading as evidence
    bound_m3x100: Mapped[int | None] = mapped_column(BigInteger)
    approver_no: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
