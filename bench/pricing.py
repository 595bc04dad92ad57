"""Pricing a purchase across three tiers, against the bare integer arithmetic it must do."""

from __future__ import annotations

from datetime import date

from bench.timing import per_call
from pos.domain.categories import Category
from pos.domain.quantities import Volume
from pos.domain.tariff import TariffVersion, parse_allowance, parse_tiers, quote

VERSION = TariffVersion(Category.RESIDENTIAL, date(2025, 1, 1),
                        parse_tiers("0:2.80,400:3.36,600:4.20"), allowance=parse_allowance("4:100"))
DAY = date(2026, 11, 27)


def _ours() -> object:
    return quote(VERSION, day=DAY, bought_in_cycle=Volume.m3(350), volume=Volume.m3(400),
                 household_size=5).total


def _floor() -> int:
    # the three parts of the same purchase (5 people: boundaries 500 and 700 m³), each
    # rounded half-up to fen, summed
    total = 0
    for hundredths, price in ((15000, 28000), (20000, 33600), (5000, 42000)):
        fen, rest = divmod(hundredths * price, 10_000)
        total += fen + (rest >= 5_000)
    return total


def run() -> list[dict[str, object]]:
    assert _ours().fen == _floor()  # type: ignore[attr-defined]
    ours = per_call(_ours, calls=20_000) * 1e6
    floor = per_call(_floor, calls=20_000) * 1e6
    return [{"what": "price a 3-tier purchase", "value": ours, "unit": "µs", "floor": floor,
             "floor_what": "bare int arithmetic"}]
