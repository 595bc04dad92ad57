"""Roles and what they may do, exactly as the table in docs/design.md says; lock-out."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pos.domain.errors import BadInput
from pos.domain.staff import Permission, Role, Staff, check_new_password

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
