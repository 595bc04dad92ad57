"""The ``gaspos`` command line: thin commands over the services (docs/cli.md).

Exit codes: 0 done, 1 refused (the message says why and what to do), 2 bad usage or
unreadable input, 3 integrity failure.  No traceback reaches a person: unexpected errors are
logged in full and summarised in one line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click

from pos.cli.context import AppStarter, CliContext, ServicesFactory
from pos.domain.errors import GasposError
from pos.domain.messages import N_, normalise_language, tr
from pos.services.core.context import Startup

if TYPE_CHECKING:
    import logging

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def run(
    argv: Sequence[str] | None, factory: ServicesFactory, *,
    start_log: Callable[[], str] | None = None, start_app: AppStarter | None = None,
) -> int:
    """Run one command line; return the exit code.  ``start_log`` sets the log file up and
    names it: called when a command is about to run (``--help`` needs no log), and at the
    latest by an unexpected error, so its detail is logged wherever it happened."""
    from pos.cli.main import cli

    args = list(sys.argv[1:] if argv is None else argv)
    session = CliContext(factory, Startup(language=_language_from(args)), start_app=start_app,
                         start_log=start_log)
    garbled = next((a for a in args if not _is_text(a)), None)
    if garbled is not None:  # bytes that are not UTF-8 (a wrong terminal encoding)
        shown = garbled.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        click.echo(session.t(N_("“{arg}” is not valid text (UTF-8): type it again, or check the "
                                "terminal's character encoding. Nothing was done."), arg=shown),
                   err=True)
        return EXIT_USAGE
    try:
        return _invoke(cli, args, session)
    finally:
        session.close()


def _invoke(  # noqa: PLR0911 - one return per way a command can end
    cli: click.Group, args: list[str], session: CliContext,
) -> int:
    from pos.cli.main import HELP_WIDTH

    try:
        result = cli.main(args=args, prog_name="gaspos", obj=session, standalone_mode=False,
                          terminal_width=_help_width(HELP_WIDTH))
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return EXIT_USAGE if isinstance(error, click.UsageError) else error.exit_code
    except click.Abort:
        click.echo(session.t(N_("Cancelled; nothing was changed.")), err=True)
        return EXIT_REFUSED
    except GasposError as error:
        _report(session, error, json_wanted="--json" in args)
        return error.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:  # the last line of defence: log in full, summarise
        try:
            log_file = session.log_file()  # an error before any command ran: logged too
        except OSError:  # no log to be had: the one line below is all there is
            log_file = ""
        _log().exception("unexpected error running gaspos %s", " ".join(args))
        click.echo(tr(N_("Unexpected error ({kind}): {detail}. Details are in {log}."),
                      session.language, kind=type(error).__name__,
                      detail=str(error).splitlines()[0][:200] if str(error) else "",
                      log=log_file or "gaspos.log"), err=True)
        return EXIT_REFUSED
    return result if isinstance(result, int) else 0


def _report(session: CliContext, error: GasposError, *, json_wanted: bool) -> None:
    message = error.render(session.language)
    _log().info("refused (%s): %s", error.code, error.render("en"))
    if json_wanted and not session.emitted:
        import json  # imported when wanted: --help stays quick

        click.echo(json.dumps({"error": {"code": error.code, "message": message}},
                              ensure_ascii=False))
    click.echo(message, err=True)


def _help_width(most: int) -> int | None:
    """The help's width as click would make it (the terminal's columns — ``COLUMNS``, else the
    terminal, else 80 — at most ``most``, less 2, at least 50), found without ``shutil``:
    importing it (with bz2 and lzma) was a tenth of ``gaspos --help``.  None where a test
    forces click's width."""
    from click import formatting

    if formatting.FORCED_WIDTH is not None:
        return None
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (ValueError, OSError):
            columns = 0
    return max(min(columns if columns > 0 else 80, most) - 2, 50)


def _log() -> logging.Logger:
    import logging  # imported when there is something to log: ``gaspos --help`` stays quick

    return logging.getLogger("gaspos.cli")


def _is_text(arg: str) -> bool:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _language_from(args: list[str]) -> str:
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return normalise_language(args[index + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    return normalise_language(os.environ.get("GASPOS_LANG"))
