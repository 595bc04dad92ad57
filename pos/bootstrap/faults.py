"""Fault injection for the tests that kill the counter mid-sale (docs/development.md).

``GASPOS_FAULT`` names where the process dies — never set on a real counter:

* ``kill@STEP`` — SIGKILL at a sale's step boundary: ``sale_started``, ``payment_charged``
  (a payment code charged, the answer not yet kept), ``paid``, ``card_written``, ``completed``;
* ``power_cut@card_write:N`` — the power goes after N bytes written to a simulated card (the
  torn card is saved first, as a real card keeps what reached it);
* ``kill@commit:N`` — SIGKILL right after the process's N-th database commit (every transaction
  boundary of a sale, one by one).
"""

from __future__ import annotations

import os
import signal

ENV = "GASPOS_FAULT"


class NoCheckpoints:
    def reached(self, step: str) -> None:
        return None


class KillAt:
    def __init__(self, step: str) -> None:
        self._step = step

    def reached(self, step: str) -> None:
        if step == self._step:
            os.kill(os.getpid(), signal.SIGKILL)


def kill_after_commit() -> int | None:
    """N for ``kill@commit:N``: the process dies right after its N-th commit."""
    fault = os.environ.get(ENV, "")
    return int(fault.rsplit(":", 1)[1]) if fault.startswith("kill@commit:") else None


class CommitKiller:
    """Counts the engine's commits and kills the process after the chosen one."""

    def __init__(self, after: int) -> None:
        self._left = after

    def __call__(self, _connection: object) -> None:
        self._left -= 1
        if self._left == 0:
            os.kill(os.getpid(), signal.SIGKILL)


def from_environment() -> tuple[NoCheckpoints | KillAt, int | None]:
    """The checkpoints to wire, and after how many written bytes a simulated card loses power."""
    fault = os.environ.get(ENV, "")
    if fault.startswith("kill@") and not fault.startswith("kill@commit:"):
        return KillAt(fault.removeprefix("kill@")), None
    if fault.startswith("power_cut@card_write:"):
        return NoCheckpoints(), int(fault.rsplit(":", 1)[1])
    return NoCheckpoints(), None
