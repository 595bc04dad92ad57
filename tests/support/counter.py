"""A counter ready to sell, built through the real use cases: the hall, its staff, residential
tiers, a household with its meter, and (on request) the household's issued card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pos.domain.categories import Category
from pos.domain.journal import EntryKind, verify_chain
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel, SaleState
from pos.domain.staff import Operator, Role
from pos.domain.tariff import parse_tiers
from pos.services.cards.issue import issue_card
from pos.services.core.context import Services
from pos.services.core.postings import rounding_of
from pos.services.records.accounts import add_account
from pos.services.records.tariffs import set_tariff
from pos.services.selling.card_view import read_and_settle
from pos.services.selling.counter_sale import SaleOutcome, SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from tests.support.services import TEST_PASSWORD, add_hall, add_staff

ACCOUNT = "370402000001"
METER = "CH00000001"


@dataclass
class Counter:
    svc: Services
    admin: Operator
    clerk: Operator
    supervisor: Operator
    card: Path
    password: str = TEST_PASSWORD

    @property
    def reader(self) -> str:
        return f"sim:{self.card}"

    def sell(self, volume: str, *, plan: PaymentPlan | None = None) -> SaleOutcome:
        return sell(self.svc, self.clerk, SaleRequest(
            self.reader, Volume.parse(volume),
            payment=plan or PaymentPlan(Channel.CASH, tendered=Money.parse("100000"))))


def open_counter(svc: Services, home: Path, *, issue: bool = True,
                 max_stock: str = "1000") -> Counter:
    add_hall(svc)
    admin = add_staff(svc, "9001", Role.ADMIN)
    clerk = add_staff(svc, "1001", Role.CLERK, name="张丽")
    supervisor = add_staff(svc, "2001", Role.SUPERVISOR, name="王建国")
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2025, 1, 1),
               tiers=parse_tiers("0:2.80,400:3.36,600:4.20"))
    add_account(svc, admin, account_no=ACCOUNT, name="张三丰", category=Category.RESIDENTIAL,
                meter_no=METER, household_size=3, meter_max_stock=Volume.parse(max_stock))
    card = home / "card.bin"
    if issue:
        issue_card(svc, clerk, ACCOUNT, f"sim:{card}")
    return Counter(svc, admin, clerk, supervisor, card)


def load_meter(counter: Counter, use: str | None = None) -> None:
    """The customer puts the card into the meter (and then uses ``use`` m³)."""
    from pos.services.demo.lab import load_meter as insert

    insert(counter.svc, counter.reader, use=Volume.parse(use) if use else None)


def check_invariants(svc: Services, reader: str | None = None) -> None:
    """docs/design.md "Invariants", checked after the card (if given) has been read: the journal's
    chain verifies; per sale, the journal holds (an overpayment's adjustment in and its refund
    out net to nothing) the money of pending and suspended sales and
    has earned (and put on the card) exactly the completed ones; the card's cumulative volume
    is the completed sales' (and meter credits') sum; no sale is both on the card and pending."""
    reading = read_and_settle(svc, reader).reading if reader is not None else None
    with svc.uow() as uow:
        sales = list(uow.sales.find())
        entries = list(uow.journal.entries())
    assert verify_chain(entries).intact
    sums: dict[str, list[int]] = {}
    for entry in entries:
        if entry.sale_no is not None:
            held, earned, volume = sums.setdefault(entry.sale_no, [0, 0, 0])
            if entry.kind in (EntryKind.ADVANCE_RECEIPT, EntryKind.REFUND, EntryKind.ADJUSTMENT,
                              EntryKind.ROUNDING):
                held += entry.amount.fen
            elif entry.kind in (EntryKind.SALE, EntryKind.REVERSAL):
                held, earned = held - entry.amount.fen, earned + entry.amount.fen
                volume += entry.volume.hundredths
            elif entry.kind is EntryKind.METER_CREDIT:
                volume += entry.volume.hundredths
            sums[entry.sale_no] = [held, earned, volume]
    for sale in sales:
        holds = sale.state in (SaleState.PENDING, SaleState.SUSPENDED)
        done = sale.state is SaleState.COMPLETED
        kept = sum(p.amount.fen for p in sale.payments if p.state == "confirmed")
        kept += rounding_of(sale).fen if kept else 0  # 抹零: the dropped fen are booked
        assert kept == (sale.amount.fen if holds or done else 0), (sale.order_no, sale.state)
        expected = [sale.amount.fen if holds else 0, sale.amount.fen if done else 0,
                    sale.volume.hundredths if done else 0]
        assert sums.get(sale.order_no, [0, 0, 0]) == expected, (sale.order_no, sale.state)
    if reading is not None:
        mine = [s for s in sales if s.account_no == reading.record.account_no]
        completed = sum(s.volume.hundredths for s in mine if s.state is SaleState.COMPLETED)
        assert reading.record.cumulative_volume == Volume(completed), (reading.record, completed)
        assert not any(s.state is SaleState.PENDING and s.purchase_seq <= reading.record.
                       purchase_seq and s.card_no == reading.card_no for s in mine)
