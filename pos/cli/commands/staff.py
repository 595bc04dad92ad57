"""``gaspos staff``: staff members and their roles."""

from __future__ import annotations

import sys

import click

from pos.cli import params
from pos.cli.context import CliContext, secret
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.staff import Role
from pos.services.records.staff import add_staff


@click.group("staff")
def staff() -> None:
    """Staff and roles. 员工与角色"""


@staff.command("add")
@click.option("--no", "staff_no", required=True, help="Staff number (岗位工号).")
@click.option("--name", required=True, help="Name.")
@click.option("--role", required=True, type=params.ROLE,
              help="clerk | supervisor | cashier | finance | admin")
@click.option("--password-stdin", is_flag=True, help="Read the new password from stdin.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def add(cli: CliContext, staff_no: str, name: str, role: Role, password_stdin: bool,
        as_json: bool) -> None:
    """Add a staff member; the first one on an empty database is the first administrator.
    添加员工"""
    services = cli.services()
    operator = cli.login(required=False)
    password = _new_password(cli, password_stdin)
    added = add_staff(services, operator, staff_no=staff_no, name=name, role=role,
                      password=password)
    if as_json:
        cli.emit({"staff_no": added.staff_no, "name": added.name, "role": added.role.value})
        return
    click.echo(cli.t(N_("Staff {staff_no} {name} added as {role}."), staff_no=added.staff_no,
                     name=added.name, role=added.role.label))


def _new_password(cli: CliContext, from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise BadInput("password.missing", N_("No password on standard input."))
        return line.rstrip("\r\n")
    first = secret("GASPOS_NEW_PASSWORD", cli.t(N_("New password")))
    if not sys.stdin.isatty():
        return first
    again = secret("GASPOS_NEW_PASSWORD", cli.t(N_("Repeat the new password")))
    if again != first:
        raise BadInput("password.mismatch", N_("The two passwords differ; nothing was changed."))
    return first
