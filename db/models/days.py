"""Business days (营业日): one per counter and date; at most one not yet closed; their counts,
closes and deposit slips (append-only; db.guards)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime


class BusinessDayRow(Base):
    __tablename__ = "business_days"
    __table_args__ = (
        UniqueConstraint("counter_id", "business_date"),
        Index("uq_business_days_unclosed_counter", "counter_id", unique=True,
              sqlite_where=text("state != 'closed'"), postgresql_where=text("state != 'closed'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    business_date: Mapped[date]
    state: Mapped[str] = mapped_column(String(16))
    float_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_by: Mapped[str | None] = mapped_column(String(32))  # null: opened by the system
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settled_by: Mapped[str | None] = mapped_column(String(32))
    counted_fen: Mapped[int | None] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(32))
    kept_float_fen: Mapped[int | None] = mapped_column(BigInteger)
    chain_head: Mapped[str | None] = mapped_column(String(64))  # journal head hash at close


class DrawerCountRow(Base):
    """A count of the drawer (交接班 or 日结); append-only, the latest settle count is the day's."""

    __tablename__ = "drawer_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("business_days.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    staff_no: Mapped[str] = mapped_column(String(32))
    to_staff: Mapped[str | None] = mapped_column(String(32))
    blind: Mapped[bool] = mapped_column(default=False)
    expected_fen: Mapped[int] = mapped_column(BigInteger)
    counted_fen: Mapped[int] = mapped_column(BigInteger)
    denominations: Mapped[str] = mapped_column(Text)  # "100:12,50:3"
    reason: Mapped[str | None] = mapped_column(String(200))
    approver: Mapped[str | None] = mapped_column(String(32))


class DayCloseRow(Base):
    """What a day's close stored once: its totals (canonical JSON) and the journal's head."""

    __tablename__ = "day_closes"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("business_days.id"), unique=True)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by: Mapped[str] = mapped_column(String(32))
    opening_float_fen: Mapped[int] = mapped_column(BigInteger)
    expected_fen: Mapped[int] = mapped_column(BigInteger)
    counted_fen: Mapped[int] = mapped_column(BigInteger)
    kept_float_fen: Mapped[int] = mapped_column(BigInteger)
    chain_seq: Mapped[int] = mapped_column(BigInteger)
    chain_head: Mapped[str] = mapped_column(String(64))
    totals: Mapped[str] = mapped_column(Text)


class DepositSlipRow(Base):
    """缴款单: cash taken to the bank, for one or more closed days."""

    __tablename__ = "deposit_slips"

    id: Mapped[int] = mapped_column(primary_key=True)
    slip_no: Mapped[str] = mapped_column(String(32), unique=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    deposit_date: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str] = mapped_column(String(32))


class DepositSlipDayRow(Base):
    __tablename__ = "deposit_slip_days"

    slip_id: Mapped[int] = mapped_column(ForeignKey("deposit_slips.id"), primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("business_days.id"), primary_key=True,
                                        unique=True)  # a day's cash is deposited once
