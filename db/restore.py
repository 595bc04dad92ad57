"""Putting a SQLite backup in place of the ledger (``gaspos db restore``, docs/cli.md).

Two steps, so that the use case can verify the journal in between:

1. :func:`stage` copies the backup into a hidden file beside the ledger (same directory, so the
   final rename is atomic) with SQLite's backup API, and checks *that copy*: it opens as SQLite,
   passes ``PRAGMA integrity_check``, carries the gaspos schema at a revision this program knows
   (an older one is migrated, in the copy).  What is checked is exactly what goes in.
2. :func:`swap`, with the ledger to this process alone (db.in_use: no other gaspos process, no
   other writer), keeps the replaced file under a new name (a hard link: the same bytes, not a
   copy) and renames the staged copy over the ledger with ``os.replace`` — at every moment the
   ledger's path holds either the old ledger or the whole new one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from db import migrate, schema
from db.engine import make_engine
from db.in_use import InUse, in_use
from db.unit_of_work import SqlUnitOfWorkFactory
from pos.domain.errors import BadInput, IntegrityFailure, Refused
from pos.domain.messages import N_
from pos.domain.reasons import os_reason


@dataclass
class StagedLedger:
    """A checked copy of a backup beside the ledger, not yet in its place."""

    backup: Path
    path: Path
    revision: str  # the backup's own schema revision (the copy is at this program's head)
    engine: Engine

    def uow(self) -> SqlUnitOfWorkFactory:
        return SqlUnitOfWorkFactory(self.engine)

    def discard(self) -> None:
        self.engine.dispose()
        for leftover in (self.path, *_companions(self.path)):
            leftover.unlink(missing_ok=True)


def stage(ledger: Path, backup: Path, *, stamp: str) -> StagedLedger:
    if not backup.is_file():
        raise BadInput("db.restore_missing",
                       N_("There is no backup file {path}."), path=str(backup))
    if backup.resolve() == ledger.resolve():
        raise BadInput("db.restore_same",
                       N_("{path} is the ledger itself, not a backup of it."), path=str(backup))
    staged = ledger.with_name(f".{ledger.name}.restore-{stamp}")
    _copy(backup, staged)
    engine = make_engine(f"sqlite:///{staged}")
    candidate = StagedLedger(backup, staged, "", engine)
    try:
        candidate.revision = _check(engine, backup)
        if candidate.revision != schema.SCHEMA_HEAD:
            migrate.upgrade(engine)
    except BaseException:
        candidate.discard()
        raise
    return candidate


def swap(live: Engine, ledger: Path, staged: StagedLedger, hold: InUse, *, stamp: str) -> Path:
    """Put ``staged`` in place of ``ledger``; return where the replaced ledger is kept."""
    kept = ledger.with_name(f"{ledger.stem}-replaced-{stamp}{ledger.suffix}")
    if os.path.lexists(kept):
        raise BadInput("db.restore_kept_exists",
                       N_("{path} already exists; wait a second and restore again."),
                       path=str(kept))
    staged.engine.dispose()
    with hold.alone():
        live.dispose()  # this process's own connections
        _quiesce(ledger)
        try:
            _keep(ledger, kept)
            os.replace(staged.path, ledger)
        except OSError as error:  # Windows: a file another process holds open
            raise Refused("db.restore_failed",
                          N_("The ledger {path} could not be replaced ({why}); it is "
                             "unchanged."), path=str(ledger),
                          why=os_reason(error)) from None
        for stale in _companions(ledger):  # the old ledger's empty -shm, if any
            stale.unlink(missing_ok=True)
        _sync_directory(ledger.parent)
    return kept


def _copy(backup: Path, staged: Path) -> None:
    for leftover in (staged, *_companions(staged)):
        leftover.unlink(missing_ok=True)  # an earlier restore that died half-way
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(descriptor)
    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(staged)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    except sqlite3.DatabaseError:
        staged.unlink(missing_ok=True)
        raise IntegrityFailure("db.restore_not_sqlite",
                               N_("{path} is not a SQLite database, or it is damaged beyond "
                                  "opening: it is no gaspos backup."),
                               path=str(backup)) from None


def _check(engine: Engine, backup: Path) -> str:
    try:
        with engine.connect() as connection:
            status = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            revision = schema.current_revision(connection) if status == "ok" else None
            connection.rollback()
    except Exception:  # damaged pages the copy carried along
        status, revision = "unreadable", None
    if status != "ok":
        raise IntegrityFailure("db.backup_corrupt",
                               N_("The backup {path} failed its integrity check: {status}"),
                               path=str(backup), status=str(status)[:200])
    if revision is None:
        raise IntegrityFailure("db.restore_foreign",
                               N_("{path} is a SQLite database but not a gaspos ledger (it has "
                                  "no gaspos schema)."), path=str(backup))
    if revision not in schema.known_revisions():
        raise Refused("db.restore_schema_new",
                      N_("The backup {path} has schema {revision}, newer than this program "
                         "knows ({head}): restore it with the gaspos that wrote it."),
                      path=str(backup), revision=revision, head=schema.SCHEMA_HEAD)
    return str(revision)


def _quiesce(ledger: Path) -> None:
    """No other connection writes, and the write-ahead log is folded into the file (SQLite
    removes it when this, the last connection, closes)."""
    try:
        connection = sqlite3.connect(ledger, timeout=0, isolation_level=None)
        try:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("COMMIT")
        finally:
            connection.close()
    except sqlite3.OperationalError:
        raise in_use(ledger) from None
    if (busy and busy[0]) or _nonempty(ledger.with_name(ledger.name + "-wal")):
        raise in_use(ledger)


def _keep(ledger: Path, kept: Path) -> None:
    try:
        os.link(ledger, kept)  # the very file, under a second name
    except OSError:  # a file system without hard links
        shutil.copy2(ledger, kept)


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def _sync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open a directory
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)

