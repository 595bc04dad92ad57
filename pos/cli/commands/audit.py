"""``gaspos audit``: the audit log, listed and exported (supervisors and administrators)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click

from pos.cli import params
from pos.cli.context import CliContext
from pos.domain.audit import AuditAction
from pos.domain.audit_query import MAX_EVENTS, parse_action
from pos.domain.messages import N_
from pos.services.records.audit_log import AuditFilter, audit_events, describe, export_audit

ACTION = params.DomainParam("action", parse_action)


@click.group("audit")
def audit() -> None:
    """The audit log: who did what, when. 审计日志"""


def _filters(command: Callable[..., None]) -> Callable[..., None]:
    @click.option("--staff", "staff_no", metavar="STAFF_NO", help="Who acted.")
    @click.option("--account", "account_no", metavar="NO",
                  help="What it was about: an account (or card, order, staff) number.")
    @click.option("--action", type=ACTION, metavar="ACTION", help="e.g. card_lost, login.")
    @click.option("--from", "first", type=params.DATE, metavar="YYYY-MM-DD",
                  help="From this day (local).")
    @click.option("--to", "last", type=params.DATE, metavar="YYYY-MM-DD",
                  help="To this day, inclusive.")
    @click.option("--limit", type=params.COUNT, default=str(MAX_EVENTS), metavar="N",
                  help="At most the newest N events.")
    @wraps(command)
    def wrapped(*args: Any, staff_no: str | None, account_no: str | None,
                action: AuditAction | None, first: date | None, last: date | None,
                limit: int, **kwargs: Any) -> None:
        command(*args, wanted=AuditFilter(staff_no, account_no, action, first, last, limit),
                **kwargs)
    return wrapped


@audit.command("list")
@_filters
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def list_events(cli: CliContext, wanted: AuditFilter, as_json: bool) -> None:
    """Audit events, oldest first. 审计查询"""
    services = cli.services()
    events = audit_events(services, cli.operator(), wanted)
    if as_json:
        cli.emit([{"at": e.at.isoformat(), "actor": e.actor, "action": e.action.value,
                   "subject": e.subject, "counter_no": e.counter_no,
                   "details": dict(e.details)} for e in events])
        return
    zone = services.settings.timezone
    for e in events:
        click.echo(f"{e.at.astimezone(zone).strftime('%Y-%m-%d %H:%M:%S')}  "
                   f"{e.actor or '—':8}  {e.action.label.render(cli.language)}  "
                   f"{e.subject}  {describe(e)}".rstrip())
    if not events:
        click.echo(cli.t(N_("No audit event matches.")))


@audit.command("export")
@_filters
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .xlsx file to write.")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_obj
def export(cli: CliContext, wanted: AuditFilter, out: Path, force: bool) -> None:
    """Audit events as an XLSX workbook. 导出审计日志"""
    written = export_audit(cli.services(), cli.operator(), wanted, out, force=force)
    click.echo(cli.t(N_("{count} audit events written to {path}."), count=written,
                     path=str(out)))
