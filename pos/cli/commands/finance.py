"""Finance's commands: ``gaspos import history`` (past days from a previous system); the
statements, the month's reconciliation and its lock are in ``pos.cli.commands.month``."""

from __future__ import annotations

from pathlib import Path

import click

from pos.cli.context import CliContext
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reasons import os_reason
from pos.services.records.history_import import import_history


@click.group("import")
def import_group() -> None:
    """Bring data from a previous system. 导入"""


@import_group.command("history")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--counter", "counter_no", metavar="NO",
              help="The counter whose days these are (default: the file's, else this one).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def history(cli: CliContext, file: Path, counter_no: str | None, as_json: bool) -> None:
    """Past business days (sales, refunds, day closes, deposit slips) before go-live, each
    created, filled and closed; all or nothing (docs/history-import.md). 历史数据导入"""
    data = read_file(file)
    report = import_history(cli.services(), cli.operator(), data, counter_no)
    if as_json:
        cli.emit({"counter": report.counter_no, "days": report.days, "entries": report.entries,
                  "deposits": report.deposits, "sales": report.sales,
                  "first": report.first.isoformat() if report.first else None,
                  "last": report.last.isoformat() if report.last else None})
        return
    click.echo(cli.t(N_("Imported {days} closed business days of counter {counter} ({first} to "
                        "{last}): {sales} sales, {entries} journal entries, {deposits} deposit "
                        "slips."), days=report.days, sales=report.sales, counter=report.counter_no,
                     first=report.first.isoformat() if report.first else "",
                     last=report.last.isoformat() if report.last else "",
                     entries=report.entries, deposits=report.deposits))


def read_file(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise BadInput("file.unreadable", N_("Cannot read {path}: {why}"), path=str(file),
                       why=os_reason(error)) from None
