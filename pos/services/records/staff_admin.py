"""Staff administration (docs/staff.md): who works here, in which role, and in what state —
list and show, disable and enable, unlock, reset a password, change a role.

Administrators only (``Permission.MANAGE_STAFF``); every change is audited with what it was
before and after.  Nobody disables themselves, and the last active administrator is neither
disabled nor demoted.  A staff row is never deleted: sales and the journal keep its number.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, replace
from datetime import datetime

from pos.domain.audit import AuditAction
from pos.domain.errors import NotFound, Refused
from pos.domain.messages import N_
from pos.domain.staff import Operator, PasswordDue, Permission, Role, Staff, StaffState
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


@dataclass(frozen=True)
class StaffView:
    """One row of the staff table, without the password hash."""

    staff_no: str
    name: str
    role: Role
    state: StaffState
    locked_until: datetime | None
    failed_logins: int
    last_login_at: datetime | None
    password_changed_at: datetime | None
    password_due: PasswordDue | None

    def as_json(self) -> dict[str, str | int | None]:
        return {
            "staff_no": self.staff_no, "name": self.name, "role": self.role.value,
            "state": self.state.value,
            "locked_until": _iso(self.locked_until), "failed_logins": self.failed_logins,
            "last_login_at": _iso(self.last_login_at),
            "password_changed_at": _iso(self.password_changed_at),
            "password_due": self.password_due.value if self.password_due else None,
        }


@dataclass(frozen=True)
class PasswordReset:
    staff_no: str
    temporary: str  # shown once to the administrator, never stored
    generated: bool


def list_staff(svc: Services, operator: Operator) -> list[StaffView]:
    authorize(svc, operator, Permission.MANAGE_STAFF)
    with svc.uow() as uow:
        return [_view(svc, staff) for staff in uow.staff.all()]


def show_staff(svc: Services, operator: Operator, staff_no: str) -> StaffView:
    authorize(svc, operator, Permission.MANAGE_STAFF, staff_no)
    with svc.uow() as uow:
        return _view(svc, _known(uow, staff_no))


def disable(svc: Services, operator: Operator, staff_no: str) -> StaffView:
    """A leaver (or a suspicion): no login and no approval from now on; history stays."""
    authorize(svc, operator, Permission.MANAGE_STAFF, staff_no)
    if staff_no.strip() == operator.staff_no:
        raise Refused("staff.disable_self",
                      N_("You cannot disable yourself: another administrator must."))
    with svc.uow(write=True) as uow:
        staff = _known(uow, staff_no)
        if not staff.active:
            raise Refused("staff.already_disabled", N_("Staff {staff_no} is already disabled."),
                          staff_no=staff.staff_no)
        _keep_an_administrator(uow, staff, staff.role)
        return _change(svc, uow, operator, staff, replace(staff, active=False),
                       AuditAction.STAFF_DISABLED, active=(True, False))


def enable(svc: Services, operator: Operator, staff_no: str) -> StaffView:
    authorize(svc, operator, Permission.MANAGE_STAFF, staff_no)
    with svc.uow(write=True) as uow:
        staff = _known(uow, staff_no)
        if staff.active:
            raise Refused("staff.already_active", N_("Staff {staff_no} is already active."),
                          staff_no=staff.staff_no)
        return _change(svc, uow, operator, staff, replace(staff, active=True),
                       AuditAction.STAFF_ENABLED, active=(False, True))


def unlock(svc: Services, operator: Operator, staff_no: str) -> StaffView:
    """Clear the lock after wrong passwords (and the count of them)."""
    authorize(svc, operator, Permission.MANAGE_STAFF, staff_no)
    with svc.uow(write=True) as uow:
        staff = _known(uow, staff_no)
        if not staff.locked_at(svc.clock.now()) and staff.failed_logins == 0:
            raise Refused("staff.not_locked", N_("Staff {staff_no} is not locked."),
                          staff_no=staff.staff_no)
        until = staff.locked_until.isoformat() if staff.locked_until else None
        return _change(svc, uow, operator, staff,
                       replace(staff, failed_logins=0, locked_until=None),
                       AuditAction.STAFF_UNLOCKED, locked_until=(until, None),
                       failed_logins=(staff.failed_logins, 0))


def change_role(svc: Services, operator: Operator, staff_no: str, role: Role) -> StaffView:
    authorize(svc, operator, Permission.MANAGE_STAFF, staff_no)
    with svc.uow(write=True) as uow:
        staff = _known(uow, staff_no)
        if staff.role is role:
            raise Refused("staff.same_role", N_("Staff {staff_no} is already {role}."),
                          staff_no=staff.staff_no, role=role.label)
        if staff.active and role is not Role.ADMIN:
            _keep_an_administrator(uow, staff, staff.role)
        return _change(svc, uow, operator, staff, replace(staff, role=role),
                       AuditAction.STAFF_ROLE_CHANGED, role=(staff.role.value, role.value))


def reset_password(svc: Services, operator: Operator, staff_no: str,
                   temporary: str | None = None) -> PasswordReset:
    """A temporary password (given, or generated and shown once), to be changed at the next
    login; it also clears a lock.  The old password no longer works."""
    authorize(svc, operator, Permission.MANAGE_STAFF, staff_no)
    staff_no = staff_no.strip()
    with svc.uow() as uow:
        _known(uow, staff_no)
    rules = svc.settings.password.rules
    generated = temporary is None
    password = temporary if temporary is not None else generate(rules.min_length)
    rules.check(password, staff_no)
    new_hash = svc.passwords.hash(password)  # slow: outside the transaction
    with svc.uow(write=True) as uow:
        staff = _known(uow, staff_no)
        _change(svc, uow, operator, staff,
                staff.with_password(new_hash, svc.clock.now(), temporary=True),
                AuditAction.STAFF_PASSWORD_RESET, must_change_password=(
                    staff.must_change_password, True), generated=generated)
    return PasswordReset(staff_no, password, generated)


def generate(length: int) -> str:
    """A temporary password of letters and digits (both, whatever the rules), easy to read
    aloud: no 0/O, 1/l/I."""
    letters = "".join(c for c in string.ascii_letters if c not in "OlI")
    digits = "23456789"
    size = max(length, 10)
    while True:
        word = "".join(secrets.choice(letters + digits) for _ in range(size))
        if any(c in digits for c in word) and any(c in letters for c in word):
            return word


def _known(uow: UnitOfWork, staff_no: str) -> Staff:
    staff = uow.staff.get(staff_no.strip())
    if staff is None:
        raise NotFound("staff.unknown", N_("No staff member {staff_no}: see gaspos staff list."),
                       staff_no=staff_no.strip())
    return staff


def _keep_an_administrator(uow: UnitOfWork, staff: Staff, role: Role) -> None:
    """``staff`` stops being an active administrator: refused if they are the last one."""
    if role is not Role.ADMIN or not staff.active:
        return
    others = [s for s in uow.staff.all(lock=True)
              if s.role is Role.ADMIN and s.active and s.staff_no != staff.staff_no]
    if not others:
        raise Refused("staff.last_admin",
                      N_("Staff {staff_no} is the last active administrator: make another "
                         "administrator first."), staff_no=staff.staff_no)


def _change(svc: Services, uow: UnitOfWork, operator: Operator, before: Staff, after: Staff,
            action: AuditAction, *, generated: bool | None = None,
            **changes: tuple[object, object]) -> StaffView:
    """Save and audit: each change as ``<key>_before`` and ``<key>_after``."""
    uow.staff.save(after)
    details: dict[str, str | int | bool | None] = {}
    if generated is not None:
        details["generated"] = generated
    for key, (old, new) in changes.items():
        details[f"{key}_before"] = _detail(old)
        details[f"{key}_after"] = _detail(new)
    audit_trail.record(svc, uow, operator.staff_no, action, before.staff_no, **details)
    uow.commit()
    return _view(svc, after)


def _detail(value: object) -> str | int | bool | None:
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def _view(svc: Services, staff: Staff) -> StaffView:
    now = svc.clock.now()
    return StaffView(staff.staff_no, staff.name, staff.role, staff.state_at(now),
                     staff.locked_until if staff.locked_at(now) else None, staff.failed_logins,
                     staff.last_login_at, staff.password_changed_at,
                     staff.password_due(now, svc.settings.password.expiry_days))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
