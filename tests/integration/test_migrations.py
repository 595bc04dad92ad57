"""The schema comes only from Alembic, carries its guards, and is checked at start-up."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from db import guards, schema
from db.engine import make_engine
from db.migrate import upgrade
from db.models import Base
from db.models.base import built_on
from pos.domain.errors import Refused


def test_the_program_knows_alembics_head() -> None:
    head = ScriptDirectory.from_config(schema.alembic_config()).get_current_head()
    assert head == schema.SCHEMA_HEAD


def test_upgrade_head_creates_every_table_with_its_guards(any_url: str) -> None:
    engine = make_engine(any_url)
    before, after = upgrade(engine)
    assert (before, after) == (None, schema.SCHEMA_HEAD)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= set(Base.metadata.tables)
        assert guards.expected(connection.dialect.name) <= guards.installed(connection)
    schema.check(engine)  # passes


def test_the_migrations_match_the_models(any_url: str) -> None:
    engine = make_engine(any_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": built_on(connection.dialect.name)})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrading_twice_changes_nothing(any_url: str) -> None:
    engine = make_engine(any_url)
    upgrade(engine)
    assert upgrade(engine) == (schema.SCHEMA_HEAD, schema.SCHEMA_HEAD)
    with engine.connect() as connection:
        assert guards.expected(connection.dialect.name) <= guards.installed(connection)


def test_a_database_without_a_schema_is_refused_with_what_to_do(any_url: str) -> None:
    with pytest.raises(Refused) as refused:
        schema.check(make_engine(any_url))
    assert refused.value.code == "db.no_schema"
    assert "gaspos db upgrade" in refused.value.render("zh_CN")


def test_a_schema_newer_than_the_program_is_refused(any_url: str) -> None:
    engine = make_engine(any_url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(Refused) as refused:
        schema.check(engine)
    assert refused.value.code == "db.schema_new"
    with pytest.raises(Refused):
        upgrade(engine)  # and it never migrates a schema it does not know


def test_a_schema_older_than_the_program_is_refused_until_upgraded(any_url: str) -> None:
    engine = make_engine(any_url)
    upgrade(engine, "0001")  # a ledger made by the first release
    with pytest.raises(Refused) as refused:
        schema.check(engine)
    assert refused.value.code == "db.schema_old"
    assert "gaspos db upgrade" in refused.value.render("en")
    assert upgrade(engine) == ("0001", schema.SCHEMA_HEAD)
    schema.check(engine)
    with engine.connect() as connection:  # batch migrations must not have lost the guards
        assert guards.expected(connection.dialect.name) <= guards.installed(connection)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
