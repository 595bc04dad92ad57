"""Who is at the counter: login with lock-out, permission checks, supervisor approvals.

Checks happen here, in the services, whatever front end asks; every login, failed login,
refusal for lack of permission and approval is written to the audit log.
"""

from __future__ import annotations

from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput, PermissionDenied, Refused
from pos.domain.messages import N_
from pos.domain.staff import (
    Operator,
    PasswordChangeRequired,
    Permission,
    Staff,
    check_approver,
)
from pos.services.core import audit_trail
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


def login(svc: Services, staff_no: str, password: str) -> Operator:
    """Prove who a staff member is; five wrong passwords in a row lock them for 15 minutes."""
    return _authenticate(svc, staff_no.strip(), password, AuditAction.LOGIN)


def approve(
    svc: Services, approver_no: str, password: str, *, what: str, subject: str,
    reason: str, permission: Permission = Permission.APPROVE,
) -> Operator:
    """A supervisor's approval given now with their own staff number and password."""
    return _authenticate(svc, approver_no.strip(), password, AuditAction.APPROVAL,
                         required=permission, subject=subject, what=what, reason=reason)


def change_password(svc: Services, staff_no: str, old: str, new: str) -> Operator:
    """A staff member's own new password, proved by the old one (lock-out applies): the
    password rules hold, and neither the current nor the previous password comes back.
    Works when the password was reset or has expired — that is what it is for."""
    staff_no = staff_no.strip()
    svc.settings.password.rules.check(new, staff_no)
    if new == old:
        raise BadInput("password.same", N_("The new password must differ from the old one."))
    operator = _authenticate(svc, staff_no, old, AuditAction.LOGIN, changing_password=True)
    with svc.uow() as uow:
        staff = uow.staff.get(staff_no)
    assert staff is not None  # it just proved its password
    if staff.previous_password_hash and svc.passwords.verify(staff.previous_password_hash, new):
        raise BadInput("password.previous",
                       N_("The new password must not be the previous one: choose another."))
    new_hash = svc.passwords.hash(new)
    with svc.uow(write=True) as uow:
        fresh = uow.staff.get(staff_no)
        assert fresh is not None
        uow.staff.save(fresh.with_password(new_hash, svc.clock.now(), temporary=False))
        audit_trail.record(svc, uow, staff_no, AuditAction.PASSWORD_CHANGED, staff_no,
                           was_due=(fresh.password_due(svc.clock.now(),
                                                       svc.settings.password.expiry_days)
                                    or "no"))
        uow.commit()
    return operator


def authorize(svc: Services, operator: Operator, permission: Permission, subject: str = "") -> None:
    """Refuse (and audit) an operator whose role lacks ``permission``, or who was disabled
    since they signed in.  The role is the one stored now, not the one at sign-in: a demotion
    takes effect at the next step of a session still open (docs/staff.md)."""
    operator = _still_active(svc, operator, subject)
    if operator.may(permission):
        return
    audit_trail.record_now(svc, operator.staff_no, AuditAction.PERMISSION_DENIED, subject,
                           permission=permission.value, role=operator.role.value)
    raise PermissionDenied(
        "auth.permission_denied",
        N_("Staff {staff_no} ({role}) may not {action}."),
        staff_no=operator.staff_no, role=operator.role.label, action=permission.label,
    )


def check_approval(svc: Services, operator: Operator, approver: Operator, *, what: str,
                   subject: str, permission: Permission = Permission.APPROVE) -> None:
    """Refuse (and audit) an approval by the operator themselves, or by a role that may not
    give it: what needs approving always needs a second person."""
    try:
        check_approver(operator.staff_no, approver, permission)
        check_standing(svc, approver, permission)
    except Refused as refused:
        audit_trail.record_now(svc, approver.staff_no, AuditAction.APPROVAL_FAILED, subject,
                               failure=refused.code, what=what, operator=operator.staff_no)
        raise


def check_standing(svc: Services, approver: Operator,
                   permission: Permission = Permission.APPROVE) -> Operator:
    """An approver proved who they are, but may have been disabled, locked out or given
    another role since: such an approval is refused wherever it is used (docs/staff.md).
    The approver as stored now."""
    with svc.uow() as uow:
        staff = uow.staff.get(approver.staff_no)
    if staff is None or not staff.active:
        raise Refused("auth.approver_disabled",
                      N_("Staff {staff_no} is disabled and may not approve: another supervisor "
                         "must."), staff_no=approver.staff_no)
    if staff.locked_at(svc.clock.now()):
        raise Refused("auth.approver_locked",
                      N_("Staff {staff_no} is locked after wrong passwords and may not approve "
                         "now: another supervisor must, or an administrator unlocks them."),
                      staff_no=approver.staff_no)
    now_stored = Operator(approver.staff_no, approver.name, staff.role)
    check_approver("", now_stored, permission)  # a role changed since the approval
    return now_stored


