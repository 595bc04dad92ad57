"""Running ``gaspos`` as a person would: a real process, real files, no traceback ever."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

ADMIN_PASSWORD = "admin password 1"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def gaspos(*args: str, stdin: str = "", **env: str) -> Result:
    environment = {**os.environ, **env}
    done = subprocess.run([sys.executable, "-m", "pos.app", *args], input=stdin,
                          capture_output=True, text=True, env=environment, timeout=120,
                          check=False)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return Result(done.returncode, done.stdout, done.stderr)
