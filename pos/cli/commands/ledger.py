"""``gaspos ledger``: the journal's integrity and the closed days'."""

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
    """Recompute the hash chain and every closed day's totals; exit 3 and name what is broken.
    校验账本"""
    result = verify_ledger(cli.services())
    report = result.chain
    broken = report.first_break
    if as_json:
        cli.emit({
            "ok": result.intact, "entries": report.entries, "head": report.head_hash,
            "first_break": None if broken is None else {
                "seq": broken.seq, "code": broken.code,
                "message": broken.message.render(cli.language)},
            "days_checked": result.days_checked,
            "day_problems": [{"counter": p.counter_no, "business_date": p.business_date,
                              "code": p.code, "message": p.message.render(cli.language)}
                             for p in result.day_problems],
        })
    else:
        for problem in result.day_problems:
            click.echo(problem.message.render(cli.language), err=True)
        if result.intact:
            click.echo(cli.t(N_("The journal verifies: {entries} entries, head {head}; {days} "
                                "closed days agree with their entries."),
                             entries=report.entries, head=report.head_hash,
                             days=result.days_checked))
    if broken is not None:
        raise IntegrityFailure(broken.code, N_("The journal is broken at entry {seq}: {why}"),
                               seq=broken.seq, why=broken.message)
    if result.day_problems:
        first = result.day_problems[0]
        raise IntegrityFailure(first.code, N_(
            "{count} closed business days do not agree with the journal; the first: {why}"),
            count=len(result.day_problems), why=first.message)
