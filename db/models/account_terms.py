"""An account's category and household size over time (docs/households.md)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime


class AccountTermChangeRow(Base):
    """One change of category or household size, from ``effective_from`` on."""

    __tablename__ = "account_term_changes"
    __table_args__ = (Index("ix_account_term_changes_account", "account_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    effective_from: Mapped[date]
    category_before: Mapped[str] = mapped_column(String(16))
    category_after: Mapped[str] = mapped_column(String(16))
    household_size_before: Mapped[int]
    household_size_after: Mapped[int]
    staff_no: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
