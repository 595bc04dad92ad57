"""Command groups loaded when used: ``gaspos --help`` imports none of them.

A command module imports its services, and they the domain, the spreadsheets, the reports...:
loading all of them to print a list of names made ``gaspos --help`` (and the counter app's cold
start, which goes through the same group) many times slower than the interpreter. The group
knows each command by name, where it lives and its one-line help; the module is imported when
the command runs or its own ``--help`` is asked for (click's documented ``LazyGroup``
pattern). tests/cli/test_lazy_commands.py keeps the names and the help lines in step with the
modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from gettext import gettext
from typing import Any

import click


@dataclass(frozen=True)
class Lazy:
    """A command by where it lives (``"module:attribute"``) and its short help, word for word
    its docstring's first sentence; ``extra``: commands of other modules added to this group."""

    target: str
    help: str
    extra: tuple[str, ...] = ()

    def load(self) -> click.Command:
        command = _attribute(self.target)
        if self.extra:
            assert isinstance(command, click.Group), self.target
            for target in self.extra:
                command.add_command(_attribute(target))
        return command


def _attribute(target: str) -> click.Command:
    module, _, name = target.partition(":")
    command = getattr(importlib.import_module(module), name)
    assert isinstance(command, click.Command), target
    return command


class LazyGroup(click.Group):
    """A click group whose commands are :class:`Lazy` until one is needed."""

    def __init__(self, *args: Any, lazy: Mapping[str, Lazy] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, Lazy] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(self.lazy[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing, but a command not loaded yet stands in as a bare command with its
        registered help (click shortens it as it would the docstring)."""
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name) or click.Command(name, help=self.lazy[name].help)
            if not command.hidden:
                rows.append((name, command))
        if not rows:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        with formatter.section(gettext("Commands")):
            formatter.write_dl([(name, command.get_short_help_str(limit))
                                for name, command in rows])

    def load_all(self) -> None:
        """Every command imported now (the tests compare the listing with the modules)."""
        for name in list(self.lazy):
            self.get_command(click.Context(self), name)
