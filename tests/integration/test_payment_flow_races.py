"""Two processes on one payment, and a split whose online part comes first, through the
services on real SQLite and the simulated provider (docs/payments.md).

* ``gaspos sale check`` answering a payment while the counter still polls it: whichever
  answers second finds the payment answered and acts on the answer stored — never records
  its own payment as "reference already used", never overwrites a paid payment as declined;
* a split recorded whole before any part is charged, so ``sale check`` asks about the
  order number each part was charged under (``X-1``), not the sale's (``X``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pos.domain.errors import Refused
from pos.domain.journal import EntryKind
from pos.domain.sale.record import Channel, PaymentState, SaleRecord, SaleState
from pos.services.core.context import Services
from pos.services.selling.counter_sale import mark_paid
from pos.services.selling.payments import Collected, ask_again
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
