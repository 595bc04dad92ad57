"""Staff administration: administrators list, disable, enable, unlock, reset and re-role staff;
every change is audited with before and after; the refusals change nothing; a disabled or
locked supervisor approves nothing; rules and expiry of passwords hold with a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pos.domain.audit import AuditAction, AuditEvent
from pos.domain.errors import BadInput, NotFound, PermissionDenied, Refused
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, SaleState
from pos.domain.staff import PasswordChangeRequired, PasswordDue, Role, StaffState
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.core.settings import PasswordSettings
from pos.services.day.money_entries import refund
from pos.services.records import staff_admin
from pos.services.selling.recovery import get_sale, void
from tests.support.clock import FixedClock
from tests.support.counter import Counter, open_counter
from tests.support.services import TEST_PASSWORD, add_staff


def events(svc: Services, subject: str, action: AuditAction) -> list[AuditEvent]:
    with svc.uow() as uow:
        return [e for e in uow.audit.about(subject) if e.action is action]


def refused(code: str, action) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises((Refused, BadInput)) as caught:
        action()
    assert caught.value.code == code, caught.value.render("en")


def with_passwords(svc: Services, **rules: object) -> Services:
    return replace(svc, settings=replace(svc.settings, password=PasswordSettings(**rules)))


def test_an_administrator_sees_every_staff_member_and_their_state(
        svc: Services, clock: FixedClock) -> None:
    admin = add_staff(svc, "9001", Role.ADMIN)
    clerk = add_staff(svc, "1001", Role.CLERK, name="张丽")
    auth.login(svc, "1001", TEST_PASSWORD)
    for _ in range(5):
        with pytest.raises(Refused):
            auth.login(svc, "9001", "wrong")
    views = {v.staff_no: v for v in staff_admin.list_staff(svc, admin)}
    assert views["1001"].state is StaffState.ACTIVE
    assert views["1001"].last_login_at == clock.now()
    assert views["9001"].state is StaffState.LOCKED
    assert staff_admin.show_staff(svc, admin, "1001").as_json()["name"] == "张丽"
    with pytest.raises(PermissionDenied):
        staff_admin.list_staff(svc, clerk)
    with pytest.raises(NotFound):
        staff_admin.show_staff(svc, admin, "7777")


def test_a_disabled_staff_member_cannot_log_in_and_keeps_their_history(svc: Services) -> None:
    admin = add_staff(svc, "9001", Role.ADMIN)
    add_staff(svc, "1001", Role.CLERK)
    assert staff_admin.disable(svc, admin, "1001").state is StaffState.DISABLED
    refused("auth.disabled", lambda: auth.login(svc, "1001", TEST_PASSWORD))
    # a wrong password says no more than ever
    refused("auth.failed", lambda: auth.login(svc, "1001", "guess"))
    [done] = events(svc, "1001", AuditAction.STAFF_DISABLED)
    assert done.actor == "9001"
    assert (done.details["active_before"], done.details["active_after"]) == (True, False)
    assert [v.staff_no for v in staff_admin.list_staff(svc, admin)] == ["1001", "9001"]
    refused("staff.already_disabled", lambda: staff_admin.disable(svc, admin, "1001"))
    staff_admin.enable(svc, admin, "1001")
    assert auth.login(svc, "1001", TEST_PASSWORD).staff_no == "1001"
    assert len(events(svc, "1001", AuditAction.STAFF_ENABLED)) == 1
    refused("staff.already_active", lambda: staff_admin.enable(svc, admin, "1001"))


def test_a_staff_member_disabled_while_signed_in_is_stopped_at_the_next_step(
        svc: Services) -> None:
    admin = add_staff(svc, "9001", Role.ADMIN)
    other_admin = add_staff(svc, "9002", Role.ADMIN)
    staff_admin.disable(svc, other_admin, "9001")
    refused("auth.disabled", lambda: staff_admin.list_staff(svc, admin))


def test_the_refusals_of_administration(svc: Services) -> None:
    admin = add_staff(svc, "9001", Role.ADMIN)
    add_staff(svc, "1001", Role.CLERK)
    refused("staff.disable_self", lambda: staff_admin.disable(svc, admin, "9001"))
    refused("staff.unknown", lambda: staff_admin.disable(svc, admin, "7777"))
    refused("staff.unknown", lambda: staff_admin.change_role(svc, admin, "7777", Role.CLERK))
    refused("staff.unknown", lambda: staff_admin.reset_password(svc, admin, "7777"))
    refused("role.unknown", lambda: Role.parse("boss"))
    # the last active administrator is never demoted
    refused("staff.last_admin", lambda: staff_admin.change_role(svc, admin, "9001",
                                                                Role.CLERK))
    refused("staff.same_role", lambda: staff_admin.change_role(svc, admin, "1001", Role.CLERK))
    refused("staff.not_locked", lambda: staff_admin.unlock(svc, admin, "1001"))
    assert events(svc, "9001", AuditAction.STAFF_ROLE_CHANGED) == []
    # with a second administrator, the first may step down
    staff_admin.change_role(svc, admin, "1001", Role.ADMIN)
    changed = staff_admin.change_role(svc, admin, "9001", Role.SUPERVISOR)
    assert changed.role is Role.SUPERVISOR
    [event] = events(svc, "9001", AuditAction.STAFF_ROLE_CHANGED)
    assert (event.details["role_before"], event.details["role_after"]) == ("admin",
                                                                          "supervisor")


def test_the_last_active_administrator_is_never_disabled(svc: Services) -> None:
    add_staff(svc, "9001", Role.ADMIN)
    second = add_staff(svc, "9002", Role.ADMIN)
    # 9001 is disabled by 9002: 9002 is now the only active one, and cannot go
    staff_admin.disable(svc, second, "9001")
    third = add_staff(svc, "9003", Role.ADMIN)
    staff_admin.disable(svc, third, "9002")
    refused("staff.disable_self", lambda: staff_admin.disable(svc, third, "9003"))
    refused("staff.last_admin", lambda: staff_admin.change_role(svc, third, "9003",
                                                                Role.FINANCE))


def test_unlock_clears_the_lock_after_wrong_passwords(svc: Services) -> None:
    admin = add_staff(svc, "9001", Role.ADMIN)
    add_staff(svc, "1001", Role.CLERK)
    for _ in range(5):
        with pytest.raises(Refused):
            auth.login(svc, "1001", "guess")
    refused("auth.locked", lambda: auth.login(svc, "1001", TEST_PASSWORD))
    assert staff_admin.unlock(svc, admin, "1001").state is StaffState.ACTIVE
    assert auth.login(svc, "1001", TEST_PASSWORD).staff_no == "1001"
    [event] = events(svc, "1001", AuditAction.STAFF_UNLOCKED)
    assert event.details["locked_until_after"] is None


def test_a_reset_password_is_changed_at_the_next_login(svc: Services) -> None:
    admin = add_staff(svc, "9001", Role.ADMIN)
    add_staff(svc, "1001", Role.CLERK)
    reset = staff_admin.reset_password(svc, admin, "1001")
    assert reset.generated and len(reset.temporary) >= 10
    refused("auth.failed", lambda: auth.login(svc, "1001", TEST_PASSWORD))  # the old one
    with pytest.raises(PasswordChangeRequired) as due:
        auth.login(svc, "1001", reset.temporary)
    assert due.value.due is PasswordDue.RESET
    assert "gaspos passwd" in due.value.render("zh_CN")
    # nor may the temporary password approve anything
    with pytest.raises(PasswordChangeRequired):
        auth.approve(svc, "1001", reset.temporary, what="void", subject="X", reason="r")
    refused("password.previous", lambda: auth.change_password(
        svc, "1001", reset.temporary, TEST_PASSWORD))  # not the one it replaced
    refused("password.same", lambda: auth.change_password(
        svc, "1001", reset.temporary, reset.temporary))
    refused("password.too_short", lambda: auth.change_password(svc, "1001", reset.temporary,
                                                               "short"))
    auth.change_password(svc, "1001", reset.temporary, "brand new one")
    assert auth.login(svc, "1001", "brand new one").staff_no == "1001"
    assert len(events(svc, "1001", AuditAction.STAFF_PASSWORD_RESET)) == 1
    assert len(events(svc, "1001", AuditAction.PASSWORD_CHANGED)) == 1
    # a given temporary password follows the rules too
    refused("password.too_short", lambda: staff_admin.reset_password(svc, admin, "1001",
                                                                     "temp"))


def test_password_rules_are_settings(svc: Services) -> None:
    strict = with_passwords(svc, min_length=10, letters_and_digits=True)
    admin = add_staff(strict, "9001", Role.ADMIN)
    add_staff(strict, "1001", Role.CLERK)
    refused("password.too_short", lambda: auth.change_password(
        strict, "1001", TEST_PASSWORD, "abc12345"))
    refused("password.letters_and_digits", lambda: auth.change_password(
        strict, "1001", TEST_PASSWORD, "only letters here"))
    refused("password.weak", lambda: auth.change_password(
        with_passwords(svc, min_length=6), "1001", TEST_PASSWORD, "1001  "))
    auth.change_password(strict, "1001", TEST_PASSWORD, "letters and 42")
    generated = staff_admin.reset_password(strict, admin, "1001")
    assert any(c.isdigit() for c in generated.temporary)
    assert any(c.isalpha() for c in generated.temporary)


def test_a_password_expires_after_the_configured_days(
        svc: Services, clock: FixedClock) -> None:
    expiring = with_passwords(svc, expiry_days=90)
    add_staff(expiring, "1001", Role.CLERK)
    clock.advance(days=89, hours=23)
    assert auth.login(expiring, "1001", TEST_PASSWORD).staff_no == "1001"
    assert auth.login(svc, "1001", TEST_PASSWORD).staff_no == "1001"  # 0: never
    clock.advance(hours=1)
    with pytest.raises(PasswordChangeRequired) as due:
        auth.login(expiring, "1001", TEST_PASSWORD)
    assert due.value.due is PasswordDue.EXPIRED
    auth.change_password(expiring, "1001", TEST_PASSWORD, "a new season")
    clock.advance(days=89)
    assert auth.login(expiring, "1001", "a new season").staff_no == "1001"


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    return open_counter(svc, tmp_path)


def test_a_disabled_supervisor_approves_no_void_and_no_refund(counter: Counter) -> None:
    svc = counter.svc
    sold = counter.sell("20")
    approver = auth.approve(svc, "2001", TEST_PASSWORD, what="void", subject="x", reason="r")
    staff_admin.disable(svc, counter.admin, "2001")
    # neither a new approval nor one given before the supervisor was disabled
    refused("auth.disabled", lambda: auth.approve(svc, "2001", TEST_PASSWORD, what="void",
                                                  subject=sold.sale.order_no, reason="r"))
    refused("auth.approver_disabled", lambda: void(
        svc, counter.clerk, approver, sold.sale.order_no, counter.reader, "客户不要了"))
    refused("auth.approver_disabled", lambda: refund(
        svc, counter.clerk, approver, sold.sale.order_no, "重复扣款", amount=Money(100),
        channel=Channel.CASH))
    assert get_sale(svc, sold.sale.order_no).state is SaleState.COMPLETED
    failed = events(svc, sold.sale.order_no, AuditAction.APPROVAL_FAILED)
    assert {e.details["failure"] for e in failed} >= {"auth.approver_disabled"}
    # another supervisor may
    other = add_staff(svc, "2002", Role.SUPERVISOR)
    voided = void(svc, counter.clerk, other, sold.sale.order_no, counter.reader, "客户不要了")
    assert voided.state is SaleState.VOIDED


def test_a_locked_supervisor_approves_nothing_until_unlocked(counter: Counter) -> None:
    svc = counter.svc
    sold = counter.sell("20")
    approver = auth.approve(svc, "2001", TEST_PASSWORD, what="refund", subject="x",
                            reason="r")
    for _ in range(5):
        with pytest.raises(Refused):
            auth.login(svc, "2001", "guess")
    refused("auth.locked", lambda: auth.approve(svc, "2001", TEST_PASSWORD, what="refund",
                                                subject="x", reason="r"))
    refused("auth.approver_locked", lambda: refund(
        svc, counter.clerk, approver, sold.sale.order_no, "重复扣款", amount=Money(100),
        channel=Channel.CASH))
    staff_admin.unlock(svc, counter.admin, "2001")
    refund(svc, counter.clerk, approver, sold.sale.order_no, "重复扣款", amount=Money(100),
           channel=Channel.CASH)


def test_a_demotion_takes_effect_in_a_session_still_open(svc: Services) -> None:
    """An administrator demoted while signed in cannot promote themselves back or reset another
    administrator's password; an approval given before a demotion is refused where it is used."""
    first = add_staff(svc, "9001", Role.ADMIN)
    add_staff(svc, "9002", Role.ADMIN)
    second = auth.login(svc, "9002", TEST_PASSWORD)
    staff_admin.change_role(svc, first, "9002", Role.CLERK)
    with pytest.raises(PermissionDenied):
        staff_admin.change_role(svc, second, "9002", Role.ADMIN)
    with pytest.raises(PermissionDenied):
        staff_admin.reset_password(svc, second, "9001")
    add_staff(svc, "1001", Role.CLERK)
    add_staff(svc, "2001", Role.SUPERVISOR)
    clerk = auth.login(svc, "1001", TEST_PASSWORD)
    approver = auth.approve(svc, "2001", TEST_PASSWORD, what="void", subject="GS1",
                            reason="顾客退气")
    staff_admin.change_role(svc, first, "2001", Role.CLERK)
    with pytest.raises(Refused) as refusal:
        auth.check_approval(svc, clerk, approver, what="void", subject="GS1")
    assert refusal.value.code == "auth.cannot_approve"
