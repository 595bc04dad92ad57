"""The ``gaspos`` command group and its global options (docs/cli.md)."""

from __future__ import annotations

import os
import sys

import click

from pos import __version__
from pos.cli.commands import (
    account,
    audit,
    cards,
    database,
    day,
    demo,
    finance,
    households_import,
    keys,
    ledger,
    meters,
    money,
    month,
    org,
    receipts,
    reports,
    sales,
    staff,
    tariff,
)
from pos.cli.context import CliContext
from pos.domain.messages import N_
from pos.services.core.context import Startup

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option("--db", "db_url", envvar="GASPOS_DB", metavar="URL",
              help="Database URL (default: the installation's, else a SQLite file in the user "
                   "data dir). 数据库")
@click.option("--config", "config_file", envvar="GASPOS_CONFIG", metavar="FILE",
              help="Settings file instead of the user's. 配置文件")
@click.option("--operator", envvar="GASPOS_OPERATOR", metavar="STAFF_NO",
              help="Your staff number; password from GASPOS_PASSWORD or a prompt. 操作员工号")
@click.option("--counter", "counter_no", metavar="NO", help="Act as this counter. 窗口号")
@click.option("--lang", "language", envvar="GASPOS_LANG", metavar="zh_CN|en",
              help="Language of messages (default zh_CN). 语言")
@click.option("--printer", metavar="CONNECTION",
              help="Use this printer for this command instead of the configured one: "
                   "tcp:HOST[:PORT], serial:DEVICE[:BAUD], usb:VID:PID, file:PATH, preview:DIR "
                   "or none. 打印机")
@click.option("--demo", is_flag=True,
              help="Demo database and simulated devices; seeds the demo hall if empty. 演示模式")
@click.version_option(__version__, prog_name="gaspos")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, config_file: str | None,
        operator: str | None, counter_no: str | None, language: str | None,
        printer: str | None, demo: bool) -> None:
    """gaspos — 燃气IC卡售气收费系统 / the prepaid gas-card counter.

    \b
    gaspos --demo     seed (if empty) and show the demo hall 演示营业厅
    gaspos COMMAND    run one command; see COMMAND --help
    """
    session: CliContext = ctx.obj
    if demo and db_url:
        click.echo(session.t(N_("Demo mode uses its own demo database; {db} is not touched."),
                             db=db_url), err=True)
    session.startup = Startup(db_url=db_url, config_file=config_file, counter_no=counter_no,
                              language=language, demo=demo, printer=printer)
    session.operator_no = operator
    if ctx.invoked_subcommand is None:
        _start_app(ctx.obj, demo)


def _start_app(cli_context: CliContext, demo_mode: bool) -> None:
    """``gaspos`` alone opens the counter app; where no window can be shown, it says so."""
    if cli_context.start_app is None or not _has_screen():
        if demo_mode:
            demo.show_demo(cli_context)
        else:
            click.echo(click.get_current_context().get_help())
        click.echo()
        click.echo(cli_context.t(N_("No graphical display here, so the counter app cannot open; "
                                    "use the commands above (gaspos COMMAND --help).")))
        return
    services = cli_context.services()
    click.get_current_context().exit(cli_context.start_app(services, cli_context.startup))


def _has_screen() -> bool:
    if sys.platform != "linux":
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


for group in (database.db, demo.demo_group, staff.staff, account.account, tariff.tariff,
              ledger.ledger, cards.readers, cards.card, meters.meter, keys.keys, meters.dev,
              sales.sell_command, sales.sale, org.org, receipts.receipt, receipts.printer,
              receipts.drawer, receipts.display, day.day, money.refund_command,
              money.adjust_command, finance.import_group,
              month.statements_group, month.reconcile_group, month.month_group,
              reports.report_group):
    cli.add_command(group)
cli.add_command(staff.passwd)
finance.import_group.add_command(households_import.households)
cli.add_command(audit.audit)
