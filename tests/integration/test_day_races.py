"""A sale racing the day's settle and close lands in exactly one day — on SQLite and PostgreSQL,
with real threads and real connections; a close that dies before its commit changes nothing."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pos.domain.day.business_day import DayState
from pos.domain.day.cash_count import CashCount
from pos.domain.day.totals import day_totals
from pos.domain.errors import Refused
from pos.domain.journal import EntryKind
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, SaleState
from pos.domain.staff import Operator, Role
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from pos.services.day import closing as day_closing
from pos.services.selling.payments import PaymentPlan
from tests.support.clock import FixedClock
from tests.support.counter import Counter, load_meter, open_counter
from tests.support.faults import Crash, crash_at
from tests.support.services import add_staff, make_services

ROUNDS = 4


def count_of(money: Money) -> CashCount:
    """The drawer's ``money`` in 1-yuan and 1-fen pieces (a count that agrees)."""
    return CashCount.of({100: money.fen // 100, 1: money.fen % 100})


@pytest.mark.parametrize("seed", [1])
def test_a_sale_racing_the_close_lands_in_exactly_one_day(any_url: str, tmp_path: Path,
                                                          seed: int) -> None:
    svc = make_services(any_url, FixedClock(), home=tmp_path / "home")
    counter = open_counter(svc, tmp_path)
    cashier = add_staff(svc, "3001", Role.CASHIER)
    day_closing.open_day(svc, cashier, Money.parse("100"))
    chance = random.Random(seed)
    for _ in range(ROUNDS):
        closing = str(day_closing.day_view(svc).day.business_date)
        sold: list[str] = []
        failures: list[BaseException] = []
        threads = [threading.Thread(target=_sell, args=(counter, sold, failures)),
                   threading.Thread(target=_settle_and_close, args=(svc, cashier, failures))]
        if chance.random() < 0.5:
            threads.reverse()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not failures, failures
        assert len(sold) == 1
        landed = _day_of(svc, sold[0])
        next_day = str(day_closing.day_view(svc).day.business_date)
        assert landed in (closing, next_day)  # the closing day, or the one after it
        load_meter(counter)
    _every_closed_day_holds_its_own_sales(svc)
    assert verify_ledger(svc).intact


def _sell(counter: Counter, sold: list[str], failures: list[BaseException]) -> None:
    """Sell until the sale lands: refused while the day is settled, never half-taken."""
    try:
        for _attempt in range(400):
            try:
                sold.append(counter.sell("10", plan=PaymentPlan(
                    Channel.CASH, tendered=Money(2800))).sale.order_no)
                return
            except Refused as refused:
                if refused.code != "day.not_open":
                    raise
                time.sleep(0.005)
    except BaseException as error:
        failures.append(error)


def _settle_and_close(svc: Services, cashier: Operator, failures: list[BaseException]) -> None:
    """Count what the ledger expects and close; again whenever a sale got in between."""
    try:
        for _attempt in range(400):
            try:
                view = day_closing.day_view(svc)
                day_closing.settle(svc, cashier, count_of(view.expected_cash))
                day_closing.close(svc, cashier, Money.parse("100"))
                return
            except Refused as refused:
                if refused.code not in ("day.unfinished_sale", "count.reason",
                                        "day.changed_since_count", "day.none_open"):
                    raise
                time.sleep(0.005)  # the sale opens the next day, or finishes
    except BaseException as error:
        failures.append(error)


def _day_of(svc: Services, order_no: str) -> str:
    with svc.uow() as uow:
        sale = uow.sales.get(order_no)
        entries = [e for e in uow.journal.entries() if e.sale_no == order_no]
    assert sale is not None and sale.state is SaleState.COMPLETED
    days = {e.business_date for e in entries}
    assert len(days) == 1, f"sale {order_no} is split over {days}"
    assert {e.kind for e in entries} == {EntryKind.ADVANCE_RECEIPT, EntryKind.SALE}
    return str(days.pop())


def _every_closed_day_holds_its_own_sales(svc: Services) -> None:
    with svc.uow() as uow:
        closes = list(uow.days.closes())
        for day, close in closes:
            assert close is not None
            entries = uow.journal.day_entries(day.counter_no, day.business_date)
            assert day_totals(entries).as_document() == close.totals.as_document()
            assert close.counted_cash == close.expected_cash
            in_drawer = sum((e.amount for e in entries if e.kind is EntryKind.ADVANCE_RECEIPT),
                            Money(0))
            assert close.expected_cash == close.opening_float + in_drawer


def test_a_close_that_dies_before_its_commit_changes_nothing(svc: Services,
                                                             tmp_path: Path) -> None:
    counter = open_counter(svc, tmp_path)
    cashier = add_staff(svc, "3001", Role.CASHIER)
    day_closing.open_day(svc, cashier, Money.parse("100"))
    counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money(2800)))
    day_closing.settle(svc, cashier, CashCount.parse("100:1,20:1,5:1"), reason="点错了",
                       approver=counter.supervisor)  # 125 of 128: short 3.00
    with svc.uow() as uow:
        entries_before = sum(1 for _ in uow.journal.entries())
    dying = replace(svc, checkpoints=crash_at("day_closing"))
    with pytest.raises(Crash):
        day_closing.close(dying, cashier)
    view = day_closing.day_view(svc)
    assert view.day.state is DayState.SETTLED and view.close is None
    with svc.uow() as uow:
        assert sum(1 for _ in uow.journal.entries()) == entries_before
    closed = day_closing.close(svc, cashier)
    assert closed.close is not None and str(closed.close.over_short) == "-3.00"
