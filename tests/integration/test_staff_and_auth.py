"""Logging in, lock-out, approvals and permission checks — in the services, audited."""

from __future__ import annotations

import pytest

from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.errors import PermissionDenied, Refused
from pos.domain.staff import Permission, Role
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.records.accounts import add_account
from pos.services.records.staff import add_staff
from tests.support.clock import FixedClock
from tests.support.services import TEST_PASSWORD
from tests.support.services import add_staff as seed_staff


def audit_actions(svc: Services, subject: str) -> list[AuditAction]:
    with svc.uow() as uow:
        return [e.action for e in uow.audit.about(subject)]


def test_the_first_staff_member_is_the_first_administrator_without_a_login(
        svc: Services) -> None:
    with pytest.raises(Refused) as refused:
        add_staff(svc, None, staff_no="1001", name="张丽", role=Role.CLERK,
                  password="a good password")
    assert refused.value.code == "staff.first_must_be_admin"
    admin = add_staff(svc, None, staff_no="9001", name="周敏", role=Role.ADMIN,
                      password="a good password")
    assert admin.role is Role.ADMIN
    assert audit_actions(svc, "9001") == [AuditAction.STAFF_ADDED]
    with pytest.raises(Refused) as refused:
        add_staff(svc, None, staff_no="9002", name="某人", role=Role.ADMIN,
                  password="a good password")
    assert refused.value.code == "auth.required"


def test_only_an_administrator_adds_staff_and_numbers_are_unique(svc: Services) -> None:
    admin = seed_staff(svc, "9001", Role.ADMIN)
    clerk = seed_staff(svc, "1001", Role.CLERK)
    with pytest.raises(PermissionDenied):
        add_staff(svc, clerk, staff_no="1002", name="刘洋", role=Role.CLERK,
                  password="a good password")
    assert AuditAction.PERMISSION_DENIED in audit_actions(svc, "1002")
    add_staff(svc, admin, staff_no="1002", name="刘洋", role=Role.CLERK, password="another one")
    with pytest.raises(Refused, match="taken"):
        add_staff(svc, admin, staff_no="1002", name="刘洋", role=Role.CLERK,
                  password="another one")


def test_login_proves_who_is_at_the_counter(svc: Services) -> None:
    seed_staff(svc, "1001", Role.CLERK, name="张丽")
    operator = auth.login(svc, "1001", TEST_PASSWORD)
    assert (operator.staff_no, operator.name, operator.role) == ("1001", "张丽", Role.CLERK)
    assert audit_actions(svc, "1001") == [AuditAction.LOGIN]


def test_wrong_password_and_unknown_staff_get_the_same_answer(svc: Services) -> None:
    seed_staff(svc, "1001", Role.CLERK)
    with pytest.raises(Refused) as wrong:
        auth.login(svc, "1001", "not it")
    with pytest.raises(Refused) as unknown:
        auth.login(svc, "7777", TEST_PASSWORD)
    assert wrong.value.render("zh_CN") == unknown.value.render("zh_CN")
    assert audit_actions(svc, "7777") == [AuditAction.LOGIN_FAILED]


def test_five_wrong_passwords_lock_the_staff_member_for_fifteen_minutes(
        svc: Services, clock: FixedClock) -> None:
    seed_staff(svc, "1001", Role.CLERK)
    for _ in range(4):
        with pytest.raises(Refused) as refused:
            auth.login(svc, "1001", "guess")
        assert refused.value.code == "auth.failed"
    with pytest.raises(Refused) as refused:
        auth.login(svc, "1001", "guess")
    assert refused.value.code == "auth.locked"
    # even the right password is refused while locked
    clock.advance(minutes=14)
    with pytest.raises(Refused) as refused:
        auth.login(svc, "1001", TEST_PASSWORD)
    assert refused.value.code == "auth.locked"
    clock.advance(minutes=1, seconds=1)
    assert auth.login(svc, "1001", TEST_PASSWORD).staff_no == "1001"
    actions = audit_actions(svc, "1001")
    assert actions.count(AuditAction.LOGIN_FAILED) == 6
    assert actions.count(AuditAction.LOGIN_LOCKED) == 1
    assert actions[-1] is AuditAction.LOGIN


def test_an_approval_needs_a_supervisors_own_password(svc: Services) -> None:
    seed_staff(svc, "1001", Role.CLERK)
    seed_staff(svc, "2001", Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        auth.approve(svc, "1001", TEST_PASSWORD, what="void", subject="GS1", reason="test")
    with pytest.raises(Refused):
        auth.approve(svc, "2001", "wrong", what="void", subject="GS1", reason="test")
    approver = auth.approve(svc, "2001", TEST_PASSWORD, what="void", subject="GS1",
                            reason="customer changed their mind")
    assert approver.role is Role.SUPERVISOR
    with svc.uow() as uow:
        approvals = [e for e in uow.audit.about("GS1") if e.action is AuditAction.APPROVAL]
    assert len(approvals) == 1
    assert approvals[0].actor == "2001"
    assert approvals[0].details == {"what": "void", "reason": "customer changed their mind"}


def test_a_service_refuses_an_operator_whose_role_lacks_the_permission(svc: Services) -> None:
    cashier = seed_staff(svc, "3001", Role.CASHIER)
    with pytest.raises(PermissionDenied) as refused:
        add_account(svc, cashier, account_no="370402000001", name="张三", meter_no="M1",
                    category=Category.RESIDENTIAL)
    assert refused.value.exit_code == 1
    assert "3001" in refused.value.render("zh_CN")
    with svc.uow() as uow:
        assert uow.accounts.get("370402000001") is None
        denied = [e for e in uow.audit.about("370402000001")]
    assert denied[0].action is AuditAction.PERMISSION_DENIED
    assert denied[0].details["permission"] == Permission.MANAGE_ACCOUNTS.value
