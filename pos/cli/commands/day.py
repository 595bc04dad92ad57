"""``gaspos day``: the cashier's business day — open, hand over, settle, close, deposit, report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from pos.cli import params
from pos.cli.commands.receipts import report_printing
from pos.cli.context import CliContext
from pos.cli.replica_note import note_replica
from pos.domain.day.business_day import CountKind, DrawerCount
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.services.day import closing, daily_reports, deposits
from pos.services.day.closing import DayView
from pos.services.printing import print_queue

COUNT_HELP = 'The drawer by denomination, e.g. "100:12,50:3,10:4,1:7,0.5:1".'


@click.group("day")
def day() -> None:
    """The counter's business day: open, handover, settle, close, deposit, report. 日结日清"""


@day.command("show")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def show(cli: CliContext, as_json: bool) -> None:
    """The counter's current day: state, expected cash, takings per channel. 当前营业日"""
    view = closing.day_view(cli.services())
    if as_json:
        cli.emit(view_document(view))
        return
    _summary(cli, view)


@day.command("open")
@click.option("--float", "opening_float", type=params.AMOUNT, metavar="YUAN",
              help="The cash float in the drawer (default: what the last close kept).")
@click.pass_obj
def open_(cli: CliContext, opening_float: Money | None) -> None:
    """Open the counter's business day with its float. 开班"""
    opened = closing.open_day(cli.services(), cli.operator(), opening_float)
    click.echo(cli.t(N_("Business day {date} of counter {counter} is open, float {float} yuan."),
                     date=opened.business_date.isoformat(), counter=opened.counter_no,
                     float=str(opened.opening_float)))


@day.command("handover")
@click.option("--to", "to_staff", required=True, metavar="STAFF_NO", help="The clerk taking over.")
@click.option("--counted", required=True, type=params.CASH_COUNT, help=COUNT_HELP)
@click.option("--blind", is_flag=True, help="Counted without being shown the expected cash.")
@click.option("--reason", help="Why the count differs (when it does).")
@click.option("--approver", metavar="STAFF_NO", help="Supervisor approving a large difference.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def handover(cli: CliContext, to_staff: str, counted: Any, blind: bool, reason: str | None,
             approver: str | None, as_json: bool) -> None:
    """Hand the drawer over to the next clerk (交接班), its cash counted."""
    services = cli.services()
    operator = cli.operator()
    approved = (cli.approver(approver, what="handover difference", subject=to_staff,
                             reason=reason or "") if approver else None)
    done = closing.hand_over(services, operator, to_staff, counted, blind=blind,
                                 reason=reason, approver=approved)
    if as_json:
        cli.emit(count_document(done))
        return
    click.echo(cli.t(N_("Drawer handed over from {from_staff} to {to_staff}: {counted} yuan "
                        "counted."), from_staff=done.staff_no, to_staff=to_staff,
                     counted=str(done.counted)))
    if not blind:
        _difference(cli, done)


@day.command("settle")
@click.option("--counted", required=True, type=params.CASH_COUNT, help=COUNT_HELP)
@click.option("--reason", help="Why the count differs (长短款), when it does.")
@click.option("--approver", metavar="STAFF_NO",
              help="Supervisor approving a difference above the threshold.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def settle(cli: CliContext, counted: Any, reason: str | None, approver: str | None,
           as_json: bool) -> None:
    """Count the drawer against the ledger (日结); the day takes no more sales. 日结"""
    services = cli.services()
    operator = cli.operator()
    approved = (cli.approver(approver, what="over/short", subject="day settle",
                             reason=reason or "") if approver else None)
    view = closing.settle(services, operator, counted, reason=reason, approver=approved)
    if as_json:
        cli.emit(view_document(view))
        return
    _summary(cli, view)


