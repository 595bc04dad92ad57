"""Roles and what they may do, exactly as the table in docs/design.md says; lock-out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pos.domain.errors import BadInput
from pos.domain.staff import (
    PasswordDue,
    PasswordRules,
    Permission,
    Role,
    Staff,
    StaffState,
    check_new_password,
)

P = Permission
# docs/design.md "Who uses it": (clerk, supervisor, cashier, finance, admin)
TABLE = {
    "read cards, look up households": ([P.LOOK_UP], "✔✔✔✔✔"),
    "sell, issue/replace card, rewrite, meter change, reprint, open drawer": (
        [P.SELL, P.ISSUE_CARD, P.REWRITE_CARD, P.CHANGE_METER, P.REPRINT, P.OPEN_DRAWER], "✔✔   "),
    "approve void, override, suspend, over/short": ([P.APPROVE], " ✔   "),
    "open/settle/close a business day, record deposit slips": ([P.MANAGE_DAY], " ✔✔  "),
    "import statements, reconcile, resolve items, lock a month": ([P.RECONCILE], "   ✔ "),
    "accounts, meters, tariffs, staff, keys, devices": (
        [P.MANAGE_ACCOUNTS, P.MANAGE_TARIFFS, P.MANAGE_STAFF, P.MANAGE_KEYS, P.MANAGE_DEVICES],
        "    ✔"),
    "see full (unmasked) personal data": ([P.REVEAL_PERSONAL_DATA], " ✔  ✔"),
    "see the halls' and the company's day and month reports": ([P.VIEW_REPORTS], " ✔ ✔✔"),
    "read the audit log": ([P.READ_AUDIT], " ✔  ✔"),
}
ROLES = (Role.CLERK, Role.SUPERVISOR, Role.CASHIER, Role.FINANCE, Role.ADMIN)


@pytest.mark.parametrize("row", list(TABLE))
def test_each_role_may_do_what_the_permission_table_says(row: str) -> None:
    permissions, marks = TABLE[row]
    for role, mark in zip(ROLES, marks, strict=True):
        staff = Staff("1", "某人", role, "hash")
        for permission in permissions:
            assert staff.may(permission) is (mark == "✔"), (row, role, permission)


def test_every_permission_is_in_the_table() -> None:
    covered = {p for permissions, _ in TABLE.values() for p in permissions}
    assert covered == set(Permission)


def test_a_deactivated_staff_member_may_do_nothing() -> None:
    gone = Staff("1", "某人", Role.ADMIN, "hash", active=False)
    assert not any(gone.may(p) for p in Permission)


def test_the_fifth_wrong_password_locks_for_fifteen_minutes() -> None:
    now = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    staff = Staff("1001", "张丽", Role.CLERK, "hash")
    for _ in range(4):
        staff = staff.after_failed_login(now)
        assert not staff.locked_at(now)
    staff = staff.after_failed_login(now)
    assert staff.locked_at(now + timedelta(minutes=14, seconds=59))
    assert not staff.locked_at(now + timedelta(minutes=15))
    assert staff.after_login().failed_logins == 0


@pytest.mark.parametrize("password", ["short", "1001", "       "])
def test_short_passwords_are_refused(password: str) -> None:
    with pytest.raises(BadInput):
        check_new_password(password, "1001")


def test_a_password_equal_to_the_staff_number_is_refused() -> None:
    with pytest.raises(BadInput):
        check_new_password("10011001", "10011001")
    assert check_new_password("a good one", "1001") == "a good one"


def test_roles_parse_with_a_clear_refusal() -> None:
    assert Role.parse(" Clerk ") is Role.CLERK
    with pytest.raises(BadInput) as refused:
        Role.parse("boss")
    assert "clerk" in refused.value.render("en")


def test_state_and_password_due_at_a_fixed_moment() -> None:
    now = datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
    staff = Staff("1001", "张丽", Role.CLERK, "hash", password_changed_at=now)
    assert staff.state_at(now) is StaffState.ACTIVE
    assert staff.after_failed_login(now).after_failed_login(now).state_at(now) is (
        StaffState.ACTIVE)
    locked = replace(staff, locked_until=now + timedelta(minutes=15))
    assert locked.state_at(now) is StaffState.LOCKED
    assert replace(locked, active=False).state_at(now) is StaffState.DISABLED
    assert staff.password_due(now + timedelta(days=3650), 0) is None
    assert staff.password_due(now + timedelta(days=30) - timedelta(seconds=1), 30) is None
    assert staff.password_due(now + timedelta(days=30), 30) is PasswordDue.EXPIRED
    reset = staff.with_password("new hash", now, temporary=True)
    assert reset.password_due(now, 0) is PasswordDue.RESET
    assert reset.previous_password_hash == "hash"


def test_letters_and_digits_when_the_rules_say_so() -> None:
    rules = PasswordRules(min_length=8, letters_and_digits=True)
    with pytest.raises(BadInput):
        rules.check("onlyletters", "1001")
    with pytest.raises(BadInput):
        rules.check("12345678", "1001")
    assert rules.check("letters42", "1001") == "letters42"
    assert PasswordRules().check("onlyletters", "1001") == "onlyletters"
