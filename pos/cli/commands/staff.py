"""``gaspos staff``: staff members, their roles and their state (docs/staff.md); ``gaspos
passwd``: one's own new password."""

from __future__ import annotations

import sys
from datetime import datetime, tzinfo

import click

from pos.cli import params
from pos.cli.context import CliContext, secret
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.staff import Role, StaffState
from pos.services.core import auth
from pos.services.records import staff_admin
from pos.services.records.staff import add_staff
from pos.services.records.staff_admin import StaffView


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
        return _stdin_password()
    first = secret("GASPOS_NEW_PASSWORD", cli.t(N_("New password")))
    if not sys.stdin.isatty():
        return first
    again = secret("GASPOS_NEW_PASSWORD", cli.t(N_("Repeat the new password")))
    if again != first:
        raise BadInput("password.mismatch", N_("The two passwords differ; nothing was changed."))
    return first


@staff.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def list_command(cli: CliContext, as_json: bool) -> None:
    """Every staff member, disabled ones too (administrators). 员工列表"""
    services = cli.services()
    views = staff_admin.list_staff(services, cli.operator())
    if as_json:
        cli.emit([view.as_json() for view in views])
        return
    zone = services.settings.timezone
    click.echo("\t".join(cli.t(h) for h in (N_("Staff number"), N_("Full name"), N_("Role"),
                                              N_("State"), N_("Last login"))))
    for view in views:
        click.echo("\t".join((view.staff_no, view.name, view.role.label.render(cli.language),
                              _state(cli, view, zone), _when(view.last_login_at, zone))))


@staff.command("show")
@click.argument("staff_no")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def show(cli: CliContext, staff_no: str, as_json: bool) -> None:
    """One staff member: role, state, last login, password. 员工详情"""
    services = cli.services()
    view = staff_admin.show_staff(services, cli.operator(), staff_no)
    if as_json:
        cli.emit(view.as_json())
        return
    zone = services.settings.timezone
    for label, value in ((N_("Staff number"), view.staff_no), (N_("Full name"), view.name),
                         (N_("Role"), view.role.label.render(cli.language)),
                         (N_("State"), _state(cli, view, zone)),
                         (N_("Last login"), _when(view.last_login_at, zone)),
                         (N_("Password changed"), _when(view.password_changed_at, zone))):
        click.echo(f"{cli.t(label)}: {value}")
    if view.password_due is not None:
        click.echo(cli.t(N_("The password must be changed at the next login.")))


@staff.command("disable")
@click.argument("staff_no")
@click.pass_obj
def disable(cli: CliContext, staff_no: str) -> None:
    """No more logins or approvals; the history keeps the number. 停用员工"""
    view = staff_admin.disable(cli.services(), cli.operator(), staff_no)
    click.echo(cli.t(N_("Staff {staff_no} {name} is disabled: no login, no approval."),
                     staff_no=view.staff_no, name=view.name))


@staff.command("enable")
@click.argument("staff_no")
@click.pass_obj
def enable(cli: CliContext, staff_no: str) -> None:
    """Let a disabled staff member work again. 启用员工"""
    view = staff_admin.enable(cli.services(), cli.operator(), staff_no)
    click.echo(cli.t(N_("Staff {staff_no} {name} is active again."), staff_no=view.staff_no,
                     name=view.name))


@staff.command("unlock")
@click.argument("staff_no")
@click.pass_obj
def unlock(cli: CliContext, staff_no: str) -> None:
    """Clear the lock after wrong passwords. 解除锁定"""
    view = staff_admin.unlock(cli.services(), cli.operator(), staff_no)
    click.echo(cli.t(N_("Staff {staff_no} {name} is unlocked."), staff_no=view.staff_no,
                     name=view.name))


@staff.command("reset-password")
@click.argument("staff_no")
@click.option("--password-stdin", is_flag=True,
              help="Read the temporary password from stdin (otherwise one is generated).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def reset_password(cli: CliContext, staff_no: str, password_stdin: bool,
                   as_json: bool) -> None:
    """A temporary password, to be changed at the next login. 重置密码"""
    services = cli.services()
    operator = cli.operator()
    given = _stdin_password() if password_stdin else None
    reset = staff_admin.reset_password(services, operator, staff_no, given)
    if as_json:
        cli.emit({"staff_no": reset.staff_no, "must_change_password": True,
                  "temporary_password": reset.temporary if reset.generated else None})
        return
    if reset.generated:
        click.echo(cli.t(N_("Temporary password for {staff_no}: {password}"),
                         staff_no=reset.staff_no, password=reset.temporary))
        click.echo(cli.t(N_("It is shown only this once; hand it over in person.")))
    click.echo(cli.t(N_("Staff {staff_no} must choose a new password at the next login "
                        "(gaspos passwd, or the counter app's sign-in)."),
                     staff_no=reset.staff_no))


@staff.command("role")
@click.argument("staff_no")
@click.argument("role", type=params.ROLE)
@click.pass_obj
def role(cli: CliContext, staff_no: str, role: Role) -> None:
    """Give a staff member another role. 变更角色"""
    view = staff_admin.change_role(cli.services(), cli.operator(), staff_no, role)
    click.echo(cli.t(N_("Staff {staff_no} {name} is now {role}."), staff_no=view.staff_no,
                     name=view.name, role=view.role.label))


@click.command("passwd")
@click.option("--password-stdin", is_flag=True, help="Read the new password from stdin.")
@click.pass_obj
def passwd(cli: CliContext, password_stdin: bool) -> None:
    """Change your own password (--operator), the current one required. 修改密码

    \b
    The current password: GASPOS_PASSWORD or a prompt; the new one: --password-stdin,
    GASPOS_NEW_PASSWORD or a prompt (twice)."""
    services = cli.services()
    staff_no = cli.operator_no
    if not staff_no:
        raise BadInput("auth.operator_missing",
                       N_("Say who you are: --operator STAFF_NO (or GASPOS_OPERATOR)."))
    old = secret("GASPOS_PASSWORD", cli.t(N_("Current password for {staff_no}"),
                                          staff_no=staff_no))
    new = _new_password(cli, password_stdin)
    auth.change_password(services, staff_no, old, new)
    click.echo(cli.t(N_("The password of staff {staff_no} is changed."), staff_no=staff_no))


def _stdin_password() -> str:
    line = sys.stdin.readline()
    if not line:
        raise BadInput("password.missing", N_("No password on standard input."))
    return line.rstrip("\r\n")


def _state(cli: CliContext, view: StaffView, zone: tzinfo) -> str:
    state = view.state.label.render(cli.language)
    if view.locked_until is not None and view.state is StaffState.LOCKED:
        return cli.t(N_("{state} until {until}"), state=state,
                     until=view.locked_until.astimezone(zone).strftime("%H:%M"))
    return state


def _when(moment: datetime | None, zone: tzinfo) -> str:
    return "—" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
