"""Engines for SQLite (one counter, WAL) and PostgreSQL (a hall or a utility, by URL).

On SQLite every connection runs in WAL mode with foreign keys on and full sync (a ledger
survives a power cut), and a unit of work opened for writing starts with ``BEGIN IMMEDIATE``:
it holds the write lock from its first statement, so two processes never both read and then
write the same facts (docs/architecture.md "Transactions and locks").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError

from pos.domain.errors import BadInput
from pos.domain.messages import N_

WRITE_OPTION = "gaspos_write"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput(
            "db.bad_url",
            N_("“{url}” is not a database URL; use e.g. sqlite:////path/gaspos.sqlite or "
               "postgresql+psycopg://user@host/db."), url=url,
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise BadInput(
            "db.unsupported", N_("gaspos runs on SQLite or PostgreSQL, not {backend}."),
            backend=parsed.get_backend_name(),
        )
    return parsed


def make_engine(url: str) -> Engine:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def safe_description(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        _private_file(Path(url.database).expanduser())
    engine = create_engine(url)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _private_file(path: Path) -> None:
    """A new ledger file is its owner's alone (SQLite gives its -wal and -shm files the same
    mode); an existing one is left as its administrator set it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:  # unwritable: SQLite says so in its own words when it opens it
        pass


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we say BEGIN ourselves (_on_sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
