"""Database guards: triggers that refuse UPDATE, DELETE and TRUNCATE on append-only tables.

SQLite has no TRUNCATE (``DELETE`` without ``WHERE`` still fires the delete trigger).  On
PostgreSQL a row trigger does not see TRUNCATE, so a statement trigger guards it too; ``DO
INSTEAD`` rules would swallow writes silently, so the triggers raise (docs/journal.md).  A guard
that looks at another table (is this day closed? is this month locked?) runs as its owner
(``SECURITY DEFINER``, fixed ``search_path``), so it holds for a role that may not read that
table.  The table owner can still disable triggers: run the app as a role that owns nothing
(docs/postgresql.md)."""

from __future__ import annotations

from sqlalchemy import Connection, text

APPEND_ONLY_TABLES = ("journal_entries", "audit_events")
DAY_TABLES = ("drawer_counts", "day_closes", "deposit_slips", "deposit_slip_days")
STATEMENT_TABLES = ("statement_imports", "statement_lines", "recon_resolutions")
ACCOUNT_TABLES = ("account_term_changes",)  # an account's terms by date (docs/households.md)
CHECKPOINT_TABLES = ("ledger_checkpoints",)  # where ledger verify stopped (docs/journal.md)
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


def expected(dialect: str,
             tables: tuple[str, ...] = (APPEND_ONLY_TABLES + DAY_TABLES + STATEMENT_TABLES
                                        + ACCOUNT_TABLES + CHECKPOINT_TABLES)) -> set[str]:
    suffixes = ("no_update", "no_delete") if dialect == "sqlite" else ("no_change", "no_truncate")
    return ({f"{table}_{suffix}" for table in tables for suffix in suffixes}
            | set(CLOSED_DAY_TRIGGERS) | set(LOCKED_MONTH_TRIGGERS))


# --- closed days (日清): nothing changes them and nothing posts into them ------------------------
CLOSED_DAY_TRIGGERS = ("business_days_closed_no_update", "business_days_closed_no_delete",
                       "journal_entries_closed_day", "drawer_counts_closed_day")
_CLOSED = ("SELECT 1 FROM business_days d JOIN counters c ON c.id = d.counter_id "
           "WHERE c.no = NEW.counter_no AND d.business_date = NEW.business_date "
           "AND d.state = 'closed'")


def install_closed_day_guards(connection: Connection) -> None:
    dialect = connection.dialect.name
    statements = _SQLITE_CLOSED_DAY if dialect == "sqlite" else _PG_CLOSED_DAY
    for statement in statements:
        connection.execute(text(statement))


_SQLITE_CLOSED_DAY = [
    "CREATE TRIGGER business_days_closed_no_update BEFORE UPDATE ON business_days "
    "WHEN OLD.state = 'closed' "
    "BEGIN SELECT RAISE(ABORT, 'gaspos: the business day is closed; UPDATE refused'); END",
    "CREATE TRIGGER business_days_closed_no_delete BEFORE DELETE ON business_days "
    "WHEN OLD.state = 'closed' "
    "BEGIN SELECT RAISE(ABORT, 'gaspos: the business day is closed; DELETE refused'); END",
    f"CREATE TRIGGER journal_entries_closed_day BEFORE INSERT ON journal_entries "
    f"WHEN EXISTS ({_CLOSED}) "
    f"BEGIN SELECT RAISE(ABORT, 'gaspos: the business day is closed; posting refused'); END",
    "CREATE TRIGGER drawer_counts_closed_day BEFORE INSERT ON drawer_counts "
    "WHEN EXISTS (SELECT 1 FROM business_days WHERE id = NEW.day_id AND state = 'closed') "
    "BEGIN SELECT RAISE(ABORT, 'gaspos: the business day is closed; count refused'); END",
]

