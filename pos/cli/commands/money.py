"""``gaspos refund`` and ``gaspos adjust``: money without gas, with a reason and an approver."""

from __future__ import annotations

from typing import Any

import click

from pos.cli import params
from pos.cli.context import CliContext
from pos.domain.journal import JournalEntry
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel
from pos.services.day import money_entries


@click.command("refund")
@click.argument("order_no")
@click.option("--reason", required=True, help="Why the money goes back.")
@click.option("--approver", required=True, metavar="STAFF_NO", help="The approving supervisor.")
@click.option("--amount", type=params.AMOUNT, metavar="YUAN",
              help="An overpayment's amount (default: the whole suspended sale).")
@click.option("--channel", type=params.CHANNEL, metavar="cash|unionpay|wechat|alipay",
              help="The channel the overpayment came through.")
@click.option("--ref", "provider_ref", help="The provider's transaction id of the overpayment.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def refund_command(cli: CliContext, order_no: str, reason: str, approver: str,
                   amount: Money | None, channel: Channel | None, provider_ref: str | None,
                   as_json: bool) -> None:
    """Give money back: a suspended sale, or a customer's overpayment on a sale. 退款"""
    services = cli.services()
    operator = cli.operator()
    approved = cli.approver(approver, what="refund", subject=order_no, reason=reason)
    posted = money_entries.refund(services, operator, approved, order_no, reason, amount=amount,
                                  channel=channel, provider_ref=provider_ref)
    _report(cli, posted, as_json)


@click.command("adjust")
@click.option("--amount", required=True, type=params.SIGNED_AMOUNT, metavar="[-]YUAN",
              help="Signed: positive is money in, negative money out.")
@click.option("--channel", required=True, type=params.CHANNEL,
              metavar="cash|unionpay|wechat|alipay")
@click.option("--corrects", required=True, metavar="#SEQ|ORDER_NO",
              help="The journal entry (#seq) or the sale this corrects.")
@click.option("--reason", required=True, help="Why.")
@click.option("--approver", required=True, metavar="STAFF_NO", help="The approving supervisor.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def adjust_command(cli: CliContext, amount: Money, channel: Channel, corrects: str, reason: str,
                   approver: str, as_json: bool) -> None:
    """Correct an earlier day's money in today's open day (it never changes a closed day). 调整"""
    services = cli.services()
    operator = cli.operator()
    approved = cli.approver(approver, what="adjustment", subject=corrects, reason=reason)
    posted = money_entries.adjust(services, operator, approved, amount=amount, channel=channel,
                                  corrects=corrects, reason=reason)
    _report(cli, posted, as_json)


def entry_document(entry: JournalEntry) -> dict[str, Any]:
    return {"seq": entry.seq, "kind": entry.kind.value, "amount": str(entry.amount),
            "channel": entry.channel, "business_date": entry.business_date.isoformat()
            if entry.business_date else None, "counter": entry.counter_no,
            "sale": entry.sale_no, "ref": entry.ref, "hash": entry.hash}


def _report(cli: CliContext, posted: money_entries.Posted, as_json: bool) -> None:
    if as_json:
        cli.emit({"order_no": posted.order_no,
                  "entries": [entry_document(e) for e in posted.entries]})
        return
    for entry in posted.entries:
        click.echo(cli.t(N_("Entry {seq}: {kind} {amount} yuan ({channel}) in business day "
                            "{date}."), seq=entry.seq, kind=entry.kind.label,
                         amount=str(entry.amount), channel=entry.channel or "",
                         date=entry.business_date.isoformat() if entry.business_date else ""))