@day.command("close")
@click.option("--keep-float", "kept_float", type=params.AMOUNT, metavar="YUAN",
              help="Cash left in the drawer for tomorrow (default: today's float).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def close(cli: CliContext, kept_float: Money | None, as_json: bool) -> None:
    """Close and lock the settled day (日清); prints the close slip. 日清"""
    services = cli.services()
    view = closing.close(services, cli.operator(), kept_float)
    printed = print_queue.print_waiting(services)
    if as_json:
        cli.emit(view_document(view))
    else:
        assert view.close is not None
        click.echo(cli.t(N_("Business day {date} of counter {counter} is closed. Deposit "
                            "{due} yuan; {kept} yuan stays as tomorrow's float. Chain head "
                            "{head}."), date=view.day.business_date.isoformat(),
                         counter=view.day.counter_no, due=str(view.close.deposit_due),
                         kept=str(view.close.kept_float), head=view.close.chain_head))
    report_printing(cli, printed)


@day.command("deposit")
@click.option("--slip", "slip_no", required=True, help="The deposit slip's number (缴款单号).")
@click.option("--amount", required=True, type=params.AMOUNT, metavar="YUAN",
              help="The amount on the slip.")
@click.option("--date", "deposit_date", required=True, type=params.DATE, metavar="YYYY-MM-DD",
              help="When the cash went to the bank.")
@click.option("--days", type=params.DAY_LIST, metavar="[COUNTER:]YYYY-MM-DD,...",
              help="The closed days the slip covers (default: this counter's not deposited).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def deposit(cli: CliContext, slip_no: str, amount: Money, deposit_date: date,
            days: list[tuple[str | None, date]] | None, as_json: bool) -> None:
    """Record the deposit slip (缴款单) of closed days' cash. 缴款"""
    services = cli.services()
    counter = services.settings.counter_no
    wanted = None if days is None else [(c or counter, d) for c, d in days]
    slip = deposits.record_deposit(services, cli.operator(), slip_no, amount, deposit_date,
                                   wanted)
    if as_json:
        cli.emit({"slip_no": slip.slip_no, "amount": str(slip.amount),
                  "deposit_date": slip.deposit_date.isoformat(),
                  "days": [{"counter": c, "business_date": d.isoformat()} for c, d in slip.days]})
        return
    click.echo(cli.t(N_("Deposit slip {slip}: {amount} yuan for {n} day(s) recorded."),
                     slip=slip.slip_no, amount=str(slip.amount), n=len(slip.days)))


@day.command("report")
@click.option("--date", "business_date", required=True, type=params.DATE, metavar="YYYY-MM-DD",
              help="The business date.")
@click.option("--counter", "counter_no", metavar="NO", help="One counter (default: the hall).")
@click.option("--format", "form", type=click.Choice([f.value for f in daily_reports.ReportFormat]),
              default="txt", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (default: txt on stdout).")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.option("--print", "to_printer", is_flag=True, help="Also print it on this counter.")
@click.pass_obj
def report(cli: CliContext, business_date: date, counter_no: str | None, form: str,
           out: Path | None, force: bool, to_printer: bool) -> None:
    """The daily report (收费日报) as text, XLSX or PDF. 收费日报"""
    services = cli.services()
    built = daily_reports.daily_report(services, cli.operator(), business_date, counter_no)
    data = daily_reports.render(services, built, daily_reports.ReportFormat(form))
    note_replica(cli)
    if out is None:
        if form != "txt":
            raise BadInput("report.out", N_("XLSX and PDF reports need --out FILE."))
        click.echo(data.decode("utf-8"), nl=False)
    else:
        services.files.write_new(out, data, force=force)
        click.echo(cli.t(N_("Report written to {path}."), path=str(out)), err=True)
    if to_printer:
        report_printing(cli, daily_reports.print_report(services, built))


def view_document(view: DayView) -> dict[str, Any]:
    settle_count = view.last_settle
    close_record = view.close
    return {
        "counter": view.day.counter_no, "business_date": view.day.business_date.isoformat(),
        "state": view.day.state.value, "opening_float": str(view.day.opening_float),
        "cash_in": str(view.totals.cash_in), "cash_out": str(view.totals.cash_out),
        "expected": str(view.expected_cash),
        "counted": None if settle_count is None else str(settle_count.counted),
        "difference": None if settle_count is None else str(settle_count.difference),
        "reason": None if settle_count is None else settle_count.reason,
        "approver": None if settle_count is None else settle_count.approver,
        "denominations": [] if settle_count is None else _denominations(settle_count),
        "channels": {name: str(money) for name, money in sorted(view.totals.by_channel.items())},
        "entries": view.totals.entries, "unfinished": list(view.unfinished),
        "handovers": [count_document(c) for c in view.counts if c.kind is CountKind.HANDOVER],
        "kept_float": None if close_record is None else str(close_record.kept_float),
        "deposit_due": None if close_record is None else str(close_record.deposit_due),
        "chain_head": None if close_record is None else close_record.chain_head,
        "deposit_slip": view.deposit_slip,
    }


def count_document(count: DrawerCount) -> dict[str, Any]:
    return {"kind": count.kind.value, "staff": count.staff_no, "to_staff": count.to_staff,
            "at": count.at.isoformat(), "blind": count.blind, "counted": str(count.counted),
            "expected": None if count.blind else str(count.expected),
            "difference": None if count.blind else str(count.difference),
            "reason": count.reason, "approver": count.approver,
            "denominations": _denominations(count)}


def _denominations(count: DrawerCount) -> list[dict[str, Any]]:
    return [{"value": value, "pieces": pieces, "subtotal": str(subtotal)}
            for value, pieces, subtotal in count.count.lines()]


def _summary(cli: CliContext, view: DayView) -> None:
    click.echo(cli.t(N_("Counter {counter}, business day {date}: {state}."),
                     counter=view.day.counter_no, date=view.day.business_date.isoformat(),
                     state=view.day.state.label))
    click.echo(cli.t(N_("Float {float} + cash in {cash_in} − cash out {cash_out} = expected "
                        "{expected} yuan."), float=str(view.day.opening_float),
                     cash_in=str(view.totals.cash_in), cash_out=str(view.totals.cash_out),
                     expected=str(view.expected_cash)))
    for name, money in sorted(view.totals.by_channel.items()):
        click.echo(f"  {name:10} {money}")
    if view.last_settle is not None:
        _difference(cli, view.last_settle)
    for order_no in view.unfinished:
        click.echo(cli.t(N_("Unfinished sale {order_no}: finish or suspend it before the close."),
                         order_no=order_no))


def _difference(cli: CliContext, count: DrawerCount) -> None:
    click.echo(cli.t(N_("Counted {counted}, expected {expected}: difference {difference} yuan."),
                     counted=str(count.counted), expected=str(count.expected),
                     difference=str(count.difference)))
