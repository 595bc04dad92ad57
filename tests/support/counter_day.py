"""The rules both random-day state machines share (hypothesis): a counter on a fresh SQLite
ledger, and sales — paid every way a payment can end, stopped at every step boundary, or with
the card pulled after any number of written bytes.  Refusals and crashes are part of a day:
``attempt`` records them as events and the invariants decide."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from drivers.cards.station import Station
from drivers.virtual.sle4442 import Pull
from pos.domain.errors import GasposError
from pos.domain.quantities import Volume
from pos.domain.sale.record import Channel, SaleState
from pos.services.cards.issue import replace_card
from pos.services.core.context import Services
from pos.services.selling import recovery
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from tests.support.cards import KEYS
from tests.support.counter import ACCOUNT, open_counter
from tests.support.faults import Crash, crash_at
from tests.support.services import make_services

CODES = {"paid": "134567890123451234", "timeout_paid": "134567890123459999",
         "never": "284567890123458888", "declined": "134567890123450000"}
STEPS = ("sale_started", "paid", "card_written", "completed")


class CounterDayRules(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.home = Path(tempfile.mkdtemp(prefix="gaspos-day-"))
        svc = make_services(f"sqlite:///{self.home / 'ledger.sqlite'}", home=self.home / "c")
        self.counter = open_counter(svc, self.home)
        self.cards = 1  # card files handed out: card.bin, card-2.bin, …

    @property
    def svc(self) -> Services:
        return self.counter.svc

    def attempt(self, action: Callable[[], object]) -> None:
        try:
            action()
        except GasposError as refused:
            event(f"refused: {refused.code}")
        except Crash:
            event("crashed")

    def finish_what_is_unfinished(self) -> None:
        """As a clerk would: ask the provider again, or write the purchase onto the card."""
        for sale in recovery.find_sales(self.svc):
            if sale.state is SaleState.AWAITING_PAYMENT:
                self.attempt(lambda s=sale: recovery.check_payment(
                    self.svc, self.counter.clerk, s.order_no))
            elif sale.state in (SaleState.PENDING, SaleState.SUSPENDED):
                self.attempt(lambda s=sale: recovery.rewrite(
                    self.svc, self.counter.clerk, s.order_no, self.counter.reader))

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

    @rule()
    def replacement_card(self) -> None:
        """A replacement card (a supervisor approves: one is needed for a card seen as a copy)."""
        self.cards += 1
        new_card = self.home / f"card-{self.cards}.bin"

        def replace_it() -> None:
            replace_card(self.svc, self.counter.clerk, ACCOUNT, f"sim:{new_card}",
                         approver=self.counter.supervisor)
            self.counter.card = new_card

        self.attempt(replace_it)
