"""``gaspos``: parse the command line and hand it to bootstrap; nothing else."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pos.services.core.context import Services, Startup
    from pos.services.ports import SettingsStore


def _build(startup: Startup) -> Services:
    from pos.bootstrap.wiring import build  # imported late: --help stays fast

    return build(startup)


def _start_app(build: Callable[[], Services], startup: Startup) -> int:
    """The login window first; ``build`` (the composition root's) runs behind it."""
    from pos.bootstrap.prelude import first_sight
    from pos.ui.app import run  # Qt is imported only when the app opens

    def settings() -> SettingsStore:
        from pos.bootstrap.settings_file import SettingsFile

        return SettingsFile.for_user(startup.config_file)

    first = first_sight(startup)
    return run(build, settings, demo=startup.demo, language=first.language,
               counter_no=first.counter_no)


def _start_log() -> str:
    """The log file set up (once), when a command runs: ``gaspos --help`` needs none, and
    ``logging.handlers`` with ``platformdirs`` were a third of its time."""
    from pos.bootstrap import logs

    return str(logs.configure())


def main(argv: Sequence[str] | None = None) -> None:
    from pos.cli import run

    sys.exit(run(argv, _build, start_log=_start_log, start_app=_start_app))


if __name__ == "__main__":
    main()
