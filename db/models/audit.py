"""The audit log: logins, approvals, sensitive actions and reveals of personal data.

Append-only, like the journal: database guards refuse UPDATE, DELETE and TRUNCATE.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import BIG_ID, Base, UTCDateTime


class AuditEventRow(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_actor_at", "actor", "at"),)  # audit list --staff

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str | None] = mapped_column(String(32))  # staff number; null: the system
    action: Mapped[str] = mapped_column(String(48), index=True)
    subject: Mapped[str] = mapped_column(String(64), default="", index=True)
    counter_no: Mapped[str | None] = mapped_column(String(8))
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON
