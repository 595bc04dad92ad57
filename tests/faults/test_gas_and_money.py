"""Random days at a counter with a customer who copies their card (hypothesis): sales, crashes,
cards pulled mid-write, the meter, copies taken and written back and presented at the counter,
voids, suspensions, refunds, card restores, replacement cards and meter changes.

After every step the books must balance, gas and money alike:

* the ledger verifies (chain, closed days, every sale against its entries, the anchor) and each
  sale holds or has earned exactly its own money and gas;
* every purchase a meter loaded belongs to a sale that is completed (or to the credit of a meter
  change), and every completed purchase reached a meter, is carried by a meter change, or waits
  on the customer's card for the meter — no gas without money, no money without gas;
* the exceptions are the replays no counter can see (docs/security.md): money given back for a
  purchase the meter had already loaded, from a card whose copy hid the meter's write-back while
  the ledger had never read a write-back saying so (counted when the money goes back); and a
  copy, taken while the card carried a purchase, loaded after that purchase's money went back
  (counted when the meter loads it).  Anything else that leaks fails the test.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from drivers.virtual.simulated_reader import SimulatedReader
from drivers.virtual.sle4442 import state_file
from pos.domain.cards.contents import CardRecord
from pos.domain.errors import GasposError
from pos.domain.quantities import Volume
from pos.domain.sale.record import SaleKind, SaleRecord, SaleState
from pos.services.cards.restore import restore_card
from pos.services.core.ledger import verify_ledger
from pos.services.demo.lab import load_meter
from pos.services.selling import recovery
from pos.services.selling.card_view import read_and_settle
from pos.services.selling.meter_change import change_meter
from tests.support.attacks import meter
from tests.support.cards import PROFILE
from tests.support.counter import ACCOUNT, check_invariants
from tests.support.counter_day import CounterDayRules

STEPS = ("sale_started", "paid", "card_written", "completed")


@dataclass(frozen=True)
class Load:
    meter_no: str
    seq: int
    cumulative: int  # 0.01 m³, the card's cumulative volume with that purchase
    volume: int
    replayed: bool = False  # from a copy of a purchase whose money had gone back already

    @property
    def key(self) -> tuple[str, int, int]:
        return self.meter_no, self.seq, self.cumulative


@dataclass
class Books:
    loads: list[Load] = field(default_factory=list)
    carried: set[str] = field(default_factory=set)  # purchases a meter change carried
    exposed: set[str] = field(default_factory=set)  # money back after a hidden load (allowed)
    copied: set[tuple[str, int, int]] = field(default_factory=set)  # records copies carried

pytestmark = pytest.mark.slow  # hypothesis runs whole counter days



def record_of(card: Path) -> CardRecord | None:
    try:
        with SimulatedReader(card).session() as session:
            return PROFILE.read(session).record
    except GasposError:
        return None


class CounterUnderAttack(CounterDayRules):
    def __init__(self) -> None:
        super().__init__()
        self.copies: list[Path] = []
        self.books = Books()
        self.n = 100  # new card and meter numbers, clear of the household's own

    def _sales(self) -> list[SaleRecord]:
        with self.svc.uow() as uow:
            return list(uow.sales.find(account_no=ACCOUNT))

    def _active_meter(self) -> str:
        with self.svc.uow() as uow:
            return next(m.meter_no for m in uow.accounts.meters(ACCOUNT)
                        if m.state.value == "active")

    # --- the counter (and the sales of CounterDayRules) ------------------------------------------
    @rule()
    def read_and_finish(self) -> None:
        """The customer comes back: the card is read; what is unfinished is finished."""
        self.attempt(lambda: read_and_settle(self.svc, self.counter.reader))
        self.finish_what_is_unfinished()

    @rule(suspend_first=st.booleans(), with_copy=st.booleans())
    def money_back(self, suspend_first: bool, with_copy: bool) -> None:
        """A void (presented with the card, or with a copy), or a suspension and refund."""
        live = [s for s in self._sales() if s.state.holds_money or s.state is
                SaleState.COMPLETED]
        if not live:
            return
        sale = live[-1]
        reader = self.counter.reader
        if with_copy and self.copies:
            reader = f"sim:{self.copies[-1]}"
        exposed = self._hidden_load(sale)
        if sale.state is SaleState.SUSPENDED or (sale.state is SaleState.PENDING
                                                 and suspend_first):
            if sale.state is SaleState.PENDING:
                self.attempt(lambda: recovery.suspend(
                    self.svc, self.counter.clerk, self.counter.supervisor, sale.order_no,
                    "顾客离开"))
            self.attempt(lambda: recovery.refund_suspended(
                self.svc, self.counter.clerk, self.counter.supervisor, sale.order_no, "退款"))
        else:
            self.attempt(lambda: recovery.void(
                self.svc, self.counter.clerk, self.counter.supervisor, sale.order_no, reader,
                "冲正"))
        after = recovery.get_sale(self.svc, sale.order_no)
        if after.state in (SaleState.VOIDED, SaleState.REFUNDED):
            event("money back" + (" after a hidden load" if exposed else ""))
            if exposed:
                self.books.exposed.add(sale.order_no)
        if reader != self.counter.reader and after.state is SaleState.VOIDED:
            shutil.copyfile(self.copies[-1], self.counter.card)  # the customer keeps it
            shutil.copyfile(state_file(self.copies[-1]), state_file(self.counter.card))

    def _hidden_load(self, sale: SaleRecord) -> bool:
        """The meter has loaded this purchase, and no write-back the ledger read says so."""
        if sale.meter_no is None or not any(
                load.meter_no == sale.meter_no and load.seq == sale.purchase_seq
                and load.cumulative == sale.cumulative_after.hundredths
                for load in self.books.loads):
            return False
        with self.svc.uow() as uow:
            newest = uow.accounts.newest_meter_report(sale.meter_no)
        return newest is None or newest.meter_seq < sale.purchase_seq

    @rule()
    def restore_the_card(self) -> None:
        self.attempt(lambda: restore_card(self.svc, self.counter.clerk, self.counter.supervisor,
                                          self.counter.reader, "恢复卡片"))

    @rule(lie=st.booleans())
    def meter_change(self, lie: bool) -> None:
        """The technician reads the old meter; a lie (no approval) must be refused."""
        old = self._active_meter()
        state = meter(self.svc, old)
        record = record_of(self.counter.card)
        self.n += 1
        remaining = Volume(state.remaining + (50_000 if lie else 0))

        def change() -> None:
            done = change_meter(self.svc, self.counter.clerk, account_no=ACCOUNT,
                                new_meter_no=f"CH{self.n:08d}", final_reading=Volume.m3(100),
                                remaining=remaining, reader=self.counter.reader,
                                old_meter_seq=state.last_seq)
            assert not lie, "a claim beyond the ledger's knowledge went through"
            assert done.credit >= remaining
            if record is not None and done.credit > remaining:  # the card's unloaded purchase
                carried = next(s for s in self._sales() if s.purchase_seq ==
                               record.purchase_seq and s.state is SaleState.COMPLETED)
                self.books.carried.add(carried.order_no)

        self.attempt(change)

    # --- the customer --------------------------------------------------------------------------
    @rule(volume=st.integers(1, 60), use=st.integers(0, 80))
    def buy_and_go_home(self, volume: int, use: int) -> None:
        """The everyday customer: a cash purchase, then the card into the meter."""
        self.attempt(lambda: self.counter.sell(str(volume)))
        self.into_the_meter(use)

    @rule(use=st.integers(0, 80))
    def into_the_meter(self, use: int) -> None:
        record = record_of(self.counter.card)
        visit = None

        def insert() -> None:
            nonlocal visit
            visit = load_meter(self.svc, self.counter.reader,
                               use=Volume.m3(use) if use else None)

        self.attempt(insert)
        if visit is not None and record is not None and visit.loaded.hundredths:
            event("the meter loaded a purchase")
            key = (record.meter_no, record.purchase_seq, record.cumulative_volume.hundredths)
            paid = {(s.meter_no, s.purchase_seq, s.cumulative_after.hundredths)
                    for s in self._sales() if s.state.reserves_gas}
            replayed = key not in paid and key in self.books.copied
            if replayed:
                event("the meter loaded a copy of a purchase whose money went back")
            self.books.loads.append(Load(*key, visit.loaded.hundredths, replayed))

    @rule(volume=st.integers(1, 60), copy_before=st.booleans(), load=st.booleans(),
          seen=st.booleans(), with_copy=st.booleans())
    def replay(self, volume: int, copy_before: bool, load: bool, seen: bool,
               with_copy: bool) -> None:
        """The whole attack in one go: a copy (before or after a purchase), the gas into the
        meter (or not), the card seen at a counter afterwards (or not), the copy written back —
        then the money asked back, the copy (or the card) in the reader."""
        if copy_before:
            self.copy_the_card()
        self.attempt(lambda: self.counter.sell(str(volume)))
        if not copy_before:
            self.copy_the_card()
        if load:
            self.into_the_meter(0)
        if seen:
            self.attempt(lambda: read_and_settle(self.svc, self.counter.reader))
        if self.copies:
            self.write_a_copy_back(len(self.copies) - 1)
        self.money_back(suspend_first=False, with_copy=with_copy)

    @precondition(lambda self: len(self.copies) < 3)
    @rule()
    def copy_the_card(self) -> None:
        copy = self.home / f"copy-{len(self.copies)}.bin"
        shutil.copyfile(self.counter.card, copy)
        shutil.copyfile(state_file(self.counter.card), state_file(copy))
        self.copies.append(copy)
        record = record_of(copy)
        if record is not None:
            self.books.copied.add((record.meter_no, record.purchase_seq,
                                   record.cumulative_volume.hundredths))

    @precondition(lambda self: bool(self.copies))
    @rule(which=st.integers(0, 2))
    def write_a_copy_back(self, which: int) -> None:
        """The customer swaps: a copy goes onto the card, the card's own image into the
        drawer (they keep both)."""
        copy = self.copies[min(which, len(self.copies) - 1)]
        own = record_of(self.counter.card)  # it goes into the drawer: a copy they hold too
        if own is not None:
            self.books.copied.add((own.meter_no, own.purchase_seq,
                                   own.cumulative_volume.hundredths))
        kept = self.home / "swap.bin"
        for source, target in ((self.counter.card, kept), (copy, self.counter.card),
                               (kept, copy)):
            shutil.copyfile(source, target)
            shutil.copyfile(state_file(source), state_file(target))

    # --- the books -----------------------------------------------------------------------------
    @invariant()
    def the_ledger_verifies(self) -> None:
        assert verify_ledger(self.svc).intact
        check_invariants(self.svc)

    @invariant()
    def no_gas_without_money_and_no_money_without_gas(self) -> None:
        sales = self._sales()
        completed = {(s.meter_no, s.purchase_seq, s.cumulative_after.hundredths): s
                     for s in sales if s.state is SaleState.COMPLETED}
        exposed = {(s.meter_no, s.purchase_seq, s.cumulative_after.hundredths)
                   for s in sales if s.order_no in self.books.exposed}
        paid = {(s.meter_no, s.purchase_seq, s.cumulative_after.hundredths)
                for s in sales if s.state.reserves_gas}  # completed, or its money held
        for load in self.books.loads:  # no gas without money
            assert load.key in paid or load.key in exposed or load.replayed, (
                "gas without money", load)
        loaded = {load.key for load in self.books.loads}
        replays = self.books.exposed or any(load.replayed for load in self.books.loads)
        waiting = self._waiting_on_cards()
        for key, sale in completed.items():  # no money without gas
            if sale.kind is SaleKind.PURCHASE and sale.volume.hundredths:
                delivered = (key in loaded or key in waiting
                             or sale.order_no in self.books.carried)
                assert delivered or replays, ("money without gas", sale.order_no)

    def _waiting_on_cards(self) -> set[tuple[str, int, int]]:
        """Purchases the customer's card (or a copy they hold) can still bring to the meter."""
        waiting = set()
        active = self._active_meter()
        for card in [self.counter.card, *self.copies]:
            record = record_of(card)
            if record is None or record.meter_no != active:
                continue
            known = (self.svc.settings.data_dir / "meters" / f"{active}.json").exists()
            if known and record.purchase_seq != meter(self.svc, active).last_seq + 1:
                continue
            waiting.add((active, record.purchase_seq, record.cumulative_volume.hundredths))
        return waiting


CounterUnderAttack.TestCase.settings = settings(
    max_examples=30, stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
TestCounterUnderAttack = CounterUnderAttack.TestCase
