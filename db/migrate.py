"""Create or migrate the schema with Alembic (``gaspos db upgrade``)."""

from __future__ import annotations

from sqlalchemy import Engine

from db.engine import WRITE_OPTION
from db.schema import SCHEMA_HEAD, alembic_config, current_revision, known_revisions
from pos.domain.errors import Refused
from pos.domain.messages import N_


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str]:
    """Upgrade to ``target`` in one transaction; return the revisions before and after.

    A database already at this program's head is answered without loading Alembic (the demo
    mode upgrades on every start)."""
    if target == "head":
        with engine.connect() as connection:
            if current_revision(connection) == SCHEMA_HEAD:
                return SCHEMA_HEAD, SCHEMA_HEAD
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        before = current_revision(connection)
        if before is not None and before not in known_revisions():
            raise Refused(
                "db.schema_new",
                N_("The database schema ({revision}) is newer than this program knows "
                   "({head}): install the newer gaspos that upgraded it."),
                revision=before, head=SCHEMA_HEAD,
            )
        from alembic import command  # heavy; only migrations need it

        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        after = current_revision(connection)
    assert after is not None
    return before, after
