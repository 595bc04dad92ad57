"""A scanned payment code's channel from its format alone (pos/domain/sale/payment_codes.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.errors import BadInput, GasposError, Refused
from pos.domain.sale import payment_codes
from pos.domain.sale.record import Channel

DIGITS = "0123456789"


@pytest.mark.parametrize(("code", "channel"), [
    ("134567890123451234", Channel.WECHAT),
    ("104567890123451234", Channel.WECHAT),
    (" 1345 6789 0123 4512 34\n", Channel.WECHAT),  # a scanner's or a person's spaces
    ("2845678901234512", Channel.ALIPAY),  # 16 digits
    ("284567890123451234", Channel.ALIPAY),
    ("304567890123451234567890", Channel.ALIPAY),  # 24 digits
    ("254567890123451234", Channel.ALIPAY),
])
def test_the_channel_is_told_from_the_format(code: str, channel: Channel) -> None:
    assert payment_codes.channel_of(code) is channel


@pytest.mark.parametrize(("code", "error"), [
    ("6212345678901234567", "payment_code.unionpay_qr"),
    ("fp1234567890abcdef", "payment_code.face_pay"),
    ("FP1234567890", "payment_code.face_pay"),
    ("164567890123451234", "payment_code.unknown"),  # 16…: neither
    ("13456789012345123", "payment_code.unknown"),  # 17 digits
    ("1345678901234512345", "payment_code.unknown"),  # 19 digits
    ("284567890123451", "payment_code.unknown"),  # 15 digits
    ("3145678901234512", "payment_code.unknown"),  # 31…
    ("2845678901234512345678901", "payment_code.unknown"),  # 25 digits
    ("4200001234202611270001", "payment_code.unknown"),  # a transaction id, not a code
    ("", "payment_code.unknown"),
    ("１３４５６７８９０１２３４５１２３４", "payment_code.unknown"),  # full-width digits
])
def test_everything_else_is_refused_with_its_reason(code: str, error: str) -> None:
    with pytest.raises(GasposError) as refused:
        payment_codes.channel_of(code)
    assert refused.value.code == error
    assert refused.value.render("zh_CN") != refused.value.render("en")


def test_the_unionpay_qr_is_recognised_but_refused_as_not_taken() -> None:
    with pytest.raises(Refused) as refused:
        payment_codes.channel_of("6212345678901234567")
    assert "云闪付" in refused.value.render("zh_CN") or "银联" in refused.value.render("zh_CN")


def test_a_code_of_the_other_channel_is_refused() -> None:
    with pytest.raises(BadInput) as refused:
        payment_codes.check(Channel.WECHAT, "284567890123451234")
    assert refused.value.code == "payment_code.channel"
    assert payment_codes.check(Channel.ALIPAY, " 2845 6789 0123 4512 34") == "284567890123451234"


def test_messages_never_carry_a_whole_code() -> None:
    with pytest.raises(BadInput) as refused:
        payment_codes.channel_of("1645678901234598765")
    assert "1645678901234598765" not in refused.value.render("en")
    assert payment_codes.masked("134567890123451234") == "1345**********1234"


@given(st.sampled_from(["10", "11", "12", "13", "14", "15"]),
       st.text(DIGITS, min_size=16, max_size=16))
def test_every_wechat_code_is_wechat(prefix: str, rest: str) -> None:
    assert payment_codes.channel_of(prefix + rest) is Channel.WECHAT


@given(st.sampled_from(["25", "26", "27", "28", "29", "30"]),
       st.text(DIGITS, min_size=14, max_size=22))
def test_every_alipay_code_is_alipay(prefix: str, rest: str) -> None:
    assert payment_codes.channel_of(prefix + rest) is Channel.ALIPAY


@given(st.text(max_size=40))
def test_any_text_is_a_channel_or_a_clear_refusal(text: str) -> None:
    code = payment_codes.normalised(text)
    digits = code.isascii() and code.isdigit()
    if digits and len(code) == 18 and 10 <= int(code[:2]) <= 15:
        assert payment_codes.channel_of(text) is Channel.WECHAT
        return
    if digits and 16 <= len(code) <= 24 and 25 <= int(code[:2]) <= 30:
        assert payment_codes.channel_of(text) is Channel.ALIPAY
        return
    with pytest.raises(GasposError) as refused:
        payment_codes.channel_of(text)
    assert refused.value.code.startswith("payment_code.")


@given(st.text(DIGITS, min_size=16, max_size=24), st.text(DIGITS, min_size=16, max_size=24))
def test_the_hash_tells_codes_apart_and_hides_them(one: str, other: str) -> None:
    assert (payment_codes.code_hash(one) == payment_codes.code_hash(other)) == (one == other)
    assert one not in payment_codes.code_hash(one)
    assert payment_codes.code_hash(f" {one} ") == payment_codes.code_hash(one)


def test_a_transaction_id_from_a_merchant_app_is_not_taken_for_a_code() -> None:
    assert payment_codes.looks_like_code("134567890123454321")
    assert payment_codes.looks_like_code(" 2876 5432 1098 7654 321")
    assert not payment_codes.looks_like_code("4200001234202611270001123456")  # WeChat 交易单号
    assert not payment_codes.looks_like_code("2026112722001412341234567890")  # Alipay 交易号


def test_a_code_is_refused_only_on_a_channel_that_takes_no_codes() -> None:
    payment_codes.refuse_unless_taken(Channel.WECHAT, "134567890123454321",
                                      frozenset({Channel.WECHAT}))
    payment_codes.refuse_unless_taken(Channel.WECHAT, "4200001234202611270001123456",
                                      frozenset())
    with pytest.raises(Refused) as refused:
        payment_codes.refuse_unless_taken(Channel.WECHAT, "134567890123454321", frozenset())
    assert refused.value.code == "payment.code_needs_live"
