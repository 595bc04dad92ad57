"""Which schema revision a database is at, and refusing one this program does not know.

``SCHEMA_HEAD`` is the newest migration this program ships (a test keeps it equal to Alembic's
head), so the everyday check at start-up is one small query; Alembic itself is loaded only
when the revision differs or the schema is migrated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from pos.domain.errors import Refused
from pos.domain.messages import N_

SCHEMA_HEAD = "0013"
SCRIPT_LOCATION = "db:migrations"


if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    try:
        return connection.execute(
            text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()  # noqa: S608 - a constant
    except ProgrammingError:  # pragma: no cover - the table vanished between the two queries
        return None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def check(engine: Engine) -> None:
    """Refuse a database without a schema, with an older one, or with a newer one."""
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
    except OperationalError as error:
        raise Refused(
            "db.unavailable", N_("The database cannot be opened: {reason}"),
            reason=str(error.orig),
        ) from error
    if revision == SCHEMA_HEAD:
        return
    if revision is None:
        raise Refused(
            "db.no_schema",
            N_("The database {db} has no gaspos schema yet: run “gaspos db upgrade” first."),
            db=engine.url.render_as_string(hide_password=True),
        )
    if revision in known_revisions():
        raise Refused(
            "db.schema_old",
            N_("The database schema ({revision}) is older than this program ({head}): "
               "back it up, then run “gaspos db upgrade”."),
            revision=revision, head=SCHEMA_HEAD,
        )
    raise Refused(
        "db.schema_new",
        N_("The database schema ({revision}) is newer than this program knows ({head}): "
           "install the newer gaspos that upgraded it."),
        revision=revision, head=SCHEMA_HEAD,
    )
