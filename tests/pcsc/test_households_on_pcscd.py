"""Going live (docs/going-live.md), done when: a previous system's export of 10,000 households
with meters and cards comes in through a saved mapping — a dry run, the import, the same file
again as a no-op, a broken file refused whole — and one of the imported cards buys gas at the
counter through the real PC/SC stack, priced from its opening position near a tier boundary."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from drivers.virtual.vpcd import VirtualCard
from pos.domain.categories import Category
from pos.domain.errors import BadInput
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel
from pos.domain.staff import Role
from pos.domain.tariff import parse_tiers
from pos.services.core.context import Services
from pos.services.records.household_import import import_households, save_mapping
from pos.services.records.tariffs import set_tariff
from pos.services.selling.card_view import read_and_settle
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from tests.support import households as export
from tests.support.cards import issued_card, record
from tests.support.pcscd import READER, wait_for_card
from tests.support.services import add_hall, add_staff

pytestmark = pytest.mark.usefixtures("pcscd")
PCSC = f"pcsc:{re.escape(READER)}"
HOUSEHOLDS = 10_000
CHOSEN = 4_321  # 390 m³ bought this year before go-live: 10 m³ short of tier 2


def test_ten_thousand_households_come_in_and_one_buys_gas_on_its_old_card(
        svc: Services, tmp_path: Path) -> None:
    add_hall(svc)
    admin = add_staff(svc, "9001", Role.ADMIN)
    clerk = add_staff(svc, "1001", Role.CLERK)
    for category in (Category.RESIDENTIAL, Category.COMMERCIAL):
        set_tariff(svc, admin, category=category, effective_from=date(2025, 1, 1),
                   tiers=parse_tiers("0:2.80,400:3.36,600:4.20"))
    save_mapping(svc, admin, "旧系统", export.MAPPING)
    data = export.export(HOUSEHOLDS, change={CHOSEN: {"opening_cycle_volume": "390.00"}})

    def run(file: bytes, *, dry_run: bool = False) -> tuple[int, int, int]:
        done = import_households(svc, admin, file, "旧系统导出.csv", mapping="旧系统",
                                 dry_run=dry_run)
        return done.new, done.unchanged, done.cards

    assert run(data, dry_run=True) == (HOUSEHOLDS, 0, 9_000)
    assert not imported(svc, CHOSEN)
    assert run(data) == (HOUSEHOLDS, 0, 9_000)
    assert run(data) == (0, HOUSEHOLDS, 0)
    broken = export.export(HOUSEHOLDS + 5, change={HOUSEHOLDS + 3: {"card_cumulative": "几百"}})
    with pytest.raises(BadInput) as refused:
        run(broken)
    assert "Line 10004" in refused.value.render("en")
    assert not imported(svc, HOUSEHOLDS + 1)

    seq = CHOSEN % 40 + 1  # what the previous system left on the card
    card = issued_card(tmp_path / "old-card.bin", record(
        seq, "0", str(Volume.m3(seq * 20)), card_no=export.card_no(CHOSEN),
        account_no=export.account_no(CHOSEN), meter_no=export.meter_no(CHOSEN)))
    virtual = VirtualCard(card)
    virtual.insert()
    wait_for_card(present=True)
    try:
        view = read_and_settle(svc, PCSC)
        assert view.may_sell, view.checks
        assert view.household is not None and view.household.position is not None
        assert view.household.position.bought == Volume.m3(390)
        sold = sell(svc, clerk, SaleRequest(PCSC, Volume.m3(20), payment=PaymentPlan(
            Channel.CASH, tendered=Money.parse("100")))).sale
        after = read_and_settle(svc, PCSC).reading.record
    finally:
        virtual.remove()
        wait_for_card(present=False)
    assert [(p.tier, p.volume, str(p.amount)) for p in sold.parts] == [
        (1, Volume.m3(10), "28.00"), (2, Volume.m3(10), "33.60")]
    assert str(sold.amount) == "61.60"
    assert (sold.purchase_seq, after.purchase_seq) == (seq + 1, seq + 1)
    assert after.cumulative_volume == Volume.m3(seq * 20 + 20)


def imported(svc: Services, i: int) -> bool:
    with svc.uow() as uow:
        return uow.accounts.get(export.account_no(i)) is not None
