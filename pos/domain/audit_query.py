"""What the audit log is searched by (docs/audit.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput
from pos.domain.messages import N_

MAX_EVENTS = 10_000  # one listing or export: narrow the filters for more


@dataclass(frozen=True)
class AuditQuery:
    staff_no: str | None = None  # who acted
    subject: str | None = None  # an account, card, order, staff or counter number
    action: AuditAction | None = None
    since: datetime | None = None  # from this instant
    until: datetime | None = None  # to before this instant
    limit: int = MAX_EVENTS  # the newest ones when more match
    subjects: tuple[str, ...] = ()  # any of these (with ``subject``: both must hold)


def parse_action(text: str) -> AuditAction:
    try:
        return AuditAction(text.strip().lower())
    except ValueError:
        raise BadInput("audit.action", N_("Unknown audit action “{text}”: use one of {choices}."),
                       text=text, choices=", ".join(a.value for a in AuditAction)) from None
