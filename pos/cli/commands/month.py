"""``gaspos statements …``, ``gaspos reconcile …``, ``gaspos month …``: finance's month."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pos.cli.commands.finance import read_file
from pos.cli.context import CliContext
from pos.cli.replica_note import note_replica
from pos.domain.errors import BadInput, NotFound, Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.reconciliation.month import Action, Month

if TYPE_CHECKING:
    from pos.services.month.reconciliation import ItemView, MonthView

# the statements' parsers and the matching load when a finance command runs, not at every
# start of the command (they cost a tenth of a second)
FORMATS = ("auto", "wechat", "alipay", "bank", "csv")  # pos.services.month.statements.FORMATS


@click.group("statements")
def statements_group() -> None:
    """Bank and payment statements for the month's reconciliation. 对账单"""


@statements_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "form", type=click.Choice(FORMATS), default="auto",
              show_default=True)
@click.option("--mapping", metavar="NAME", help="A saved column mapping (generic CSV/XLSX).")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def import_(cli: CliContext, file: Path, form: str, mapping: str | None, as_json: bool) -> None:
    """Import a WeChat Pay, Alipay, bank or acquirer statement; all or nothing, and a file
    imported again adds nothing. 导入对账单"""
    from pos.services.month import statements

    done = statements.import_statement(cli.services(), cli.operator(), read_file(file),
                                       file.name, format=form, mapping=mapping)
    record = done.record
    if as_json:
        cli.emit({"source": record.source.value, "format": record.format,
                  "encoding": done.statement.encoding, "rows": record.lines_in_file,
                  "new_rows": record.lines_added, "duplicate_rows": done.skipped,
                  "totals": dict(done.statement.declared), "file_sha256": record.sha256})
        return
    click.echo(cli.t(N_("{file}: {format} ({encoding}), {rows} rows: {new} new, {old} already "
                        "imported."), file=file.name, format=record.format,
                     encoding=done.statement.encoding, rows=record.lines_in_file,
                     new=record.lines_added, old=done.skipped))


@statements_group.command("fetch")
@click.option("--channel", type=click.Choice(("wechat", "alipay")), required=True,
              help="Whose bills: WeChat Pay's trade bills or Alipay's bills.")
