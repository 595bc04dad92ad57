"""``gaspos db backup`` on PostgreSQL: ``pg_dump -Fc`` of one snapshot, restored with
``pg_restore`` into an empty database (docs/postgresql.md "Backups") — where the ledger
verifies and every table holds the same rows; a missing or too old ``pg_dump`` is refused."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from db.models import Base
from pos.domain.errors import Refused
from pos.domain.staff import Role
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from tests.integration.test_journal_store import append
from tests.support import postgres
from tests.support.command import gaspos
from tests.support.services import add_hall, add_staff, make_services

pytestmark = pytest.mark.postgres


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: [tuple(row) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns))]
                for table in Base.metadata.sorted_tables} | {
                "alembic_version": [tuple(row) for row in connection.execute(
                    text("SELECT version_num FROM alembic_version"))]}
    finally:
        engine.dispose()


def _pg_restore(cluster: postgres.Cluster, archive: Path, url: str) -> None:
    binaries = postgres.server_binaries()
    assert binaries is not None
    database = url.rsplit("/", 1)[1]
    subprocess.run([str(binaries / "pg_restore"), "--no-owner", "--exit-on-error",
                    "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
                    "-d", database, str(archive)], check=True, capture_output=True)


@pytest.fixture
def ledger(pg_url: str, clock: object, tmp_path: Path) -> Services:
    svc = make_services(pg_url, home=tmp_path / "counter")
    add_hall(svc)
    add_staff(svc, "9001", Role.ADMIN, "周敏")
    append(svc, 5)
    return svc


def test_a_pg_dump_restores_into_an_empty_database_that_verifies_and_equals(
        ledger: Services, pg_url: str, pg_cluster: postgres.Cluster, tmp_path: Path) -> None:
    report = ledger.database.backup(tmp_path / "gaspos.dump", stamp="x")
    assert report.journal_entries == 5 and report.bytes > 0
    assert report.path.read_bytes()[:5] == b"PGDMP"  # the custom format
    assert report.path.stat().st_mode & 0o077 == 0
    with pg_cluster.database() as restored_url:
        _pg_restore(pg_cluster, report.path, restored_url)
        restored = make_services(restored_url, upgrade=False, home=tmp_path / "other")
        verified = verify_ledger(restored)
        assert verified.intact and verified.chain.head_hash == report.journal_head
        original = _rows(pg_url)
        assert len(original["journal_entries"]) == 5 and len(original["staff"]) == 1
        assert _rows(restored_url) == original
        restored.database.close()


def test_the_command_backs_up_postgresql_into_the_data_directory(
        ledger: Services, pg_url: str, tmp_path: Path) -> None:
    done = gaspos("db", "backup", "--json", GASPOS_DB=pg_url)
    assert done.code == 0, done.err
    path = Path(done.json()["path"])
    assert path.suffix == ".dump" and path.parent.name == "backups" and path.is_file()
    assert done.json()["journal_entries"] == 5
    again = gaspos("db", "backup", "--out", str(path), GASPOS_DB=pg_url)
    assert again.code == 2  # never overwrites


def test_a_missing_pg_dump_is_refused(ledger: Services, tmp_path: Path) -> None:
    target = tmp_path / "gaspos.dump"
    with pytest.raises(Refused) as refused:
        ledger.database.backup(target, stamp="x", pg_dump=tmp_path / "no-such-pg_dump")
    assert refused.value.code == "db.pg_dump_missing"
    assert "pg_dump" in refused.value.render() and "客户端" in refused.value.render()
    assert not target.exists()


def test_a_pg_dump_older_than_the_server_is_refused(ledger: Services, pg_url: str,
                                                    tmp_path: Path) -> None:
    old = tmp_path / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n", encoding="utf-8")
    old.chmod(0o755)
    target = tmp_path / "gaspos.dump"
    done = gaspos("db", "backup", "--out", str(target), "--pg-dump", str(old),
                  GASPOS_DB=pg_url)
    assert done.code == 1, done.err
    assert "9" in done.err and "旧" in done.err, done.err
    assert not target.exists()
