"""The cash drawer and the customer display during a sale: best effort, never in the way.

A device that fails does not stop a sale; the failure comes back as a message for the clerk
(a drawer that did not open must be opened by key — the clerk has to know).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pos.domain.audit import AuditAction
from pos.domain.devices import DeviceFailure, DisplayLamp
from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, UnitPrice
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services

log = logging.getLogger(__name__)


def show(svc: Services, lamp: DisplayLamp, amount: Money | UnitPrice | str) -> Message | None:
    """A number under a label lamp of the customer display (单价/总计/收款/找零)."""
    return _on_display(lambda: svc.display.show(lamp, str(amount)))


def clear_display(svc: Services) -> Message | None:
    """Nothing of the previous customer left on the display."""
    return _on_display(svc.display.clear)


def _on_display(action: Callable[[], None]) -> Message | None:
    try:
        action()
    except DeviceFailure as failure:
        log.warning("customer display: %s %s", failure.code, failure.detail)
        return failure.message
    return None


def kick_drawer(svc: Services) -> Message | None:
    try:
        svc.printer.open_drawer()
    except DeviceFailure as failure:
        log.warning("cash drawer: %s %s", failure.code, failure.detail)
        return Message(N_("The cash drawer did not open ({why}). Open it with its key and "
                          "tell the supervisor."), {"why": failure.message})
    return None


def open_drawer(svc: Services, operator: Operator, reason: str) -> Message | None:
    """Open the drawer without a sale (change for the float, a count): audited."""
    if not reason.strip():
        raise BadInput("drawer.reason",
                       N_("Say why the drawer is opened without a sale (--reason)."))
    authorize(svc, operator, Permission.OPEN_DRAWER, "drawer")
    audit_trail.record_now(svc, operator.staff_no, AuditAction.DRAWER_OPENED, "drawer",
                           reason=reason.strip()[:200])
    return kick_drawer(svc)
