"""Changing an account: phone, address and status at once; category and household size from
an effective date — sales before it keep the old price, sales from it on get the new one, and
no change rewrites what was sold or a locked month. Every change audited, before and after."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from pos.domain.accounts import AccountStatus
from pos.domain.audit import AuditAction, AuditEvent
from pos.domain.categories import Category
from pos.domain.errors import BadInput, NotFound, PermissionDenied, Refused
from pos.domain.quantities import Money, Volume
from pos.domain.reconciliation.month import MonthState
from pos.domain.tariff import parse_allowance, parse_tiers
from pos.services.core.context import Services
from pos.services.day.daily_reports import daily_report
from pos.services.records.account_edit import AccountEdit, edit_account
from pos.services.records.accounts import add_account
from pos.services.records.tariffs import quote_purchase, set_tariff
from tests.support.clock import FixedClock
from tests.support.counter import ACCOUNT, Counter, load_meter, open_counter

HEATED = "370402000009"


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    counter = open_counter(svc, tmp_path)
    set_tariff(svc, counter.admin, category=Category.COMMERCIAL, effective_from=date(2025, 1, 1),
               tiers=parse_tiers("0:3.50"))
    set_tariff(svc, counter.admin, category=Category.HEATING, effective_from=date(2025, 1, 1),
               tiers=parse_tiers("0:2.80,400:3.36"), allowance=parse_allowance("3:100"))
    add_account(svc, counter.admin, account_no=HEATED, name="李四", category=Category.HEATING,
                meter_no="CH00000009", household_size=3)
    return counter


def edited_event(events: Sequence[AuditEvent]) -> AuditEvent:
    return next(e for e in events if e.action is AuditAction.ACCOUNT_EDITED)


def price(svc: Services, account_no: str, volume: str, day: date) -> Money:
    return quote_purchase(svc, account_no=account_no, volume=Volume.parse(volume), day=day).total


def test_a_category_change_prices_from_its_date_and_never_before(
        counter: Counter, clock: FixedClock) -> None:
    svc = counter.svc
    sold = counter.sell("10")  # 2026-11-27, residential 2.80
    assert sold.sale.amount == Money.parse("28.00")
    with pytest.raises(Refused) as refused:  # the day of the last sale: history
        edit_account(svc, counter.admin, ACCOUNT, AccountEdit(
            category=Category.COMMERCIAL, effective_from=date(2026, 11, 27)), "改为商业用气")
    assert refused.value.code == "account.effective_before_sale"
    edit_account(svc, counter.admin, ACCOUNT, AccountEdit(
        category=Category.COMMERCIAL, effective_from=date(2026, 12, 1)), "开设小吃店")
    assert price(svc, ACCOUNT, "10", date(2026, 11, 30)) == Money.parse("28.00")
    assert price(svc, ACCOUNT, "10", date(2026, 12, 1)) == Money.parse("35.00")
    load_meter(counter)
    assert counter.sell("10").sale.amount == Money.parse("28.00")  # still November
    load_meter(counter)
    clock.set("2026-12-01T09:00:00")
    assert counter.sell("10").sale.amount == Money.parse("35.00")
    with svc.uow() as uow:
        account = uow.accounts.get(ACCOUNT)
        event = edited_event(uow.audit.about(ACCOUNT))
    assert account is not None and account.category is Category.COMMERCIAL
    assert event.actor == counter.admin.staff_no
    assert dict(event.details) == {"category_before": "residential",
                                   "category_after": "commercial",
                                   "effective_from": "2026-12-01", "reason": "开设小吃店"}
    # the daily reports keep each sale under the category it was sold in
    report = daily_report(svc, counter.supervisor, date(2026, 11, 27))  # one business day
    assert sorted((line.key, line.count) for line in report.by_category) == [
        ("commercial", 1), ("residential", 2)]


def test_a_household_size_raises_the_allowance_from_its_date(counter: Counter) -> None:
    svc = counter.svc
    before = price(svc, HEATED, "450", date(2026, 12, 10))  # 400 at 2.80 + 50 at 3.36
    assert before == Money.parse("1288.00")
    edit_account(svc, counter.admin, HEATED, AccountEdit(
        household_size=5, effective_from=date(2026, 12, 10)), "户口迁入两人")
    assert price(svc, HEATED, "450", date(2026, 12, 9)) == before
    assert price(svc, HEATED, "450", date(2026, 12, 10)) == Money.parse("1260.00")


def test_phone_address_and_status_change_at_once_audited_masked(counter: Counter) -> None:
    svc = counter.svc
    edited = edit_account(svc, counter.admin, ACCOUNT, AccountEdit(
        phone="13900001111", address="枣庄市市中区光明路1号", status=AccountStatus.SAFETY_HOLD),
        "安检发现隐患")
    assert (edited.phone, edited.status) == ("13900001111", AccountStatus.SAFETY_HOLD)
    with svc.uow() as uow:
        stored = uow.accounts.get(ACCOUNT)
        event = edited_event(uow.audit.about(ACCOUNT))
    assert stored == edited
    assert event.details["phone_before"] == "" and event.details["phone_after"] == "139****1111"
    assert event.details["status_before"] == "active"
    assert event.details["status_after"] == "safety_hold"
    assert "category_before" not in event.details


def test_refusals_change_nothing(counter: Counter, clock: FixedClock) -> None:
    svc = counter.svc
    with pytest.raises(PermissionDenied):
        edit_account(svc, counter.clerk, ACCOUNT, AccountEdit(phone="13900001111"), "换号码")
    with pytest.raises(PermissionDenied):  # accounts are the administrators'
        edit_account(svc, counter.supervisor, ACCOUNT, AccountEdit(phone="139"), "换号码")
    with pytest.raises(NotFound):
        edit_account(svc, counter.admin, "370499999999", AccountEdit(phone="13900001111"), "换号")
    with pytest.raises(BadInput):
        edit_account(svc, counter.admin, ACCOUNT, AccountEdit(phone="call me"), "换号码")
    with pytest.raises(BadInput):
        edit_account(svc, counter.admin, ACCOUNT, AccountEdit(household_size=0), "人口")
    with pytest.raises(BadInput):
        edit_account(svc, counter.admin, ACCOUNT, AccountEdit(
            phone="13900001111", effective_from=date(2026, 12, 1)), "换号码")
    with pytest.raises(Refused) as refused:
        edit_account(svc, counter.admin, ACCOUNT, AccountEdit(household_size=3), "人口不变")
    assert refused.value.code == "account.unchanged"
    with svc.uow(write=True) as uow:
        uow.months.set_state("2026-10", MonthState.LOCKED, at=clock.now(), by="9002")
        uow.commit()
    with pytest.raises(Refused) as refused:
        edit_account(svc, counter.admin, HEATED, AccountEdit(
            category=Category.COMMERCIAL, effective_from=date(2026, 10, 15)), "补录")
    assert refused.value.code == "account.effective_locked_month"
    edit_account(svc, counter.admin, HEATED, AccountEdit(
        category=Category.COMMERCIAL, effective_from=date(2026, 12, 15)), "改商业")
    with pytest.raises(Refused) as refused:
        edit_account(svc, counter.admin, HEATED, AccountEdit(
            household_size=4, effective_from=date(2026, 12, 10)), "人口")
    assert refused.value.code == "account.effective_before_change"
    with svc.uow() as uow:
        account = uow.accounts.get(ACCOUNT)
    assert account is not None and account.phone == "" and account.household_size == 3


def test_the_terms_history_is_append_only(counter: Counter, sqlite_url: str) -> None:
    edit_account(counter.svc, counter.admin, HEATED, AccountEdit(
        household_size=4, effective_from=date(2026, 12, 10)), "人口")
    engine = create_engine(sqlite_url)
    for statement in ("UPDATE account_term_changes SET household_size_after = 9",
                      "DELETE FROM account_term_changes"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()
