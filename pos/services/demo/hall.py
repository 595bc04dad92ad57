"""The demo hall: a believable company, hall, counters, staff, tariffs and ~200 households.

Everything is invented and deterministic (the same seed makes the same hall).  It fills only an
empty database, so a real ledger can never receive demo data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime

from pos.domain.accounts import Account, Meter
from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.org import Company, Counter, Hall
from pos.domain.quantities import Volume
from pos.domain.staff import Role, Staff
from pos.domain.tariff import HouseholdAllowance, TariffVersion, parse_tiers
from pos.services.core import audit_trail
from pos.services.core.context import Services
from pos.services.demo import data as demo_data
from pos.services.demo.cards import DemoCard, demo_card_plan, issue_demo_cards

DEMO_PASSWORD = "gaspos-demo"  # noqa: S105 - the published password of the demo hall
DEMO_STAFF = (
    ("9001", "周敏", Role.ADMIN),
    ("2001", "王建国", Role.SUPERVISOR),
    ("3001", "李秀英", Role.CASHIER),
    ("4001", "陈静", Role.FINANCE),
    ("1001", "张丽", Role.CLERK),
    ("1002", "刘洋", Role.CLERK),
    ("1003", "赵磊", Role.CLERK),
)
RESIDENTIAL_TIERS = "0:2.80,400:3.36,600:4.20"
RESIDENTIAL_TIERS_NEXT_YEAR = "0:2.95,400:3.54,600:4.43"
FLAT_PRICES = {Category.COMMERCIAL: "3.65", Category.INDUSTRIAL: "3.45", Category.HEATING: "3.20"}
HOUSEHOLDS = 180
DEMO_SEED = 4442


@dataclass(frozen=True)
class DemoSummary:
    company: Company
    hall: Hall
    counters: tuple[Counter, ...]
    staff: tuple[tuple[str, str, Role], ...]
    password: str
    tariffs: tuple[TariffVersion, ...]
    accounts: tuple[Account, ...]
    cards: tuple[DemoCard, ...] = ()


def seed_demo(svc: Services, *, seed: int = DEMO_SEED) -> DemoSummary:
    """Fill an empty database with the demo hall; refuse a database that holds anything."""
    plan, meters = _plan(svc, seed)
    now = svc.clock.now()
    hashes = {no: svc.passwords.hash(DEMO_PASSWORD) for no, _, _ in DEMO_STAFF}
    with svc.uow(write=True) as uow:
        if uow.staff.count() or uow.accounts.count() or uow.org.company() is not None:
            raise Refused("demo.not_empty",
                          N_("The database already holds data; the demo seed fills only an "
                             "empty database."))
        uow.org.add_company(plan.company)
        uow.org.add_hall(plan.hall)
        for counter in plan.counters:
            uow.org.add_counter(counter)
        for no, name, role in DEMO_STAFF:
            uow.staff.add(Staff(no, name, role, hashes[no]), at=now)
        for version in plan.tariffs:
            uow.tariffs.add(version, created_by=None, at=now)
        for account, meter in zip(plan.accounts, meters, strict=True):
            uow.accounts.add(account, meter)
        audit_trail.record(svc, uow, None, AuditAction.DEMO_SEEDED, plan.company.code,
                           accounts=len(plan.accounts), staff=len(DEMO_STAFF))
        uow.commit()
    cards = issue_demo_cards(svc, plan.accounts, meters, plan.company.code)
    return replace(plan, cards=cards)


def ensure_demo(svc: Services) -> tuple[DemoSummary, bool]:
    """The demo hall, seeded now if the database is empty; True when it was seeded now."""
    with svc.uow() as uow:
        seeded = uow.org.company() is not None
    if not seeded:
        return seed_demo(svc), True
    plan, _ = _plan(svc, DEMO_SEED)
    with svc.uow() as uow:
        tariffs = tuple(v for c in Category for v in uow.tariffs.versions(c))
        cards = tuple(c for c in demo_card_plan(svc, plan.accounts)
                      if uow.accounts.card(c.card_no) is not None)
    return replace(plan, tariffs=tariffs, cards=cards), False


def _plan(svc: Services, seed: int) -> tuple[DemoSummary, list[Meter]]:
    rng = random.Random(seed)  # noqa: S311 - invented households, not secrets
    company = Company("ZZCH", "枣庄长虹新能源有限公司")
    hall = Hall("SZQ-01", "市中区营业厅", "枣庄市市中区光明路 1 号（演示）")
    counters = tuple(Counter(f"0{n}", f"{n}号窗口", hall.code) for n in (1, 2, 3))
    households = _accounts(rng, svc.clock.now())
    summary = DemoSummary(company, hall, counters, DEMO_STAFF, DEMO_PASSWORD,
                          _tariffs(svc.today()), tuple(a for a, _ in households))
    return summary, [m for _, m in households]


def _tariffs(today: date) -> tuple[TariffVersion, ...]:
    since, next_year = date(today.year - 1, 1, 1), date(today.year + 1, 1, 1)
    allowance = HouseholdAllowance(4, (Volume.m3(100),))
    versions = [
        TariffVersion(Category.RESIDENTIAL, since, parse_tiers(RESIDENTIAL_TIERS), 1, allowance),
        TariffVersion(Category.RESIDENTIAL, next_year, parse_tiers(RESIDENTIAL_TIERS_NEXT_YEAR),
                      1, allowance),
    ]
    versions += [TariffVersion(c, since, parse_tiers(p)) for c, p in FLAT_PRICES.items()]
    return tuple(versions)


def _accounts(rng: random.Random, now: datetime) -> list[tuple[Account, Meter]]:
    made = []
    households = [(_person(rng), "residential") for _ in range(HOUSEHOLDS)]
    for index, (name, category_text) in enumerate(households + list(demo_data.BUSINESSES), 1):
        category = Category(category_text)
        vendor, model = rng.choice(demo_data.METER_VENDORS)
        residential = category is Category.RESIDENTIAL
        account = Account(
            account_no=f"370402{index:06d}", name=name, category=category,
            address=_address(rng, residential), phone=_phone(rng),
            id_number=_id_number(rng) if residential else "",
            household_size=rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6)) if residential else 1,
            created_at=now,
        )
        meter = Meter(
            f"CH{2400000 + index * 7:08d}", vendor, model,
            Volume.m3(1000 if residential else 9999), Volume.m3(5 if residential else 50),
            installed_at=now,
        )
        made.append((account, meter))
    return made


def _person(rng: random.Random) -> str:
    given = demo_data.GIVEN
    length = rng.choice((1, 2, 2))
    return rng.choice(demo_data.SURNAMES) + "".join(rng.choice(given) for _ in range(length))


def _address(rng: random.Random, residential: bool) -> str:
    street = rng.choice(demo_data.STREETS)
    if not residential:
        return f"枣庄市市中区{street}{rng.randint(1, 300)}号"
    return (f"枣庄市市中区{street}{rng.choice(demo_data.ESTATES)}{rng.randint(1, 24)}号楼"
            f"{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室")


def _phone(rng: random.Random) -> str:
    return rng.choice(demo_data.PHONE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"


def _id_number(rng: random.Random) -> str:
    """A synthetic 18-digit resident ID with a valid GB 11643 check digit."""
    body = f"370402{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check
