"""``gaspos sell`` and ``gaspos sale``: selling gas, and finishing what did not finish."""

from __future__ import annotations

from datetime import date

import click

from pos.cli import params
from pos.cli.commands.cards import READER_HELP
from pos.cli.commands.documents import sale_document
from pos.cli.commands.receipts import report_devices, report_printing
from pos.cli.context import CliContext
from pos.domain.messages import N_
from pos.domain.quantities import Money, Volume
from pos.domain.sale.payments import parse_channel, parse_split
from pos.domain.sale.record import SaleRecord, SaleState
from pos.services.printing import print_queue
from pos.services.selling import recovery
from pos.services.selling.counter_sale import Override, SaleRequest, sell
from pos.services.selling.payments import PaymentPlan

SPLIT_HELP = 'Several channels: "cash:100.00,wechat:188.00:REF".'


@click.command("sell")
@click.option("--reader", required=True, help=READER_HELP)
@click.option("--volume", type=params.VOLUME, metavar="M3", help="Gas to buy, in m³.")
@click.option("--amount", type=params.AMOUNT, metavar="YUAN",
              help="Money to spend: the largest whole volume it buys.")
@click.option("--pay", "channel", metavar="cash|unionpay|wechat|alipay",
              help="How the customer pays.")
@click.option("--tendered", type=params.AMOUNT, metavar="YUAN", help="Cash handed over.")
@click.option("--ref", help="WeChat/Alipay payment code, or the bank terminal's reference.")
@click.option("--terminal", help="Bank card terminal number.")
@click.option("--voucher", help="Bank card voucher number.")
@click.option("--split", help=SPLIT_HELP)
@click.option("--override-reason", help="Why a safety hold is overridden (with --approver).")
@click.option("--approver", metavar="STAFF_NO", help="The approving supervisor.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def sell_command(cli: CliContext, reader: str, volume: Volume | None, amount: Money | None,
                 channel: str | None, tendered: Money | None, ref: str | None,
                 terminal: str | None, voucher: str | None, split: str | None,
                 override_reason: str | None, approver: str | None, as_json: bool) -> None:
    """Sell gas onto the card in the reader. 售气"""
    services = cli.services()
    operator = cli.operator()
    plan = PaymentPlan(split=parse_split(split)) if split else PaymentPlan(
        parse_channel(channel) if channel else None, ref, tendered, terminal, voucher)
    override = None
    if override_reason or approver:
        override = Override(cli.approver(approver, what="safety hold override", subject=reader,
                                         reason=override_reason or ""), override_reason or "")
    outcome = sell(services, operator, SaleRequest(reader, volume, amount, plan, override))
    sale = outcome.sale
    report_devices(cli, outcome.device_problems)
    report_printing(cli, outcome.printing)
    if as_json:
        cli.emit(sale_document(sale) | {
            "booked_to": None if outcome.booked_late is None else outcome.booked_late.isoformat(),
            "change": str(outcome.change),
            "remainder": None if outcome.remainder is None else str(outcome.remainder),
            "printing": {"printed": outcome.printing.printed,
                         "waiting": outcome.printing.waiting,
                         "problem": None if outcome.printing.problem is None
                         else outcome.printing.problem.render(cli.language)},
            "device_problems": [p.render(cli.language) for p in outcome.device_problems]})
        return
    click.echo(cli.t(N_("Sold {volume} m³ for {amount} yuan: sale {order_no}, receipt {receipt}."),
                     volume=sale.volume, amount=sale.amount, order_no=sale.order_no,
                     receipt=sale.receipt_no))
    for part in sale.parts:
        click.echo(cli.t(N_("  tier {tier}: {volume} m³ × {price} = {amount}"), tier=part.tier,
                         volume=part.volume, price=part.unit_price, amount=part.amount))
    if outcome.change.fen:
        click.echo(cli.t(N_("Change: {change} yuan."), change=outcome.change))
    if outcome.remainder is not None and outcome.remainder.fen:
        click.echo(cli.t(N_("{remainder} yuan of the amount was not needed."),
                         remainder=outcome.remainder))
    if outcome.booked_late is not None:
        click.echo(cli.t(N_("Today's business day is closed: this sale is booked to business "
                            "day {date}."), date=outcome.booked_late.isoformat()))
    if sale.first_use:
        click.echo(cli.t(N_("First purchase on this card: explain the card and the meter, and "
                            "hand over the first-use guidance.")))
    click.echo(cli.t(N_("Ask the customer to insert the card into the gas meter.")))


@click.group("sale")
def sale() -> None:
    """Sales: list, show, and finish what did not finish. 售气单"""


