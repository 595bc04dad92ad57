"""Alipay face-to-face payments through the plug-in (the official SDK's models and signer, our
TLS transport) against the simulator's gateway over real HTTPS on loopback: paid at once; the
customer entering the PIN (10003) and paid after a few queries; a system error (20000) found
paid by the query; an answer lost after charging, found by the query; a decline; cancels —
of an order still waiting, refused while the customer pays and then done, of a paid order
(refunded); a payment code used twice; an order cancelled and paid again; Beijing time from a
counter whose clock runs in another timezone."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pos.adapters.provider_sim.alipay import AlipayHandler
from pos.domain.quantities import Money
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState
from tests.support.alipay import AlipayStack, alipay_stack
from tests.support.clock import FixedClock

ALIPAY = Channel.ALIPAY
CODE = "281234567890123456"  # Alipay: 25–30 then 14–22 digits; the ending chooses the behaviour
CONFIRMED, DECLINED, UNKNOWN = PaymentState.CONFIRMED, PaymentState.DECLINED, PaymentState.UNKNOWN


def code(ending: str) -> str:
    return CODE[:-4] + ending


@pytest.fixture(scope="session")
def alipay_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("alipay-keys")


@pytest.fixture
def alipay(alipay_keys: Path, tmp_path: Path, clock: FixedClock) -> Iterator[AlipayStack]:
    with alipay_stack(alipay_keys, tmp_path / "sim", clock, paying_queries=3) as stack:
        yield stack


def charge(alipay: AlipayStack, order_no: str, payment_code: str,
           fen: int = 12345) -> ProviderAnswer:
    return alipay.provider.charge(channel=ALIPAY, order_no=order_no, amount=Money(fen),
                                  payment_code=payment_code)


def query(alipay: AlipayStack, order_no: str) -> ProviderAnswer:
    return alipay.provider.query(channel=ALIPAY, order_no=order_no)


def reverse(alipay: AlipayStack, order_no: str) -> ProviderAnswer:
    return alipay.provider.reverse(channel=ALIPAY, order_no=order_no)


def test_paid_at_once_with_what_the_counter_sent(alipay: AlipayStack,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    paid = charge(alipay, "GS202611270001", CODE, fen=12305)
    assert paid.state is CONFIRMED and paid.provider_ref and len(paid.provider_ref) == 28
    assert query(alipay, "GS202611270001") == ProviderAnswer(CONFIRMED, paid.provider_ref)
    order = alipay.handler.orders.orders()["GS202611270001"]
    assert (order["amount"], order["store_id"], order["terminal_id"], order["created"]) == (
        "123.05", "HALL-01", "01", "2026-11-27 09:30:00")
    assert CODE not in caplog.text and "2812**********3456" in caplog.text  # never the whole code


def test_the_customer_enters_the_pin_then_it_is_paid(alipay: AlipayStack) -> None:
    first = charge(alipay, "GS-PIN", code("1111"))
    assert (first.state, first.waiting) == (UNKNOWN, True)  # 10003: is_success() would say yes
    waits = [query(alipay, "GS-PIN") for _ in range(3)]
    assert all(w.state is UNKNOWN and w.waiting for w in waits)
    assert query(alipay, "GS-PIN").state is CONFIRMED


def test_a_system_error_is_unknown_and_the_query_finds_it_paid(alipay: AlipayStack) -> None:
    answer = charge(alipay, "GS-ERR", code("2222"))
    assert (answer.state, answer.waiting) == (UNKNOWN, False)
    assert query(alipay, "GS-ERR").state is CONFIRMED


def test_an_answer_lost_after_charging_is_found_by_the_query(alipay: AlipayStack) -> None:
    lost = charge(alipay, "GS-LOST", code("9999"))
    assert lost.state is UNKNOWN
    found = query(alipay, "GS-LOST")
    assert found.state is CONFIRMED and found.provider_ref
    # asked again with the same order number: already paid, confirmed through the query
    assert charge(alipay, "GS-LOST", code("9999")) == found


def test_a_decline_is_final_and_says_why(alipay: AlipayStack) -> None:
    declined = charge(alipay, "GS-POOR", code("0000"))
    assert declined == ProviderAnswer(DECLINED, detail="买家余额不足")
    assert query(alipay, "GS-POOR").state is DECLINED
    assert query(alipay, "GS-NEVER") == ProviderAnswer(DECLINED, detail="no such order")


def test_an_order_given_up_is_cancelled_and_never_paid_after(alipay: AlipayStack) -> None:
    assert charge(alipay, "GS-GONE", code("8888")).waiting
    assert query(alipay, "GS-GONE").waiting
    cancelled = reverse(alipay, "GS-GONE")
    assert (cancelled.state, cancelled.detail) == (CONFIRMED, "close")
    assert query(alipay, "GS-GONE").state is DECLINED
    assert charge(alipay, "GS-GONE", code("8888")).state is DECLINED  # ACQ.TRADE_HAS_CLOSE


def test_a_cancel_refused_while_the_customer_pays_is_asked_again(alipay: AlipayStack) -> None:
    assert charge(alipay, "GS-BUSY", code("7777")).waiting
    refused = reverse(alipay, "GS-BUSY")
    assert refused.state is UNKNOWN  # retry_flag Y: query, then cancel again
    assert query(alipay, "GS-BUSY").waiting
    assert reverse(alipay, "GS-BUSY").state is CONFIRMED
    assert query(alipay, "GS-BUSY").state is DECLINED
    assert alipay.handler.requests.count("alipay.trade.cancel") == 2


def test_cancelling_a_paid_order_gives_the_money_back(alipay: AlipayStack) -> None:
    assert charge(alipay, "GS-BACK", CODE).state is CONFIRMED
    back = reverse(alipay, "GS-BACK")
    assert (back.state, back.detail) == (CONFIRMED, "refund")
    assert query(alipay, "GS-BACK").state is DECLINED  # TRADE_CLOSED
    assert reverse(alipay, "GS-NEVER").state is CONFIRMED  # nothing was ever taken


def test_a_payment_code_pays_once(alipay: AlipayStack) -> None:
    assert charge(alipay, "GS-ONE", CODE).state is CONFIRMED
    again = charge(alipay, "GS-TWO", CODE)
    assert again.state is DECLINED and "付款码" in again.detail


def test_a_scripted_order_overrides_the_code(alipay: AlipayStack) -> None:
    alipay.handler.script("GS-SCRIPT", "declined")
    assert charge(alipay, "GS-SCRIPT", CODE).state is DECLINED
    alipay.handler.script(code("4321"), "paying")
    assert charge(alipay, "GS-SCRIPT-2", code("4321")).waiting
    with pytest.raises(ValueError, match="unknown behaviour"):
        alipay.handler.script("GS-X", "sometimes")


def test_the_timestamp_is_beijing_time_whatever_the_counter_clock_zone(
        alipay_keys: Path, tmp_path: Path) -> None:
    utc = FixedClock(datetime(2026, 11, 27, 1, 30, tzinfo=ZoneInfo("UTC")))  # 09:30 Beijing
    with alipay_stack(alipay_keys, tmp_path / "sim", utc) as stack:
        assert charge(stack, "GS-UTC", CODE).state is CONFIRMED
        assert stack.handler.orders.orders()["GS-UTC"]["created"] == "2026-11-27 09:30:00"


def test_orders_outlive_the_simulator(alipay: AlipayStack, tmp_path: Path,
                                      clock: FixedClock) -> None:
    paid = charge(alipay, "GS-KEPT", CODE)
    kept = json.loads((tmp_path / "sim" / "alipay-orders.json").read_text("utf-8"))
    assert kept["orders"]["GS-KEPT"]["trade_no"] == paid.provider_ref
    later = AlipayHandler(tmp_path / "sim", alipay.demo.simulator, clock=clock.now)
    assert later.orders.query({"out_trade_no": "GS-KEPT"})["trade_status"] == "TRADE_SUCCESS"
    assert CODE not in json.dumps(kept)  # the simulator keeps codes only as digests
