"""The ``gaspos`` command group and its global options (docs/cli.md)."""

from __future__ import annotations

import os
import sys

import click

from pos import __version__
from pos.cli.context import CliContext
from pos.cli.lazy import Lazy, LazyGroup
from pos.domain.messages import N_
from pos.services.core.context import Startup

HELP_WIDTH = 100  # at most, in columns
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": HELP_WIDTH}
P = "pos.cli.commands."

# The commands by name: where each lives and its one-line help (its docstring's first paragraph,
# word for word; tests/cli/test_lazy_commands.py checks). A new command is one line here.
COMMANDS = {
    "account": Lazy(f"{P}account:account", "Accounts (households and businesses). 用户档案"),
    "adjust": Lazy(f"{P}money:adjust_command", "Correct an earlier day's money in today's open "
                   "day (it never changes a closed day). 调整"),
    "audit": Lazy(f"{P}audit:audit", "The audit log: who did what, when. 审计日志"),
    "card": Lazy(f"{P}cards:card", "IC gas cards. IC卡"),
    "day": Lazy(f"{P}day:day", "The counter's business day: open, handover, settle, close, "
                "deposit, report. 日结日清"),
    "db": Lazy(f"{P}database:db", "The ledger database. 数据库"),
    "demo": Lazy(f"{P}demo:demo_group", "The demo hall. 演示数据"),
    "dev": Lazy(f"{P}meters:dev", "Development tools. 开发工具"),
    "display": Lazy(f"{P}receipts:display", "The customer display (客显). 客显"),
    "drawer": Lazy(f"{P}receipts:drawer", "The cash drawer. 钱箱"),
    "import": Lazy(f"{P}finance:import_group", "Bring data from a previous system. 导入",
                   extra=(f"{P}households_import:households",)),
    "keys": Lazy(f"{P}keys:keys", "Card keys (one set per utility). 卡密钥"),
    "ledger": Lazy(f"{P}ledger:ledger", "The journal (append-only, hash-chained). 账本"),
    "meter": Lazy(f"{P}meters:meter", "Meters: changing one (换表), and the simulator for demos "
                  "and tests. 燃气表"),
    "month": Lazy(f"{P}month:month_group", "The reconciliation month: show, lock. 月结"),
    "org": Lazy(f"{P}org:org", "The utility, its halls and counters. 公司、营业厅与窗口"),
    "passwd": Lazy(f"{P}staff:passwd", "Change your own password (--operator), the current one "
                   "required. 修改密码"),
    "printer": Lazy(f"{P}receipts:printer", "The receipt printer and its queue. 打印机"),
    "readers": Lazy(f"{P}cards:readers", "List the PC/SC card readers. 读卡器"),
    "receipt": Lazy(f"{P}receipts:receipt", "Receipts: print, reprint (补打), verify the seal, "
                    "the first-use guidance. 收据"),
    "reconcile": Lazy(f"{P}month:reconcile_group", "Match the month's statements against the "
                      "ledger (月对账); `reconcile resolve` answers an item. 对账"),
    "refund": Lazy(f"{P}money:refund_command", "Give money back: a suspended sale, or a "
                   "customer's overpayment on a sale. 退款"),
    "report": Lazy(f"{P}reports:report_group", "Reports of a hall or of the whole company, by "
                   "day or month. 营业厅、公司报表"),
    "sale": Lazy(f"{P}sales:sale", "Sales: list, show, and finish what did not finish. 售气单"),
    "sell": Lazy(f"{P}sales:sell_command", "Sell gas onto the card in the reader. 售气"),
    "staff": Lazy(f"{P}staff:staff", "Staff and roles. 员工与角色"),
    "statements": Lazy(f"{P}month:statements_group", "Bank and payment statements for the "
                       "month's reconciliation. 对账单"),
    "tariff": Lazy(f"{P}tariff:tariff", "Tariffs and tier prices. 气价与阶梯"),
}


@click.group(cls=LazyGroup, lazy=COMMANDS, invoke_without_command=True,
             context_settings=CONTEXT_SETTINGS)
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
    session.log_file()  # a command runs (or the app opens): from now on it is logged
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
            from pos.cli.commands.demo import show_demo

            show_demo(cli_context)
        else:
            click.echo(click.get_current_context().get_help())
        click.echo()
        click.echo(cli_context.t(N_("No graphical display here, so the counter app cannot open; "
                                    "use the commands above (gaspos COMMAND --help).")))
        return
    click.get_current_context().exit(cli_context.start_app(cli_context.services,
                                                           cli_context.startup))


def _has_screen() -> bool:
    if sys.platform != "linux":
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))

