"""Accounts, the household file, tariff versions and quotes against a real ledger database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.errors import BadInput, NotFound, PermissionDenied, Refused
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import SaleState
from pos.domain.staff import Operator, Role
from pos.domain.tariff import parse_allowance, parse_tiers
from pos.services.core.context import Services
from pos.services.records.accounts import add_account, household_file
from pos.services.records.tariffs import quote_purchase, set_tariff
from tests.support.clock import SHANGHAI, FixedClock
from tests.support.ledger import record_sale
from tests.support.services import add_hall, add_staff


@pytest.fixture
def admin(svc: Services) -> Operator:
    add_hall(svc)
    return add_staff(svc, "9001", Role.ADMIN)


@pytest.fixture
def household(svc: Services, admin: Operator) -> str:
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2025, 1, 1),
               tiers=parse_tiers("0:2.80,400:3.36,600:4.20"),
               allowance=parse_allowance("4:100"))
    add_account(svc, admin, account_no="370402000001", name="张三丰",
                category=Category.RESIDENTIAL, meter_no="CH00000001",
                address="枣庄市市中区光明路幸福小区12号楼2单元502室", phone="13812345678",
                id_number="370402199001011234", household_size=3)
    return "370402000001"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def quote_total(svc: Services, account_no: str, volume: str, day: date | None = None) -> str:
    return str(quote_purchase(svc, account_no=account_no, volume=Volume.parse(volume),
                              day=day).total)


def test_a_quote_counts_what_the_household_bought_this_cycle(svc: Services, household: str) -> None:
    assert quote_total(svc, household, "450") == "1288.00"
    record_sale(svc, household, Volume.m3(380), at("2026-03-01T10:00"))
    record_sale(svc, household, Volume.m3(999), at("2026-04-01T10:00"), SaleState.VOIDED)
    record_sale(svc, household, Volume.m3(999), at("2026-04-02T10:00"), SaleState.CANCELLED)
    result = quote_purchase(svc, account_no=household, volume=Volume.m3(50))
    assert result.bought_before == Volume.m3(380)
    assert [(p.tier, str(p.amount)) for p in result.parts] == [(1, "56.00"), (2, "100.80")]
    assert result.total == Money(15680)


@pytest.mark.parametrize("state", [SaleState.PENDING, SaleState.SUSPENDED])
def test_paid_sales_not_yet_on_the_card_hold_their_gas_too(
        svc: Services, household: str, state: SaleState) -> None:
    record_sale(svc, household, Volume.m3(300), at("2026-05-01T10:00"))
    record_sale(svc, household, Volume.m3(100), at("2026-05-02T10:00"), state)
    assert quote_purchase(svc, account_no=household, volume=Volume.m3(1)).parts[0].tier == 2


def test_purchases_before_the_cycle_start_do_not_count(svc: Services, household: str) -> None:
    record_sale(svc, household, Volume.m3(500), at("2025-12-31T23:59:59"))
    record_sale(svc, household, Volume.m3(10), at("2026-01-01T00:00:00"))
    result = quote_purchase(svc, account_no=household, volume=Volume.m3(10))
    assert result.bought_before == Volume.m3(10)
    assert result.cycle.start == date(2026, 1, 1)


def test_a_quote_on_a_past_day_counts_purchases_up_to_that_day(
        svc: Services, household: str) -> None:
    record_sale(svc, household, Volume.m3(390), at("2026-06-01T10:00"))
    record_sale(svc, household, Volume.m3(100), at("2026-09-01T10:00"))
    early = quote_purchase(svc, account_no=household, volume=Volume.m3(20), day=date(2026, 7, 1))
    assert early.bought_before == Volume.m3(390)
    assert [p.tier for p in early.parts] == [1, 2]


def test_a_household_allowance_applies_to_large_households(
        svc: Services, admin: Operator, household: str) -> None:
    add_account(svc, admin, account_no="370402000002", name="王五", meter_no="CH00000002",
                category=Category.RESIDENTIAL, household_size=6)
    assert quote_total(svc, "370402000002", "450") == "1260.00"  # all in tier 1
    assert quote_total(svc, household, "450") == "1288.00"


def test_a_price_version_from_mid_year_prices_the_rest_of_the_cycle(
        svc: Services, admin: Operator, household: str, clock: FixedClock) -> None:
    clock.set("2026-06-15T09:00")
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2026, 7, 1),
               tiers=parse_tiers("0:3.00,400:3.60,600:4.50"))
    record_sale(svc, household, Volume.m3(390), at("2026-03-01T10:00"))
    assert quote_total(svc, household, "20", date(2026, 6, 30)) == "61.60"  # 10×2.80 + 10×3.36
    assert quote_total(svc, household, "20", date(2026, 7, 1)) == "66.00"  # 10×3.00 + 10×3.60


def test_price_changes_are_scheduled_never_backdated_nor_rewritten(
        svc: Services, admin: Operator, household: str, clock: FixedClock) -> None:
    tiers = parse_tiers("0:2.95,400:3.54,600:4.43")
    with pytest.raises(Refused) as refused:
        set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2026, 11, 1),
                   tiers=tiers)
    assert refused.value.code == "tariff.backdated"
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2027, 1, 1),
               tiers=tiers)
    with pytest.raises(Refused) as refused:
        set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2027, 1, 1),
                   tiers=parse_tiers("0:2.96"))
    assert refused.value.code == "tariff.exists"
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2027, 1, 1),
               tiers=parse_tiers("0:2.96,400:3.55,600:4.44"), replace=True)
    assert quote_total(svc, household, "1", date(2027, 1, 1)) == "2.96"
    assert quote_total(svc, household, "1", date(2026, 12, 31)) == "2.80"  # never leaks early
    clock.set("2027-01-02T09:00")
    with pytest.raises(Refused) as refused:
        set_tariff(svc, admin, category=Category.RESIDENTIAL,
                   effective_from=date(2027, 1, 1), tiers=tiers, replace=True)
    assert refused.value.code == "tariff.in_effect"
    with svc.uow() as uow:
        actions = [e.action for e in uow.audit.about("residential")]
    assert actions == [AuditAction.TARIFF_SET, AuditAction.TARIFF_SET,
                       AuditAction.TARIFF_REPLACED]


def test_only_an_administrator_sets_tariffs(svc: Services, household: str) -> None:
    supervisor = add_staff(svc, "2001", Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        set_tariff(svc, supervisor, category=Category.RESIDENTIAL,
                   effective_from=date(2027, 1, 1), tiers=parse_tiers("0:3"))


def test_quotes_refuse_what_cannot_be_sold(svc: Services, admin: Operator,
                                           household: str) -> None:
    with pytest.raises(BadInput):
        quote_purchase(svc, account_no=household, volume=Volume(0))
    with pytest.raises(NotFound):
        quote_purchase(svc, account_no="999", volume=Volume.m3(1))
    add_account(svc, admin, account_no="B1", name="老街坊饭店", meter_no="CH00000009",
                category=Category.COMMERCIAL)
    with pytest.raises(Refused) as refused:
        quote_purchase(svc, account_no="B1", volume=Volume.m3(1))
    assert refused.value.code == "tariff.none_in_effect"


def test_accounts_and_meters_are_unique(svc: Services, admin: Operator, household: str) -> None:
    with pytest.raises(Refused, match="exists"):
        add_account(svc, admin, account_no=household, name="重复", meter_no="CH99",
                    category=Category.RESIDENTIAL)
    with pytest.raises(Refused, match="registered"):
        add_account(svc, admin, account_no="370402000009", name="重复", meter_no="CH00000001",
                    category=Category.RESIDENTIAL)
    with pytest.raises(BadInput):
        add_account(svc, admin, account_no="370 402", name="空格", meter_no="CH98",
                    category=Category.RESIDENTIAL)
    with pytest.raises(BadInput):
        add_account(svc, admin, account_no="370402000010", name="", meter_no="CH97",
                    category=Category.RESIDENTIAL)
    with pytest.raises(BadInput):
        add_account(svc, admin, account_no="370402000011", name="人多", meter_no="CH96",
                    category=Category.RESIDENTIAL, household_size=0)


def test_the_household_file_masks_personal_data(svc: Services, household: str) -> None:
    clerk = add_staff(svc, "1001", Role.CLERK)
    file = household_file(svc, clerk, household)
    assert (file.account.name, file.account.phone) == ("张*丰", "138****5678")
    assert file.account.id_number == "3704**********1234"
    assert "502" not in file.account.address
    assert not file.revealed
    assert [m.meter_no for m in file.meters] == ["CH00000001"]
    assert file.position is not None and file.position.tier == 1
    with pytest.raises(PermissionDenied):
        household_file(svc, clerk, household, reveal=True)


def test_revealing_personal_data_is_allowed_to_supervisors_and_audited(
        svc: Services, household: str) -> None:
    supervisor = add_staff(svc, "2001", Role.SUPERVISOR)
    file = household_file(svc, supervisor, household, reveal=True)
    assert (file.account.name, file.account.phone) == ("张三丰", "13812345678")
    with svc.uow() as uow:
        reveals = [e for e in uow.audit.about(household)
                   if e.action is AuditAction.PERSONAL_DATA_REVEALED]
    assert [e.actor for e in reveals] == ["2001"]
