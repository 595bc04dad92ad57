"""Business days (营业日): one per counter and date; at most one not yet closed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint, text
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
