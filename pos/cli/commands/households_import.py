"""``gaspos import households``: a previous system's households, through a column mapping
(docs/going-live.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from pos.cli.commands.finance import read_file
from pos.cli.context import CliContext
from pos.cli.params import DATE
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money


@click.command("households")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--mapping", metavar="NAME",
              help="A saved household column mapping (default: the standard layout).")
@click.option("--save-mapping", metavar="NAME",
              help="Save the mapping in --mapping-file under NAME first, then import with it.")
@click.option("--mapping-file", type=click.Path(dir_okay=False, path_type=Path),
              help="With --save-mapping: the mapping (JSON).")
@click.option("--as-of", type=DATE, metavar="YYYY-MM-DD",
              help="The day the opening positions were taken (default: today).")
@click.option("--dry-run", is_flag=True, help="Check everything and count; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def households(cli: CliContext, file: Path, mapping: str | None, save_mapping: str | None,
               mapping_file: Path | None, as_of: date | None, dry_run: bool,
               as_json: bool) -> None:
    """Households from the previous system: accounts, meters, cards and opening positions,
    CSV or XLSX; all or nothing, and the same file again changes nothing. 用户档案导入"""
    from pos.services.records import household_import

    services = cli.services()
    operator = cli.operator()
    if save_mapping is not None:
        if mapping is not None or mapping_file is None:
            raise BadInput("households.mapping_options", N_(
                "--save-mapping NAME needs --mapping-file FILE (and no --mapping)."))
        mapping = household_import.save_mapping(services, operator, save_mapping,
                                                read_file(mapping_file))
    elif mapping_file is not None:
        raise BadInput("households.mapping_options", N_(
            "--mapping-file is used with --save-mapping NAME."))
    report = household_import.import_households(
        services, operator, read_file(file), file.name, mapping=mapping, dry_run=dry_run,
        as_of=as_of)
    if as_json:
        cli.emit({"file": report.file_name, "sha256": report.sha256, "mapping": report.mapping,
                  "rows": report.rows, "new": report.new, "unchanged": report.unchanged,
                  "cards": report.cards, "cards_to_reissue": report.cards_to_reissue,
                  "prepaid": str(Money(report.prepaid)), "arrears": str(Money(report.arrears)),
                  "dry_run": report.dry_run, "changed_nothing": report.changed_nothing})
        return
    params = {"file": report.file_name, "rows": report.rows, "new": report.new,
              "same": report.unchanged, "cards": report.cards,
              "reissue": report.cards_to_reissue, "prepaid": Money(report.prepaid),
              "arrears": Money(-report.arrears)}
    if dry_run:
        click.echo(cli.t(N_("Dry run of {file}: {rows} rows, {new} new households ({cards} "
                            "cards, {reissue} to re-issue at the first visit), {same} already "
                            "imported; prepaid {prepaid} yuan, arrears {arrears} yuan. Nothing "
                            "was written."), **params))
    elif report.new == 0:
        click.echo(cli.t(N_("{file}: all {rows} rows are already imported; nothing changed."),
                         **params))
    else:
        click.echo(cli.t(N_("{file}: {rows} rows, {new} new households imported ({cards} "
                            "cards, {reissue} to re-issue at the first visit), {same} already "
                            "imported; prepaid {prepaid} yuan, arrears {arrears} yuan."),
                         **params))

