"""A scanner told from a person by the gaps between keys alone, and a scanned code's channel
and masking (pos/ui/counter/key_burst.py, pos/domain/sale/payment_codes.py;
docs/payments.md "At the counter")."""

from __future__ import annotations

import pytest

from pos.domain.errors import GasposError
from pos.domain.sale.payment_codes import channel_of, masked
from pos.domain.sale.record import Channel
from pos.ui.counter.key_burst import KeyBurst


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def typed(burst: KeyBurst, ticks: Ticks, text: str, gap: float) -> str | None:
    for char in text:
        ticks.now += gap
        burst.digit(char)
    ticks.now += gap
    return burst.enter()


@pytest.mark.parametrize(("gap", "scanned"), [(0.005, True), (0.049, True), (0.051, False),
                                              (0.120, False)])
def test_the_gap_decides(gap: float, scanned: bool) -> None:
    ticks = Ticks()
    code = typed(KeyBurst(ticks), ticks, "134567890123454321", gap)
    assert (code == "134567890123454321") is scanned


def test_one_slow_key_in_the_middle_is_a_person() -> None:
    ticks = Ticks()
    burst = KeyBurst(ticks)
    for index, char in enumerate("134567890123454321"):
        ticks.now += 0.3 if index == 9 else 0.005
        burst.digit(char)
    ticks.now += 0.005
    assert burst.enter() is None  # only the last nine came fast: too short for a code


def test_a_short_fast_run_and_a_late_enter_are_not_scans() -> None:
    ticks = Ticks()
    assert typed(KeyBurst(ticks), ticks, "1300", 0.005) is None
    burst = KeyBurst(ticks)
    for char in "134567890123454321":
        ticks.now += 0.005
        burst.digit(char)
    ticks.now += 0.5  # a person's Enter after a fast run
    assert burst.enter() is None


@pytest.mark.parametrize(("code", "channel"), [
    ("134567890123454321", Channel.WECHAT), ("104567890123454321", Channel.WECHAT),
    ("2876543210987654", Channel.ALIPAY), ("302345678901234567890123", Channel.ALIPAY),
])
def test_the_prefix_tells_the_channel(code: str, channel: Channel) -> None:
    assert channel_of(code) is channel


@pytest.mark.parametrize(("code", "key"), [
    ("6212345678901234567", "payment_code.unionpay_qr"),
    ("164567890123454321", "payment_code.unknown"),
    ("13456789012345432", "payment_code.unknown"), ("3123456789012345", "payment_code.unknown"),
])
def test_codes_not_taken_here(code: str, key: str) -> None:
    with pytest.raises(GasposError) as refused:
        channel_of(code)
    assert refused.value.code == key and code not in refused.value.render("en")


def test_masked_shows_the_ends_only() -> None:
    assert masked("134567890123454321") == "1345**********4321"
    assert masked("12345678") == "********"
