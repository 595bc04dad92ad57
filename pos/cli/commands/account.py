"""``gaspos account``: opening accounts and the one-file-per-household view."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from pos.cli import params
from pos.cli.commands.documents import sale_document
from pos.cli.context import CliContext
from pos.domain.accounts import AccountStatus
from pos.domain.categories import Category
from pos.domain.messages import N_
from pos.domain.quantities import Volume
from pos.services.records.account_edit import AccountEdit, edit_account
from pos.services.records.accounts import (
    DEFAULT_METER_ALARM,
    DEFAULT_METER_MAX_STOCK,
    HouseholdFile,
    add_account,
    find_households,
    household_file,
    set_status,
)
from pos.services.records.household_export import FileFormat, export_household
from pos.services.records.household_view import file_lines


@click.group("account")
def account() -> None:
    """Accounts (households and businesses). 用户档案"""


@account.command("add")
@click.option("--no", "account_no", required=True, help="Account number.")
@click.option("--name", required=True, help="Name of the household or business.")
@click.option("--category", required=True, type=params.CATEGORY,
              help="residential | commercial | industrial | heating")
@click.option("--meter", "meter_no", required=True, help="Number of the account's meter.")
@click.option("--address", default="", help="Address.")
@click.option("--phone", default="", help="Phone.")
@click.option("--id-number", default="", help="ID number (kept masked).")
@click.option("--household-size", default="1", type=params.COUNT, metavar="N",
              help="People in the household (tier allowance).")
@click.option("--meter-vendor", default="", help="Meter maker.")
@click.option("--meter-model", default="", help="Meter model.")
@click.option("--meter-max-stock", default=str(DEFAULT_METER_MAX_STOCK), type=params.VOLUME,
              metavar="M3", help="Most gas the meter can hold.")
@click.option("--meter-alarm", default=str(DEFAULT_METER_ALARM), type=params.VOLUME,
              metavar="M3", help="The meter warns below this.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def add(cli: CliContext, account_no: str, name: str, category: Category, meter_no: str,
        address: str, phone: str, id_number: str, household_size: int, meter_vendor: str,
        meter_model: str, meter_max_stock: Volume, meter_alarm: Volume, as_json: bool) -> None:
    """Open an account with its meter. 开户"""
    services = cli.services()
    added = add_account(
        services, cli.operator(), account_no=account_no, name=name, category=category,
        meter_no=meter_no, address=address, phone=phone, id_number=id_number,
        household_size=household_size, meter_vendor=meter_vendor, meter_model=meter_model,
        meter_max_stock=meter_max_stock, meter_alarm=meter_alarm,
    )
    if as_json:
        cli.emit({"account_no": added.account_no, "meter_no": meter_no,
                  "category": added.category.value})
        return
    click.echo(cli.t(N_("Account {account_no} opened with meter {meter_no}."),
                     account_no=added.account_no, meter_no=meter_no))


@account.command("status")
@click.argument("account_no")
@click.option("--set", "status", required=True,
              type=click.Choice([s.value for s in AccountStatus]),
              help="active | safety_hold (安全停气) | closed")
@click.option("--reason", required=True, help="Why (audited).")
@click.pass_obj
def status(cli: CliContext, account_no: str, status: str, reason: str) -> None:
    """Put an account on safety hold, release it, or close it. 用户状态"""
    services = cli.services()
    changed = set_status(services, cli.operator(), account_no, AccountStatus(status), reason)
    click.echo(cli.t(N_("Account {account_no} is now {status}."), account_no=account_no,
                     status=changed.status.label))


@account.command("edit")
@click.argument("account_no", metavar="ACCOUNT")
@click.option("--phone", help="New phone (empty to clear).")
@click.option("--address", help="New address.")
@click.option("--household-size", type=params.COUNT, metavar="N",
              help="People in the household, from --effective on (tier allowance).")
@click.option("--category", type=params.CATEGORY,
              help="residential | commercial | industrial | heating, from --effective on.")
@click.option("--effective", type=params.DATE, metavar="YYYY-MM-DD",
              help="When a new category or household size takes effect (default today).")
@click.option("--status", type=click.Choice([s.value for s in AccountStatus]),
              help="active | safety_hold (安全停气) | closed")
@click.option("--reason", required=True, help="Why (audited).")
@click.pass_obj
def edit(cli: CliContext, account_no: str, phone: str | None, address: str | None,
         household_size: int | None, category: Category | None, effective: date | None,
         status: str | None, reason: str) -> None:
    """Change an account's details (administrators; audited). 修改用户资料"""
    edited = edit_account(cli.services(), cli.operator(), account_no, AccountEdit(
        phone=phone, address=address, status=AccountStatus(status) if status else None,
        category=category, household_size=household_size, effective_from=effective), reason)
    click.echo(cli.t(N_("Account {account_no} changed: {category}, {size} people, {status}."),
                     account_no=edited.account_no, category=edited.category.label,
                     size=edited.household_size, status=edited.status.label))
    if effective is not None:
        click.echo(cli.t(N_("The new category and household size price purchases from {date} "
                            "on."), date=effective.isoformat()))


