"""``gaspos ledger``: the journal's integrity."""

from __future__ import annotations

import click

from pos.cli.context import CliContext
from pos.domain.errors import IntegrityFailure
from pos.domain.messages import N_
from pos.services.ledger import verify_ledger


@click.group("ledger")
def ledger() -> None:
    """The journal (append-only, hash-chained). 账本"""


@ledger.command("verify")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def verify(cli: CliContext, as_json: bool) -> None:
    """Recompute the hash chain; exit 3 and name the first broken entry if it is broken.
    校验账本"""
    report = verify_ledger(cli.services())
    broken = report.first_break
    if as_json:
        cli.emit({
            "ok": report.intact, "entries": report.entries, "head": report.head_hash,
            "first_break": None if broken is None else {
                "seq": broken.seq, "code": broken.code,
                "message": broken.message.render(cli.language)},
        })
    elif broken is None:
        click.echo(cli.t(N_("The journal verifies: {entries} entries, head {head}."),
                         entries=report.entries, head=report.head_hash))
    if broken is not None:
        raise IntegrityFailure(broken.code, N_("The journal is broken at entry {seq}: {why}"),
                               seq=broken.seq, why=broken.message)
