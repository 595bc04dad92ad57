"""``gaspos ledger``: the journal's integrity and the closed days'."""

from __future__ import annotations

import getpass

import click

from pos.cli.context import CliContext
from pos.domain.errors import IntegrityFailure
from pos.domain.messages import N_
from pos.services.core.ledger import verify_ledger


@click.group("ledger")
def ledger() -> None:
    """The journal (append-only, hash-chained). 账本"""


@ledger.command("verify")
@click.option("--full", is_flag=True,
              help="Walk every entry, not only those after the last verify's checkpoint.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def verify(cli: CliContext, full: bool, as_json: bool) -> None:
    """Recompute the hash chain and the closed days' totals; exit 3 and name what is broken.
    By default from the last verify's checkpoint on (incremental); --full walks everything.
    校验账本"""
    svc = cli.services()
    result = verify_ledger(svc, full=full, record_as=cli.operator_no or _system_user())
    report = result.chain
    broken = report.first_break
    since = result.since
    if as_json:
        cli.emit({
            "ok": result.intact, "mode": "incremental" if since else "full",
            "since": None if since is None else {
                "seq": since.seq, "hash": since.hash, "at": since.at.isoformat(),
                "by": since.by, "full": since.full},
            "entries": report.entries, "head_seq": report.head_seq, "head": report.head_hash,
            "first_break": None if broken is None else {
                "seq": broken.seq, "code": broken.code,
                "message": broken.message.render(cli.language)},
            "days_checked": result.days_checked,
            "day_problems": [{"counter": p.counter_no, "business_date": p.business_date,
                              "code": p.code, "message": p.message.render(cli.language)}
                             for p in result.day_problems],
            "sales_checked": result.sales_checked,
            "sale_problems": [{"order_no": p.order_no, "code": p.code,
                               "message": p.message.render(cli.language)}
                              for p in result.sale_problems],
            "anchored_seq": result.anchored_seq,
            "anchor_problem": None if result.anchor is None else {
                "seq": result.anchor.seq, "code": result.anchor.code,
                "message": result.anchor.message.render(cli.language)},
        })
    else:
        for message in [p.message for p in result.day_problems] + [
                p.message for p in result.sale_problems] + (
                [result.anchor.message] if result.anchor else []):
            click.echo(message.render(cli.language), err=True)
        if since is not None:
            click.echo(cli.t(N_(
                "Incremental verify: from entry {seq}, where the verify of {at} by {by} "
                "stopped (its hash recomputed and unchanged); --full walks every entry."),
                seq=since.seq, by=since.by,
                at=since.at.astimezone(svc.settings.timezone).strftime("%Y-%m-%d %H:%M:%S")))
        else:
            click.echo(cli.t(N_("Full verify: every entry from the first.")))
        if result.intact:
            click.echo(cli.t(N_("The journal verifies: {entries} entries checked, head {seq} "
                                "{head}; {days} closed days and {sales} sales agree with their "
                                "entries."),
                             entries=report.entries, seq=report.head_seq, head=report.head_hash,
                             days=result.days_checked, sales=result.sales_checked))
    if broken is not None:
        raise IntegrityFailure(broken.code, N_("The journal is broken at entry {seq}: {why}"),
                               seq=broken.seq, why=broken.message)
    if result.anchor is not None:
        raise IntegrityFailure(result.anchor.code, N_("The journal was cut or rewritten: {why}"),
                               why=result.anchor.message)
    if result.day_problems:
        first = result.day_problems[0]
        raise IntegrityFailure(first.code, N_(
            "{count} closed business days do not agree with the journal; the first: {why}"),
            count=len(result.day_problems), why=first.message)
    if result.sale_problems:
        found = result.sale_problems[0]
        raise IntegrityFailure(found.code, N_(
            "{count} sales do not agree with the journal; the first: {why}"),
            count=len(result.sale_problems), why=found.message)


def _system_user() -> str:
    """Who ran a verify without ``--operator``: the operating system's user, as far as known."""
    try:
        return "os:" + getpass.getuser()
    except (OSError, KeyError):
        return "os:?"
