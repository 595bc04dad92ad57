"""``gaspos receipt``, ``printer``, ``drawer`` and ``display``: what the customer takes home and
sees, and the devices that give it."""

from __future__ import annotations

import click

from pos.cli import params
from pos.cli.commands.documents import print_job_document, verdict_document
from pos.cli.context import CliContext
from pos.domain.devices import DisplayLamp
from pos.domain.errors import IntegrityFailure
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, Volume
from pos.services.counter import devices as counter_devices
from pos.services.printing import documents, print_queue, receipt_check
from pos.services.printing.print_queue import PrintReport


def report_printing(cli: CliContext, report: PrintReport) -> None:
    """What the clerk must know about the printer after a command that printed (stderr)."""
    if report.printed:
        click.echo(cli.t(N_("Printed {n} document(s) on {printer}."), n=report.printed,
                         printer=cli.services().printer.describe()), err=True)
    if report.problem is not None:
        click.echo(cli.t(N_("Not printed: {problem}"), problem=report.problem), err=True)
    if report.waiting:
        click.echo(cli.t(N_("{n} document(s) wait in the print queue: “gaspos printer retry” "
                            "prints them when the printer is back."), n=report.waiting),
                   err=True)


def report_devices(cli: CliContext, problems: tuple[Message, ...]) -> None:
    for problem in problems:
        click.echo(cli.t(N_("Attention: {problem}"), problem=problem), err=True)


@click.group("receipt")
def receipt() -> None:
    """Receipts: print, reprint (补打), verify the seal, the first-use guidance. 收据"""


@receipt.command("print")
@click.argument("ref", metavar="NO")
@click.option("--reprint", is_flag=True, help="A copy of a printed receipt, marked 补打.")
@click.pass_obj
def print_(cli: CliContext, ref: str, reprint: bool) -> None:
    """Print a sale's receipt (order number, or receipt number as printed: 01-000042). 打印"""
    services = cli.services()
    report = print_queue.print_receipt(services, cli.operator(), ref, reprint=reprint)
    report_printing(cli, report)
    if report.problem is not None:
        raise SystemExit(1)


@receipt.command("verify")
@click.argument("text", metavar="CODE_OR_QR_TEXT")
@click.option("--amount", type=params.AMOUNT, metavar="YUAN",
              help="The amount printed on the receipt, checked against the ledger.")
@click.option("--volume", type=params.VOLUME, metavar="M3",
              help="The volume printed on the receipt, checked against the ledger.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def verify(cli: CliContext, text: str, amount: Money | None, volume: Volume | None,
           as_json: bool) -> None:
    """Is this receipt genuine? Exit 0 genuine, 3 not genuine. 验证收据真伪"""
    verdict = receipt_check.verify(cli.services(), text, amount=amount, volume=volume)
    if as_json:
        cli.emit(verdict_document(verdict, cli.language))
    else:
        click.echo(cli.t(N_("GENUINE") if verdict.genuine else N_("NOT GENUINE")))
        click.echo(verdict.why.render(cli.language))
        if verdict.sealed is not None and verdict.sale is not None:
            facts, sale = verdict.sealed, verdict.sale
            click.echo(cli.t(N_("Ledger: receipt {receipt}, {at}, account {account_no}, card "
                                "{card_no}, purchase {seq}, {volume} m³, {amount} yuan, "
                                "{channel}, sale {order_no} ({state})."),
                             receipt=f"{facts.counter_no}-{facts.receipt_no:06d}",
                             at=facts.at.strftime("%Y-%m-%d %H:%M:%S"),
                             account_no=facts.account_no, card_no=facts.card_no,
                             seq=facts.purchase_seq, volume=facts.volume, amount=facts.amount,
                             channel=facts.channel, order_no=sale.order_no,
                             state=sale.state.label))
    if not verdict.genuine:
        raise SystemExit(IntegrityFailure.exit_code)


