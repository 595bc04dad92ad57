"""Writing audit events from use cases."""

from __future__ import annotations

from pos.domain.audit import AuditAction, AuditEvent
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


def record(
    svc: Services, uow: UnitOfWork, actor: str | None, action: AuditAction, subject: str = "",
    **details: str | int | bool | None,
) -> None:
    uow.audit.record(AuditEvent(
        at=svc.clock.now(), actor=actor, action=action, subject=subject,
        counter_no=svc.settings.counter_no, details=details,
    ))


def record_now(
    svc: Services, actor: str | None, action: AuditAction, subject: str = "",
    **details: str | int | bool | None,
) -> None:
    """Record in a transaction of its own — for events that must outlive a refusal."""
    with svc.uow(write=True) as uow:
        record(svc, uow, actor, action, subject, **details)
        uow.commit()
