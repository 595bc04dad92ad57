"""Reading the audit log (supervisors and administrators): who did what, to what, when — listed
with filters and exported as XLSX (docs/audit.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pos.domain.audit import AuditAction, AuditEvent
from pos.domain.audit_query import MAX_EVENTS, AuditQuery
from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.staff import Operator, Permission
from pos.services.core.auth import authorize
from pos.services.core.context import Services


@dataclass(frozen=True)
class AuditFilter:
    """What a person filters by: local dates, inclusive."""

    staff_no: str | None = None
    account_no: str | None = None  # or any subject: a card, order, staff or counter number
    action: AuditAction | None = None
    first: date | None = None
    last: date | None = None
    limit: int = MAX_EVENTS


def audit_events(svc: Services, operator: Operator, wanted: AuditFilter) -> list[AuditEvent]:
    authorize(svc, operator, Permission.READ_AUDIT, "audit")
    if wanted.first is not None and wanted.last is not None and wanted.first > wanted.last:
        raise BadInput("audit.dates", N_("The first day ({first}) is after the last ({last})."),
                       first=wanted.first.isoformat(), last=wanted.last.isoformat())
    if not 1 <= wanted.limit <= MAX_EVENTS:
        raise BadInput("audit.limit", N_("List 1 to {max} events at a time."), max=MAX_EVENTS)
    query = AuditQuery(
        staff_no=_blank_none(wanted.staff_no), subject=_blank_none(wanted.account_no),
        action=wanted.action,
        since=svc.start_of(wanted.first) if wanted.first else None,
        until=svc.start_of(wanted.last + timedelta(days=1)) if wanted.last else None,
        limit=wanted.limit)
    with svc.reading() as uow:  # the replica when one is set (it may lag)
        return list(uow.audit.find(query))


def describe(event: AuditEvent) -> str:
    """The event's details as one line of ``key=value`` (JSON for values with spaces)."""
    return " ".join(f"{k}={_show(v)}" for k, v in sorted(event.details.items()))


def audit_xlsx(svc: Services, events: list[AuditEvent]) -> bytes:
    from receipts.reports.tables import Table, workbook  # openpyxl: when asked for

    language = svc.settings.language

    def t(msgid: str) -> str:
        return Message(msgid).render(language)

    rows = [[e.at.astimezone(svc.settings.timezone).strftime("%Y-%m-%d %H:%M:%S"),
             e.actor or "—", e.action.value, e.action.label.render(language), e.subject,
             e.counter_no or "", describe(e)] for e in events]
    title = t(N_("Audit log"))
    return workbook([Table(title, [t(N_("Time")), t(N_("Staff no.")), t(N_("Action")),
                                   t(N_("What happened")), t(N_("Subject")), t(N_("Counter")),
                                   t(N_("Details"))], rows)], title=title)


def export_audit(svc: Services, operator: Operator, wanted: AuditFilter, out: Path, *,
                 force: bool = False) -> int:
    """Write the matching events to ``out`` (XLSX); how many were written."""
    if out.suffix.lower() != ".xlsx":
        raise BadInput("audit.out", N_("The audit log is exported as XLSX: name a .xlsx file."))
    events = audit_events(svc, operator, wanted)
    svc.files.write_new(out, audit_xlsx(svc, events), force=force)
    return len(events)


def _blank_none(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def _show(value: object) -> str:
    text = "" if value is None else str(value)
    return json.dumps(text, ensure_ascii=False) if not text or " " in text else text
