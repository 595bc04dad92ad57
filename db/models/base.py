"""The declarative base, constraint naming and the column types every model shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeEngine

from pos.domain.journal import utc_text

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# 64-bit ids for the tables that grow for ever; on SQLite an INTEGER PRIMARY KEY is the rowid.
BIG_ID = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC.

    PostgreSQL keeps it as ``timestamptz``; SQLite as fixed-width ISO 8601 text
    (``2026-11-27T06:08:00.000000+00:00``), which sorts in time order and round-trips to the
    microsecond — the journal's hashes depend on that.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(32))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("gaspos stores only timezone-aware times")
        if dialect.name == "sqlite":
            return utc_text(value)  # the journal's canonical text of a time
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return datetime.fromisoformat(value).astimezone(UTC)
        assert isinstance(value, datetime)
        return value.astimezone(UTC)


def built_on(dialect: str) -> Any:
    """An Alembic ``include_object`` that leaves out what the models build only on another
    database (``Index(...).ddl_if(dialect=...)``: PostgreSQL's trigram indexes)."""

    def include(obj: Any, *_: Any) -> bool:  # (object, name, type, reflected, compare_to)
        condition = getattr(obj, "_ddl_if", None)
        wanted = getattr(condition, "dialect", None)
        return wanted is None or wanted == dialect

    return include
