"""Random days at the counter (hypothesis): sales with every kind of payment outcome, meter
loads and use, rewrites, voids, suspensions, refunds, replacement cards, meter changes, cards
pulled mid-write and crashes between steps — after each step, the invariants of docs/design.md."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from pos.domain.quantities import Volume
from pos.domain.sale.record import SaleState
from pos.services.selling import recovery
from pos.services.selling.meter_change import change_meter
from tests.support.counter import check_invariants, load_meter
from tests.support.counter_day import CounterDayRules

pytestmark = pytest.mark.slow  # hypothesis runs whole counter days



class CounterDay(CounterDayRules):
    def __init__(self) -> None:
        super().__init__()
        self.meters = 1

    @rule(use=st.integers(0, 80))
    def meter(self, use: int) -> None:
        self.attempt(lambda: load_meter(self.counter, use=str(use) if use else None))

    @rule()
    def resolve(self) -> None:
        self.finish_what_is_unfinished()

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
