"""Alembic environment: run migrations on the connection ``db.migrate`` hands over.

Developers can also run ``alembic`` from the repository root (alembic.ini), with the database
URL in ``GASPOS_DB``, e.g. to autogenerate a revision against a scratch SQLite file.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from db.engine import WRITE_OPTION, make_engine
from db.models import Base
from db.models.base import built_on

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=built_on(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = os.environ.get("GASPOS_DB") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set GASPOS_DB to the database URL")
    engine = make_engine(url)
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("gaspos migrations run online only (gaspos db upgrade)")
run_migrations_online()
