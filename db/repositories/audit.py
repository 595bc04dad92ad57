"""The audit log (append-only)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.models import AuditEventRow
from pos.domain.audit import AuditAction, AuditEvent
from pos.domain.audit_query import AuditQuery


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
        return [_event(r) for r in rows]

    def count(self, action: AuditAction, counter_no: str, start: datetime, end: datetime) -> int:
        """How often ``action`` happened at ``counter_no`` from ``start`` to ``end``."""
        return int(self._session.scalar(
            select(func.count()).select_from(AuditEventRow).where(
                AuditEventRow.action == action.value, AuditEventRow.counter_no == counter_no,
                AuditEventRow.at >= start, AuditEventRow.at <= end)) or 0)

    def find(self, query: AuditQuery) -> Sequence[AuditEvent]:
        """Newest first up to the limit, then turned oldest first; each filter has its index
        (actor and time, action, subject, time)."""
        statement = select(AuditEventRow)
        if query.staff_no is not None:
            statement = statement.where(AuditEventRow.actor == query.staff_no)
        if query.subject is not None:
            statement = statement.where(AuditEventRow.subject == query.subject)
        if query.subjects:
            statement = statement.where(AuditEventRow.subject.in_(query.subjects))
        if query.action is not None:
            statement = statement.where(AuditEventRow.action == query.action.value)
        if query.since is not None:
            statement = statement.where(AuditEventRow.at >= query.since)
        if query.until is not None:
            statement = statement.where(AuditEventRow.at < query.until)
        rows = self._session.scalars(
            statement.order_by(AuditEventRow.id.desc()).limit(query.limit))
        return [_event(r) for r in reversed(list(rows))]


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(row.at, row.actor, AuditAction(row.action), row.subject, row.counter_no,
                      json.loads(row.details))
