"""A WeChat Pay payment code taken at the counter, through wechatpayv3 and real HTTPS against
the simulated WeChat Pay: what each of its answers means to the counter."""

from __future__ import annotations

import json
import logging

import pytest

from pos.adapters.provider_sim.server import ProviderSimulator
from pos.adapters.provider_sim.wechat import Act, WeChatSimulator
from pos.adapters.wechat_pay import wechat_provider
from pos.adapters.wechat_pay.provider import WeChatPayProvider
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, PaymentState
from tests.integration.payments.conftest import WeChatStand

WECHAT = Channel.WECHAT
CONFIRMED, DECLINED, UNKNOWN = PaymentState.CONFIRMED, PaymentState.DECLINED, PaymentState.UNKNOWN


def code(ending: str) -> str:
    return "13" + "4567890123" + "45" + ending


def test_a_code_paid_at_once_is_confirmed_with_the_transaction_id(
        wechat: WeChatStand, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    provider = wechat.provider()
    answer = provider.charge(channel=WECHAT, order_no="GS2026112701001", amount=Money(28300),
                             payment_code=code("1234"))
    assert answer.state is CONFIRMED
    assert answer.provider_ref and answer.provider_ref.startswith("4200002")
    sent = json.loads(wechat.simulator.requests[-1].body)
    assert sent["payer"] == {"auth_code": code("1234")}
    assert sent["amount"] == {"total": 28300, "currency": "CNY"}
    assert sent["scene_info"] == {"device_id": "01", "device_ip": "127.0.0.1",
                                  "store_info": {"out_id": "HALL-1"}}
    again = provider.query(channel=WECHAT, order_no="GS2026112701001")
    assert (again.state, again.provider_ref) == (CONFIRMED, answer.provider_ref)
    assert "1345**********1234" in caplog.text  # masked as the counter masks codes
    assert code("1234") not in caplog.text  # never the whole payment code in the log


def test_a_customer_entering_the_pin_is_waited_for_then_paid(wechat: WeChatStand) -> None:
    provider = wechat.provider()
    wechat.simulator.script("GS2026112701002", Act.USERPAYING, times=3)
    first = provider.charge(channel=WECHAT, order_no="GS2026112701002", amount=Money(5660),
                            payment_code=code("5678"))
    assert (first.state, first.waiting) == (UNKNOWN, True)
    polls = [provider.query(channel=WECHAT, order_no="GS2026112701002") for _ in range(4)]
    assert [(p.state, p.waiting) for p in polls] == [(UNKNOWN, True)] * 3 + [(CONFIRMED, False)]
    assert polls[-1].provider_ref


def test_a_system_error_is_unknown_and_the_query_finds_it_paid(wechat: WeChatStand) -> None:
    provider = wechat.provider()
    answer = provider.charge(channel=WECHAT, order_no="GS2026112701003", amount=Money(100),
                             payment_code=code("2222"))
    assert (answer.state, answer.waiting) == (UNKNOWN, False)
    assert "SYSTEM_ERROR" in answer.detail
    assert provider.query(channel=WECHAT, order_no="GS2026112701003").state is CONFIRMED


def test_an_answer_lost_after_charging_is_unknown_and_the_query_finds_it(
        wechat: WeChatStand) -> None:
    provider = wechat.provider()
    answer = provider.charge(channel=WECHAT, order_no="GS2026112701004", amount=Money(100),
                             payment_code=code("9999"))
    assert answer.state is UNKNOWN and "no answer" in answer.detail
    assert provider.query(channel=WECHAT, order_no="GS2026112701004").state is CONFIRMED


def test_an_answer_later_than_the_timeout_is_unknown(wechat: WeChatStand) -> None:
    wechat.simulator.script("GS2026112701005", Act.SLOW, delay=0.6)
    answer = wechat.provider(timeout=0.2).charge(
        channel=WECHAT, order_no="GS2026112701005", amount=Money(100), payment_code=code("3333"))
    assert answer.state is UNKNOWN and "Timeout" in answer.detail


def test_refusals_are_declined_with_wechats_message(wechat: WeChatStand) -> None:
    provider = wechat.provider()
    poor = provider.charge(channel=WECHAT, order_no="GS2026112701006", amount=Money(100),
                           payment_code=code("0000"))
    assert poor.state is DECLINED and "NOTENOUGH" in poor.detail
    assert provider.query(channel=WECHAT, order_no="GS2026112701006").state is DECLINED
    provider.charge(channel=WECHAT, order_no="GS2026112701007", amount=Money(100),
                    payment_code=code("4444"))
    reused = provider.charge(channel=WECHAT, order_no="GS2026112701008", amount=Money(100),
                             payment_code=code("4444"))
    assert reused.state is DECLINED and "仅限使用一次" in reused.detail
    bad = provider.charge(channel=WECHAT, order_no="GS2026112701009", amount=Money(100),
                          payment_code="99" + "1" * 16)
    assert bad.state is DECLINED and "PARAM_ERROR" in bad.detail
    never = provider.query(channel=WECHAT, order_no="GS2026112701099")
    assert never.state is DECLINED and "ORDER_NOT_EXIST" in never.detail


def test_the_same_order_charged_again_answers_as_before_and_takes_nothing_twice(
        wechat: WeChatStand) -> None:
    provider = wechat.provider()
    first = provider.charge(channel=WECHAT, order_no="GS2026112701010", amount=Money(100),
                            payment_code=code("1235"))
    second = provider.charge(channel=WECHAT, order_no="GS2026112701010", amount=Money(100),
                             payment_code=code("1235"))
    assert (second.state, second.provider_ref) == (CONFIRMED, first.provider_ref)
    assert len(wechat.simulator.book.orders()) == 1


def test_a_later_simulator_still_knows_the_orders_an_earlier_one_took(
        wechat: WeChatStand) -> None:
    wechat.provider().charge(channel=WECHAT, order_no="GS2026112701011", amount=Money(100),
                             payment_code=code("9999"))  # the answer lost
    wechat.server.stop()
    directory = wechat.simulator.book.path.parent
    later = WeChatSimulator(wechat.demo.simulator, directory, clock=wechat.clock.now)
    with ProviderSimulator([later], directory.parent / "sim") as server:
        found = wechat_provider_at(server, wechat).query(channel=WECHAT,
                                                         order_no="GS2026112701011")
    assert found.state is CONFIRMED


def wechat_provider_at(server: ProviderSimulator, wechat: WeChatStand) -> WeChatPayProvider:

    return wechat_provider(url=server.url, timeout=5.0, device_id="01", device_ip="127.0.0.1",
                           store_id="", store_out_id="", merchant=wechat.demo.merchant,
                           ca_file=server.authority.ca_file)


def test_a_payerror_order_asks_for_a_reverse_and_reversing_it_is_harmless(
        wechat: WeChatStand) -> None:
    provider = wechat.provider()
    provider.charge(channel=WECHAT, order_no="GS2026112701070", amount=Money(100),
                    payment_code=code("0000"))  # NOTENOUGH: the order stays PAYERROR
    failed = provider.query(channel=WECHAT, order_no="GS2026112701070")
    assert (failed.state, failed.reverse) == (DECLINED, True) and "PAYERROR" in failed.detail
    assert provider.reverse(channel=WECHAT, order_no="GS2026112701070").state is CONFIRMED
    assert provider.query(channel=WECHAT, order_no="GS2026112701070").state is DECLINED
    missing = provider.reverse(channel=WECHAT, order_no="GS2026112701071")  # never made
    assert missing.state is CONFIRMED


def test_a_success_is_believed_only_for_our_order_and_amount() -> None:
    from pos.adapters.wechat_pay.provider import _trade

    paid = {"trade_state": "SUCCESS", "transaction_id": "4200002", "out_trade_no": "GS1",
            "amount": {"total": 100, "currency": "CNY"}}
    assert _trade(paid, "GS1", 100).state is CONFIRMED
    assert _trade(paid, "GS1").state is CONFIRMED
    other = _trade(paid, "GS2", 100)
    assert other.state is UNKNOWN and "GS2" in other.detail
    wrong = _trade(paid, "GS1", 200)
    assert wrong.state is UNKNOWN and "200" in wrong.detail