_PG_CLOSED_DAY = [
    """
CREATE OR REPLACE FUNCTION gaspos_refuse_closed_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'closed' THEN
        RAISE EXCEPTION 'gaspos: the business day % is closed; % refused', OLD.business_date, TG_OP
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$""",
    """
CREATE OR REPLACE FUNCTION gaspos_refuse_closed_day_posting() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (CLOSED_DAY) THEN
        RAISE EXCEPTION 'gaspos: the business day % is closed; posting refused',
            NEW.business_date USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$""".replace("CLOSED_DAY", _CLOSED),
    """
CREATE OR REPLACE FUNCTION gaspos_refuse_closed_day_count() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM business_days WHERE id = NEW.day_id AND state = 'closed') THEN
        RAISE EXCEPTION 'gaspos: the business day is closed; count refused'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$""",
    "CREATE TRIGGER business_days_closed_no_update BEFORE UPDATE ON business_days "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_closed_day()",
    "CREATE TRIGGER business_days_closed_no_delete BEFORE DELETE ON business_days "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_closed_day()",
    "CREATE TRIGGER journal_entries_closed_day BEFORE INSERT ON journal_entries "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_closed_day_posting()",
    "CREATE TRIGGER drawer_counts_closed_day BEFORE INSERT ON drawer_counts "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_closed_day_count()",
]


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


# --- locked months (月对账): a locked month's reconciliation never changes ------------------------
LOCKED_MONTH_TRIGGERS = ("months_locked_no_update", "months_locked_no_delete",
                         "recon_items_locked_insert", "recon_items_locked_update",
                         "recon_items_locked_delete", "recon_resolutions_locked_insert")
_LOCKED = "SELECT 1 FROM months WHERE id = {row}.month_id AND state = 'locked'"


def install_locked_month_guards(connection: Connection) -> None:
    dialect = connection.dialect.name
    for statement in _SQLITE_LOCKED_MONTH if dialect == "sqlite" else _PG_LOCKED_MONTH:
        connection.execute(text(statement))


def _sqlite_refusal(name: str, when: str, what: str) -> str:
    return (f"CREATE TRIGGER {name} {when} WHEN {{cond}} "
            f"BEGIN SELECT RAISE(ABORT, 'gaspos: the month is locked; {what} refused'); END")


_SQLITE_LOCKED_MONTH = [
    _sqlite_refusal("months_locked_no_update", "BEFORE UPDATE ON months", "UPDATE").format(
        cond="OLD.state = 'locked'"),
    _sqlite_refusal("months_locked_no_delete", "BEFORE DELETE ON months", "DELETE").format(
        cond="OLD.state = 'locked'"),
    _sqlite_refusal("recon_items_locked_insert", "BEFORE INSERT ON recon_items",
                    "INSERT").format(cond="EXISTS (" + _LOCKED.format(row="NEW") + ")"),
    _sqlite_refusal("recon_items_locked_update", "BEFORE UPDATE ON recon_items",
                    "UPDATE").format(cond="EXISTS (" + _LOCKED.format(row="OLD") + ")"),
    _sqlite_refusal("recon_items_locked_delete", "BEFORE DELETE ON recon_items",
                    "DELETE").format(cond="EXISTS (" + _LOCKED.format(row="OLD") + ")"),
    _sqlite_refusal("recon_resolutions_locked_insert", "BEFORE INSERT ON recon_resolutions",
                    "INSERT").format(cond="EXISTS (" + _LOCKED.format(row="NEW") + ")"),
]

_PG_LOCKED_MONTH = [
    """
CREATE OR REPLACE FUNCTION gaspos_refuse_locked_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'locked' THEN
        RAISE EXCEPTION 'gaspos: the month % is locked; % refused', OLD.month, TG_OP
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$""",
    """
CREATE OR REPLACE FUNCTION gaspos_refuse_locked_month_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    target integer;
BEGIN
    IF TG_OP = 'INSERT' THEN target := NEW.month_id; ELSE target := OLD.month_id; END IF;
    IF EXISTS (SELECT 1 FROM months WHERE id = target AND state = 'locked') THEN
        RAISE EXCEPTION 'gaspos: the month is locked; % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$""",
    "CREATE TRIGGER months_locked_no_update BEFORE UPDATE ON months "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_locked_month()",
    "CREATE TRIGGER months_locked_no_delete BEFORE DELETE ON months "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_locked_month()",
    "CREATE TRIGGER recon_items_locked_insert BEFORE INSERT ON recon_items "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_locked_month_row()",
    "CREATE TRIGGER recon_items_locked_update BEFORE UPDATE ON recon_items "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_locked_month_row()",
    "CREATE TRIGGER recon_items_locked_delete BEFORE DELETE ON recon_items "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_locked_month_row()",
    "CREATE TRIGGER recon_resolutions_locked_insert BEFORE INSERT ON recon_resolutions "
    "FOR EACH ROW EXECUTE FUNCTION gaspos_refuse_locked_month_row()",
]