@sale.command("list")
@click.option("--date", "day", type=params.DATE, metavar="YYYY-MM-DD", help="Business date.")
@click.option("--state", type=click.Choice([s.value for s in SaleState]), help="Only this state.")
@click.option("--account", "account_no", help="Only this account.")
@click.option("--refund-pending", is_flag=True,
              help="Only sales with a provider refund still under way (sale check follows it).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def list_(cli: CliContext, day: date | None, state: str | None, account_no: str | None,
          refund_pending: bool, as_json: bool) -> None:
    """Sales by date, state or account (pending ones are unfinished). 列表"""
    if refund_pending:
        sales = recovery.refunds_under_way(cli.services())
    else:
        sales = recovery.find_sales(cli.services(), business_date=day,
                                    state=SaleState(state) if state else None,
                                    account_no=account_no)
    if as_json:
        cli.emit([sale_document(s) for s in sales])
        return
    for item in sales:
        _line(cli, item)
    if not sales:
        click.echo(cli.t(N_("No sale matches.")))


@sale.command("show")
@click.argument("order_no")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def show(cli: CliContext, order_no: str, as_json: bool) -> None:
    """One sale with its payments. 详情"""
    found = recovery.get_sale(cli.services(), order_no)
    if as_json:
        cli.emit(sale_document(found))
        return
    _line(cli, found)
    for payment in found.payments:
        click.echo(f"  {payment.channel.label.render(cli.language)}  {payment.amount}  "
                   f"{payment.state.label.render(cli.language)}  {payment.provider_ref or ''}")
    if found.seal_code:
        click.echo(cli.t(N_("Verification code on the receipt: {code}"), code=found.seal_code))


@sale.command("check")
@click.argument("order_no")
@click.pass_obj
def check(cli: CliContext, order_no: str) -> None:
    """Ask the payment provider again about a sale awaiting payment. 查询支付结果"""
    services = cli.services()
    _line(cli, recovery.check_payment(services, cli.operator(), order_no))
    report_printing(cli, print_queue.print_waiting(services))


@sale.command("rewrite")
@click.argument("order_no")
@click.option("--reader", required=True, help=READER_HELP)
@click.pass_obj
def rewrite(cli: CliContext, order_no: str, reader: str) -> None:
    """Write a paid purchase onto its card (补写卡), then complete it."""
    services = cli.services()
    _line(cli, recovery.rewrite(services, cli.operator(), order_no, reader))
    report_printing(cli, print_queue.print_waiting(services))


@sale.command("void")
@click.argument("order_no")
@click.option("--reader", required=True, help=READER_HELP)
@click.option("--reason", required=True, help="Why.")
@click.option("--approver", required=True, metavar="STAFF_NO", help="The approving supervisor.")
@click.pass_obj
def void(cli: CliContext, order_no: str, reader: str, reason: str, approver: str) -> None:
    """Reverse a purchase still on the card and not loaded (冲正); the money goes back."""
    services = cli.services()
    operator = cli.operator()
    approved = cli.approver(approver, what="void", subject=order_no, reason=reason)
    _line(cli, recovery.void(services, operator, approved, order_no, reader, reason))
    report_printing(cli, print_queue.print_waiting(services))


@sale.command("suspend")
@click.argument("order_no")
@click.option("--reason", required=True, help="Why.")
@click.option("--approver", required=True, metavar="STAFF_NO", help="The approving supervisor.")
@click.pass_obj
def suspend(cli: CliContext, order_no: str, reason: str, approver: str) -> None:
    """The customer left before the sale was resolved (挂起): its money is carried."""
    services = cli.services()
    operator = cli.operator()
    approved = cli.approver(approver, what="suspend", subject=order_no, reason=reason)
    _line(cli, recovery.suspend(services, operator, approved, order_no, reason))


@sale.command("refund")
@click.argument("order_no")
@click.option("--reason", required=True, help="Why.")
@click.option("--approver", required=True, metavar="STAFF_NO", help="The approving supervisor.")
@click.pass_obj
def refund(cli: CliContext, order_no: str, reason: str, approver: str) -> None:
    """Give a suspended sale's money back (the card never got it). 退款"""
    services = cli.services()
    operator = cli.operator()
    approved = cli.approver(approver, what="refund", subject=order_no, reason=reason)
    _line(cli, recovery.refund_suspended(services, operator, approved, order_no, reason))


def _line(cli: CliContext, item: SaleRecord) -> None:
    click.echo(f"{item.order_no}  {item.state.label.render(cli.language)}  "
               f"{item.account_no}  {item.volume} m³  {item.amount}  "
               f"{item.channel_label.render(cli.language)}  "
               f"{item.receipt_no or '—'}  "
               f"{item.business_date.isoformat() if item.business_date else ''}")
