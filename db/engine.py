"""Engines for SQLite (one counter, WAL) and PostgreSQL (a hall or a utility, by URL).

On SQLite every connection runs in WAL mode with foreign keys on and full sync (a ledger
survives a power cut), and a unit of work opened for writing starts with ``BEGIN IMMEDIATE``:
it holds the write lock from its first statement, so two processes never both read and then
write the same facts (docs/architecture.md "Transactions and locks").

On PostgreSQL a pooled connection that may be broken is pinged before use (one broken by a
server restart or a cut is replaced: db/liveness.py), a connection attempt gives up after
``connect_timeout`` seconds, every statement after ``statement_timeout`` seconds, and a
database that is gone, restarting, cut off or too slow is told as :data:`UNAVAILABLE` (a
``Refused``), never as a traceback: the transaction is rolled back, so what was committed
before is all there is (docs/postgresql.md "When the database goes away").
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError

from db.liveness import check_before_use
from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_, Message

log = logging.getLogger(__name__)

WRITE_OPTION = "gaspos_write"
SQLITE_BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 5.0
STATEMENT_TIMEOUT_S = 30.0
UNAVAILABLE = "db.unavailable"
# SQLSTATEs that say "not now" rather than "never": the server shutting down or starting up,
# a statement or lock wait cancelled by its timeout, a transaction the server gave up on
_TIMED_OUT = ("57014", "55P03")
_NOT_NOW = ("57P01", "57P02", "57P03", "40001", "40P01")


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


def make_engine(url: str, *, connect_timeout: float = CONNECT_TIMEOUT_S,
                statement_timeout: float = STATEMENT_TIMEOUT_S) -> Engine:
    """``connect_timeout`` and ``statement_timeout`` (seconds) are PostgreSQL's (``[database]``
    settings); SQLite waits up to its busy timeout for the write lock."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    # libpq takes whole seconds, and at least 2
    engine = create_engine(parsed,
                           connect_args={"connect_timeout": max(2, math.ceil(connect_timeout))})
    check_before_use(engine)  # pinged when it may be broken (db/liveness.py)
    milliseconds = max(1, round(statement_timeout * 1000))

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {milliseconds}")
        dbapi_connection.commit()

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "handle_error", _unavailable)
    return engine


def _unavailable(context: ExceptionContext) -> BaseException | None:
    """A PostgreSQL failure that says "not now" becomes ``db.unavailable``, in words."""
    if context.is_pre_ping:  # the pool replaces the connection itself
        return None
    original = context.original_exception
    sqlstate = getattr(original, "sqlstate", None)
    if type(original).__module__.split(".")[0] != "psycopg":
        return None
    if sqlstate in _TIMED_OUT:
        why = Message(N_("it did not answer in time"))
    elif context.is_disconnect or sqlstate in _NOT_NOW or (
            sqlstate is None and type(original).__name__ == "OperationalError") or (
            sqlstate is not None and sqlstate.startswith("08")):
        why = Message(N_("the connection to it was lost or could not be made"))
    else:
        return None
    log.warning("database unavailable (%s): %s", sqlstate, str(original).strip())
    return Refused(UNAVAILABLE,
                   N_("The database is not available just now ({why}). This step was not done "
                      "and nothing of it was kept. Try again in a moment; if it keeps "
                      "happening, tell the supervisor."), why=why)


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
