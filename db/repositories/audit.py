"""The audit log (append-only)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.models import AuditEventRow
from pos.domain.audit import AuditAction, AuditEvent


class SqlAuditLog:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, event: AuditEvent) -> None:
        self._session.execute(insert(AuditEventRow).values(
            at=event.at, actor=event.actor, action=event.action.value, subject=event.subject,
            counter_no=event.counter_no,
            details=json.dumps(dict(event.details), ensure_ascii=False, sort_keys=True),
        ))

    def about(self, subject: str) -> Sequence[AuditEvent]:
        rows = self._session.scalars(
            select(AuditEventRow).where(AuditEventRow.subject == subject)
            .order_by(AuditEventRow.id))
        return [
            AuditEvent(r.at, r.actor, AuditAction(r.action), r.subject, r.counter_no,
                       json.loads(r.details))
            for r in rows
        ]

    def count(self, action: AuditAction, counter_no: str, start: datetime, end: datetime) -> int:
        """How often ``action`` happened at ``counter_no`` from ``start`` to ``end``."""
        return int(self._session.scalar(
            select(func.count()).select_from(AuditEventRow).where(
                AuditEventRow.action == action.value, AuditEventRow.counter_no == counter_no,
                AuditEventRow.at >= start, AuditEventRow.at <= end)) or 0)
