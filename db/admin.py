"""The database as administrators see it: where it is, its schema, upgrades and backups."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db import pg_backup, restore, schema
from db.engine import make_engine, safe_description
from db.in_use import InUse
from db.repositories.journal import SqlJournal
from pos.domain.errors import BadInput, IntegrityFailure, Refused
from pos.domain.journal import verify_chain
from pos.domain.messages import N_
from pos.domain.reasons import os_reason


@dataclass(frozen=True)
class SchemaUpgrade:
    before: str | None
    after: str


@dataclass(frozen=True)
class BackupReport:
    path: Path
    bytes: int
    journal_entries: int
    journal_head: str


@dataclass(frozen=True)
class RestoreReport:
    path: Path
    kept: Path


class SqlDatabaseAdmin:
    def __init__(self, engine: Engine, *, source: str = "") -> None:
        self._engine = engine
        self._source = source
        ledger = _ledger_file(engine)
        self._in_use = InUse(ledger) if ledger is not None else None

    def describe(self) -> str:
        where = safe_description(self._engine)
        return f"{where} ({self._source})" if self._source else where

    def check_schema(self) -> None:
        schema.check(self._engine)

    def close(self) -> None:
        """Give back the database connections (a command is done)."""
        self._engine.dispose()
        if self._in_use is not None:
            self._in_use.release()

    def upgrade(self) -> SchemaUpgrade:
        from db import migrate  # loads Alembic; only upgrades need it

        before, after = migrate.upgrade(self._engine)
        return SchemaUpgrade(before, after)

    def backup(self, destination: Path | None, *, stamp: str, pg_dump: Path | None = None,
               default_dir: Path | None = None) -> BackupReport:
        """A consistent copy, checked before it is reported: SQLite's online backup of a
        ledger file, or ``pg_dump -Fc`` of a PostgreSQL ledger (by default into
        ``default_dir``)."""
        if self._engine.dialect.name == "postgresql":
            return self._pg_backup(destination, stamp=stamp, pg_dump=pg_dump,
                                   default_dir=default_dir)
        database = _ledger_file(self._engine)
        if database is None:
            raise Refused("db.backup_memory",
                          N_("An in-memory database has no file to back up."))
        if destination is None:
            destination = database.parent / "backups" / f"{database.stem}-{stamp}.sqlite"
        if os.path.lexists(destination):  # a file, or a link (even a dangling one)
            raise BadInput("db.backup_exists",
                           N_("{path} already exists; choose a new file for the backup."),
                           path=str(destination))
        destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _new_private_file(destination)
        raw = self._engine.raw_connection()
        try:
            ledger = raw.driver_connection
            assert isinstance(ledger, sqlite3.Connection)
            with sqlite3.connect(destination) as target:
                ledger.backup(target)  # one step: a snapshot under one read lock
        finally:
            raw.close()
        return _check_copy(destination)

    def _pg_backup(self, destination: Path | None, *, stamp: str, pg_dump: Path | None,
                   default_dir: Path | None) -> BackupReport:
        binary = pg_backup.find_pg_dump(pg_backup.server_major(self._engine), pg_dump)
        if destination is None:
            name = self._engine.url.database or "gaspos"
            destination = (default_dir or Path.cwd()) / "backups" / f"{name}-{stamp}.dump"
        if os.path.lexists(destination):
            raise BadInput("db.backup_exists",
                           N_("{path} already exists; choose a new file for the backup."),
                           path=str(destination))
        destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _new_private_file(destination)
        try:
            report = pg_backup.dump(self._engine, binary, destination)
        except BaseException:
            destination.unlink(missing_ok=True)
            raise
        return BackupReport(destination, destination.stat().st_size, report.entries,
                            report.head_hash)

    def hold(self) -> None:
        """Mark a SQLite ledger as in use by this process until :meth:`close` (db.in_use);
        refused while a restore replaces it."""
        if self._in_use is not None:
            self._in_use.hold()

    def stage_restore(self, backup: Path, *, stamp: str) -> restore.StagedLedger:
        """A checked copy of ``backup`` beside the ledger (SQLite only)."""
        ledger = _ledger_file(self._engine)
        if self._engine.dialect.name != "sqlite" or ledger is None:
            raise Refused("db.restore_postgresql",
                          N_("gaspos restores SQLite ledgers only; restore a PostgreSQL backup "
                             "with pg_restore into an empty database (docs/postgresql.md)."))
        return restore.stage(ledger, backup, stamp=stamp)

    def finish_restore(self, staged: object, *, stamp: str) -> RestoreReport:
        """Put the staged copy (:meth:`stage_restore`'s) in the ledger's place; the replaced
        ledger is kept beside."""
        ledger = _ledger_file(self._engine)
        assert ledger is not None and self._in_use is not None
        assert isinstance(staged, restore.StagedLedger)
        kept = restore.swap(self._engine, ledger, staged, self._in_use, stamp=stamp)
        return RestoreReport(ledger, kept)


def _ledger_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or \
            database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _new_private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only, refusing anything already there (a link is
    never followed); SQLite then writes the copy into this very file."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_NOFOLLOW", 0), 0o600))
    except FileExistsError:
        raise BadInput("db.backup_exists",
                       N_("{path} already exists; choose a new file for the backup."),
                       path=str(path)) from None
    except OSError as error:
        raise BadInput("db.backup_unwritable", N_("Cannot write the backup {path}: {why}"),
                       path=str(path), why=os_reason(error)) from None


def _check_copy(path: Path) -> BackupReport:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            status = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            connection.rollback()
        if status != "ok":
            raise IntegrityFailure("db.backup_corrupt",
                                   N_("The backup {path} failed its integrity check: {status}"),
                                   path=str(path), status=status)
        with Session(engine) as session:
            report = verify_chain(SqlJournal(session, write=False).entries())
    finally:
        engine.dispose()
    return BackupReport(path, path.stat().st_size, report.entries, report.head_hash)
