"""What the counter app shows before its services exist: the login window's language and
counter number (wiring.build reads the settings again through the typed model and builds the
rest behind that window, docs/performance.md "Starting up").

A quick look, not the settings model: importing :mod:`pos.bootstrap.config` (its parsers
stand on the services' settings and the domain) costs a third of a bare Qt window's start. The
same files in the same order, the two keys as written; anything odd gives the defaults here, and
building refuses it in words on the login window. tests/unit/test_prelude.py checks that this
agrees with ``config.load``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pos.bootstrap import paths
from pos.domain.messages import DEFAULT_LANGUAGE, normalise_language
from pos.services.core.context import Startup

DEFAULT_COUNTER = "01"  # config.CounterSettings.no


@dataclass(frozen=True)
class FirstSight:
    language: str
    counter_no: str


def first_sight(startup: Startup) -> FirstSight:
    """As wiring.build will decide them, from ``--lang``/``--counter`` over the settings files
    (the machine's, then the user's or ``--config``)."""
    layers = [paths.machine_config_file(),
              Path(startup.config_file).expanduser() if startup.config_file
              else paths.user_config_file()]
    language, counter_no = DEFAULT_LANGUAGE, DEFAULT_COUNTER
    for path in layers:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # absent here; unreadable or broken: said by build on the login window
        language = _text(document, "locale", "language") or language
        counter_no = _text(document, "counter", "no") or counter_no
    return FirstSight(normalise_language(startup.language or language),
                      startup.counter_no or counter_no)


def _text(document: dict[str, object], section: str, key: str) -> str | None:
    table = document.get(section)
    value = table.get(key) if isinstance(table, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None