@account.command("find")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def find(cli: CliContext, text: str, as_json: bool) -> None:
    """Households by account, card or meter number, or part of a name or phone (masked,
    audited). 查询用户"""
    found = find_households(cli.services(), cli.operator(), text)
    if as_json:
        cli.emit([{"account_no": a.account_no, "name": a.name, "phone": a.phone,
                   "address": a.address, "category": a.category.value,
                   "status": a.status.value} for a in found])
        return
    for a in found:
        click.echo(f"{a.account_no}  {a.name}  {a.phone or '—'}  {a.address or '—'}")
    if not found:
        click.echo(cli.t(N_("No household found.")))


@account.command("show")
@click.argument("account_no")
@click.option("--reveal", is_flag=True,
              help="Show personal data unmasked (supervisor/admin; audited).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def show(cli: CliContext, account_no: str, reveal: bool, as_json: bool) -> None:
    """The one-file-per-household view (一户一档)."""
    services = cli.services()
    file = household_file(services, cli.operator(), account_no, reveal=reveal)
    if as_json:
        cli.emit(household_document(file))
        return
    _print_file(cli, file)


@account.command("file")
@click.argument("account_no", metavar="ACCOUNT")
@click.option("--format", "form", type=click.Choice([f.value for f in FileFormat]),
              default="txt", show_default=True, help="txt | pdf | xlsx")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (its suffix is the format's).")
@click.option("--reveal", is_flag=True,
              help="Personal data unmasked (supervisor/admin; audited).")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_obj
def file_command(cli: CliContext, account_no: str, form: str, out: Path, reveal: bool,
                 force: bool) -> None:
    """The household file (一户一档) as a TXT, PDF or XLSX file."""
    file = export_household(cli.services(), cli.operator(), account_no, FileFormat(form), out,
                            reveal=reveal, force=force)
    click.echo(cli.t(N_("The file of account {account_no} is written to {path}."),
                     account_no=file.account.account_no, path=str(out)))


def household_document(file: HouseholdFile) -> dict[str, object]:
    a, position = file.account, file.position
    return {
        "account_no": a.account_no, "name": a.name, "address": a.address, "phone": a.phone,
        "id_number": a.id_number, "category": a.category.value,
        "household_size": a.household_size, "status": a.status.value,
        "revealed": file.revealed,
        "opening_cumulative_volume": str(a.opening_cumulative_volume),
        "opening": None if a.opening_as_of is None else {  # from a previous system
            "as_of": a.opening_as_of.isoformat(), "cycle_volume": str(a.opening_cycle_volume),
            "balance": str(a.opening_balance)},
        "meters": [{"meter_no": m.meter_no, "vendor": m.vendor, "model": m.model,
                    "max_stock": str(m.max_stock), "alarm_level": str(m.alarm_level),
                    "state": m.state.value,
                    "installed_at": m.installed_at.isoformat() if m.installed_at else None}
                   for m in file.meters],
        "cards": [{"card_no": c.card_no, "meter_no": c.meter_no, "profile": c.profile,
                   "state": c.state.value, "issued_at": c.issued_at.isoformat()}
                  for c in file.cards],
        "cycle": None if position is None else {
            "start": position.cycle.start.isoformat(), "end": position.cycle.last_day.isoformat(),
            "bought": str(position.bought), "tier": position.tier,
            "tariff_effective_from": position.version.effective_from.isoformat()},
        "events": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action.value,
                    "details": dict(e.details)} for e in file.events],
        "sales": [sale_document(s) for s in file.sales],
    }


def _print_file(cli: CliContext, file: HouseholdFile) -> None:
    for line in file_lines(file, cli.services().settings.timezone):
        click.echo(line.render(cli.language))
