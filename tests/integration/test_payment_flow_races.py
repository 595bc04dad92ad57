"""Two processes on one payment, and a split whose online part comes first, through the
services on real SQLite and the simulated provider (docs/payments.md).

* ``gaspos sale check`` answering a payment while the counter still polls it: whichever
  answers second finds the payment answered and acts on the answer stored — never records
  its own payment as "reference already used", never overwrites a paid payment as declined;
* a split recorded whole before any part is charged, so ``sale check`` asks about the
  order number each part was charged under (``X-1``), not the sale's (``X``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pos.domain.errors import Refused
from pos.domain.journal import EntryKind
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel, PaymentState, SaleRecord, SaleState
from pos.services.core.context import Services
from pos.services.selling.counter_sale import SaleRequest, mark_paid, sell
from pos.services.selling.payments import Collected, PaymentPlan, ask_again
from pos.services.selling.recovery import check_payment, get_sale
from tests.integration.test_payment_flow import Till, journal_kinds, till
from tests.support.counter import check_invariants

PAYING_CODE = "134567890123453456"  # scripted per test


@pytest.fixture
def shop(svc: Services, tmp_path: Path) -> Till:
    return till(svc, tmp_path)


@dataclass
class SaleCheckMeanwhile:
    """The payment dialog; on its first tick another process runs ``what`` on the sale."""

    shop: Till
    what: str  # "check": gaspos sale check; "read": only read the sale (stale later)
    stale: SaleRecord | None = None
    told: list[tuple[Channel, int]] = field(default_factory=list)

    def waiting(self, channel: Channel, seconds_left: int) -> None:
        self.told.append((channel, seconds_left))
        if len(self.told) != 1:
            return
        order_no = self.shop.only_sale().order_no
        if self.what == "check":
            check_payment(self.shop.svc, self.shop.counter.clerk, order_no)
        else:
            self.stale = get_sale(self.shop.svc, order_no)

    def stop_requested(self) -> bool:
        return False


def test_sale_check_confirming_while_the_counter_polls_leaves_the_sale_paid_once(
        shop: Till) -> None:
    shop.provider.script(PAYING_CODE, "paying", count=1)  # paid at the first query
    watch = SaleCheckMeanwhile(shop, "check")
    outcome = shop.sell(Channel.WECHAT, PAYING_CODE, watch)  # type: ignore[arg-type]
    # sale check found it paid and moved the sale to pending; the counter's own query got
    # the same transaction id a moment later: its own payment, not "already used"
    assert outcome.sale.state is SaleState.COMPLETED
    assert [p.state for p in outcome.sale.payments] == [PaymentState.CONFIRMED]
    assert journal_kinds(shop.svc, outcome.sale.order_no) == [EntryKind.ADVANCE_RECEIPT,
                                                              EntryKind.SALE]
    check_invariants(shop.svc, shop.counter.reader)


def test_sale_check_with_a_stale_read_after_the_counter_confirmed_keeps_it_paid(
        shop: Till) -> None:
    shop.provider.script(PAYING_CODE, "paying", count=1)
    watch = SaleCheckMeanwhile(shop, "read")  # sale check read the sale while it polled
    outcome = shop.sell(Channel.WECHAT, PAYING_CODE, watch)  # type: ignore[arg-type]
    assert outcome.sale.state is SaleState.COMPLETED
    assert watch.stale is not None
    assert watch.stale.payments[0].state is PaymentState.REQUESTED
    # ... and asks the provider only now: paid, with the counter's own transaction id
    assert ask_again(shop.svc, watch.stale) is Collected.CONFIRMED
    sale = get_sale(shop.svc, outcome.sale.order_no)
    assert [p.state for p in sale.payments] == [PaymentState.CONFIRMED]
    with pytest.raises(Refused):  # and the sale's move is not made a second time
        mark_paid(shop.svc, sale.order_no)
    assert journal_kinds(shop.svc, sale.order_no) == [EntryKind.ADVANCE_RECEIPT,
                                                      EntryKind.SALE]
    check_invariants(shop.svc, shop.counter.reader)


def _split_left_unknown(shop: Till, reverse_refusals: int) -> SaleRecord:
    """WeChat 20 yuan first, then 8 in cash; WeChat's customer never finishes paying while
    the counter waits, and its three reverses are answered "still paying"."""
    shop.provider.script(PAYING_CODE, "reverse_refused", count=reverse_refusals)
    with pytest.raises(Refused) as refused:
        sell(shop.svc, shop.counter.clerk, SaleRequest(
            shop.counter.reader, Volume.m3(10), payment=PaymentPlan(split=(
                (Channel.WECHAT, Money.parse("20"), PAYING_CODE),
                (Channel.CASH, Money.parse("8"), None)))))
    assert refused.value.code == "sale.payment_unknown"
    sale = shop.only_sale()
    assert [(p.channel, p.state) for p in sale.payments] == [
        (Channel.WECHAT, PaymentState.UNKNOWN), (Channel.CASH, PaymentState.REQUESTED)]
    return sale


def test_a_split_left_unknown_and_paid_later_is_found_under_its_part_and_given_back(
        shop: Till) -> None:
    sale = _split_left_unknown(shop, reverse_refusals=3)
    part = f"{sale.order_no}-1"
    _customer_finishes_paying(shop, part)
    checked = check_payment(shop.svc, shop.counter.clerk, sale.order_no)
    # WeChat's part was paid; the cash was never taken (the counter said take no other
    # money): nothing is kept, the WeChat part goes back through WeChat
    assert checked.state is SaleState.CANCELLED
    assert [p.state for p in checked.payments] == [PaymentState.REFUNDED,
                                                   PaymentState.DECLINED]
    assert shop.asked()[-1] == "refund"
    check_invariants(shop.svc, shop.counter.reader)


def test_a_split_left_unknown_and_never_paid_is_reversed_under_its_part(shop: Till) -> None:
    sale = _split_left_unknown(shop, reverse_refusals=4)
    checked = check_payment(shop.svc, shop.counter.clerk, sale.order_no)
    assert checked.state is SaleState.CANCELLED
    assert [p.state for p in checked.payments] == [PaymentState.DECLINED,
                                                   PaymentState.DECLINED]
    part = f"{sale.order_no}-1"  # closed at the provider: the customer cannot pay it now
    assert shop.provider.query(channel=Channel.WECHAT, order_no=part).state is (
        PaymentState.DECLINED)
    assert journal_kinds(shop.svc, sale.order_no) == []
    check_invariants(shop.svc, shop.counter.reader)


def _customer_finishes_paying(shop: Till, order_no: str) -> None:
    """The customer enters the PIN after the counter gave up (the simulator's file)."""
    path = shop.provider._path  # the test's own simulator
    data = json.loads(path.read_text("utf-8"))
    data["orders"][order_no]["state"] = "paid"
    path.write_text(json.dumps(data), encoding="utf-8")
