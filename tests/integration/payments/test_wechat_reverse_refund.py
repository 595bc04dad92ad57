"""Giving up on a WeChat Pay order (reverse, 撤销) and giving money back (refund)."""

from __future__ import annotations

from pos.adapters.provider_sim.wechat import Act
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, PaymentState
from tests.integration.payments.conftest import WeChatStand
from tests.integration.payments.test_wechat_charge import code

WECHAT = Channel.WECHAT
CONFIRMED, DECLINED, UNKNOWN = PaymentState.CONFIRMED, PaymentState.DECLINED, PaymentState.UNKNOWN


def test_a_customer_who_never_pays_is_reversed_and_the_order_cannot_be_paid_again(
        wechat: WeChatStand) -> None:
    provider = wechat.provider()
    order = "GS2026112702001"
    assert provider.charge(channel=WECHAT, order_no=order, amount=Money(100),
                           payment_code=code("8888")).waiting
    assert provider.query(channel=WECHAT, order_no=order).waiting
    reversed_ = provider.reverse(channel=WECHAT, order_no=order)
    assert reversed_.state is CONFIRMED and "REVOKED" in reversed_.detail
    assert provider.query(channel=WECHAT, order_no=order).state is DECLINED
    again = provider.charge(channel=WECHAT, order_no=order, amount=Money(100),
                            payment_code=code("8888"))
    assert again.state is DECLINED and "订单已撤销" in again.detail


def test_a_reverse_refused_while_the_customer_pays_is_unknown_then_done(
        wechat: WeChatStand) -> None:
    provider = wechat.provider()
    order = "GS2026112702002"
    provider.charge(channel=WECHAT, order_no=order, amount=Money(100), payment_code=code("7777"))
    refused = provider.reverse(channel=WECHAT, order_no=order)
    assert (refused.state, refused.waiting) == (UNKNOWN, True)
    assert "USERPAYING" in refused.detail
    assert provider.query(channel=WECHAT, order_no=order).waiting
    assert provider.reverse(channel=WECHAT, order_no=order).state is CONFIRMED


def test_reversing_a_paid_order_gives_the_money_back(wechat: WeChatStand) -> None:
    provider = wechat.provider()
    order = "GS2026112702003"
    assert provider.charge(channel=WECHAT, order_no=order, amount=Money(100),
                           payment_code=code("5555")).state is CONFIRMED
    assert provider.reverse(channel=WECHAT, order_no=order).state is CONFIRMED
    assert "REVOKED" in provider.query(channel=WECHAT, order_no=order).detail


def test_reversing_an_order_wechat_never_saw_is_done(wechat: WeChatStand) -> None:
    answer = wechat.provider().reverse(channel=WECHAT, order_no="GS2026112702004")
    assert answer.state is CONFIRMED and "ORDER_NOT_EXIST" in answer.detail


def test_a_refund_processing_is_followed_until_it_succeeds(wechat: WeChatStand) -> None:
    provider = wechat.provider()
    order = "GS2026112702005"
    provider.charge(channel=WECHAT, order_no=order, amount=Money(28300),
                    payment_code=code("5556"))
    wechat.simulator.script("RF2026112702005", Act.REFUND_SLOW, times=2)
    refund = provider.refund(channel=WECHAT, order_no=order, refund_no="RF2026112702005",
                             amount=Money(10000))
    assert (refund.state, refund.detail) == (UNKNOWN, "PROCESSING")
    follow = [provider.refund_query(channel=WECHAT, order_no=order, refund_no="RF2026112702005")
              for _ in range(3)]
    assert [f.state for f in follow] == [UNKNOWN, UNKNOWN, CONFIRMED]
    assert follow[-1].provider_ref == refund.provider_ref
    assert provider.query(channel=WECHAT, order_no=order).state is CONFIRMED  # paid, refunded
    again = provider.refund(channel=WECHAT, order_no=order, refund_no="RF2026112702005",
                            amount=Money(10000))
    assert again.state is CONFIRMED  # the same refund number asked again: no second refund
    too_much = provider.refund(channel=WECHAT, order_no=order, refund_no="RF2026112702006",
                               amount=Money(20000))
    assert too_much.state is DECLINED and "超过" in too_much.detail


def test_refunds_that_fail_or_stall_and_refunds_of_what_was_never_paid(
        wechat: WeChatStand) -> None:
    provider = wechat.provider()
    order = "GS2026112702007"
    provider.charge(channel=WECHAT, order_no=order, amount=Money(500), payment_code=code("5557"))
    wechat.simulator.script("RF-CLOSED-01", Act.REFUND_CLOSED)
    wechat.simulator.script("RF-ABNORMAL-01", Act.REFUND_ABNORMAL)
    provider.refund(channel=WECHAT, order_no=order, refund_no="RF-CLOSED-01", amount=Money(100))
    provider.refund(channel=WECHAT, order_no=order, refund_no="RF-ABNORMAL-01",
                    amount=Money(100))
    closed = provider.refund_query(channel=WECHAT, order_no=order, refund_no="RF-CLOSED-01")
    assert closed.state is DECLINED
    stuck = provider.refund_query(channel=WECHAT, order_no=order, refund_no="RF-ABNORMAL-01")
    assert stuck.state is UNKNOWN and "ABNORMAL" in stuck.detail
    unknown = provider.refund_query(channel=WECHAT, order_no=order, refund_no="RF-NONE-01")
    assert unknown.state is DECLINED
    nothing = provider.refund(channel=WECHAT, order_no="GS2026112702099", refund_no="RF-X-01",
                              amount=Money(100))
    assert nothing.state is DECLINED
