"""Refunds of Alipay payments through the plug-in against the simulator: a part refunded and
its status asked; the same refund number asked again moves nothing more (fund_change N, then
the refund query confirms it); more than was paid, or a refund of an unpaid order, refused; a
refund Alipay does not know is not final (ask ``refund`` again with the same number)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.domain.quantities import Money
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState
from tests.support.alipay import AlipayStack, alipay_stack
from tests.support.clock import FixedClock

ALIPAY = Channel.ALIPAY
CODE = "281234567890123456"


@pytest.fixture(scope="session")
def alipay_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("alipay-keys")


@pytest.fixture
def alipay(alipay_keys: Path, tmp_path: Path, clock: FixedClock) -> Iterator[AlipayStack]:
    with alipay_stack(alipay_keys, tmp_path / "sim", clock) as stack:
        stack.provider.charge(channel=ALIPAY, order_no="GS-PAID", amount=Money(28300),
                              payment_code=CODE)
        yield stack


def refund(alipay: AlipayStack, refund_no: str, fen: int,
           order_no: str = "GS-PAID") -> ProviderAnswer:
    return alipay.provider.refund(channel=ALIPAY, order_no=order_no, refund_no=refund_no,
                                  amount=Money(fen))


def refund_query(alipay: AlipayStack, refund_no: str) -> ProviderAnswer:
    return alipay.provider.refund_query(channel=ALIPAY, order_no="GS-PAID", refund_no=refund_no)


def test_a_part_is_refunded_and_its_status_followed(alipay: AlipayStack) -> None:
    assert refund(alipay, "RF-1", 5660) == ProviderAnswer(PaymentState.CONFIRMED, "RF-1")
    assert refund_query(alipay, "RF-1") == ProviderAnswer(PaymentState.CONFIRMED, "RF-1")
    refunds = alipay.handler.orders.orders()["GS-PAID"]["refunds"]
    assert refunds["RF-1"]["amount"] == "56.60"
    # the payment stays paid for the rest
    assert alipay.provider.query(channel=ALIPAY, order_no="GS-PAID").state is \
        PaymentState.CONFIRMED


def test_the_same_refund_asked_again_refunds_once(alipay: AlipayStack) -> None:
    assert refund(alipay, "RF-1", 5660).state is PaymentState.CONFIRMED
    again = refund(alipay, "RF-1", 5660)  # fund_change N: the plug-in asks the refund query
    assert again == ProviderAnswer(PaymentState.CONFIRMED, "RF-1")
    assert alipay.handler.requests[-2:] == ["alipay.trade.refund",
                                            "alipay.trade.fastpay.refund.query"]
    assert list(alipay.handler.orders.orders()["GS-PAID"]["refunds"]) == ["RF-1"]


def test_more_than_was_paid_is_refused(alipay: AlipayStack) -> None:
    assert refund(alipay, "RF-1", 28000).state is PaymentState.CONFIRMED
    too_much = refund(alipay, "RF-2", 301)
    assert too_much.state is PaymentState.DECLINED and too_much.detail == "退款金额超限"
    assert refund(alipay, "RF-3", 300).state is PaymentState.CONFIRMED  # the rest, exactly
    assert alipay.provider.query(channel=ALIPAY, order_no="GS-PAID").state is \
        PaymentState.DECLINED  # fully refunded: TRADE_CLOSED


def test_an_unpaid_order_has_nothing_to_refund(alipay: AlipayStack) -> None:
    alipay.provider.charge(channel=ALIPAY, order_no="GS-WAIT", amount=Money(100),
                           payment_code=CODE[:-4] + "8888")
    assert refund(alipay, "RF-W", 100, order_no="GS-WAIT").state is PaymentState.DECLINED
    assert refund(alipay, "RF-N", 100, order_no="GS-NONE").state is PaymentState.DECLINED


def test_a_refund_alipay_does_not_know_is_not_final(alipay: AlipayStack) -> None:
    unknown = refund_query(alipay, "RF-NEVER")
    assert unknown.state is PaymentState.UNKNOWN  # asking refund again with it is safe


def test_a_forged_refund_answer_is_not_believed(alipay: AlipayStack) -> None:
    alipay.handler.signature = "forged"
    assert refund(alipay, "RF-F", 100).state is PaymentState.UNKNOWN
    alipay.handler.signature = None
    assert refund_query(alipay, "RF-F").state is PaymentState.CONFIRMED  # it was done