@click.option("--month", required=True, metavar="YYYY-MM",
              help="The month: every day of it up to yesterday.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def fetch(cli: CliContext, channel: str, month: str, as_json: bool) -> None:
    """Fetch a month's bills from WeChat Pay or Alipay, one per day up to yesterday, and
    import them; fetching again adds nothing. 下载对账单"""
    from pos.domain.sale.record import Channel
    from pos.services.month import bill_fetch

    fetched = bill_fetch.fetch_month(cli.services(), cli.operator(), Channel(channel), month)
    if as_json:
        cli.emit({"channel": channel, "month": fetched.month, "days": [
            {"day": d.day.isoformat(), "file": d.file_name, "rows": d.lines,
             "new_rows": d.added, "already_imported": d.already,
             "problem": d.problem.render(cli.language) if d.problem else None}
            for d in fetched.days]})
    else:
        click.echo(cli.t(N_("{channel} {month}: {days} days, {rows} rows: {new} new; {already} "
                            "days already imported."), channel=Channel(channel).label,
                         month=fetched.month, days=len(fetched.days),
                         rows=sum(d.lines for d in fetched.days),
                         new=sum(d.added for d in fetched.days),
                         already=sum(d.already for d in fetched.days)))
        for day in fetched.missing:
            assert day.problem is not None
            click.echo(cli.t(N_("{day}: nothing imported — {problem}"), day=day.day.isoformat(),
                             problem=day.problem))
    if fetched.missing:
        raise Refused("statements.fetch_incomplete", N_(
            "{count} day(s) have no bill imported ({days}); the other days are imported. "
            "Fetch again later."), count=len(fetched.missing),
            days=", ".join(d.day.isoformat() for d in fetched.missing))


@statements_group.command("mapping")
@click.argument("name")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def mapping(cli: CliContext, name: str, file: Path) -> None:
    """Save a column mapping (JSON) for an acquirer's or bank's own format. 字段映射"""
    from pos.services.month import statements

    saved = statements.save_mapping(cli.services(), cli.operator(), name, read_file(file))
    click.echo(cli.t(N_("Column mapping “{name}” saved."), name=saved))


@click.group("reconcile", invoke_without_command=True)
@click.option("--month", "month", metavar="YYYY-MM", help="The month to reconcile.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.option("--export", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the summary and the items as XLSX (a locked month: only that).")
@click.option("--force", is_flag=True, help="Replace the export file if it exists.")
@click.pass_context
def reconcile_group(ctx: click.Context, month: str | None, as_json: bool,
                    export: Path | None, force: bool) -> None:
    """Match the month's statements against the ledger (月对账); `reconcile resolve` answers an
    item. 对账"""
    from pos.services.month import reconciliation

    if ctx.invoked_subcommand is not None:
        return
    cli: CliContext = ctx.obj
    if not month:
        raise BadInput("month.missing", N_("Say which month: --month YYYY-MM."))
    services = cli.services()
    operator = cli.operator()
    if export is not None and reconciliation.is_locked(services, month):
        view = reconciliation.show_month(services, operator, month)  # exporting only reads
    else:
        view = reconciliation.reconcile_month(services, operator, month)
    if export is not None:
        services.files.write_new(export, reconciliation.export_xlsx(services, month, view),
                                 force=force)
    if as_json:
        cli.emit(month_document(view))
        return
    _summary(cli, view)


@reconcile_group.command("resolve")
@click.argument("item")
@click.option("--action", required=True, type=click.Choice([a.value for a in Action]))
@click.option("--note", required=True, help="Why (2 to 500 characters).")
@click.option("--entry", "entry_seq", type=int, metavar="SEQ",
              help="With --action link: the correcting journal entry.")
@click.option("--month", metavar="YYYY-MM", help="The item's month (default: found by its id).")
@click.pass_obj
def resolve(cli: CliContext, item: str, action: str, note: str, entry_seq: int | None,
            month: str | None) -> None:
    """Resolve one item: explain it, carry it to next month, or link its correcting entry."""
    from pos.services.month import reconciliation

    services = cli.services()
    found = month or _month_of(cli, item)
    done = reconciliation.resolve(services, cli.operator(), found, item, Action(action), note,
                                  entry_seq)
    click.echo(cli.t(N_("Item {key} resolved ({action})."), key=done.key, action=action))


@click.group("month")
def month_group() -> None:
    """The reconciliation month: show, lock. 月结"""


@month_group.command("show")
@click.argument("month")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_obj
def show(cli: CliContext, month: str, as_json: bool) -> None:
    """The month's reconciliation as last run, with its open items."""
    from pos.services.month import reconciliation

    view = reconciliation.show_month(cli.services(), cli.operator(), month)
    replica = note_replica(cli)
    if as_json:
        cli.emit(month_document(view) | ({"replica": replica} if replica else {}))
        return
    _summary(cli, view)


@month_group.command("report")
@click.argument("month")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The XLSX file to write.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.pass_obj
def report(cli: CliContext, month: str, out: Path, force: bool) -> None:
    """The month's sales by channel, customer category, tier and clerk (XLSX). 月度汇总"""
    from pos.services.day import daily_reports

    services = cli.services()
    period = Month.parse(month)
    built = daily_reports.period_report(services, cli.operator(), period.first, period.last)
    note_replica(cli)
    services.files.write_new(out, daily_reports.month_summary_xlsx(
        services, built, period.first, period.last), force=force)
    click.echo(cli.t(N_("Report written to {path}."), path=str(out)), err=True)


@month_group.command("export")
@click.argument("month")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The XLSX file to write.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.pass_obj
def export(cli: CliContext, month: str, out: Path, force: bool) -> None:
    """The month's reconciliation as last run — summary and items — as XLSX; a locked month
    too (exporting only reads). 导出对账结果"""
    from pos.services.month import reconciliation

    services = cli.services()
    view = reconciliation.show_month(services, cli.operator(), month)  # who may see it
    note_replica(cli)
    services.files.write_new(out, reconciliation.export_xlsx(services, month, view),
                             force=force)
    click.echo(cli.t(N_("Reconciliation written to {path}."), path=str(out)), err=True)


@month_group.command("lock")
@click.argument("month")
@click.pass_obj
def lock(cli: CliContext, month: str) -> None:
    """Lock the reconciled month once nothing is open; it never changes again. 锁定"""
    from pos.services.month import reconciliation

    view = reconciliation.lock_month(cli.services(), cli.operator(), month)
    click.echo(cli.t(N_("The month {month} is locked."), month=view.month.text))


def month_document(view: MonthView) -> dict[str, Any]:
    return {
        "month": view.month.text, "state": view.state.value,
        "channels": [{"channel": c.channel, "rows": c.rows, "matched": c.matched,
                      "differences": c.differences, "statement_only": c.statement_only,
                      "ledger_only": c.ledger_only, "in_transit": c.in_transit,
                      "open": c.open} for c in view.summary()],
        "items": [item_document(i) for i in view.items],
        "open_items": [i.key for i in view.open_items],
    }


def item_document(item: ItemView) -> dict[str, Any]:
    stored = item.stored

    def money(fen: int | None) -> str | None:
        return None if fen is None else str(Money(fen))

    return {
        "id": item.key, "kind": stored.level, "channel": stored.channel,
        "date": stored.on_date.isoformat() if stored.on_date else None,
        "reference": " ".join(item.statement + item.ledger),
        "statement_rows": list(item.statement), "ledger_entries": list(item.ledger),
        "statement_amount": money(stored.amount_statement_fen),
        "ledger_amount": money(stored.amount_ledger_fen),
        "difference": money(stored.difference_fen), "status": stored.status,
        "caused_by": stored.caused_by, "needs_resolution": item.needs_resolution,
        "evidence": [e.get("en", "") for e in item.evidence],
        "evidence_zh": [e.get("zh_CN", "") for e in item.evidence], "score": item.score,
        "resolution": None if item.resolution is None else {
            "action": item.resolution.action.value, "note": item.resolution.note,
            "entry": item.resolution.entry_seq, "by": item.resolution.by,
            "at": item.resolution.at.isoformat()},
    }


def _summary(cli: CliContext, view: MonthView) -> None:
    click.echo(cli.t(N_("Month {month}: {state}."), month=view.month.text,
                     state=view.state.label))
    for c in view.summary():
        click.echo(cli.t(N_("  {channel}: {rows} rows, {matched} matched, {differences} differ, "
                            "{statement_only} only in the statement, {ledger_only} only in the "
                            "ledger, {in_transit} in transit"), channel=c.channel, rows=c.rows,
                         matched=c.matched, differences=c.differences,
                         statement_only=c.statement_only, ledger_only=c.ledger_only,
                         in_transit=c.in_transit))
    for item in view.open_items:
        evidence = item.evidence[0].get(cli.language, "") if item.evidence else ""
        click.echo(cli.t(N_("Open: {key} {status} {channel} {date} {difference} — {why}"),
                         key=item.key, status=item.stored.status, channel=item.stored.channel,
                         date=item.stored.on_date or "",
                         difference=str(Money(item.stored.difference_fen or 0)), why=evidence))


def _month_of(cli: CliContext, key: str) -> str:
    from pos.services.month import reconciliation

    for month in reconciliation.unlocked_months(cli.services()):
        view = reconciliation.month_view(cli.services(), month)
        if any(i.key == key for i in view.items):
            return month
    raise NotFound("reconcile.no_item_anywhere", N_(
        "No month being reconciled has an item {key}."), key=key)


