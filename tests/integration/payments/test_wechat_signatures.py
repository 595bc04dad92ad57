"""Only a verified answer confirms: forged, unsigned and stale answers prove nothing, in
public-key mode and in platform-certificate mode; a merchant whose key WeChat Pay does not
know is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pos.adapters.provider_sim.wechat import Signing
from pos.domain.errors import Refused
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, PaymentState
from tests.integration.payments.conftest import WeChatStand
from tests.integration.payments.test_wechat_charge import code

WECHAT = Channel.WECHAT
CONFIRMED, DECLINED, UNKNOWN = PaymentState.CONFIRMED, PaymentState.DECLINED, PaymentState.UNKNOWN


def test_forged_unsigned_and_stale_answers_are_never_confirmed(wechat: WeChatStand) -> None:
    provider = wechat.provider()
    for n, signing in enumerate((Signing.FORGED, Signing.UNSIGNED, Signing.STALE)):
        wechat.simulator.sign_answers(signing)
        order = f"GS20261127030{n:02d}"
        charged = provider.charge(channel=WECHAT, order_no=order, amount=Money(100),
                                  payment_code=code(f"123{n}"))
        asked = provider.query(channel=WECHAT, order_no=order)
        refused = provider.charge(channel=WECHAT, order_no=f"{order}X", amount=Money(100),
                                  payment_code=code("0000"))
        for answer in (charged, asked, refused):
            assert answer.state is UNKNOWN, signing
            assert "not trusted" in answer.detail
        wechat.simulator.sign_answers(Signing.GOOD)
        assert provider.query(channel=WECHAT, order_no=order).state is CONFIRMED


def test_platform_certificate_mode_fetches_the_certificate_and_verifies_with_it(
        wechat_certificates: WeChatStand) -> None:
    stand = wechat_certificates
    merchant = {k: v for k, v in stand.demo.merchant.items()
                if k not in ("public_key", "public_key_id")}
    provider = stand.provider(merchant=merchant)
    answer = provider.charge(channel=WECHAT, order_no="GS2026112703010", amount=Money(100),
                             payment_code=code("1240"))
    assert answer.state is CONFIRMED
    assert any(r.target == "/v3/certificates" for r in stand.simulator.requests)
    stand.simulator.sign_answers(Signing.FORGED)
    assert provider.query(channel=WECHAT, order_no="GS2026112703010").state is UNKNOWN


def test_a_merchant_part_way_through_the_switch_trusts_both_kinds_of_serial(
        wechat_certificates: WeChatStand) -> None:
    """Configured with WeChat Pay's public key, it still takes an answer signed under a
    platform certificate — fetched from /v3/certificates, which only the APIv3 key opens."""
    provider = wechat_certificates.provider()
    answer = provider.charge(channel=WECHAT, order_no="GS2026112703011", amount=Money(100),
                             payment_code=code("1241"))
    assert answer.state is CONFIRMED
    assert any(r.target == "/v3/certificates" for r in wechat_certificates.simulator.requests)


def test_a_certificate_not_sealed_with_the_merchants_apiv3_key_is_not_trusted(
        wechat_certificates: WeChatStand) -> None:
    merchant = {k: v for k, v in wechat_certificates.demo.merchant.items()
                if k not in ("public_key", "public_key_id")}
    merchant["apiv3_key"] = "0" * 32
    answer = wechat_certificates.provider(merchant=merchant).charge(
        channel=WECHAT, order_no="GS2026112703012", amount=Money(100), payment_code=code("1244"))
    assert answer.state is UNKNOWN and "not trusted" in answer.detail


def test_a_merchant_key_wechat_does_not_know_is_refused_and_nothing_is_charged(
        wechat: WeChatStand) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    merchant = {**wechat.demo.merchant, "private_key": stranger.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()}
    provider = wechat.provider(merchant=merchant)
    charged = provider.charge(channel=WECHAT, order_no="GS2026112703020", amount=Money(100),
                              payment_code=code("1242"))
    # an unsigned 401 proves nothing about a charge: unknown, and the query decides
    assert charged.state is UNKNOWN and "SIGN_ERROR" in charged.detail
    assert provider.query(channel=WECHAT, order_no="GS2026112703020").state is UNKNOWN
    assert provider.reverse(channel=WECHAT, order_no="GS2026112703020").state is UNKNOWN
    assert wechat.simulator.book.orders() == []


def test_only_the_simulators_ca_is_trusted_when_one_is_configured(
        wechat: WeChatStand, tmp_path: Path) -> None:
    from pos.adapters.provider_sim.ca import test_authority
    from pos.adapters.wechat_pay import wechat_provider

    other = test_authority(tmp_path / "other-ca")
    provider = wechat_provider(url=wechat.url, timeout=5.0, device_id="01",
                               device_ip="127.0.0.1", store_id="", store_out_id="",
                               merchant=wechat.demo.merchant, ca_file=other.ca_file)
    answer = provider.charge(channel=WECHAT, order_no="GS2026112703030", amount=Money(100),
                             payment_code=code("1243"))
    assert answer.state is UNKNOWN and "SSLError" in answer.detail
    with pytest.raises(Refused) as missing:
        wechat_provider(url=wechat.url, timeout=5.0, device_id="01", device_ip="",
                        store_id="", store_out_id="", merchant=wechat.demo.merchant,
                        ca_file=tmp_path / "nowhere.pem")
    assert missing.value.code == "payments.ca_file"


def test_a_merchant_lacking_fields_or_with_a_damaged_key_is_refused_when_built(
        wechat: WeChatStand) -> None:
    lacking = {k: v for k, v in wechat.demo.merchant.items() if k != "public_key_id"}
    with pytest.raises(Refused) as incomplete:
        wechat.provider(merchant=lacking)
    assert incomplete.value.code == "payments.merchant_incomplete"
    damaged = {**wechat.demo.merchant, "private_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n"
               "-----END PRIVATE KEY-----\n"}
    with pytest.raises(Refused) as unreadable:
        wechat.provider(merchant=damaged)
    assert unreadable.value.code == "payments.merchant_keys"
