"""Running ``gaspos`` as a person would, and asserting no traceback ever reaches them.

``gaspos(...)`` runs the command line in this process — the same ``pos.cli.run`` and the same
composition root (``pos.bootstrap.wiring.build``) as the installed command, with the test's
environment and stdin, its stdout and stderr captured — and the light argon2 parameters of the
tests (tests/support/services.py).  What only a process can show runs as one
(``gaspos_process``): a kill at a step (``GASPOS_FAULT``, which ``gaspos`` hands to a process
by itself), the log file, the installed entry point, start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from click.testing import CliRunner

from pos.bootstrap.wiring import build
from pos.cli import run
from pos.services.core.context import Services, Startup
from tests.support.services import FAST_ARGON2

ADMIN_PASSWORD = "admin password 1"
UNEXPECTED = ("Unexpected error", "意外错误", "Traceback")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def gaspos(*args: str, stdin: str = "", **env: str) -> Result:
    """The command line in this process (a kill at a step needs a process: it gets one)."""
    if "GASPOS_FAULT" in env:
        return gaspos_process(*args, stdin=stdin, **env)
    built: list[Services] = []

    def factory(startup: Startup) -> Services:
        services = build(startup, passwords=FAST_ARGON2)
        built.append(services)
        return services

    runner = CliRunner()
    with runner.isolation(input=stdin, env=env) as (out, err, _mixed):
        try:
            code = run(list(args), factory, start_log=lambda: "gaspos.log")
        except SystemExit as done:  # a command's own exit code (printer retry, …)
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
        finally:
            for services in built:
                services.database.close()
        sys.stdout.flush()
        sys.stderr.flush()
        result = Result(code, out.getvalue().decode("utf-8"),
                        err.getvalue().decode("utf-8", "backslashreplace"))
    assert not any(word in result.out + result.err for word in UNEXPECTED), result.err
    return result


def gaspos_process(*args: str, stdin: str = "", **env: str) -> Result:
    """A real ``gaspos`` process (``python -m pos.app``), as a person or a script starts it."""
    environment = {**os.environ, **env}
    done = subprocess.run([sys.executable, "-m", "pos.app", *args], input=stdin,
                          capture_output=True, text=True, env=environment, timeout=120,
                          check=False)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return Result(done.returncode, done.stdout, done.stderr)
