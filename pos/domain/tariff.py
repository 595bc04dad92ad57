"""Tariffs (气价): versions by effective date, tiers by annual volume (阶梯气价).

A :class:`TariffVersion` holds a category's prices from its effective date on.  Residential
prices are tiered by the volume bought in the current cycle (a year starting in the version's
cycle-start month); households larger than the allowance's base size have every tier boundary
raised per extra person.  :func:`quote` prices a purchase in parts, one per tier it touches,
each part rounded on its own (:func:`pos.domain.quantities.cost`), and sums the parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from pos.domain.categories import Category
from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money, UnitPrice, Volume, cost

MAX_TIERS = 6
MAX_HOUSEHOLD_SIZE = 30


@dataclass(frozen=True)
class Tier:
    """Prices from ``start`` (annual volume, before any household allowance) upward."""

    start: Volume
    unit_price: UnitPrice


@dataclass(frozen=True)
class HouseholdAllowance:
    """Larger households get higher limits: for each person above ``base_size``, tier
    boundary *k* (the start of tier *k+1*) rises by ``per_person[k]``."""

    base_size: int
    per_person: tuple[Volume, ...]

    def raise_for(self, boundary: int, household_size: int) -> Volume:
        extra_people = max(0, household_size - self.base_size)
        step = self.per_person[min(boundary, len(self.per_person) - 1)]
        return Volume(step.hundredths * extra_people)


@dataclass(frozen=True)
class Cycle:
    """The tier year: ``start`` inclusive, ``end`` exclusive."""

    start: date
    end: date

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


@dataclass(frozen=True)
class TariffVersion:
    category: Category
    effective_from: date
    tiers: tuple[Tier, ...]
    cycle_start_month: int = 1
    allowance: HouseholdAllowance | None = None

    def __post_init__(self) -> None:
        _check_tiers(self.tiers)
        if not 1 <= self.cycle_start_month <= 12:
            raise BadInput(
                "tariff.cycle_month", N_("The cycle start month must be 1 to 12, not {month}."),
                month=self.cycle_start_month,
            )
        if self.allowance is not None:
            _check_allowance(self.allowance)

    @property
    def tiered(self) -> bool:
        return len(self.tiers) > 1

    def cycle_containing(self, day: date) -> Cycle:
        year = day.year if day.month >= self.cycle_start_month else day.year - 1
        start = date(year, self.cycle_start_month, 1)
        return Cycle(start, date(year + 1, self.cycle_start_month, 1))

    def tier_starts(self, household_size: int) -> tuple[Volume, ...]:
        """Where each tier begins for this household (the first always at 0)."""
        if self.allowance is None:
            return tuple(t.start for t in self.tiers)
        starts: list[Volume] = []
        for k, tier in enumerate(self.tiers):
            start = tier.start if k == 0 else tier.start + self.allowance.raise_for(
                k - 1, household_size)
            starts.append(max(start, starts[-1]) if starts else start)
        return tuple(starts)

    def tier_at(self, position: Volume, household_size: int) -> int:
        """The 1-based tier that the next 0.01 m³ after ``position`` falls into."""
        starts = self.tier_starts(household_size)
        return max(k + 1 for k, start in enumerate(starts) if start <= position)


@dataclass(frozen=True)
class QuotePart:
    tier: int
    volume: Volume
    unit_price: UnitPrice
    amount: Money


@dataclass(frozen=True)
class Quote:
    version: TariffVersion
    cycle: Cycle
    bought_before: Volume
    volume: Volume
    household_size: int
    parts: tuple[QuotePart, ...]

    @property
    def total(self) -> Money:
        return sum((p.amount for p in self.parts), Money(0))

    @property
    def tier_after(self) -> int:
        """The tier the household is in once this purchase is made."""
        return self.version.tier_at(self.bought_before + self.volume, self.household_size)


def quote(
    version: TariffVersion, *, day: date, bought_in_cycle: Volume, volume: Volume,
    household_size: int,
) -> Quote:
    """Price ``volume`` for a household that has bought ``bought_in_cycle`` this cycle."""
    if volume.hundredths < 0 or bought_in_cycle.hundredths < 0:
        raise ValueError("volumes to price are never negative")
    if day < version.effective_from:
        raise ValueError("a tariff version cannot price a day before it takes effect")
    starts = version.tier_starts(household_size)
    begin, finish = bought_in_cycle.hundredths, bought_in_cycle.hundredths + volume.hundredths
    parts = []
    for k, tier in enumerate(version.tiers):
        low = starts[k].hundredths
        high = starts[k + 1].hundredths if k + 1 < len(starts) else None
        overlap = (finish if high is None else min(finish, high)) - max(begin, low)
        if overlap > 0:
            part_volume = Volume(overlap)
            parts.append(QuotePart(k + 1, part_volume, tier.unit_price,
                                   cost(part_volume, tier.unit_price)))
    return Quote(version, version.cycle_containing(day), bought_in_cycle, volume,
                 household_size, tuple(parts))


def largest_volume_for(
    amount: Money, version: TariffVersion, *, day: date, bought_in_cycle: Volume,
    household_size: int, step: Volume,
) -> Quote:
    """The largest multiple of ``step`` whose price does not exceed ``amount`` (sell by amount)."""
    if step.hundredths <= 0:
        raise ValueError("the purchase step must be positive")

    def price(steps: int) -> Money:
        return quote(version, day=day, bought_in_cycle=bought_in_cycle,
                     volume=Volume(steps * step.hundredths), household_size=household_size).total

    low, high = 0, 1
    while price(high) <= amount:
        low, high = high, high * 2
    while high - low > 1:  # price(low) <= amount < price(high); prices never fall with volume
        middle = (low + high) // 2
        if price(middle) <= amount:
            low = middle
        else:
            high = middle
    return quote(version, day=day, bought_in_cycle=bought_in_cycle,
                 volume=Volume(low * step.hundredths), household_size=household_size)


def version_in_effect(versions: Iterable[TariffVersion], day: date) -> TariffVersion:
    """The version with the latest effective date on or before ``day``; future ones never leak."""
    candidates = [v for v in versions if v.effective_from <= day]
    if not candidates:
        raise Refused(
            "tariff.none_in_effect",
            N_("No tariff is in effect on {day} for this customer category; "
               "an administrator must set one (gaspos tariff set)."),
            day=day.isoformat(),
        )
    return max(candidates, key=lambda v: v.effective_from)


def parse_tiers(text: str) -> tuple[Tier, ...]:
    """``"0:2.80,400:3.36,600:4.20"`` → tiers; a single ``"0:3.65"`` (or ``"3.65"``) is flat."""
    items = [item.strip() for item in text.replace("，", ",").split(",") if item.strip()]
    if not items:
        raise BadInput("tariff.tiers_empty", N_("Give at least one tier, e.g. “0:2.80”."))
    tiers = []
    for item in items:
        start_text, sep, price_text = item.rpartition(":")
        if not sep and len(items) == 1:
            start_text = "0"
        elif not sep:
            raise BadInput(
                "tariff.tier_syntax",
                N_("Tier “{item}” is not “from_m3:price”, e.g. “400:3.36”."), item=item,
            )
        tiers.append(Tier(Volume.parse(start_text), UnitPrice.parse(price_text)))
    tiers_tuple = tuple(tiers)
    _check_tiers(tiers_tuple)
    return tiers_tuple


def parse_allowance(text: str) -> HouseholdAllowance:
    """``"4:100"`` — base household size 4, each further person raises every boundary by
    100 m³; ``"4:100,50"`` raises the first boundary by 100 and the later ones by 50."""
    base_text, sep, steps_text = text.replace("，", ",").partition(":")
    if not sep or not base_text.strip().isascii() or not base_text.strip().isdigit():
        raise BadInput(
            "tariff.allowance_syntax",
            N_("Household allowance “{text}” is not “base_size:m3_per_person”, e.g. “4:100”."),
            text=text,
        )
    steps = tuple(Volume.parse(s) for s in steps_text.split(",") if s.strip())
    allowance = HouseholdAllowance(int(base_text), steps)
    _check_allowance(allowance)
    return allowance


def _check_tiers(tiers: Sequence[Tier]) -> None:
    if not tiers:
        raise BadInput("tariff.tiers_empty", N_("Give at least one tier, e.g. “0:2.80”."))
    if len(tiers) > MAX_TIERS:
        raise BadInput("tariff.too_many_tiers", N_("A tariff has at most {n} tiers."), n=MAX_TIERS)
    if tiers[0].start.hundredths != 0:
        raise BadInput("tariff.first_tier", N_("The first tier must start at 0 m³."))
    for before, after in pairwise(tiers):
        if after.start <= before.start:
            raise BadInput(
                "tariff.tier_order",
                N_("Tier starts must rise: {after} m³ does not come after {before} m³."),
                after=after.start, before=before.start,
            )
    if any(t.unit_price.ten_thousandths == 0 for t in tiers):
        raise BadInput("tariff.zero_price", N_("A tier's unit price must be above zero."))


def _check_allowance(allowance: HouseholdAllowance) -> None:
    if not 1 <= allowance.base_size <= MAX_HOUSEHOLD_SIZE or not allowance.per_person:
        raise BadInput(
            "tariff.allowance_range",
            N_("The household allowance needs a base size of 1 to {max} people and at least "
               "one volume per extra person."),
            max=MAX_HOUSEHOLD_SIZE,
        )
