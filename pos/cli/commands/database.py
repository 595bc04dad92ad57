"""``gaspos db``: where the ledger is, creating or migrating its schema, backing it up."""

from __future__ import annotations

from pathlib import Path

import click

from pos.cli.context import CliContext
from pos.domain.messages import N_


@click.group("db")
def db() -> None:
    """The ledger database. 数据库"""


@db.command("upgrade")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def upgrade(cli: CliContext, as_json: bool) -> None:
    """Create or migrate the schema (Alembic). 创建或升级数据库结构"""
    services = cli.services(needs_schema=False)
    result = services.database.upgrade()
    where = services.database.describe()
    if as_json:
        cli.emit({"database": where, "before": result.before, "after": result.after})
        return
    click.echo(cli.t(N_("Database: {where}"), where=where))
    if result.before == result.after:
        click.echo(cli.t(N_("The schema is current ({revision})."), revision=result.after))
    else:
        click.echo(cli.t(N_("Schema upgraded: {before} → {after}."),
                         before=result.before or "—", after=result.after))


@db.command("backup")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Backup file (default: backups/ beside the database).")
@click.option("--pg-dump", "pg_dump", type=click.Path(dir_okay=False, path_type=Path),
              help="PostgreSQL: the pg_dump to use (default: the server's version's).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def backup(cli: CliContext, out: Path | None, pg_dump: Path | None, as_json: bool) -> None:
    """A consistent, checked copy of the ledger (SQLite file, or pg_dump -Fc). 备份数据库"""
    services = cli.services()
    stamp = services.clock.now().strftime("%Y%m%d-%H%M%S")
    report = services.database.backup(out, stamp=stamp, pg_dump=pg_dump,
                                      default_dir=services.settings.data_dir)
    if as_json:
        cli.emit({"path": str(report.path), "bytes": report.bytes,
                  "journal_entries": report.journal_entries,
                  "journal_head": report.journal_head})
        return
    click.echo(cli.t(N_("Backup written to {path} ({size} bytes); its journal of {entries} "
                        "entries verifies, head {head}."),
                     path=str(report.path), size=report.bytes, entries=report.journal_entries,
                     head=report.journal_head[:16]))


@db.command("info")
@click.pass_obj
def info(cli: CliContext) -> None:
    """Which database this installation uses, and whether its schema fits. 数据库信息"""
    services = cli.services(needs_schema=False)
    click.echo(cli.t(N_("Database: {where}"), where=services.database.describe()))
    services.database.check_schema()
    click.echo(cli.t(N_("The schema is current.")))


@db.command("restore")
@click.argument("backup_file", metavar="FILE",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def restore(cli: CliContext, backup_file: Path, as_json: bool) -> None:
    """Put a checked SQLite backup in the ledger's place, keeping the replaced file
    (administrators; every counter closed). 从备份恢复数据库"""
    from pos.services.core.restore import restore_ledger

    operator = cli.operator()
    done = restore_ledger(cli.services(), operator, backup_file)
    if as_json:
        cli.emit({"path": str(done.path), "kept": str(done.kept), "backup": str(backup_file),
                  "backup_revision": done.backup_revision,
                  "journal_entries": done.ledger.chain.entries,
                  "journal_head": done.ledger.chain.head_hash})
        return
    click.echo(cli.t(N_("Restored {path} from {backup}: its journal of {entries} entries "
                        "verifies, head {head}. The replaced ledger is kept as {kept}."),
                     path=str(done.path), backup=str(backup_file),
                     entries=done.ledger.chain.entries, head=done.ledger.chain.head_hash[:16],
                     kept=str(done.kept)))
