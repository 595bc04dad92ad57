"""Issue 17's defects in the payment-code flow (docs/payments.md), through the services on real
SQLite: a payment code is never taken as a ``manual`` transaction id; a refund whose request
was lost is sent again; an order that ended declined after an unclear charge is reversed; a
live channel that cannot be used is refused before the sale is recorded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pos.adapters.payments import ManualProvider
from pos.bootstrap import config
from pos.bootstrap.payments import Payments
from pos.domain.errors import Refused
from pos.domain.quantities import Money, Volume
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState, SaleRecord, SaleState
from pos.services.core.context import Services
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import check_payment, refunds_under_way, void
from tests.integration.test_payment_flow import (
    ALIPAY_CODE,
    WECHAT_CODE,
    Recording,
    Till,
)
from tests.support.cards import KEYS
from tests.support.clock import FixedClock
from tests.support.counter import check_invariants, open_counter


def manual(svc: Services) -> Services:
    return replace(svc, payments=ManualProvider(),
                   settings=replace(svc.settings, payment_codes=frozenset()))


@pytest.mark.parametrize(("channel", "code"), [(Channel.WECHAT, WECHAT_CODE),
                                               (Channel.ALIPAY, ALIPAY_CODE),
                                               (Channel.WECHAT, " 1345 6789 0123 4512 34 ")])
def test_a_payment_code_on_a_manual_channel_is_refused_before_anything_is_recorded(
        svc: Services, tmp_path: Path, channel: Channel, code: str) -> None:
    counter = open_counter(manual(svc), tmp_path)
    with pytest.raises(Refused) as refused:
        sell(counter.svc, counter.clerk, SaleRequest(
            counter.reader, Volume.m3(10), payment=PaymentPlan(channel, ref=code)))
    assert refused.value.code == "payment.code_needs_live"
    with counter.svc.uow() as uow:  # nothing recorded: no sale awaiting, no payment
        assert list(uow.sales.find()) == []


def test_a_manual_transaction_id_is_still_taken(svc: Services, tmp_path: Path) -> None:
    counter = open_counter(manual(svc), tmp_path)
    outcome = sell(counter.svc, counter.clerk, SaleRequest(
        counter.reader, Volume.m3(10),
        payment=PaymentPlan(Channel.WECHAT, ref="4200001234202611270001")))
    assert outcome.sale.payments[0].provider_ref == "4200001234202611270001"


class Unreliable(Recording):
    """The simulated provider behind a line that loses requests: the first ``lost_refunds``
    refunds never arrive; a charge of a code ending 5555 never arrives; a charge of a code
    ending 4444 is paid and then reported PAYERROR (支付失败，请撤销订单).  ``quiet_queries``:
    a refund the provider never got is answered "not done yet" (Alipay) instead of "no such
    refund" (WeChat Pay)."""

    def __init__(self, path: Path, events: list[str], *, lost_refunds: int = 0,
                 quiet_queries: bool = False) -> None:
        super().__init__(path, events)
        self.lost_refunds, self.quiet_queries = lost_refunds, quiet_queries

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        if payment_code.endswith("5555"):
            self.events.append("charge")
            return ProviderAnswer(PaymentState.UNKNOWN, detail="timed out")
        answer = super().charge(channel=channel, order_no=order_no, amount=amount,
                                payment_code=payment_code)
        if payment_code.endswith("4444"):
            return ProviderAnswer(PaymentState.DECLINED, detail="PAYERROR", reverse=True)
        return answer

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        if self.lost_refunds:
            self.lost_refunds -= 1
            self.events.append("refund")
            return ProviderAnswer(PaymentState.UNKNOWN, detail="timed out")
        return super().refund(channel=channel, order_no=order_no, refund_no=refund_no,
                              amount=amount)

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        answer = super().refund_query(channel=channel, order_no=order_no, refund_no=refund_no)
        if self.quiet_queries and answer.detail == "no such refund":
            return ProviderAnswer(PaymentState.UNKNOWN, detail="the refund is not done yet")
        return answer


