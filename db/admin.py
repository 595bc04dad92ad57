"""The database as administrators see it: where it is, its schema, upgrades and backups."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db import schema
from db.engine import make_engine, safe_description
from db.repositories.journal import SqlJournal
from pos.domain.errors import BadInput, IntegrityFailure, Refused
from pos.domain.journal import verify_chain
from pos.domain.messages import N_


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


class SqlDatabaseAdmin:
    def __init__(self, engine: Engine, *, source: str = "") -> None:
        self._engine = engine
        self._source = source

    def describe(self) -> str:
        where = safe_description(self._engine)
        return f"{where} ({self._source})" if self._source else where

    def check_schema(self) -> None:
        schema.check(self._engine)

    def close(self) -> None:
        """Give back the database connections (a command is done)."""
        self._engine.dispose()

    def upgrade(self) -> SchemaUpgrade:
        from db import migrate  # loads Alembic; only upgrades need it

        before, after = migrate.upgrade(self._engine)
        return SchemaUpgrade(before, after)

    def backup(self, destination: Path | None, *, stamp: str) -> BackupReport:
        """A consistent copy of a SQLite ledger, checked before it is reported."""
        database = self._engine.url.database
        if self._engine.dialect.name != "sqlite" or not database or database == ":memory:":
            raise Refused(
                "db.backup_postgresql",
                N_("Only a SQLite ledger file is backed up by gaspos; PostgreSQL ledgers are "
                   "backed up by the server (pg_dump or base backups, see docs/postgresql.md)."),
            )
        if destination is None:
            source = Path(database)
            destination = source.parent / "backups" / f"{source.stem}-{stamp}.sqlite"
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
                       path=str(path), why=error.strerror or str(error)) from None


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
