"""Adding staff members (administrators only; the very first is the first administrator)."""

from __future__ import annotations

from pos.domain.accounts import check_name, check_number
from pos.domain.audit import AuditAction
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.staff import Operator, Permission, Role, Staff
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services


def add_staff(
    svc: Services, operator: Operator | None, *, staff_no: str, name: str, role: Role,
    password: str,
) -> Staff:
    staff_no = check_number(staff_no, N_("staff number"))
    name = check_name(name)
    svc.settings.password.rules.check(password, staff_no)
    if operator is not None:
        authorize(svc, operator, Permission.MANAGE_STAFF, staff_no)
    password_hash = svc.passwords.hash(password)
    with svc.uow(write=True) as uow:
        first = uow.staff.count() == 0
        if first and role is not Role.ADMIN:
            raise Refused("staff.first_must_be_admin",
                          N_("The first staff member must be an administrator (--role admin)."))
        if not first and operator is None:
            raise Refused("auth.required",
                          N_("Log in as an administrator (--operator) to add staff."))
        if uow.staff.get(staff_no) is not None:
            raise Refused("staff.exists", N_("Staff number {staff_no} is taken."),
                          staff_no=staff_no)
        staff = Staff(staff_no, name, role, password_hash)
        uow.staff.add(staff, at=svc.clock.now())
        audit_trail.record(svc, uow, operator.staff_no if operator else None,
                           AuditAction.STAFF_ADDED, staff_no, role=role.value,
                           first_administrator=first)
        uow.commit()
    return staff
