"""The journal in a real database: append-only, one chain even with two counters writing at
once, and any change made behind the guards' back is found by verification."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from pos.domain.journal import EntryKind, JournalDraft, seal, verify_chain
from pos.domain.quantities import Money, Volume
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from tests.support import postgres
from tests.support.appender import append_many
from tests.support.services import make_services


def append(svc: Services, n: int) -> None:
    for i in range(n):
        with svc.uow(write=True) as uow:
            uow.journal.append(JournalDraft(
                kind=EntryKind.TEST, at=datetime(2026, 11, 27, 1, i, tzinfo=UTC),
                counter_no="01", account_no="370402000001", amount=Money(1000 + i),
                volume=Volume(100 * i), details={"i": i}))
            uow.commit()


def run_sql(svc: Services, sql: str) -> None:
    with svc.uow(write=True) as uow:
        uow.session.execute(text(sql))  # type: ignore[attr-defined]
        uow.commit()


@pytest.mark.parametrize("statement", [
    "UPDATE journal_entries SET amount_fen = 1 WHERE seq = 2",
    "DELETE FROM journal_entries WHERE seq = 3",
    "DELETE FROM journal_entries",
    "UPDATE audit_events SET actor = 'x'",
    "DELETE FROM audit_events",
])
def test_the_database_refuses_to_change_or_remove_entries(any_url: str, statement: str) -> None:
    svc = make_services(any_url)
    append(svc, 3)
    run_sql(svc, "INSERT INTO audit_events (at, action, subject, details) "
                 "VALUES ('2026-11-27T01:00:00.000000+00:00', 'login', '', '{}')")
    with pytest.raises(DBAPIError, match="append-only"):
        run_sql(svc, statement)
    assert verify_ledger(svc).chain.entries == 3


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["journal_entries", "audit_events"])
def test_postgresql_refuses_truncate(pg_url: str, table: str) -> None:
    svc = make_services(pg_url)
    append(svc, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        run_sql(svc, f"TRUNCATE {table}")
    assert verify_ledger(svc).chain.entries == 2


def test_a_batch_writes_the_chain_appends_write_many_rows_to_a_statement(any_url: str) -> None:
    svc = make_services(any_url)
    append(svc, 2)
    drafts = [JournalDraft(kind=EntryKind.TEST, at=datetime(2026, 11, 27, 2, tzinfo=UTC)
                           + timedelta(microseconds=i), counter_no="01", account_no=None,
                           amount=Money(i), details={"i": i, "note": "批量"})
              for i in range(2500)]  # more than one statement's rows on SQLite
    with svc.uow(write=True) as uow:
        written = uow.journal.append_many(drafts)
        uow.commit()
    with svc.uow() as uow:
        entries = list(uow.journal.entries())
    assert entries[2:] == written
    prev = entries[1].hash
    for draft, entry in zip(drafts, written, strict=True):  # what append seals, one by one
        assert entry == seal(draft, seq=entry.seq, prev_hash=prev)
        prev = entry.hash
    assert verify_chain(entries).intact and verify_chain(entries).entries == 2502


def test_two_counters_appending_at_once_never_fork_the_chain(any_url: str) -> None:
    make_services(any_url)  # schema
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Event()
    workers = [spawn.Process(target=append_many, args=(any_url, no, 60, start))
               for no in ("01", "02")]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    svc = make_services(any_url, upgrade=False)
    with svc.uow() as uow:
        entries = list(uow.journal.entries())
    report = verify_chain(entries)
    assert report.intact
    assert report.entries == 120
    assert [e.seq for e in entries] == list(range(1, 121))
    refs = {e.ref for e in entries}
    assert refs == {f"{no}-{n}" for no in ("01", "02") for n in range(60)}
    assert len({e.counter_no for e in entries[:100]}) == 2  # they really interleaved


def test_sqlite_ledger_verify_names_a_row_changed_behind_the_guards_back(sqlite_url: str) -> None:
    svc = make_services(sqlite_url)
    append(svc, 5)
    run_sql(svc, "DROP TRIGGER journal_entries_no_update")
    run_sql(svc, "UPDATE journal_entries SET amount_fen = 99999 WHERE seq = 4")
    report = verify_ledger(svc).chain
    assert report.first_break is not None
    assert (report.first_break.seq, report.first_break.code) == (4, "journal.content_changed")


@pytest.mark.postgres
def test_postgresql_ledger_verify_names_a_row_changed_by_a_superuser(pg_url: str) -> None:
    svc = make_services(pg_url)
    append(svc, 5)
    with svc.uow(write=True) as uow:
        session = uow.session  # type: ignore[attr-defined]
        session.execute(text("SET LOCAL session_replication_role = replica"))  # triggers off
        session.execute(text("DELETE FROM journal_entries WHERE seq = 2"))
        uow.commit()
    report = verify_ledger(svc).chain
    assert report.first_break is not None
    assert (report.first_break.seq, report.first_break.code) == (3, "journal.sequence_gap")


@pytest.mark.postgres
def test_the_app_role_can_append_but_cannot_disable_the_guards(
        pg_cluster: postgres.Cluster) -> None:
    with pg_cluster.database() as owner_url:
        owner = make_services(owner_url)
        database = owner_url.rsplit("/", 1)[1]
        with pg_cluster.admin() as admin:
            admin.execute("DROP ROLE IF EXISTS gaspos_app_test")
            admin.execute("CREATE ROLE gaspos_app_test LOGIN")
        run_sql(owner, (
            "GRANT USAGE ON SCHEMA public TO gaspos_app_test; "
            "GRANT SELECT, INSERT ON journal_entries, audit_events TO gaspos_app_test; "
            # ledger verify also checks the closed days (docs/postgresql.md's grants)
            "GRANT SELECT ON business_days, counters, day_closes, sales, payments "
            "TO gaspos_app_test"))
        app = make_services(pg_cluster.url(database, user="gaspos_app_test"), upgrade=False)
        append(app, 2)
        for attack in ("ALTER TABLE journal_entries DISABLE TRIGGER ALL",
                       "UPDATE journal_entries SET amount_fen = 0",
                       "TRUNCATE journal_entries"):
            with pytest.raises(DBAPIError):
                run_sql(app, attack)
        assert verify_ledger(app).intact
    with pg_cluster.admin() as admin:  # the database is gone: its grants with it
        admin.execute("DROP ROLE gaspos_app_test")
