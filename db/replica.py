"""The report replica: read-only units of work on a PostgreSQL streaming standby.

Every connection is read-only twice over: a standby refuses writes itself, and each session
starts with ``default_transaction_read_only`` on (so a report URL that points at a primary by
mistake cannot write either).  Asking for a writing unit is refused before any connection; a
replica that cannot be reached is refused with its address — reports never quietly fall back
to the main database (the counters' database is exactly what the replica spares).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Self

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError

from db.engine import make_engine, parse_url, safe_description
from db.unit_of_work import SqlUnitOfWork
from pos.domain.errors import Refused
from pos.domain.messages import N_

CONNECT_TIMEOUT_S = 5
READ_ONLY = "-c default_transaction_read_only=on"
SETTING = "database.report_url"

_LAG = text(
    "SELECT pg_is_in_recovery(), CASE "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END")


def make_report_engine(url: str) -> Engine:
    """An engine whose every connection is read-only (PostgreSQL, or a SQLite copy)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = make_engine(url)
        event.listen(engine, "connect", _sqlite_query_only)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, connect_args={
        "options": READ_ONLY, "connect_timeout": CONNECT_TIMEOUT_S})


def _sqlite_query_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only = ON")


class ReportUnitOfWork(SqlUnitOfWork):
    """A read-only unit of work that says so, in the reader's words, when the replica is
    down."""

    def __enter__(self) -> Self:
        super().__enter__()
        try:
            self.session.connection()
        except OperationalError as error:
            self.session.close()
            raise unavailable(self.session.get_bind(), error) from None
        return self


class SqlReportReplica:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __call__(self, *, write: bool = False) -> ReportUnitOfWork:
        if write:
            raise Refused("db.replica_read_only", N_(
                "The report database {db} is a read-only replica: nothing is written there "
                "(writes go to the main database)."), db=self.description())
        return ReportUnitOfWork(self._engine)

    def description(self) -> str:
        return safe_description(self._engine)

    def lag(self) -> timedelta | None:
        if self._engine.dialect.name != "postgresql":
            return None
        try:
            with self._engine.connect() as connection:
                standby, seconds = connection.execute(_LAG).one()
        except OperationalError as error:
            raise unavailable(self._engine, error) from None
        if not standby:
            return None
        return timedelta(seconds=float(seconds or 0))

    def close(self) -> None:
        self._engine.dispose()


def unavailable(bind: object, error: OperationalError) -> Refused:
    db = safe_description(bind) if isinstance(bind, Engine) else str(bind)
    return Refused("db.replica_unavailable", N_(
        "The report database {db} ({setting}) cannot be reached: {reason}. Reports do not "
        "fall back to the main database: start the replica, or empty {setting} to read the "
        "main database."), db=db, setting=SETTING, reason=str(error.orig).strip())
