"""The demo hall is believable, complete, and never lands in a ledger that has data."""

from __future__ import annotations

import re
from datetime import date

import pytest

from pos.domain.categories import Category
from pos.domain.errors import Refused
from pos.domain.quantities import Volume
from pos.domain.staff import Role
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.demo.hall import DEMO_PASSWORD, ensure_demo, seed_demo
from pos.services.records.tariffs import quote_purchase
from tests.support.services import add_staff, make_services


def test_the_demo_hall_has_everything_a_trainee_needs(svc: Services) -> None:
    summary = seed_demo(svc)
    assert len(summary.counters) == 3
    assert {role for _, _, role in summary.staff} == set(Role)
    assert 150 <= len(summary.accounts) <= 250
    names = [a.name for a in summary.accounts]
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,12}", n) for n in names), names[:5]
    assert len(set(names)) > len(names) * 0.8
    assert {a.category for a in summary.accounts} == set(Category)
    assert all(a.address.startswith("枣庄市") for a in summary.accounts)
    for no, _, role in summary.staff:
        assert auth.login(svc, no, DEMO_PASSWORD).role is role
    # the illustrative residential tiers price across a boundary
    first = summary.accounts[0].account_no
    assert str(quote_purchase(svc, account_no=first, volume=Volume.m3(450),
                              day=date(2026, 11, 27)).total) in ("1288.00", "1260.00")


def test_the_same_seed_makes_the_same_hall(svc: Services, sqlite_url: str) -> None:
    one = seed_demo(svc)
    other = seed_demo(make_services(sqlite_url.replace("ledger", "other"), svc.clock))
    assert [a.name for a in one.accounts] == [a.name for a in other.accounts]


def test_demo_cards_are_issued_only_with_the_companys_keys(svc: Services) -> None:
    summary = seed_demo(svc)  # the test counter holds utility TEST's keys, not ZZCH's
    assert summary.cards == ()


def test_the_demo_seed_never_fills_a_ledger_with_data(svc: Services) -> None:
    add_staff(svc, "9001", Role.ADMIN)
    with pytest.raises(Refused) as refused:
        seed_demo(svc)
    assert refused.value.code == "demo.not_empty"


def test_ensure_demo_seeds_once_and_describes_the_same_hall(svc: Services) -> None:
    first, created = ensure_demo(svc)
    again, created_again = ensure_demo(svc)
    assert (created, created_again) == (True, False)
    assert again == first
