"""How long the command takes to answer, against the interpreter and its libraries."""

from __future__ import annotations

import os
import sys
import tempfile

from bench.timing import process

PY = sys.executable


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "XDG_DATA_HOME": f"{home}/data", "XDG_STATE_HOME": f"{home}/state",
               "XDG_CONFIG_HOME": f"{home}/config", "XDG_CONFIG_DIRS": f"{home}/etc"}
        gaspos = [PY, "-m", "pos.app"]
        interpreter = process([PY, "-c", "pass"], env=env)
        help_time = process([*gaspos, "--help"], env=env)
        process([*gaspos, "--demo", "ledger", "verify"], repeats=1, env=env)  # seed once
        libraries = process([PY, "-c", "import sqlalchemy.orm, sqlite3; "
                             "sqlite3.connect(':memory:').execute('select 1')"], env=env)
        quote = process([*gaspos, "--demo", "tariff", "quote", "--account", "370402000001",
                         "--volume", "450", "--json"], env=env)
    return [
        {"what": "gaspos --help", "value": help_time * 1000, "unit": "ms",
         "floor": interpreter * 1000, "floor_what": "python -c pass"},
        {"what": "gaspos tariff quote --json (demo db)", "value": quote * 1000, "unit": "ms",
         "floor": libraries * 1000, "floor_what": "import sqlalchemy.orm + sqlite"},
    ]
