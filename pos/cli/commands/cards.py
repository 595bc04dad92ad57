"""``gaspos readers`` and ``gaspos card``: IC cards at the counter and offline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from pos.cli.commands.documents import sale_document
from pos.cli.commands.receipts import report_printing
from pos.cli.context import CliContext
from pos.domain.accounts import Card
from pos.domain.cards.checks import Check
from pos.domain.cards.contents import CardReading
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reasons import os_reason
from pos.services.cards import loss
from pos.services.cards.issue import issue_card, replace_card
from pos.services.cards.maintenance import format_card, inspect_image
from pos.services.cards.restore import restore_card
from pos.services.printing import print_queue
from pos.services.selling.card_view import CardView, read_and_settle

READER_HELP = "sim:PATH (a simulated card file) or pcsc[:NAME_PATTERN] (a PC/SC reader)."


@click.command("readers")
@click.pass_obj
def readers(cli: CliContext) -> None:
    """List the PC/SC card readers. 读卡器"""
    names = cli.services(needs_schema=False).cards.readers()
    for name in names:
        click.echo(name)
    if not names:
        click.echo(cli.t(N_("No PC/SC reader is connected.")))


@click.group("card")
def card() -> None:
    """IC gas cards. IC卡"""


@card.command("read")
@click.option("--reader", required=True, help=READER_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def read(cli: CliContext, reader: str, as_json: bool) -> None:
    """Read a card: what it carries, and every check that would refuse a sale. 读卡"""
    services = cli.services()
    view = read_and_settle(services, reader)
    if view.settled is not None:  # completed by this read: its receipt is printed now
        report_printing(cli, print_queue.print_waiting(services))
    if as_json:
        cli.emit(card_document(view.reading, view.checks, cli.language) | view_extras(view))
        return
    _print_household(cli, view)
    _print_reading(cli, view.reading)
    if view.settled is not None:
        click.echo(cli.t(N_("The card proves sale {order_no}: it is completed now (receipt "
                            "{receipt})."), order_no=view.settled.order_no,
                         receipt=view.settled.receipt_no))
    if not view.checks:
        click.echo(cli.t(N_("No check refuses a sale.")))
    for check in view.checks:
        click.echo(f"  ✗ {check.message.render(cli.language)}")


@card.command("issue")
@click.option("--account", "account_no", required=True, help="Account number.")
@click.option("--reader", required=True, help=READER_HELP)
@click.pass_obj
def issue(cli: CliContext, account_no: str, reader: str) -> None:
    """Issue an account's first card (a new or formatted card in the reader). 发卡"""
    services = cli.services()
    done = issue_card(services, cli.operator(), account_no, reader)
    report_printing(cli, print_queue.print_waiting(services))
    click.echo(cli.t(N_("Card {card_no} issued to account {account_no}."),
                     card_no=done.card_no, account_no=done.account_no))


@card.command("replace")
@click.option("--account", "account_no", required=True, help="Account number.")
@click.option("--reader", required=True, help=READER_HELP)
@click.option("--approver", metavar="STAFF_NO",
              help="A supervisor's approval (needed when the old card was seen as a copy).")
@click.option("--reason", default="", help="Why (with --approver).")
@click.pass_obj
def replace(cli: CliContext, account_no: str, reader: str, approver: str | None,
            reason: str) -> None:
    """A replacement card (补卡); the old card is blacklisted."""
    services = cli.services()
    operator = cli.operator()
    approved = cli.approver(approver, what="replacement card", subject=account_no,
                            reason=reason) if approver else None
    done = replace_card(services, operator, account_no, reader, approver=approved)
    report_printing(cli, print_queue.print_waiting(services))
    click.echo(cli.t(N_("Card {card_no} replaces card {old} for account {account_no}."),
                     card_no=done.card_no, old=done.replaced, account_no=done.account_no))
    if done.record.pending_volume.hundredths:
        click.echo(cli.t(N_("It carries the last purchase ({volume} m³) again: the meter loads "
                            "it only if it never did."), volume=done.record.pending_volume))
    if done.fee.fen:
        click.echo(cli.t(N_("Replacement fee: {fee} yuan (cash)."), fee=done.fee))


def _state_command(name: str, move: Callable[..., Card], doc: str) -> None:
    @card.command(name, help=doc)
    @click.argument("card_no", metavar="CARD")
    @click.option("--reason", required=True, help="Why (2 to 200 characters).")
    @click.pass_obj
    def command(cli: CliContext, card_no: str, reason: str) -> None:
        done = move(cli.services(), cli.operator(), card_no, reason)
        click.echo(cli.t(N_("Card {card_no} is {state} now, at every counter."),
                         card_no=done.card_no, state=done.state.label))


_state_command("lost", loss.report_lost,
               "Report a card lost (挂失): every counter refuses it at once.")
_state_command("found", loss.report_found,
               "A lost card found again (解挂): valid again (not a blocked card).")
_state_command("block", loss.block, "Block a card (停用; a supervisor).")
_state_command("unblock", loss.unblock, "Unblock a blocked card (a supervisor).")


