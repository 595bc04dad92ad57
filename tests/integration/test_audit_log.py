"""The audit log read back: by staff, subject, action and local days, on SQLite and
PostgreSQL; supervisors and administrators only; exported as XLSX that reads back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput, PermissionDenied
from pos.domain.staff import Operator, Role
from pos.services.core import audit_trail
from pos.services.core.context import Services
from pos.services.records.audit_log import AuditFilter, audit_events, export_audit
from tests.support.clock import FixedClock
from tests.support.services import add_staff, make_services


@pytest.fixture
def logged(any_url: str, clock: FixedClock, tmp_path: Path) -> Services:
    svc = make_services(any_url, clock, home=tmp_path / "home")
    clock.set("2026-11-26T23:30:00")  # Shanghai time: the 26th, just before midnight
    audit_trail.record_now(svc, "1001", AuditAction.CARD_LOST, "370402000001", card_no="IC1",
                           before="active", after="lost", reason="丢了")
    clock.set("2026-11-27T00:10:00")  # the 27th, just after midnight
    audit_trail.record_now(svc, "2001", AuditAction.CARD_BLOCKED, "370402000002", card_no="IC2",
                           before="active", after="blacklisted", reason="可疑 卡片")
    audit_trail.record_now(svc, "1001", AuditAction.LOGIN, "1001")
    clock.set("2026-11-28T10:00:00")
    audit_trail.record_now(svc, "1001", AuditAction.CARD_FOUND, "370402000001", card_no="IC1",
                           before="lost", after="active", reason="找到了")
    return svc


ADMIN = Operator("9001", "周敏", Role.ADMIN)


def actions(svc: Services, **wanted: Any) -> list[str]:
    return [e.action.value for e in audit_events(svc, ADMIN, AuditFilter(**wanted))]


def test_filters_find_what_they_name(logged: Services) -> None:
    assert actions(logged) == ["card_lost", "card_blocked", "login", "card_found"]
    assert actions(logged, staff_no="1001") == ["card_lost", "login", "card_found"]
    assert actions(logged, account_no="370402000001") == ["card_lost", "card_found"]
    assert actions(logged, action=AuditAction.CARD_BLOCKED) == ["card_blocked"]
    assert actions(logged, first=date(2026, 11, 27), last=date(2026, 11, 27)) == [
        "card_blocked", "login"]
    assert actions(logged, first=date(2026, 11, 28)) == ["card_found"]
    assert actions(logged, last=date(2026, 11, 26)) == ["card_lost"]
    assert actions(logged, staff_no="1001", first=date(2026, 11, 27)) == ["login", "card_found"]
    assert actions(logged, limit=2) == ["login", "card_found"]  # the newest two
    assert actions(logged, staff_no="4040") == []


def test_only_supervisors_and_administrators_read_it(logged: Services) -> None:
    for role, no in ((Role.CLERK, "1101"), (Role.CASHIER, "3001"), (Role.FINANCE, "4001")):
        with pytest.raises(PermissionDenied):
            audit_events(logged, add_staff(logged, no, role), AuditFilter())
    supervisor = add_staff(logged, "2101", Role.SUPERVISOR)
    assert len(audit_events(logged, supervisor, AuditFilter())) >= 4
    denied = audit_events(logged, supervisor, AuditFilter(action=AuditAction.PERMISSION_DENIED))
    assert [e.actor for e in denied] == ["1101", "3001", "4001"]


def test_bad_dates_and_files_are_refused(logged: Services, tmp_path: Path) -> None:
    admin = ADMIN
    with pytest.raises(BadInput) as bad:
        audit_events(logged, admin, AuditFilter(first=date(2026, 11, 28),
                                                last=date(2026, 11, 27)))
    assert bad.value.code == "audit.dates"
    with pytest.raises(BadInput) as bad:
        export_audit(logged, admin, AuditFilter(), tmp_path / "audit.csv")
    assert bad.value.code == "audit.out"


def test_the_export_reads_back(logged: Services, tmp_path: Path) -> None:
    admin = ADMIN
    out = tmp_path / "audit.xlsx"
    assert export_audit(logged, admin, AuditFilter(account_no="370402000001"), out) == 2
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("2026-11-26 23:30:00", "1001", "card_lost", "卡已挂失", "370402000001",
                       "01", "after=lost before=active card_no=IC1 reason=丢了")
    assert [r[2] for r in rows[1:]] == ["card_lost", "card_found"]
    assert rows[2][6] == "after=active before=lost card_no=IC1 reason=找到了"
    with pytest.raises(BadInput) as bad:  # never over an existing file unless asked
        export_audit(logged, admin, AuditFilter(), out)
    assert bad.value.code == "file.exists"


def test_a_second_services_sees_the_same_log(any_url: str, logged: Services,
                                              tmp_path: Path) -> None:
    other = make_services(any_url, FixedClock(), counter_no="02", home=tmp_path / "other",
                          upgrade=False)
    assert len(audit_events(other, ADMIN, AuditFilter(staff_no="2001"))) == 1