def _still_active(svc: Services, operator: Operator, subject: str) -> Operator:
    """``operator`` with the role stored now; refused if disabled since signing in."""
    with svc.uow() as uow:
        staff = uow.staff.get(operator.staff_no)
    if staff is not None and not staff.active:
        audit_trail.record_now(svc, operator.staff_no, AuditAction.PERMISSION_DENIED, subject,
                               failure="disabled", role=operator.role.value)
        raise PermissionDenied("auth.disabled", N_("Staff {staff_no} is disabled and may not "
                                                   "log in or approve: ask an administrator."),
                               staff_no=operator.staff_no)
    if staff is None or staff.role is operator.role:
        return operator
    return Operator(operator.staff_no, operator.name, staff.role)


def _authenticate(
    svc: Services, staff_no: str, password: str, success: AuditAction,
    required: Permission | None = None, subject: str | None = None, *,
    changing_password: bool = False, **details: str,
) -> Operator:
    """Check the password (lock-out applies); audit the outcome about ``subject`` (the staff
    member for a login, the approved thing for an approval) and the staff member.  A disabled
    staff member is refused; a reset or expired password must be changed first."""
    with svc.uow() as uow:
        staff = uow.staff.get(staff_no)
    now = svc.clock.now()
    if staff is not None and staff.active and staff.locked_at(now):
        audit_trail.record_now(svc, staff_no, AuditAction.LOGIN_FAILED, staff_no,
                               failure="locked", **details)
        raise _locked(svc, staff)
    # Verify outside any transaction: argon2 is slow on purpose, and must not hold a lock.
    valid = staff is not None and svc.passwords.verify(staff.password_hash, password)
    with svc.uow(write=True) as uow:
        fresh = uow.staff.get(staff_no)
        if fresh is not None and valid and not fresh.active:
            audit_trail.record(svc, uow, staff_no, AuditAction.LOGIN_FAILED, staff_no,
                               failure="disabled", **details)
            uow.commit()
            raise Refused("auth.disabled", N_("Staff {staff_no} is disabled and may not log in "
                                              "or approve: ask an administrator."),
                          staff_no=staff_no)
        if fresh is None or not fresh.active or not valid:
            locked = _count_failure(svc, uow, fresh, staff_no, details)
            uow.commit()
            if locked is not None:
                raise _locked(svc, locked)
            raise Refused("auth.failed", N_("Wrong staff number or password."))
        due = fresh.password_due(now, svc.settings.password.expiry_days)
        if due is not None and not changing_password:
            uow.staff.save_login_state(fresh.after_login())
            audit_trail.record(svc, uow, staff_no, AuditAction.LOGIN_FAILED, staff_no,
                               failure=f"password {due.value}", **details)
            uow.commit()
            raise PasswordChangeRequired(staff_no, due)
        uow.staff.save_login_state(fresh.after_login(now))
        if required is not None and not fresh.may(required):
            audit_trail.record(svc, uow, staff_no, AuditAction.APPROVAL_FAILED,
                               subject or staff_no, failure="role lacks permission", **details)
            uow.commit()
            raise PermissionDenied(
                "auth.cannot_approve",
                N_("Staff {staff_no} ({role}) may not approve this: a supervisor must."),
                staff_no=staff_no, role=fresh.role.label,
            )
        audit_trail.record(svc, uow, staff_no, success, subject or staff_no, **details)
        uow.commit()
    return Operator(fresh.staff_no, fresh.name, fresh.role)


def _count_failure(
    svc: Services, uow: UnitOfWork, staff: Staff | None, staff_no: str, details: dict[str, str],
) -> Staff | None:
    audit_trail.record(svc, uow, staff_no, AuditAction.LOGIN_FAILED, staff_no,
                       failure="unknown staff" if staff is None else "wrong password",
                       **details)
    if staff is None or not staff.active:
        return None
    after = staff.after_failed_login(svc.clock.now())
    uow.staff.save_login_state(after)
    if after.locked_until is not None:
        audit_trail.record(svc, uow, staff_no, AuditAction.LOGIN_LOCKED, staff_no)
        return after
    return None


def _locked(svc: Services, staff: Staff) -> Refused:
    assert staff.locked_until is not None
    until = staff.locked_until.astimezone(svc.settings.timezone)
    return Refused(
        "auth.locked",
        N_("Staff {staff_no} is locked after five wrong passwords until {until}; wait, or ask "
           "an administrator."),
        staff_no=staff.staff_no, until=until.strftime("%H:%M"),
    )
