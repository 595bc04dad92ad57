"""``gaspos report``: a hall's or the whole company's day or month (docs/reports.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from pos.cli import params
from pos.cli.context import CliContext
from pos.cli.replica_note import note_replica
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reports.takings import AreaReport
from pos.services.day import area_reports
from pos.services.day.daily_reports import ReportFormat

FORMATS = click.Choice([f.value for f in ReportFormat])


@click.group("report")
def report_group() -> None:
    """Reports of a hall or of the whole company, by day or month. 营业厅、公司报表"""


def _output(function: click.decorators.FC) -> click.decorators.FC:
    for option in reversed((
        click.option("--hall", metavar="CODE", help="One hall (default: the whole company)."),
        click.option("--format", "form", type=FORMATS, default="txt", show_default=True),
        click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the report to this file (default: txt on stdout)."),
        click.option("--force", is_flag=True, help="Replace --out if it exists."),
    )):
        function = option(function)
    return function


@report_group.command("day")
@click.option("--date", "business_date", required=True, type=params.DATE, metavar="YYYY-MM-DD",
              help="The business date.")
@_output
@click.pass_obj
def day_command(cli: CliContext, business_date: date, hall: str | None, form: str,
                out: Path | None, force: bool) -> None:
    """Takings of every counter's day by hall, counter, channel, category and tier. 日报"""
    services = cli.services()
    _write(cli, area_reports.day_report(services, cli.operator(), business_date, hall), form,
           out, force)


@report_group.command("month")
@click.option("--month", required=True, metavar="YYYY-MM", help="The month.")
@_output
@click.pass_obj
def month_command(cli: CliContext, month: str, hall: str | None, form: str, out: Path | None,
                  force: bool) -> None:
    """The month's takings by hall, counter and day, its day closes and deposit slips. 月报"""
    services = cli.services()
    _write(cli, area_reports.month_report(services, cli.operator(), month, hall), form, out,
           force)


def _write(cli: CliContext, report: AreaReport, form: str, out: Path | None,
           force: bool) -> None:
    services = cli.services()
    data = area_reports.render(services, report, ReportFormat(form))
    note_replica(cli)
    if out is None:
        if form != ReportFormat.TXT:
            raise BadInput("report.out", N_("XLSX and PDF reports need --out FILE."))
        click.echo(data.decode("utf-8"), nl=False)
        return
    services.files.write_new(out, data, force=force)
    click.echo(cli.t(N_("Report written to {path}."), path=str(out)), err=True)
