"""Money, volume and prices: what a clerk types becomes exact integers, nonsense is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.errors import BadInput
from pos.domain.quantities import Money, UnitPrice, Volume, cost


@pytest.mark.parametrize(("typed", "fen"), [
    ("1288", 128800), ("1288.00", 128800), ("12.5", 1250), ("0.01", 1), ("0", 0),
    ("  7.10 ", 710), ("１２３．４５", 12345), ("¥88", 8800), ("88元", 8800),
    ("12.500", 1250), ("007", 700), ("5.", 500),
])
def test_amounts_a_clerk_types_become_exact_fen(typed: str, fen: int) -> None:
    assert Money.parse(typed) == Money(fen)


@pytest.mark.parametrize(("typed", "code"), [
    ("-5", "amount.negative"), ("NaN", "amount.not_a_number"), ("inf", "amount.not_a_number"),
    ("12.345", "amount.too_many_decimals"), ("1e3", "amount.not_a_number"),
    ("1,288.00", "amount.not_a_number"), ("", "amount.empty"), ("   ", "amount.empty"),
    ("abc", "amount.not_a_number"), ("99999999999", "amount.too_large"),
    ("1" * 5000, "amount.too_large"), ("+5", "amount.not_a_number"), (".5", "amount.not_a_number"),
    ("1 000", "amount.not_a_number"),
])
def test_nonsense_amounts_are_refused_with_a_reason(typed: str, code: str) -> None:
    with pytest.raises(BadInput) as refused:
        Money.parse(typed)
    assert refused.value.code == code
    assert refused.value.exit_code == 2
    assert refused.value.render("zh_CN")  # a sentence for the clerk, never empty


@pytest.mark.parametrize(("typed", "hundredths"), [
    ("450", 45000), ("0.01", 1), ("12.3", 1230), ("20m³", 2000), ("20 m3", 2000), ("20方", 2000),
])
def test_volumes_are_counted_in_hundredths_of_a_cubic_metre(typed: str, hundredths: int) -> None:
    assert Volume.parse(typed) == Volume(hundredths)


def test_volume_with_three_decimals_is_refused() -> None:
    with pytest.raises(BadInput, match="more than 2 decimals"):
        Volume.parse("1.005")


def test_a_volume_larger_than_any_meter_is_refused() -> None:
    with pytest.raises(BadInput) as refused:
        Volume.parse("100000.01")
    assert refused.value.code == "volume.too_large"


def test_unit_prices_keep_up_to_four_decimals() -> None:
    assert str(UnitPrice.parse("2.8")) == "2.80"
    assert str(UnitPrice.parse("2.745")) == "2.745"
    assert UnitPrice.parse("3.3600") == UnitPrice(33600)
    with pytest.raises(BadInput):
        UnitPrice.parse("2.74511")


def test_formatting_always_shows_two_decimals() -> None:
    assert str(Money(128800)) == "1288.00"
    assert str(Money(-5)) == "-0.05"
    assert str(Volume(1)) == "0.01"


def test_cost_rounds_half_up_to_fen() -> None:
    # 0.01 m³ × 2.745 = 0.02745 yuan → 0.03
    assert cost(Volume(1), UnitPrice(27450)) == Money(3)
    # 0.01 m³ × 2.8 = 0.028 → 0.03; 0.01 × 2.84 = 0.0284 → 0.03; × 0.2 = 0.002 → 0.00
    assert cost(Volume(1), UnitPrice(28000)) == Money(3)
    assert cost(Volume(1), UnitPrice(2000)) == Money(0)
    # exactly half a fen rounds up: 0.05 m³ × 0.1 = 0.005
    assert cost(Volume(5), UnitPrice(1000)) == Money(1)
    assert cost(Volume(45000), UnitPrice(28000)) == Money(126000)


def test_money_refuses_floats_at_the_door() -> None:
    with pytest.raises(TypeError):
        Money(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Volume(True)


@given(st.integers(min_value=0, max_value=100_000_000))
def test_formatting_and_parsing_round_trip(fen: int) -> None:
    assert Money.parse(str(Money(fen))) == Money(fen)


@given(st.text(max_size=30))
def test_parsing_never_crashes_on_any_text(text: str) -> None:
    try:
        value = Money.parse(text)
    except BadInput:
        return
    assert 0 <= value.fen <= 100_000_000
