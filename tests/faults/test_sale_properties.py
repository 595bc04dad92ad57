"""Random days at the counter (hypothesis): sales with every kind of payment outcome, meter
loads and use, rewrites, voids, suspensions, refunds, replacement cards, meter changes, cards
pulled mid-write and crashes between steps — after each step, the invariants of DOMAIN.md."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from drivers.sle4442 import Pull
from drivers.station import Station
from pos.domain.errors import GasposError
from pos.domain.quantities import Volume
from pos.domain.sale import Channel, SaleState
from pos.services import recovery
from pos.services.card_issue import replace_card
from pos.services.meter_change import change_meter
from pos.services.payments import PaymentPlan
from pos.services.selling import SaleRequest, sell
from tests.support.cards import KEYS
from tests.support.counter import check_invariants, load_meter, open_counter
from tests.support.faults import Crash, crash_at
from tests.support.services import make_services

CODES = {"paid": "134567890123451234", "timeout_paid": "134567890123459999",
         "never": "284567890123458888", "declined": "134567890123450000"}
STEPS = ("sale_started", "paid", "card_written", "completed")


class CounterDay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.home = Path(tempfile.mkdtemp(prefix="gaspos-day-"))
        svc = make_services(f"sqlite:///{self.home / 'ledger.sqlite'}", home=self.home / "c")
        self.counter = open_counter(svc, self.home)
        self.cards = 1
        self.meters = 1

    @property
    def svc(self):  # type: ignore[no-untyped-def]
        return self.counter.svc

    def attempt(self, action) -> None:  # type: ignore[no-untyped-def]
        with contextlib.suppress(GasposError, Crash):  # refusals and crashes are part of the
            action()  # day; the invariants decide

    @rule(volume=st.integers(1, 120), how=st.sampled_from(["cash", *CODES]))
    def sale(self, volume: int, how: str) -> None:
        plan = PaymentPlan(Channel.CASH) if how == "cash" else PaymentPlan(
            Channel.WECHAT if how != "never" else Channel.ALIPAY, ref=CODES[how])
        self.attempt(lambda: self.counter.sell(str(volume), plan=plan))

    @rule(volume=st.integers(1, 60), step=st.sampled_from(STEPS))
    def sale_that_crashes(self, volume: int, step: str) -> None:
        crashing = replace(self.svc, checkpoints=crash_at(step))
        self.attempt(lambda: sell(crashing, self.counter.clerk, SaleRequest(
            self.counter.reader, Volume.m3(volume), payment=PaymentPlan(Channel.CASH))))

    @rule(volume=st.integers(1, 60), after=st.integers(0, 53))
    def card_pulled_mid_write(self, volume: int, after: int) -> None:
        pulling = replace(self.svc, cards=Station(lambda: KEYS, fault=Pull(after)))
        self.attempt(lambda: sell(pulling, self.counter.clerk, SaleRequest(
            self.counter.reader, Volume.m3(volume), payment=PaymentPlan(Channel.CASH))))

    @rule(use=st.integers(0, 80))
    def meter(self, use: int) -> None:
        self.attempt(lambda: load_meter(self.counter, use=str(use) if use else None))

    @rule()
    def resolve(self) -> None:
        for sale in recovery.find_sales(self.svc):
            if sale.state is SaleState.AWAITING_PAYMENT:
                self.attempt(lambda s=sale: recovery.check_payment(
                    self.svc, self.counter.clerk, s.order_no))
            elif sale.state in (SaleState.PENDING, SaleState.SUSPENDED):
                self.attempt(lambda s=sale: recovery.rewrite(
                    self.svc, self.counter.clerk, s.order_no, self.counter.reader))

    @rule(data=st.data())
    def void_or_give_up(self, data: st.DataObject) -> None:
        sales = [s for s in recovery.find_sales(self.svc) if s.state in (
            SaleState.PENDING, SaleState.COMPLETED, SaleState.SUSPENDED)]
        if not sales:
            return
        sale = sales[-1]
        if sale.state is SaleState.SUSPENDED:
            self.attempt(lambda: recovery.refund_suspended(
                self.svc, self.counter.clerk, self.counter.supervisor, sale.order_no, "放弃"))
        elif sale.state is SaleState.PENDING and data.draw(st.booleans()):
            self.attempt(lambda: recovery.suspend(
                self.svc, self.counter.clerk, self.counter.supervisor, sale.order_no, "离开"))
        else:
            self.attempt(lambda: recovery.void(
                self.svc, self.counter.clerk, self.counter.supervisor, sale.order_no,
                self.counter.reader, "冲正"))

    @rule()
    def replacement_card(self) -> None:
        self.cards += 1
        new_card = self.home / f"card-{self.cards}.bin"

        def replace_it() -> None:
            replace_card(self.svc, self.counter.clerk, "370402000001", f"sim:{new_card}")
            self.counter.card = new_card

        self.attempt(replace_it)

    @rule(remaining=st.integers(0, 50))
    def meter_change(self, remaining: int) -> None:
        self.meters += 1
        self.attempt(lambda: change_meter(
            self.svc, self.counter.clerk, account_no="370402000001",
            new_meter_no=f"CH{self.meters:08d}", final_reading=Volume.m3(100),
            remaining=Volume.m3(remaining), reader=self.counter.reader))

    @invariant()
    def ledger_card_and_meter_agree(self) -> None:
        check_invariants(self.svc, self.counter.reader)


CounterDay.TestCase.settings = settings(
    max_examples=25, stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
TestCounterDay = CounterDay.TestCase