def unreliable(svc: Services, tmp_path: Path, **kwargs: Any) -> Till:
    events: list[str] = []
    provider = Unreliable(tmp_path / "provider.json", events, **kwargs)
    paced = replace(svc, payments=provider, sleep=lambda seconds: events.append("pause"))
    return Till(open_counter(paced, tmp_path), provider, events)


def void_it(shop: Till, order_no: str) -> SaleRecord:
    return void(shop.svc, shop.counter.clerk, shop.counter.supervisor, order_no,
                shop.counter.reader, "customer changed their mind")


def test_a_refund_lost_on_its_way_is_sent_again_when_its_query_finds_none(
        svc: Services, tmp_path: Path) -> None:
    shop = unreliable(svc, tmp_path, lost_refunds=1)
    sold = shop.sell(Channel.WECHAT, WECHAT_CODE)
    voided = void_it(shop, sold.sale.order_no)
    assert voided.payments[0].state is PaymentState.REFUNDED
    assert shop.asked()[-3:] == ["refund", "refund_query", "refund"]  # the same refund no.
    assert shop.provider.refund_query(channel=Channel.WECHAT, order_no=sold.sale.order_no,
                                      refund_no=f"R{sold.sale.order_no}").state is (
        PaymentState.CONFIRMED)
    check_invariants(shop.svc, shop.counter.reader)


def test_sale_check_sends_a_refund_the_provider_never_got_again(
        svc: Services, tmp_path: Path) -> None:
    shop = unreliable(svc, tmp_path, lost_refunds=1, quiet_queries=True)
    sold = shop.sell(Channel.ALIPAY, ALIPAY_CODE)
    voided = void_it(shop, sold.sale.order_no)
    assert voided.payments[0].state is PaymentState.REFUND_PENDING  # "not done yet", 30 s
    checked = check_payment(shop.svc, shop.counter.clerk, sold.sale.order_no)
    assert checked.payments[0].state is PaymentState.REFUNDED
    assert shop.asked()[-1] == "refund" and shop.asked().count("refund") == 2
    assert refunds_under_way(shop.svc) == []
    check_invariants(shop.svc, shop.counter.reader)


def test_a_charge_declined_by_the_query_after_a_lost_answer_is_reversed_all_the_same(
        svc: Services, tmp_path: Path) -> None:
    shop = unreliable(svc, tmp_path)
    refused = shop.refused(Channel.WECHAT, "134567890123455555")
    assert refused.code == "sale.payment_declined"  # as the provider said: not "reversed"
    assert shop.asked() == ["charge", "query", "reverse"]
    sale = shop.only_sale()
    assert (sale.state, [p.state for p in sale.payments]) == (SaleState.CANCELLED,
                                                              [PaymentState.DECLINED])


def test_a_payerror_charge_is_reversed_and_nothing_is_kept(
        svc: Services, tmp_path: Path) -> None:
    shop = unreliable(svc, tmp_path)
    refused = shop.refused(Channel.WECHAT, "134567890123454444")
    assert refused.code == "sale.payment_declined"
    assert shop.asked() == ["charge", "reverse"]
    sale = shop.only_sale()
    assert shop.provider.query(channel=Channel.WECHAT, order_no=sale.order_no).state is (
        PaymentState.DECLINED)  # the order the provider had made is closed
    check_invariants(shop.svc, shop.counter.reader)


def test_a_live_channel_without_its_merchant_is_refused_before_the_sale_is_recorded(
        svc: Services, clock: FixedClock, tmp_path: Path) -> None:
    wired = Payments(replace(config.Settings(), payments=replace(
        config.PaymentSettings(), wechat="live")), tmp_path / "data", lambda: KEYS, clock,
        counter_no="01", demo=False)  # the test key file has no WeChat Pay merchant
    counter = open_counter(replace(svc, payments=wired.provider, settings=replace(
        svc.settings, payment_codes=wired.code_channels)), tmp_path)
    with pytest.raises(Refused):
        sell(counter.svc, counter.clerk, SaleRequest(
            counter.reader, Volume.m3(10), payment=PaymentPlan(Channel.WECHAT,
                                                               ref=WECHAT_CODE)))
    with counter.svc.uow() as uow:  # no sale left awaiting payment
        assert list(uow.sales.find()) == []