@receipt.command("guidance")
@click.option("--print", "to_printer", is_flag=True, help="Print it now.")
@click.pass_obj
def guidance(cli: CliContext, to_printer: bool) -> None:
    """The first-use guidance (首次使用指南) as it prints, or print it."""
    services = cli.services()
    if to_printer:
        report = print_queue.print_guidance(services, cli.operator())
        report_printing(cli, report)
        if report.problem is not None:
            raise SystemExit(1)
        return
    click.echo(documents.guidance_text(services))


@click.group("printer")
def printer() -> None:
    """The receipt printer and its queue. 打印机"""


@printer.command("status")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def status(cli: CliContext, as_json: bool) -> None:
    """The printer's state and the documents waiting for it. 状态"""
    services = cli.services()
    state = print_queue.printer_state(services)
    jobs = print_queue.waiting(services)
    if as_json:
        cli.emit({"printer": services.printer.describe(), "state": state.value,
                  "waiting": [print_job_document(j) for j in jobs]})
        return
    click.echo(f"{services.printer.describe()}: {state.value}")
    click.echo(cli.t(N_("{n} document(s) waiting."), n=len(jobs)))


@printer.command("queue")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def queue(cli: CliContext, as_json: bool) -> None:
    """The documents waiting for the printer, oldest first. 打印队列"""
    jobs = print_queue.waiting(cli.services())
    if as_json:
        cli.emit([print_job_document(j) for j in jobs])
        return
    for job in jobs:
        copy = cli.t(N_("(may be on paper: printed again as a copy)")) if job.uncertain else ""
        state = job.state.label.render(cli.language)
        click.echo(f"{job.id}  {job.kind}  {job.order_no or '—'}  {state}  {copy}"
                   f"  {job.last_error or ''}")
    if not jobs:
        click.echo(cli.t(N_("Nothing waits for the printer.")))


@printer.command("retry")
@click.pass_obj
def retry(cli: CliContext) -> None:
    """Print what waits in the queue (after paper, cable or power was fixed). 重新打印"""
    report = print_queue.print_waiting(cli.services())
    report_printing(cli, report)
    if report.problem is not None:
        raise SystemExit(1)
    if not report.printed and not report.waiting:
        click.echo(cli.t(N_("Nothing waits for the printer.")))


@printer.command("test")
@click.pass_obj
def test(cli: CliContext) -> None:
    """Print the test page (width, Chinese text, QR code, cut). 打印测试页"""
    services = cli.services()
    report = print_queue.print_test_page(services, cli.operator())
    report_printing(cli, report)
    if report.problem is not None:
        raise SystemExit(1)


@click.group("drawer")
def drawer() -> None:
    """The cash drawer. 钱箱"""


@drawer.command("open")
@click.option("--reason", required=True, help="Why, without a sale (audited).")
@click.pass_obj
def open_(cli: CliContext, reason: str) -> None:
    """Open the drawer without a sale (audited). 开钱箱"""
    services = cli.services()
    problem = counter_devices.open_drawer(services, cli.operator(), reason)
    if problem is not None:
        click.echo(problem.render(cli.language), err=True)
        raise SystemExit(1)


@click.group("display")
def display() -> None:
    """The customer display (客显). 客显"""


LAMPS = {"price": DisplayLamp.PRICE, "total": DisplayLamp.TOTAL,
         "received": DisplayLamp.RECEIVED, "change": DisplayLamp.CHANGE}


@display.command("show")
@click.argument("lamp", type=click.Choice(list(LAMPS)))
@click.argument("amount", type=params.AMOUNT)
@click.pass_obj
def show(cli: CliContext, lamp: str, amount: Money) -> None:
    """Show an amount under a label lamp (单价/总计/收款/找零)."""
    problem = counter_devices.show(cli.services(), LAMPS[lamp], amount)
    if problem is not None:
        click.echo(problem.render(cli.language), err=True)
        raise SystemExit(1)


@display.command("clear")
@click.pass_obj
def clear(cli: CliContext) -> None:
    """Clear the display (nothing of the last customer left). 清屏"""
    problem = counter_devices.clear_display(cli.services())
    if problem is not None:
        click.echo(problem.render(cli.language), err=True)
        raise SystemExit(1)
