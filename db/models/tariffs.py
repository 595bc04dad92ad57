"""Tariff versions (by category and effective date) and their tiers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, UTCDateTime


class TariffVersionRow(Base):
    __tablename__ = "tariff_versions"
    __table_args__ = (UniqueConstraint("category", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(16))
    effective_from: Mapped[date]
    cycle_start_month: Mapped[int] = mapped_column(default=1)
    # {"base_size": 4, "per_person_m3x100": [10000]} or null
    household_allowance: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str | None] = mapped_column(String(32))
    tiers: Mapped[list[TariffTierRow]] = relationship(
        order_by="TariffTierRow.position", cascade="all, delete-orphan", lazy="selectin")


class TariffTierRow(Base):
    __tablename__ = "tariff_tiers"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_versions.id"))
    position: Mapped[int]  # 1, 2, 3 …
    start_m3x100: Mapped[int]
    unit_price_x10000: Mapped[int]  # yuan per m³ × 10,000
