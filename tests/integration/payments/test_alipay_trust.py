"""What the Alipay plug-in believes: only answers signed with Alipay's key (a forged or unsigned
answer is UNKNOWN, never CONFIRMED — and the order is still found by an honest query); only the
authority it was given for TLS; and the gateway's refusal of a request signed with the wrong
merchant key, which took nothing."""

from __future__ import annotations

import base64
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pos.adapters.alipay_pay import alipay_provider
from pos.domain.errors import Refused
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, PaymentState
from tests.support.alipay import TIMEOUT, AlipayStack, alipay_stack
from tests.support.clock import FixedClock

ALIPAY = Channel.ALIPAY
CODE = "281234567890123456"


@pytest.fixture(scope="session")
def alipay_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("alipay-keys")


@pytest.fixture
def alipay(alipay_keys: Path, tmp_path: Path, clock: FixedClock) -> Iterator[AlipayStack]:
    with alipay_stack(alipay_keys, tmp_path / "sim", clock) as stack:
        yield stack


@pytest.mark.parametrize("signature", ["forged", "unsigned"])
def test_a_forged_or_unsigned_answer_is_never_a_payment(alipay: AlipayStack,
                                                        signature: str) -> None:
    alipay.handler.signature = signature
    charged = alipay.provider.charge(channel=ALIPAY, order_no="GS-F", amount=Money(100),
                                     payment_code=CODE)
    assert (charged.state, charged.provider_ref) == (PaymentState.UNKNOWN, None)
    assert alipay.provider.query(channel=ALIPAY, order_no="GS-F").state is PaymentState.UNKNOWN
    alipay.handler.signature = None  # the honest answer: it was paid
    assert alipay.provider.query(channel=ALIPAY, order_no="GS-F").state is PaymentState.CONFIRMED
    alipay.handler.signature = signature  # a cancel done, its answer not believed
    assert alipay.provider.reverse(channel=ALIPAY, order_no="GS-F").state is \
        PaymentState.UNKNOWN
    alipay.handler.signature = None
    assert alipay.provider.query(channel=ALIPAY, order_no="GS-F").state is PaymentState.DECLINED


def test_the_applications_own_public_key_in_place_of_alipays_trusts_nothing(
        alipay: AlipayStack, clock: FixedClock) -> None:
    mixed_up = dict(alipay.demo.merchant, alipay_public_key=alipay.demo.simulator
                    .merchant_public_key)  # the known set-up mistake
    provider = alipay_provider(url=alipay.url, timeout=TIMEOUT, merchant=mixed_up,
                               ca_file=alipay.ca_file, clock=clock)
    answer = provider.charge(channel=ALIPAY, order_no="GS-M", amount=Money(100),
                             payment_code=CODE)
    assert answer.state is PaymentState.UNKNOWN


def test_a_request_signed_with_another_key_is_refused_and_takes_nothing(
        alipay: AlipayStack, clock: FixedClock) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    wrong = dict(alipay.demo.merchant, app_private_key=base64.b64encode(other.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())).decode())  # bare Base64 PKCS#8, as Java's tools print
    provider = alipay_provider(url=alipay.url, timeout=TIMEOUT, merchant=wrong,
                               ca_file=alipay.ca_file, clock=clock)
    answer = provider.charge(channel=ALIPAY, order_no="GS-W", amount=Money(100),
                             payment_code=CODE)
    assert answer.state is PaymentState.DECLINED and "验签" in answer.detail
    assert "GS-W" not in alipay.handler.orders.orders()


def test_a_stamp_far_from_beijing_time_is_refused(alipay: AlipayStack) -> None:
    late = FixedClock("2026-11-27T10:30:00")  # the counter's clock an hour off
    provider = alipay_provider(url=alipay.url, timeout=TIMEOUT, merchant=alipay.demo.merchant,
                               ca_file=alipay.ca_file, clock=late)
    answer = provider.charge(channel=ALIPAY, order_no="GS-T", amount=Money(100),
                             payment_code=CODE)
    assert answer.state is PaymentState.DECLINED and "时间戳" in answer.detail


def test_only_the_given_authority_is_trusted(alipay: AlipayStack, clock: FixedClock,
                                             tmp_path: Path) -> None:
    from pos.adapters.provider_sim.ca import test_authority
    stranger = test_authority(tmp_path / "another-ca").ca_file
    provider = alipay_provider(url=alipay.url, timeout=TIMEOUT, merchant=alipay.demo.merchant,
                               ca_file=stranger, clock=clock)
    answer = provider.charge(channel=ALIPAY, order_no="GS-CA", amount=Money(100),
                             payment_code=CODE)
    assert answer.state is PaymentState.UNKNOWN
    assert "alipay.trade.pay" not in alipay.handler.requests  # TLS stopped it first


def test_the_private_key_is_read_under_either_name(alipay: AlipayStack,
                                                   clock: FixedClock) -> None:
    fields = dict(alipay.demo.merchant)
    fields["private_key"] = fields.pop("app_private_key")
    provider = alipay_provider(url=alipay.url, timeout=TIMEOUT, merchant=fields,
                               ca_file=alipay.ca_file, clock=clock)
    assert provider.charge(channel=ALIPAY, order_no="GS-N", amount=Money(100),
                           payment_code=CODE).state is PaymentState.CONFIRMED


def test_missing_or_unreadable_credentials_are_refused_by_name(alipay: AlipayStack,
                                                               clock: FixedClock) -> None:
    for fields, code in (({"app_id": "1"}, "alipay.credentials_missing"),
                         (dict(alipay.demo.merchant, alipay_public_key="not a key"),
                          "alipay.credentials_unreadable")):
        with pytest.raises(Refused) as refused:
            alipay_provider(url=alipay.url, timeout=TIMEOUT, merchant=fields,
                            ca_file=alipay.ca_file, clock=clock)
        assert refused.value.code == code


def test_a_gateway_that_never_answers_is_unknown_after_the_timeout(
        alipay: AlipayStack, clock: FixedClock) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # takes the connection, says nothing
        port = silent.getsockname()[1]
        provider = alipay_provider(url=f"https://127.0.0.1:{port}/gateway.do", timeout=0.3,
                                   merchant=alipay.demo.merchant, ca_file=alipay.ca_file,
                                   clock=clock)
        started = time.monotonic()
        answer = provider.charge(channel=ALIPAY, order_no="GS-SILENT", amount=Money(100),
                                 payment_code=CODE)
        assert answer.state is PaymentState.UNKNOWN
        assert time.monotonic() - started < 5
