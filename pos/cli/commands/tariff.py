"""``gaspos tariff``: price versions and quotes."""

from __future__ import annotations

from datetime import date

import click

from pos.cli import params
from pos.cli.context import CliContext
from pos.domain.categories import Category
from pos.domain.messages import N_
from pos.domain.quantities import Volume
from pos.domain.tariff import HouseholdAllowance, Quote, Tier
from pos.domain.textwidth import ljust, rjust
from pos.services.records.tariffs import describe_tiers, list_tariffs, quote_purchase, set_tariff


@click.group("tariff")
def tariff() -> None:
    """Tariffs and tier prices. 气价与阶梯"""


@tariff.command("set")
@click.option("--category", required=True, type=params.CATEGORY,
              help="residential | commercial | industrial | heating")
@click.option("--effective", required=True, type=params.DATE, metavar="YYYY-MM-DD",
              help="First day the prices apply.")
@click.option("--tiers", required=True, type=params.TIERS, metavar="FROM:PRICE,...",
              help='Ascending tiers, e.g. "0:2.80,400:3.36,600:4.20"; one tier = flat price.')
@click.option("--cycle-start-month", default="1", type=params.MONTH, metavar="M",
              help="Month the tier year starts (default 1).")
@click.option("--household-allowance", type=params.ALLOWANCE, metavar="BASE:M3[,M3…]",
              help='Larger households: e.g. "4:100" raises every tier boundary by 100 m³ per '
                   "person above 4.")
@click.option("--replace", is_flag=True, help="Correct a version not yet in effect.")
@click.pass_obj
def set_(cli: CliContext, category: Category, effective: date, tiers: tuple[Tier, ...],
         cycle_start_month: int, household_allowance: HouseholdAllowance | None,
         replace: bool) -> None:
    """Schedule a price version for a customer category. 设定气价"""
    services = cli.services()
    version = set_tariff(services, cli.operator(), category=category, effective_from=effective,
                         tiers=tiers, cycle_start_month=cycle_start_month,
                         allowance=household_allowance, replace=replace)
    click.echo(cli.t(N_("{category} tariff from {date}: {tiers}"),
                     category=version.category.label, date=version.effective_from.isoformat(),
                     tiers=describe_tiers(version)))


@tariff.command("list")
@click.option("--category", type=params.CATEGORY, help="Only this category.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def list_(cli: CliContext, category: Category | None, as_json: bool) -> None:
    """Every price version: past, in effect and scheduled. 气价版本"""
    services = cli.services()
    versions = list_tariffs(services, category)
    today = services.today()
    current = {v.category: v for v in versions if v.effective_from <= today}
    if as_json:
        cli.emit([{
            "category": v.category.value, "effective_from": v.effective_from.isoformat(),
            "cycle_start_month": v.cycle_start_month, "in_effect": current.get(v.category) is v,
            "tiers": [{"from": str(t.start), "unit_price": str(t.unit_price)} for t in v.tiers],
            "household_allowance": None if v.allowance is None else {
                "base_size": v.allowance.base_size,
                "per_person": [str(x) for x in v.allowance.per_person]},
        } for v in versions])
        return
    for v in versions:
        mark = "*" if current.get(v.category) is v else " "
        click.echo(f"{mark} {ljust(v.category.label.render(cli.language), 14)} "
                   f"{v.effective_from.isoformat()}  {describe_tiers(v)}")
    click.echo(cli.t(N_("* in effect today ({today})"), today=today.isoformat()))


@tariff.command("quote")
@click.option("--account", "account_no", required=True, help="Account number.")
@click.option("--volume", required=True, type=params.VOLUME, metavar="M3",
              help="Volume to buy in m³.")
@click.option("--at", "day", type=params.DATE, metavar="YYYY-MM-DD",
              help="Price on this day (default today).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def quote(cli: CliContext, account_no: str, volume: Volume, day: date | None,
          as_json: bool) -> None:
    """Price a purchase: parts per tier and the total. 报价"""
    result = quote_purchase(cli.services(), account_no=account_no, volume=volume, day=day)
    if as_json:
        cli.emit(quote_document(account_no, result))
        return
    _print_quote(cli, account_no, result)


def quote_document(account_no: str, result: Quote) -> dict[str, object]:
    return {
        "account_no": account_no,
        "volume": str(result.volume),
        "total": str(result.total),
        "parts": [{"tier": p.tier, "volume": str(p.volume), "unit_price": str(p.unit_price),
                   "amount": str(p.amount)} for p in result.parts],
        "cycle": {"start": result.cycle.start.isoformat(),
                  "end": result.cycle.last_day.isoformat()},
        "bought_before": str(result.bought_before),
        "tier_after": result.tier_after,
        "tariff": {"category": result.version.category.value,
                   "effective_from": result.version.effective_from.isoformat()},
    }


def _print_quote(cli: CliContext, account_no: str, result: Quote) -> None:
    t = cli.t
    click.echo(t(N_("Account {account_no}: {volume} m³, prices from {effective}"),
                 account_no=account_no, volume=result.volume,
                 effective=result.version.effective_from.isoformat()))
    click.echo(t(N_("Bought this cycle ({start} to {end}) before this purchase: {bought} m³"),
                 start=result.cycle.start.isoformat(), end=result.cycle.last_day.isoformat(),
                 bought=result.bought_before))
    heads = (t(N_("tier")), t(N_("m³")), t(N_("yuan/m³")), t(N_("yuan")))
    click.echo(ljust(heads[0], 8) + rjust(heads[1], 12) + rjust(heads[2], 12)
               + rjust(heads[3], 14))
    for part in result.parts:
        click.echo(ljust(t(N_("tier {n}"), n=part.tier), 8) + rjust(str(part.volume), 12)
                   + rjust(str(part.unit_price), 12) + rjust(str(part.amount), 14))
    click.echo(ljust(t(N_("total")), 8) + rjust(str(result.volume), 12) + " " * 12
               + rjust(str(result.total), 14))
