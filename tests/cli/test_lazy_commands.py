"""``gaspos --help`` loads no command module: the lazy registry (pos/cli/main.py COMMANDS) must
name every command the modules define, with the help their docstrings give, and the help must
not import the database layer, Qt or the services."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import click
import pytest

import pos.cli.commands
from pos.cli.lazy import LazyGroup
from pos.cli.main import COMMANDS, cli

HEAVY = ("sqlalchemy", "PySide6", "openpyxl", "babel", "db", "drivers", "receipts",
         "pos.services.ports", "pos.services.core.auth", "pos.cli.commands",
         # the log is set up when a command runs, not for --help (docs/performance.md)
         "pos.bootstrap.logs", "logging.handlers", "platformdirs", "shutil", "json")


def _loaded_in_a_fresh_process(*args: str) -> set[str]:
    code = ("import sys\nfrom pos.app import main\n"
            f"sys.argv = ['gaspos', {', '.join(repr(a) for a in args)}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('\\n'.join(sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert "Commands:" in done.stdout or "Usage:" in done.stdout
    return set(done.stderr.split())


def test_help_imports_no_database_qt_or_command_module() -> None:
    loaded = _loaded_in_a_fresh_process("--help")
    heavy = sorted(m for m in loaded for h in HEAVY if m == h or m.startswith(f"{h}."))
    assert heavy == []
    assert "pos.cli.lazy" in loaded  # the check itself works: the command did run


def test_a_groups_help_loads_that_group_only() -> None:
    loaded = _loaded_in_a_fresh_process("tariff", "--help")
    assert "pos.cli.commands.tariff" in loaded
    assert "pos.cli.commands.staff" not in loaded and "PySide6" not in loaded


def _eager() -> click.Group:
    """The whole command tree as the modules define it, every command loaded."""
    group = click.Group("gaspos")
    for name, lazy in COMMANDS.items():
        group.add_command(lazy.load(), name)
    return group


def test_the_registry_names_every_top_level_command_the_modules_define() -> None:
    eager = _eager()
    nested = _nested(eager)
    defined = set()
    for module in pkgutil.iter_modules(pos.cli.commands.__path__):
        loaded = importlib.import_module(f"pos.cli.commands.{module.name}")
        defined |= {value.name for value in vars(loaded).values()
                    if isinstance(value, click.Command) and id(value) not in nested}
    assert defined == set(COMMANDS)
    assert {name: command.name for name, command in eager.commands.items()} == {
        name: name for name in COMMANDS}


@pytest.mark.parametrize("width", [40, 80, 100, 200])
def test_the_listing_is_the_one_the_loaded_commands_make(width: int) -> None:
    eager = _eager()
    lazy = LazyGroup("gaspos", lazy=COMMANDS)
    for group in (eager, lazy):
        group.params, group.help = cli.params, cli.help
    assert _help(lazy, width) == _help(eager, width)
    assert not lazy.commands  # listed, not loaded
    lazy.load_all()
    assert _help(lazy, width) == _help(eager, width)


def _help(group: click.Group, width: int) -> str:
    context = click.Context(group, info_name="gaspos", max_content_width=width,
                            terminal_width=width)
    return group.get_help(context)


def _nested(group: click.Group) -> set[int]:
    """Every command below ``group``'s own, at any depth (``keys merchant set``)."""
    found: set[int] = set()
    for command in group.commands.values():
        if isinstance(command, click.Group):
            found |= {id(sub) for sub in command.commands.values()} | _nested(command)
    return found
