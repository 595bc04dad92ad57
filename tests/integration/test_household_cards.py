"""Cards brought from a previous system: a card whose layout this installation cannot read is
replaced at its first visit without a fee (audited); imported card numbers are never handed
out again; an imported card is held against what the previous system left on it from its
first visit."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.quantities import Money, Volume
from pos.domain.staff import Role
from pos.domain.tariff import parse_tiers
from pos.services.cards.issue import replace_card
from pos.services.core.card_access import read_card
from pos.services.core.context import Services
from pos.services.records.household_import import import_households, save_mapping
from pos.services.records.tariffs import set_tariff
from pos.services.selling.card_view import view
from tests.support import households as export
from tests.support.cards import issued_card, record
from tests.support.services import add_hall, add_staff


def test_an_unreadable_card_is_replaced_free_and_numbers_are_not_reused(
        svc: Services, tmp_path: Path) -> None:
    svc = replace(svc, settings=replace(svc.settings, sale=replace(
        svc.settings.sale, replacement_fee=Money.parse("20"))))
    add_hall(svc)
    admin = add_staff(svc, "9001", Role.ADMIN)
    clerk = add_staff(svc, "1001", Role.CLERK)
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2025, 1, 1),
               tiers=parse_tiers("0:2.80"))
    save_mapping(svc, admin, "旧系统", json.dumps({
        "columns": export.HEADERS | {"卡型": "card_profile", "卡内未入表": "card_pending"},
        "date_format": "%Y/%m/%d"}).encode())
    data = export.export(3).replace("预存余额\n".encode(), "预存余额,卡型,卡内未入表\n".encode())
    lines = data.decode().splitlines()
    lines[1] += ",jinka-legacy-v2,20"  # household 1: a layout gaspos has no profile for, with
    # 20 m³ bought and still on its card (the meter has not loaded them)
    lines[2] = lines[2].replace(export.card_no(2), "IC0000000041") + ",,"
    lines[3] += ",,"  # household 3 in the standard layout; household 2's card numbered as ours
    report = import_households(svc, admin, "\n".join(lines).encode(), "export.csv",
                               mapping="旧系统")
    assert (report.cards, report.cards_to_reissue) == (3, 1)
    issued = replace_card(svc, clerk, export.account_no(1), f"sim:{tmp_path / 'new.bin'}")
    assert (issued.fee, issued.replaced) == (Money(0), export.card_no(1))
    assert issued.card_no == "IC0000000042"  # after the imported IC0000000041
    assert (issued.record.purchase_seq, issued.record.cumulative_volume) == (2, Volume.m3(40))
    assert issued.record.pending_volume == Volume.m3(20)  # paid for: carried onto the new card
    with svc.uow() as uow:
        event = [e for e in uow.audit.about(export.account_no(1))
                 if e.action is AuditAction.CARD_REPLACED][-1]
    assert event.details["fee_waived"] == "previous system card"
    charged = replace_card(svc, clerk, export.account_no(3), f"sim:{tmp_path / 'third.bin'}")
    assert charged.fee == Money.parse("20")


def test_an_imported_card_is_held_against_what_the_previous_system_left_on_it(
        svc: Services, tmp_path: Path) -> None:
    add_hall(svc)
    admin = add_staff(svc, "9001", Role.ADMIN)
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2025, 1, 1),
               tiers=parse_tiers("0:2.80"))
    save_mapping(svc, admin, "旧系统", export.MAPPING)
    import_households(svc, admin, export.export(5), "export.csv", mapping="旧系统")

    def card(i: int, seq: int, name: str) -> str:  # household i's card carrying purchase seq
        path = issued_card(tmp_path / name, record(
            seq, "0", str(Volume.m3(seq * 20)), card_no=export.card_no(i),
            account_no=export.account_no(i), meter_no=export.meter_no(i)))
        return f"sim:{path}"

    as_left = view(svc, read_card(svc, card(4, 4 % 40 + 1, "four.bin")))
    assert as_left.may_sell, as_left.checks  # accepted as it is: no re-issue
    copy = view(svc, read_card(svc, card(5, 5 % 40, "copy.bin")))  # one purchase older
    assert [c.code for c in copy.checks] == ["card.rolled_back"]
