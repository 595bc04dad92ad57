"""Setting tariffs (administrators) and quoting the price of a purchase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pos.domain.account_terms import terms_on
from pos.domain.accounts import Account, AccountStatus
from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.errors import BadInput, NotFound, Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money, Volume
from pos.domain.staff import Operator, Permission
from pos.domain.tariff import (
    Cycle,
    HouseholdAllowance,
    Quote,
    TariffVersion,
    Tier,
    largest_volume_for,
    quote,
    version_in_effect,
)
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


@dataclass(frozen=True)
class CyclePosition:
    """Where a household stands in its tier year on a given day."""

    version: TariffVersion
    cycle: Cycle
    bought: Volume
    tier: int
    household_size: int  # in effect on that day (docs/households.md)
    day: date  # the day it is the position of


def set_tariff(
    svc: Services, operator: Operator, *, category: Category, effective_from: date,
    tiers: tuple[Tier, ...], cycle_start_month: int = 1,
    allowance: HouseholdAllowance | None = None, replace: bool = False,
) -> TariffVersion:
    """Schedule a price version; a version already in effect never changes."""
    authorize(svc, operator, Permission.MANAGE_TARIFFS, category.value)
    version = TariffVersion(category, effective_from, tiers, cycle_start_month, allowance)
    today = svc.today()
    with svc.uow(write=True) as uow:
        existing = list(uow.tariffs.versions(category))
        same = [v for v in existing if v.effective_from == effective_from]
        if same and effective_from <= today:
            raise Refused(
                "tariff.in_effect",
                N_("The {category} tariff from {date} is already in effect and cannot change; "
                   "set a new version from a later date."),
                category=category.label, date=effective_from.isoformat(),
            )
        if same and not replace:
            raise Refused(
                "tariff.exists",
                N_("A {category} tariff from {date} is already scheduled; add --replace to "
                   "correct it before it takes effect."),
                category=category.label, date=effective_from.isoformat(),
            )
        if existing and effective_from < today:
            raise Refused(
                "tariff.backdated",
                N_("A price change cannot be backdated: {date} is before today ({today})."),
                date=effective_from.isoformat(), today=today.isoformat(),
            )
        if same:
            uow.tariffs.remove(category, effective_from)
        uow.tariffs.add(version, created_by=operator.staff_no, at=svc.clock.now())
        audit_trail.record(
            svc, uow, operator.staff_no,
            AuditAction.TARIFF_REPLACED if same else AuditAction.TARIFF_SET, category.value,
            effective_from=effective_from.isoformat(), tiers=describe_tiers(version),
            replaced=describe_tiers(same[0]) if same else None,
        )
        uow.commit()
    return version


def quote_purchase(
    svc: Services, *, account_no: str, volume: Volume, day: date | None = None,
) -> Quote:
    """The price of ``volume`` for this household on ``day`` (today by default)."""
    if volume.hundredths <= 0:
        raise BadInput("volume.zero", N_("The volume to buy must be more than 0 m³."))
    day = day or svc.today()
    with svc.uow() as uow:
        account = _open_account(uow, account_no)
        position = cycle_position(svc, uow, account, day)
    return quote(position.version, day=day, bought_in_cycle=position.bought, volume=volume,
                 household_size=position.household_size)


def quote_amount(svc: Services, *, account_no: str, amount: Money) -> Quote:
    """Selling by amount: the most gas (in whole purchase steps, within the limits) that
    ``amount`` yuan buys this household today — its price may be a little less."""
    day = svc.today()
    with svc.uow() as uow:
        account = _open_account(uow, account_no)
        position = cycle_position(svc, uow, account, day)
    priced = largest_volume_for(amount, position.version, day=day, bought_in_cycle=position.bought,
                                household_size=position.household_size,
                                step=svc.settings.sale.limits.step)
    if priced.volume.hundredths == 0:
        raise Refused("sale.amount_too_small", N_("{amount} yuan does not buy {step} m³."),
                      amount=amount, step=svc.settings.sale.limits.step)
    svc.settings.sale.limits.check(priced.volume)
    return priced


def cycle_position(svc: Services, uow: UnitOfWork, account: Account, day: date) -> CyclePosition:
    """The household on ``day``: its category's tariff and its household size as they were
    (or will be) on that day, the cycle and what was bought in it."""
    account = terms_on(account, uow.accounts.term_changes(account.account_no), day)
    version = version_in_effect(uow.tariffs.versions(account.category), day)
    cycle = version.cycle_containing(day)
    until = min(cycle.end, day + timedelta(days=1))
    # an opening cycle volume (docs/going-live.md) is the previous system's own count of the
    # cycle: its imported past sales (docs/history-import.md) are not counted a second time
    opening = account.opening_as_of is not None and account.opening_as_of in cycle
    bought = uow.sales.volume_reserved(account.account_no, svc.start_of(cycle.start),
                                       svc.start_of(until), live_only=opening)
    if opening:
        bought += account.opening_cycle_volume  # bought before go-live
    return CyclePosition(version, cycle, bought, version.tier_at(bought, account.household_size),
                         account.household_size, day)


def describe_tiers(version: TariffVersion) -> str:
    return ",".join(f"{tier.start}:{tier.unit_price}" for tier in version.tiers)


def _open_account(uow: UnitOfWork, account_no: str) -> Account:
    account = uow.accounts.get(account_no.strip())
    if account is None:
        raise NotFound("account.unknown", N_("There is no account {account_no}."),
                       account_no=account_no)
    if account.status is AccountStatus.CLOSED:
        raise Refused("account.closed", N_("Account {account_no} is closed."),
                      account_no=account_no)
    return account


def list_tariffs(svc: Services, category: Category | None = None) -> list[TariffVersion]:
    """Every price version, past, current and scheduled, by category and date."""
    categories = [category] if category else list(Category)
    with svc.uow() as uow:
        return [v for c in categories for v in uow.tariffs.versions(c)]
