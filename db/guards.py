"""Database guards: triggers that refuse UPDATE, DELETE and TRUNCATE on append-only tables.

SQLite has no TRUNCATE (``DELETE`` without ``WHERE`` still fires the delete trigger).  On
PostgreSQL a row trigger does not see TRUNCATE, so a statement trigger guards it too; ``DO
INSTEAD`` rules would swallow writes silently, so the triggers raise (HARDWARE.md).  The table
owner can still disable triggers: run the app as a role that owns nothing (docs/postgresql.md).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

APPEND_ONLY_TABLES = ("journal_entries", "audit_events")
PG_FUNCTION = "gaspos_refuse_change"


def install(connection: Connection, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> None:
    for statement in ddl(connection.dialect.name, tables):
        connection.execute(text(statement))


def ddl(dialect: str, tables: tuple[str, ...]) -> list[str]:
    if dialect == "sqlite":
        return [stmt for table in tables for stmt in _sqlite(table)]
    if dialect == "postgresql":
        return [_PG_FUNCTION_DDL] + [stmt for table in tables for stmt in _postgresql(table)]
    raise ValueError(f"no guards for {dialect}")


def expected(dialect: str, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> set[str]:
    suffixes = ("no_update", "no_delete") if dialect == "sqlite" else ("no_change", "no_truncate")
    return {f"{table}_{suffix}" for table in tables for suffix in suffixes}


def installed(connection: Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    else:
        rows = connection.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"))
    return {row[0] for row in rows}


def _sqlite(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'gaspos: {table} is append-only; UPDATE refused'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'gaspos: {table} is append-only; DELETE refused'); END",
    ]


_PG_FUNCTION_DDL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'gaspos: % is append-only; % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def _postgresql(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
    ]
