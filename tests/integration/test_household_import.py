"""Households from a previous system: through a saved mapping, a dry run, the import, a re-run
that changes nothing; every refusal names its line and column and changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.errors import BadInput, GasposError, PermissionDenied, Refused
from pos.domain.quantities import Money, Volume
from pos.domain.staff import Operator, Role
from pos.domain.tariff import parse_tiers
from pos.services.core.context import Services
from pos.services.records.accounts import household_file
from pos.services.records.household_import import (
    HouseholdImportReport,
    import_households,
    mapping_choices,
    save_mapping,
)
from pos.services.records.household_view import file_lines
from pos.services.records.tariffs import quote_purchase, set_tariff
from tests.support import households as export
from tests.support.clock import FixedClock
from tests.support.services import add_hall, add_staff, make_services


@pytest.fixture
def admin(svc: Services) -> Operator:
    return _ready(svc)


def _ready(svc: Services) -> Operator:
    add_hall(svc)
    admin = add_staff(svc, "9001", Role.ADMIN)
    for category in (Category.RESIDENTIAL, Category.COMMERCIAL):
        set_tariff(svc, admin, category=category, effective_from=date(2025, 1, 1),
                   tiers=parse_tiers("0:2.80,400:3.36,600:4.20"))
    save_mapping(svc, admin, "旧系统", export.MAPPING)
    return admin


def counts(svc: Services) -> tuple[int, int, int]:
    with svc.uow() as uow:
        found = uow.households.stored(
            [export.account_no(i) for i in range(1, 200)],
            [export.meter_no(i) for i in range(1, 200)],
            [export.card_no(i) for i in range(1, 200)], svc.settings.timezone)
    return len(found.accounts), len(found.meters), len(found.cards)


def run(svc: Services, admin: Operator, data: bytes, *, dry_run: bool = False
        ) -> HouseholdImportReport:
    return import_households(svc, admin, data, "export.csv", mapping="旧系统", dry_run=dry_run)


def test_an_export_comes_in_once_through_its_mapping(any_url: str, tmp_path: Path) -> None:
    svc = make_services(any_url, FixedClock(), home=tmp_path / "home")
    admin = _ready(svc)
    data = export.export(30)
    dry = run(svc, admin, data, dry_run=True)
    assert (dry.rows, dry.new, dry.cards, dry.dry_run) == (30, 30, 27, True)
    assert counts(svc) == (0, 0, 0)
    done = run(svc, admin, data)
    assert (done.new, done.unchanged, done.cards, done.cards_to_reissue) == (30, 0, 27, 0)
    assert done.prepaid == sum(Money.parse(f"{i % 300}.50").fen for i in (7, 14, 21, 28))
    assert done.arrears == -sum(Money.parse(f"{i % 90}.20").fen for i in (11, 22))
    assert counts(svc) == (30, 30, 27)
    again = run(svc, admin, data)
    assert (again.new, again.unchanged, again.changed_nothing) == (0, 30, True)
    with svc.uow() as uow:
        events = [e for e in uow.audit.about("export.csv")
                  if e.action is AuditAction.HOUSEHOLDS_IMPORTED]
        knowledge = uow.cards.knowledge(export.card_no(3), export.meter_no(3))
        position = uow.sales.position(export.account_no(3))
    assert [(e.details["new"], e.details["sha256"]) for e in events] == [
        (30, done.sha256), (0, done.sha256)]
    assert knowledge is not None and knowledge.proven is not None
    assert (knowledge.proven.seq, knowledge.proven.cumulative) == (4, Volume.m3(80))
    assert (position.last_seq, position.cumulative) == (4, Volume.m3(80))


def test_the_opening_position_counts_in_this_cycle_and_the_balance_is_on_file(
        svc: Services, admin: Operator) -> None:
    run(svc, admin, export.export(14))
    # household 11: 407 m³ bought this year before go-live → its next m³ is in tier 2
    quote = quote_purchase(svc, account_no=export.account_no(11), volume=Volume.m3(10))
    assert quote.bought_before == Volume.m3(407)
    assert [p.tier for p in quote.parts] == [2]
    lines = [line.render("en") for line in file_lines(
        household_file(svc, admin, export.account_no(14)), svc.settings.timezone)]
    assert any("prepaid" in line and "14.50" in line for line in lines), lines


def test_an_opening_position_from_last_cycle_does_not_count(svc: Services, admin: Operator
                                                            ) -> None:
    import_households(svc, admin, export.export(11), "export.csv", mapping="旧系统",
                      as_of=date(2025, 12, 31))
    assert quote_purchase(svc, account_no=export.account_no(11),
                          volume=Volume.m3(10)).bought_before == Volume(0)


def refused(svc: Services, admin: Operator, data: bytes) -> GasposError:
    with pytest.raises((BadInput, Refused)) as caught:
        run(svc, admin, data)
    return caught.value


@pytest.mark.parametrize(("change", "code", "words"), [
    ({5: {"累计购气量": "12.345"}}, "households.value", ["Line 6", "累计购气量", "12.345"]),
    ({5: {"用气类别": "商住两用"}}, "households.value", ["Line 6", "用气类别", "商住两用"]),
    ({5: {"人口数": "0"}}, "households.value", ["Line 6", "人口数"]),
    ({5: {"卡号": export.card_no(2)}}, "households.duplicate", ["Line 6", "卡号", "line 3"]),
    ({10: {"表号": export.meter_no(4)}}, "households.duplicate", ["Line 11", "表号", "line 5"]),
    ({5: {"卡绑定表号": "LM99999999"}}, "households.value", ["Line 6", "卡绑定表号"]),
])
def test_a_bad_row_names_its_line_and_column_and_nothing_comes_in(
        svc: Services, admin: Operator, change: dict[int, dict[str, str]], code: str,
        words: list[str]) -> None:
    named = {i: {export.HEADERS[k]: v for k, v in fields.items()} for i, fields in change.items()}
    error = refused(svc, admin, export.export(12, change=named))
    assert error.code == code
    assert all(word in error.render("en") for word in words), error.render("en")
    assert counts(svc) == (0, 0, 0)


def test_a_row_that_contradicts_the_ledger_refuses_the_whole_file(
        svc: Services, admin: Operator) -> None:
    run(svc, admin, export.export(5))
    grown = export.export(8, change={3: {"name": "王五"}})  # 3 changed, 6 to 8 new
    error = refused(svc, admin, grown)
    assert error.code == "households.contradicts"
    assert all(w in error.render("en") for w in ("Line 4", "户名", "王五", "用户3"))
    assert counts(svc) == (5, 5, 5)
    taken = export.export(1, start=9, change={9: {"card_no": export.card_no(2)}})
    error = refused(svc, admin, taken)
    assert error.code == "households.contradicts"
    assert all(w in error.render("en") for w in ("Line 2", "卡号", export.account_no(2)))
    assert counts(svc) == (5, 5, 5)


def test_a_mapping_that_cannot_read_an_export_is_refused_when_saved(
        svc: Services, admin: Operator) -> None:
    with pytest.raises(BadInput) as caught:
        save_mapping(svc, admin, "坏的", '{"columns": {"户号": "account_no"}}'.encode())
    assert caught.value.code == "households.mapping"
    with pytest.raises(BadInput) as caught:
        import_households(svc, admin, export.export(2).replace("户号".encode(), b"No"),
                          "export.csv", mapping="旧系统")
    assert caught.value.code == "households.header"


def test_only_an_administrator_imports_households(svc: Services, admin: Operator) -> None:
    clerk = add_staff(svc, "1001", Role.CLERK)
    with pytest.raises(PermissionDenied):
        import_households(svc, clerk, export.export(2), "export.csv", mapping="旧系统")
    with pytest.raises(PermissionDenied):
        mapping_choices(svc, clerk)
    assert mapping_choices(svc, admin) == ["standard", "旧系统"]
