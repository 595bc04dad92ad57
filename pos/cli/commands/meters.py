"""``gaspos meter``: meter changes (换表) and the meter simulator; ``gaspos dev``: virtual cards."""

from __future__ import annotations

from pathlib import Path

import click

from pos.cli import params
from pos.cli.commands.cards import READER_HELP
from pos.cli.commands.receipts import report_printing
from pos.cli.context import CliContext
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.quantities import Volume
from pos.domain.reasons import os_reason
from pos.services.demo.lab import load_meter
from pos.services.printing import print_queue
from pos.services.selling.meter_change import BeyondKnown, change_meter


@click.group("meter")
def meter() -> None:
    """Meters: changing one (换表), and the simulator for demos and tests. 燃气表"""


@meter.command("load")
@click.option("--reader", required=True, help=READER_HELP)
@click.option("--use", type=params.VOLUME, metavar="M3",
              help="Gas the household uses after the card is back out.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def load(cli: CliContext, reader: str, use: Volume | None, as_json: bool) -> None:
    """Put the card into its meter: load the pending purchase, write back. 插卡入表"""
    visit = load_meter(cli.services(needs_schema=False), reader, use=use)
    if as_json:
        cli.emit({"meter_no": visit.meter_no, "loaded": str(visit.loaded),
                  "refused": visit.refused.render(cli.language) if visit.refused else None,
                  "meter_seq": visit.meter_seq, "remaining": str(visit.remaining),
                  "cumulative_use": str(visit.cumulative_use), "used": str(visit.used)})
        return
    if visit.refused is not None:
        click.echo(cli.t(N_("Meter {meter_no} refused the card: {why}"), meter_no=visit.meter_no,
                         why=visit.refused))
    else:
        click.echo(cli.t(N_("Meter {meter_no} loaded {loaded} m³."), meter_no=visit.meter_no,
                         loaded=visit.loaded))
    click.echo(cli.t(N_("Now {remaining} m³ in the meter, {used} m³ used in all."),
                     remaining=visit.remaining, used=visit.cumulative_use))


@meter.command("change")
@click.option("--account", "account_no", required=True, help="Account number.")
@click.option("--new-meter", "new_meter_no", required=True, help="The new meter's number.")
@click.option("--final-reading", required=True, type=params.VOLUME, metavar="M3",
              help="The old meter's final reading.")
@click.option("--remaining", required=True, type=params.VOLUME, metavar="M3",
              help="Gas left in the old meter (credited to the new one).")
@click.option("--reader", required=True, help=READER_HELP)
@click.option("--max-stock", type=params.VOLUME, metavar="M3",
              help="The new meter's stock limit (default: the old one's).")
@click.option("--old-meter-seq", type=params.COUNT, metavar="N",
              help="The last purchase the old meter loaded (when the card still carries one).")
@click.option("--approver", metavar="STAFF_NO",
              help="A supervisor approving more gas than the ledger knows the old meter holds.")
@click.option("--reason", help="Why more is carried than the ledger knows (with --approver).")
@click.option("--evidence", metavar="TEXT",
              help="The old meter's reading as evidence: a photo's file name or its number.")
@click.pass_obj
def change(cli: CliContext, account_no: str, new_meter_no: str, final_reading: Volume,
           remaining: Volume, reader: str, max_stock: Volume | None,
           old_meter_seq: int | None, approver: str | None, reason: str | None,
           evidence: str | None) -> None:
    """Replace the account's meter; its gas is carried to the new one on the card. 换表"""
    services = cli.services()
    operator = cli.operator()
    beyond = None
    if approver or reason or evidence:
        beyond = BeyondKnown(cli.approver(approver, what="meter change credit",
                                          subject=account_no, reason=reason or ""),
                             reason or "", evidence or "")
    done = change_meter(services, operator, account_no=account_no,
                        new_meter_no=new_meter_no, final_reading=final_reading,
                        remaining=remaining, reader=reader, max_stock=max_stock,
                        old_meter_seq=old_meter_seq, beyond=beyond)
    click.echo(cli.t(N_("Meter {old} replaced by {new}; {credit} m³ carried on the card for the "
                        "new meter."), old=done.old_meter_no, new=done.new_meter_no,
                     credit=done.credit))
    report_printing(cli, print_queue.print_waiting(services))


@click.group("dev")
def dev() -> None:
    """Development tools. 开发工具"""


@dev.command("virtual-card")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--model", default="acs-ccid",
              type=click.Choice(["acs-ccid", "acr38x", "acr38-legacy"]),
              help="Which ACS reader's answers to give.")
@click.pass_obj
def virtual_card(cli: CliContext, path: Path, model: str) -> None:
    """Insert the card image PATH into vpcd's reader until Ctrl-C (needs pcscd with vpcd).
    虚拟卡"""
    card = cli.services(needs_schema=False).lab.virtual_card(path, model)
    try:
        card.insert()
    except OSError as error:
        raise Refused("reader.vpcd_unavailable",
                      N_("vpcd is not listening ({reason}): start pcscd with the vpcd driver "
                         "(docs/card-readers.md)."), reason=os_reason(error)) from None
    click.echo(cli.t(N_("Card {path} is in the virtual reader; press Ctrl-C to take it out."),
                     path=str(path)))
    try:
        card.wait()
    except KeyboardInterrupt:
        card.remove()
