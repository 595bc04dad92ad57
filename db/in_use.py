"""Which processes are using a SQLite ledger: a lock file beside it (docs/cli.md "db restore").

Every gaspos process on a SQLite ledger — the counter app, and every command while it runs —
holds a *shared* ``flock`` on ``<ledger>.in-use`` for as long as it has the ledger open.  A
restore takes the lock *exclusively* and without waiting: it gets it only when no other
process holds it, and while it holds it no counter can start.  The operating system drops the
lock when a process ends, however it ends, so a crashed counter never blocks a restore.

Where ``fcntl`` does not exist (Windows runs the demo only) nothing is locked here; the restore
still refuses a ledger that another connection is writing (``BEGIN EXCLUSIVE``) or holds open.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from pos.domain.errors import Refused
from pos.domain.messages import N_


def _fcntl() -> ModuleType | None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    return fcntl


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".in-use")


class InUse:
    """This process's shared hold on one ledger's lock file."""

    def __init__(self, ledger: Path) -> None:
        self._ledger = ledger
        self._path = lock_path(ledger)
        self._descriptor: int | None = None

    def hold(self) -> None:
        """Say that this process uses the ledger; refuse while a restore replaces it."""
        fcntl = _fcntl()
        if fcntl is None or self._descriptor is not None:
            return
        descriptor = _open(self._path)
        if descriptor is None:  # an unwritable directory: SQLite will say so itself
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise Refused("db.restoring",
                          N_("The ledger {path} is being restored from a backup right now; "
                             "start again in a moment."), path=str(self._ledger)) from None
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing drops the lock
            self._descriptor = None

    @contextlib.contextmanager
    def alone(self) -> Iterator[None]:
        """The ledger to this process alone (its own shared hold given up first), or
        ``db.in_use`` at once when any other gaspos process has it open."""
        self.release()
        fcntl = _fcntl()
        if fcntl is None:
            yield
            return
        descriptor = _open(self._path)
        if descriptor is None:
            yield
            return
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise in_use(self._ledger) from None
            yield
        finally:
            os.close(descriptor)


def in_use(ledger: Path) -> Refused:
    return Refused("db.in_use",
                   N_("A counter or another gaspos command is using the ledger {path}: close "
                      "the counter app and wait for the commands to finish on every window of "
                      "this machine, then restore again."), path=str(ledger))


def _open(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return None