@card.command("restore")
@click.option("--reader", required=True, help=READER_HELP)
@click.option("--reason", required=True, help="Why.")
@click.option("--approver", required=True, metavar="STAFF_NO", help="The approving supervisor.")
@click.pass_obj
def restore(cli: CliContext, reader: str, reason: str, approver: str) -> None:
    """Write the record the ledger knows back onto a card (a torn card, or one carrying a
    purchase whose money went back). 恢复卡片"""
    services = cli.services()
    operator = cli.operator()
    approved = cli.approver(approver, what="card restore", subject=reader, reason=reason)
    done = restore_card(services, operator, approved, reader, reason)
    if not done.written:
        click.echo(cli.t(N_("Card {card_no} already carries what the ledger knows (purchase "
                            "{seq}); nothing was written."), card_no=done.card_no,
                         seq=done.record.seq))
        return
    click.echo(cli.t(N_("Card {card_no} restored: purchase {seq}, {cumulative} m³ bought in "
                        "all, as the ledger knows it."), card_no=done.card_no,
                     seq=done.record.seq, cumulative=done.record.cumulative))


@card.command("inspect")
@click.argument("image", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def inspect(cli: CliContext, image: Path, as_json: bool) -> None:
    """Decode a 256-byte card image offline (exit 3 when tampered, forged or foreign).
    解析卡片映像"""
    try:
        memory = image.read_bytes()
    except OSError as error:
        raise BadInput("card.image_unreadable", N_("{path} cannot be read: {reason}"),
                       path=str(image), reason=os_reason(error)) from None
    reading = inspect_image(cli.services(needs_schema=False), memory)
    if as_json:
        cli.emit(card_document(reading, (), cli.language))
        return
    _print_reading(cli, reading)


@card.command("format")
@click.option("--reader", required=True, help=READER_HELP)
@click.pass_obj
def format_(cli: CliContext, reader: str) -> None:
    """Wipe a card no account uses (its number stays, protected for ever). 格式化卡"""
    services = cli.services()
    card_no = format_card(services, cli.operator(), reader)
    click.echo(cli.t(N_("Card {card_no} formatted: it can be issued again."), card_no=card_no))


def card_document(reading: CardReading, checks: tuple[Check, ...] | list[Check],
                  language: str) -> dict[str, object]:
    record, meter = reading.record, reading.meter
    return {
        "profile": reading.profile, "utility_code": reading.utility_code,
        "card_no": reading.card_no, "account_no": record.account_no,
        "meter_no": record.meter_no, "purchase_seq": record.purchase_seq,
        "pending_volume": str(reading.unloaded_volume),
        "last_purchase_volume": str(record.pending_volume),
        "cumulative_volume": str(record.cumulative_volume),
        "key_version": record.key_version,
        "interrupted_write": reading.interrupted_write,
        "meter": {
            "loaded": reading.last_purchase_loaded,
            "meter_seq": meter.meter_seq if meter else None,
            "remaining": str(meter.remaining) if meter else None,
            "cumulative_use": str(meter.cumulative_use) if meter else None,
            "alarms": sorted(a.value for a in meter.alarms) if meter else [],
        },
        "checks": [{"code": c.code, "message": c.message.render(language)} for c in checks],
    }


def _print_reading(cli: CliContext, reading: CardReading) -> None:
    t, record, meter = cli.t, reading.record, reading.meter
    click.echo(t(N_("Card {card_no} ({profile}): account {account_no}, meter {meter_no}"),
                 card_no=reading.card_no, profile=reading.profile,
                 account_no=record.account_no, meter_no=record.meter_no))
    click.echo(t(N_("Purchases: {seq}; bought in all: {cumulative} m³; not yet in the meter: "
                    "{pending} m³"), seq=record.purchase_seq, cumulative=record.cumulative_volume,
                 pending=reading.unloaded_volume))
    if meter is None:
        click.echo(t(N_("The card has not been in the meter yet.")))
    else:
        alarms = "、".join(a.label.render(cli.language) for a in sorted(meter.alarms)) or "—"
        click.echo(t(N_("Meter: {remaining} m³ left, {used} m³ used, alarms: {alarms}"),
                     remaining=meter.remaining, used=meter.cumulative_use, alarms=alarms))
    if reading.interrupted_write:
        click.echo(t(N_("A write was interrupted: the last complete data is shown.")))


def view_extras(view: CardView) -> dict[str, object]:
    household = None
    if view.household is not None:
        account, meter, cycle = view.household.account, view.household.meter, \
            view.household.position
        household = {
            "name": account.name, "address": account.address,
            "category": account.category.value, "household_size": account.household_size,
            "status": account.status.value,
            "meter": None if meter is None else {"meter_no": meter.meter_no,
                                                 "max_stock": str(meter.max_stock)},
            "cycle": None if cycle is None else {
                "start": cycle.cycle.start.isoformat(), "end": cycle.cycle.last_day.isoformat(),
                "bought": str(cycle.bought), "tier": cycle.tier},
        }
    return {
        "household": household,
        "settled": None if view.settled is None else sale_document(view.settled),
        "unfinished": None if view.unfinished is None else sale_document(view.unfinished),
    }


def _print_household(cli: CliContext, view: CardView) -> None:
    if view.household is None:
        return
    account, cycle = view.household.account, view.household.position
    click.echo(f"{account.account_no}  {account.name}  {account.address}  "
               f"{account.category.label.render(cli.language)}")
    if cycle is not None:
        click.echo(cli.t(N_("This cycle: {bought} m³ bought, tier {tier}."), bought=cycle.bought,
                         tier=cycle.tier))
