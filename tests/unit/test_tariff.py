"""Tier pricing (阶梯气价): parts per tier, earlier purchases, cycles, allowances, versions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.categories import Category
from pos.domain.errors import BadInput, Refused
from pos.domain.quantities import Money, UnitPrice, Volume
from pos.domain.tariff import (
    HouseholdAllowance,
    TariffVersion,
    Tier,
    largest_volume_for,
    parse_allowance,
    parse_tiers,
    quote,
    version_in_effect,
)

RESIDENTIAL = TariffVersion(Category.RESIDENTIAL, date(2025, 1, 1),
                            parse_tiers("0:2.80,400:3.36,600:4.20"))
DAY = date(2026, 11, 27)


def price(volume_m3: str, bought_m3: str = "0", version: TariffVersion = RESIDENTIAL,
          household: int = 3, day: date = DAY) -> tuple[Money, list[tuple[int, str, str]]]:
    result = quote(version, day=day, bought_in_cycle=Volume.parse(bought_m3),
                   volume=Volume.parse(volume_m3), household_size=household)
    return result.total, [(p.tier, str(p.volume), str(p.amount)) for p in result.parts]


def test_a_purchase_within_the_first_tier_is_one_part() -> None:
    assert price("100") == (Money(28000), [(1, "100.00", "280.00")])


def test_a_purchase_across_a_tier_boundary_is_priced_in_parts() -> None:
    # 400 × 2.80 + 50 × 3.36 = 1120.00 + 168.00
    assert price("450") == (Money(128800), [(1, "400.00", "1120.00"), (2, "50.00", "168.00")])


def test_a_purchase_across_all_three_tiers() -> None:
    total, parts = price("700")
    assert parts == [(1, "400.00", "1120.00"), (2, "200.00", "672.00"), (3, "100.00", "420.00")]
    assert total == Money(221200)


def test_earlier_purchases_in_the_cycle_move_the_start() -> None:
    # 380 bought already: 20 more in tier 1, then 30 in tier 2
    assert price("50", bought_m3="380") == (
        Money(5600 + 10080), [(1, "20.00", "56.00"), (2, "30.00", "100.80")])


def test_a_purchase_starting_exactly_on_a_boundary_is_all_in_the_next_tier() -> None:
    assert price("10", bought_m3="400") == (Money(3360), [(2, "10.00", "33.60")])


def test_the_cycle_starts_in_the_configured_month() -> None:
    heating_year = TariffVersion(Category.RESIDENTIAL, date(2025, 1, 1),
                                 parse_tiers("0:2.80,400:3.36"), cycle_start_month=11)
    assert heating_year.cycle_containing(date(2026, 11, 1)).start == date(2026, 11, 1)
    assert heating_year.cycle_containing(date(2026, 10, 31)).start == date(2025, 11, 1)
    assert heating_year.cycle_containing(date(2026, 10, 31)).last_day == date(2026, 10, 31)
    january = RESIDENTIAL.cycle_containing(date(2026, 1, 1))
    assert (january.start, january.end) == (date(2026, 1, 1), date(2027, 1, 1))


def test_large_households_get_higher_limits() -> None:
    with_allowance = TariffVersion(Category.RESIDENTIAL, date(2025, 1, 1),
                                   parse_tiers("0:2.80,400:3.36,600:4.20"),
                                   allowance=parse_allowance("4:100"))
    # six people: two above the base of four → every boundary 200 m³ higher
    assert with_allowance.tier_starts(6) == (Volume.m3(0), Volume.m3(600), Volume.m3(800))
    assert price("450", version=with_allowance, household=6) == (
        Money(126000), [(1, "450.00", "1260.00")])
    # four people: the standard limits
    assert price("450", version=with_allowance, household=4)[0] == Money(128800)


def test_allowance_per_boundary() -> None:
    allowance = parse_allowance("4:100,50")
    assert allowance == HouseholdAllowance(4, (Volume.m3(100), Volume.m3(50)))
    version = TariffVersion(Category.RESIDENTIAL, date(2025, 1, 1),
                            parse_tiers("0:2.80,400:3.36,600:4.20"), allowance=allowance)
    assert version.tier_starts(5) == (Volume.m3(0), Volume.m3(500), Volume.m3(650))


def test_a_price_change_mid_year_applies_from_its_date_and_keeps_the_cycle() -> None:
    july = TariffVersion(Category.RESIDENTIAL, date(2026, 7, 1),
                         parse_tiers("0:3.00,400:3.60,600:4.50"))
    versions = [RESIDENTIAL, july]
    assert version_in_effect(versions, date(2026, 6, 30)) is RESIDENTIAL
    assert version_in_effect(versions, date(2026, 7, 1)) is july
    # 390 m³ bought in the first half-year count in the new version's tiers
    assert price("20", bought_m3="390", version=july, day=date(2026, 7, 2)) == (
        Money(3000 + 3600), [(1, "10.00", "30.00"), (2, "10.00", "36.00")])


def test_a_scheduled_price_never_leaks_before_its_day() -> None:
    next_year = TariffVersion(Category.RESIDENTIAL, date(2027, 1, 1),
                              parse_tiers("0:2.95,400:3.54,600:4.43"))
    assert version_in_effect([RESIDENTIAL, next_year], date(2026, 12, 31)) is RESIDENTIAL


def test_no_version_in_effect_is_a_refusal_that_says_what_to_do() -> None:
    with pytest.raises(Refused) as refused:
        version_in_effect([RESIDENTIAL], date(2024, 12, 31))
    assert "gaspos tariff set" in refused.value.render("en")


def test_flat_tariffs_have_one_tier() -> None:
    flat = TariffVersion(Category.COMMERCIAL, date(2025, 1, 1), parse_tiers("3.65"))
    assert not flat.tiered
    assert price("1000", version=flat, bought_m3="5000") == (
        Money(365000), [(1, "1000.00", "3650.00")])


@pytest.mark.parametrize(("text", "code"), [
    ("", "tariff.tiers_empty"), ("100:2.80", "tariff.first_tier"),
    ("0:2.80,400:3.36,300:4.20", "tariff.tier_order"), ("0:2.80,0:3.00", "tariff.tier_order"),
    ("0:0", "tariff.zero_price"), ("0:-2.80", "price.negative"),
    ("0:2.80,abc", "tariff.tier_syntax"),
    ("0:2.80,400:x", "price.not_a_number"), ("0:2.80,400.001:3", "volume.too_many_decimals"),
])
def test_malformed_tiers_are_refused(text: str, code: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_tiers(text)
    assert refused.value.code == code


@pytest.mark.parametrize("text", ["100", "a:100", "4:", "0:100", "31:100"])
def test_malformed_allowances_are_refused(text: str) -> None:
    with pytest.raises(BadInput):
        parse_allowance(text)


def test_selling_by_amount_buys_the_largest_whole_volume() -> None:
    result = largest_volume_for(Money.parse("100"), RESIDENTIAL, day=DAY,
                                bought_in_cycle=Volume(0), household_size=3, step=Volume.m3(1))
    assert result.volume == Volume.m3(35)  # 35 × 2.80 = 98.00; 36 would be 100.80
    assert result.total == Money(9800)
    across = largest_volume_for(Money.parse("1288"), RESIDENTIAL, day=DAY,
                                bought_in_cycle=Volume(0), household_size=3, step=Volume.m3(1))
    assert across.volume == Volume.m3(450)
    nothing = largest_volume_for(Money.parse("2"), RESIDENTIAL, day=DAY,
                                 bought_in_cycle=Volume(0), household_size=3, step=Volume.m3(1))
    assert nothing.volume == Volume(0)


# --- properties ---------------------------------------------------------------------------

prices = st.integers(min_value=1, max_value=99_999).map(UnitPrice)
two_decimal_prices = st.integers(min_value=1, max_value=999).map(lambda yuan_x100: UnitPrice(
    yuan_x100 * 100))


@st.composite
def versions(draw: st.DrawFn, price_strategy: st.SearchStrategy[UnitPrice] = prices
             ) -> TariffVersion:
    boundaries = sorted(draw(st.sets(st.integers(min_value=1, max_value=2000), max_size=4)))
    starts = [0, *boundaries]
    tiers = tuple(Tier(Volume.m3(s), draw(price_strategy)) for s in starts)
    allowance = draw(st.none() | st.builds(
        HouseholdAllowance, st.integers(1, 6),
        st.lists(st.integers(0, 300).map(Volume.m3), min_size=1, max_size=3).map(tuple)))
    return TariffVersion(Category.RESIDENTIAL, date(2025, 1, 1), tiers, allowance=allowance)


volumes = st.integers(min_value=0, max_value=300_000).map(Volume)
whole_m3 = st.integers(min_value=0, max_value=3_000).map(Volume.m3)
households = st.integers(min_value=1, max_value=12)


def total(version: TariffVersion, bought: Volume, volume: Volume, household: int) -> Money:
    return quote(version, day=DAY, bought_in_cycle=bought, volume=volume,
                 household_size=household).total


@given(versions(), volumes, volumes, volumes, households)
def test_the_total_never_decreases_with_volume(version: TariffVersion, bought: Volume,
                                               a: Volume, b: Volume, household: int) -> None:
    small, large = sorted((a, b))
    assert total(version, bought, small, household) <= total(version, bought, large, household)


@given(versions(two_decimal_prices), whole_m3, whole_m3, whole_m3, households)
def test_whole_m3_at_two_decimal_prices_split_in_two_costs_the_same(
        version: TariffVersion, bought: Volume, first: Volume, second: Volume,
        household: int) -> None:
    together = total(version, bought, first + second, household)
    apart = total(version, bought, first, household) + total(version, bought + first, second,
                                                             household)
    assert together == apart


@given(versions(), volumes, volumes, volumes, households)
def test_fractional_splits_differ_by_at_most_one_fen_per_tier_part(
        version: TariffVersion, bought: Volume, first: Volume, second: Volume,
        household: int) -> None:
    together = quote(version, day=DAY, bought_in_cycle=bought, volume=first + second,
                     household_size=household)
    one = quote(version, day=DAY, bought_in_cycle=bought, volume=first, household_size=household)
    two = quote(version, day=DAY, bought_in_cycle=bought + first, volume=second,
                household_size=household)
    parts = len(together.parts) + len(one.parts) + len(two.parts)
    assert abs((one.total + two.total - together.total).fen) <= parts


@given(versions(), volumes, volumes, households)
def test_parts_add_up_to_the_volume_and_stay_in_their_tiers(
        version: TariffVersion, bought: Volume, volume: Volume, household: int) -> None:
    result = quote(version, day=DAY, bought_in_cycle=bought, volume=volume,
                   household_size=household)
    assert sum(p.volume.hundredths for p in result.parts) == volume.hundredths
    assert [p.tier for p in result.parts] == sorted({p.tier for p in result.parts})
    assert all(p.unit_price == version.tiers[p.tier - 1].unit_price for p in result.parts)


@given(versions(), st.integers(0, 2_000_000).map(Money), volumes, households)
def test_selling_by_amount_never_charges_more_than_the_amount(
        version: TariffVersion, amount: Money, bought: Volume, household: int) -> None:
    step = Volume.m3(1)
    result = largest_volume_for(amount, version, day=DAY, bought_in_cycle=bought,
                                household_size=household, step=step)
    assert result.total <= amount
    one_more = total(version, bought, result.volume + step, household)
    assert one_more > amount
