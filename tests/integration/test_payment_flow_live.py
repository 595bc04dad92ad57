"""The flow through the live plug-ins and the provider simulator over HTTPS on loopback — the
demo's own stand (pos/bootstrap/payments.py): a WeChat Pay and an Alipay payment-code sale, a
customer taking their time, a timeout ending in a reverse, a void refunded through the API,
and the month's bills fetched and reconciled with nothing open."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pos.bootstrap import config
from pos.bootstrap.payments import Payments
from pos.domain.errors import Refused
from pos.domain.journal import EntryKind
from pos.domain.quantities import Volume
from pos.domain.sale.record import Channel, PaymentState, SaleState
from pos.domain.staff import Role
from pos.services.core.context import Services
from pos.services.month import bill_fetch, reconciliation
from pos.services.selling.counter_sale import SaleOutcome, SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import void
from tests.support.cards import KEYS
from tests.support.clock import FixedClock
from tests.support.counter import Counter, check_invariants, load_meter, open_counter
from tests.support.services import add_staff


@pytest.fixture
def demo(svc: Services, clock: FixedClock, tmp_path: Path) -> Counter:
    stand = Payments(config.Settings(), tmp_path / "demo", lambda: KEYS, clock,
                     counter_no="01", demo=True)
    live = replace(svc, payments=stand.provider, bills=stand.bills,
                   settings=replace(svc.settings, payment_codes=stand.code_channels))
    return open_counter(live, tmp_path)


def pay(counter: Counter, channel: Channel, code: str) -> SaleOutcome:
    return sell(counter.svc, counter.clerk, SaleRequest(
        counter.reader, Volume.m3(10), payment=PaymentPlan(channel, ref=code)))


def test_wechat_and_alipay_code_sales_through_the_simulator(demo: Counter) -> None:
    wechat = pay(demo, Channel.WECHAT, "134567890123451111")  # USERPAYING, then paid
    assert wechat.sale.state is SaleState.COMPLETED
    assert wechat.sale.payments[0].provider_ref  # WeChat Pay's transaction id
    load_meter(demo)
    alipay = pay(demo, Channel.ALIPAY, "284567890123451234")
    assert alipay.sale.state is SaleState.COMPLETED
    check_invariants(demo.svc, demo.reader)


def test_a_customer_who_never_pays_is_reversed_and_nothing_is_kept(demo: Counter) -> None:
    for channel, code in ((Channel.WECHAT, "134567890123458888"),
                          (Channel.ALIPAY, "284567890123458888")):
        with pytest.raises(Refused) as refused:
            pay(demo, channel, code)
        assert refused.value.code == "sale.payment_reversed"
    with demo.svc.uow() as uow:
        sales = list(uow.sales.find())
    assert [s.state for s in sales] == [SaleState.CANCELLED, SaleState.CANCELLED]
    check_invariants(demo.svc, demo.reader)


def test_a_void_is_refunded_through_the_api(demo: Counter) -> None:
    sold = pay(demo, Channel.WECHAT, "134567890123451234")
    voided = void(demo.svc, demo.clerk, demo.supervisor, sold.sale.order_no, demo.reader,
                  "customer changed their mind")
    assert voided.state is SaleState.VOIDED
    assert voided.payments[0].state in (PaymentState.REFUNDED, PaymentState.REFUND_PENDING)
    check_invariants(demo.svc, demo.reader)


def test_the_months_bills_are_fetched_and_reconciled_with_nothing_open(
        demo: Counter, clock: FixedClock) -> None:
    svc = demo.svc
    sold = {}
    for channel, code in ((Channel.WECHAT, "134567890123451234"),
                          (Channel.ALIPAY, "284567890123451234")):
        sold[channel] = pay(demo, channel, code)
        assert sold[channel].sale.state is SaleState.COMPLETED
        load_meter(demo)
    clock.advance(days=1)  # the bills of a day are there the day after
    finance = add_staff(svc, "4001", Role.FINANCE)
    for channel in sold:
        fetched = bill_fetch.fetch_month(svc, finance, channel, clock.now().strftime("%Y-%m"))
        assert fetched.missing == ()
        assert sum(d.added for d in fetched.days) >= 1
        again = bill_fetch.fetch_month(svc, finance, channel, fetched.month)
        assert all(d.already for d in again.days)
    with svc.uow() as uow:
        kinds = {e.kind for e in uow.journal.entries()}
    assert EntryKind.SALE in kinds
    view = reconciliation.reconcile_month(svc, finance, clock.now().strftime("%Y-%m"))
    # every payment matches its bill line; what stays open is the settlement into the bank,
    # for which this test imports no bank statement
    assert [i.stored.level for i in view.open_items
            if i.stored.channel in ("wechat", "alipay")] == ["settlement", "settlement"]
