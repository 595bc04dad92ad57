"""``gaspos demo``: the demo hall (and what ``gaspos --demo`` shows)."""

from __future__ import annotations

import click

from pos.cli.context import CliContext
from pos.domain.messages import N_
from pos.domain.staff import Role
from pos.services.demo import hall as demo
from pos.services.demo.hall import DemoSummary


@click.group("demo")
def demo_group() -> None:
    """The demo hall. 演示数据"""


@demo_group.command("show")
@click.pass_obj
def show(cli: CliContext) -> None:
    """The demo hall (seeded on first use) and commands to try it (with --demo). 演示营业厅"""
    show_demo(cli)


@demo_group.command("seed")
@click.pass_obj
def seed(cli: CliContext) -> None:
    """Fill an empty database with a demo company, hall, counters, staff, tariffs and ~200
    accounts. 生成演示数据"""
    services = cli.services()
    summary = demo.seed_demo(services)
    click.echo(cli.t(N_("Database: {where}"), where=services.database.describe()))
    _print_summary(cli, summary)


def show_demo(cli: CliContext) -> None:
    """``gaspos --demo``: the demo hall (seeded on first use) and how to try it."""
    services = cli.services()
    summary, _ = demo.ensure_demo(services)  # bootstrap seeded it if the database was new
    click.echo(cli.t(N_("Demo database: {where}"), where=services.database.describe()))
    click.echo(cli.t(N_("(Delete this file to start the demo afresh.)")))
    _print_summary(cli, summary)
    supervisor = next(no for no, _, role in summary.staff if role is Role.SUPERVISOR)
    first = summary.accounts[0].account_no
    click.echo()
    click.echo(cli.t(N_("Try it (password {password}):"), password=summary.password))
    click.echo(f"  GASPOS_PASSWORD={summary.password} gaspos --demo --operator {supervisor} "
               f"account show {first}")
    click.echo(f"  gaspos --demo tariff quote --account {first} --volume 450")
    click.echo("  gaspos --demo tariff list")
    click.echo("  gaspos --demo ledger verify")
    clerk = next(no for no, _, role in summary.staff if role is Role.CLERK)
    for card in summary.cards[:1]:
        click.echo(f"  gaspos --demo card read --reader {card.reader}")
        click.echo(f"  GASPOS_OPERATOR={clerk} GASPOS_PASSWORD={summary.password} gaspos --demo "
                   f"sell --reader {card.reader} --volume 450 --pay cash --tendered 1300")
        click.echo(f"  gaspos --demo meter load --reader {card.reader}")
    click.echo("  gaspos --demo printer queue")
    click.echo(cli.t(N_("Printer: {where} (preview: each printout drawn as a picture there)"),
                     where=services.printer.describe()))


def _print_summary(cli: CliContext, summary: DemoSummary) -> None:
    t = cli.t
    click.echo(t(N_("Company: {name} (hotline {hotline})"), name=summary.company.name,
                 hotline=summary.company.hotline))
    click.echo(t(N_("Hall: {name}, counters {counters}"), name=summary.hall.name,
                 counters=", ".join(c.no for c in summary.counters)))
    click.echo(t(N_("Staff (password {password}):"), password=summary.password))
    for no, name, role in summary.staff:
        click.echo(f"  {no}  {name}  {role.label.render(cli.language)}")
    click.echo(t(N_("Tariffs:")))
    for version in summary.tariffs:
        tiers = ", ".join(f"{tier.start}+ m³ {tier.unit_price}" for tier in version.tiers)
        click.echo(f"  {version.category.label.render(cli.language)}  "
                   f"{version.effective_from.isoformat()}  {tiers}")
    click.echo(t(N_("Accounts: {count} (e.g. {first} … {last})"), count=len(summary.accounts),
                 first=summary.accounts[0].account_no, last=summary.accounts[-1].account_no))
    if summary.cards:
        click.echo(t(N_("Demo IC cards (simulated card files):")))
    for card in summary.cards:
        click.echo(f"  {card.card_no}  {card.account_no}  {card.path}")
