"""``gaspos db restore FILE``: a checked SQLite backup put in the ledger's place, atomically,
keeping the replaced file — and refused, with nothing changed, for a corrupt, foreign, newer or
unverifiable backup and while any other gaspos process has the ledger open."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.bootstrap.wiring import build
from pos.services.core.context import Startup
from tests.cli.test_gaspos_command import _append_entries
from tests.support.command import gaspos


def _backup(ledger: Path, target: Path) -> Path:
    done = gaspos("db", "backup", "--out", str(target))
    assert done.code == 0, done.err
    return target


def _accounts(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM accounts").fetchone()[0])


def _add_account(no: str) -> None:
    done = gaspos("account", "add", "--no", no, "--name", "李四", "--category", "residential",
                  "--meter", f"CH{no[-8:]}", "--phone", "13912345678", "--address", "光明路1号",
                  "--household-size", "2")
    assert done.code == 0, done.err


def _leftovers(ledger: Path) -> list[str]:
    """A staged copy or a kept ledger: there are none after a refusal."""
    return sorted(p.name for p in ledger.parent.iterdir()
                  if ".restore-" in p.name or "-replaced-" in p.name)


@pytest.fixture
def backup(ledger: Path, tmp_path: Path) -> Path:
    _append_entries(ledger, 2)
    return _backup(ledger, tmp_path / "saved.sqlite")


def test_restore_puts_the_backup_back_and_keeps_the_replaced_ledger(
        ledger: Path, backup: Path) -> None:
    _add_account("370402000002")
    assert _accounts(ledger) == 2
    done = gaspos("db", "restore", str(backup), "--json")
    assert done.code == 0, done.err
    report = done.json()
    assert report["journal_entries"] == 2
    kept = Path(report["kept"])
    assert kept.parent == ledger.parent and kept.name.startswith("ledger-replaced-")
    assert [name for name in _leftovers(ledger) if ".restore-" in name] == []
    assert _accounts(ledger) == 1 and _accounts(kept) == 2
    verified = gaspos("ledger", "verify", "--json")  # the anchor file follows the restore
    assert verified.code == 0, verified.err
    with sqlite3.connect(ledger) as db:
        action, actor, details = db.execute(
            "SELECT action, actor, details FROM audit_events ORDER BY id DESC").fetchone()
    assert (action, actor) == ("database_restored", "9001")
    assert "saved.sqlite" in details and kept.name in details


def test_the_chinese_report_names_the_kept_file(ledger: Path, backup: Path) -> None:
    done = gaspos("db", "restore", str(backup))
    assert done.code == 0, done.err
    assert "被替换的账本保留为" in done.out and "ledger-replaced-" in done.out


def test_a_corrupt_backup_is_refused_and_nothing_changes(ledger: Path, backup: Path) -> None:
    data = bytearray(backup.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page's header but the first
        data[offset:offset + 12] = b"\x77" * 12
    backup.write_bytes(bytes(data))
    _add_account("370402000002")
    done = gaspos("db", "restore", str(backup))
    assert done.code == 3, done.err
    assert "完整性检查" in done.err or "损坏" in done.err, done.err
    assert _accounts(ledger) == 2 and _leftovers(ledger) == []


def test_a_file_that_is_no_database_is_refused(ledger: Path, tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_text("这不是数据库 " * 500, encoding="utf-8")
    done = gaspos("db", "restore", str(junk), "--json")
    assert done.code == 3
    assert done.json()["error"]["code"] == "db.restore_not_sqlite"
    assert _leftovers(ledger) == []


def test_a_foreign_sqlite_file_is_refused(ledger: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    done = gaspos("db", "restore", str(foreign), "--json")
    assert done.code == 3
    assert done.json()["error"]["code"] == "db.restore_foreign"
    assert "不是 gaspos" in done.err or "gaspos" in done.err


def test_a_backup_with_a_newer_schema_is_refused(ledger: Path, backup: Path) -> None:
    with sqlite3.connect(backup) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    done = gaspos("db", "restore", str(backup), "--json")
    assert done.code == 1
    assert done.json()["error"]["code"] == "db.restore_schema_new"
    assert "9999" in done.err


def test_a_backup_whose_journal_does_not_verify_is_refused(ledger: Path, backup: Path) -> None:
    with sqlite3.connect(backup) as db:
        db.execute("DROP TRIGGER journal_entries_no_update")
        db.execute("UPDATE journal_entries SET amount_fen = amount_fen + 100 WHERE seq = 2")
    _add_account("370402000002")
    done = gaspos("db", "restore", str(backup), "--json")
    assert done.code == 3
    assert done.json()["error"]["code"] == "db.restore_unverified"
    assert "第 2 条" in done.err, done.err
    assert _accounts(ledger) == 2 and _leftovers(ledger) == []


def test_a_missing_backup_and_the_ledger_itself_are_bad_input(ledger: Path,
                                                              tmp_path: Path) -> None:
    assert gaspos("db", "restore", str(tmp_path / "nowhere.sqlite")).code == 2
    assert gaspos("db", "restore", str(ledger)).code == 2


@pytest.fixture
def running_counter(ledger: Path) -> Iterator[None]:
    """Another gaspos process on the ledger: the composition root a counter app starts with."""
    services = build(Startup(db_url=f"sqlite:///{ledger}"))
    try:
        yield
    finally:
        services.database.close()


def test_restore_is_refused_while_a_counter_runs(ledger: Path, backup: Path,
                                                 running_counter: None) -> None:
    _add_account("370402000002")
    done = gaspos("db", "restore", str(backup), "--json")
    assert done.code == 1
    assert done.json()["error"]["code"] == "db.in_use"
    assert "收银" in done.err or "窗口" in done.err, done.err
    assert _accounts(ledger) == 2 and _leftovers(ledger) == []


def test_restore_is_refused_while_another_program_reads(ledger: Path, backup: Path) -> None:
    """Not a gaspos process (no lock file): an sqlite3 shell in the middle of a transaction."""
    reader = sqlite3.connect(ledger, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM accounts").fetchone()
        done = gaspos("db", "restore", str(backup), "--json")
    finally:
        reader.close()
    assert done.code == 1
    assert done.json()["error"]["code"] == "db.in_use"


def test_restore_needs_a_logged_in_operator(ledger: Path, backup: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GASPOS_OPERATOR")
    assert gaspos("db", "restore", str(backup)).code == 2  # say who you are


def test_a_clerk_may_not_restore(staffed_ledger: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.conftest import CLERK

    path = tmp_path / "ledger.sqlite"
    shutil.copyfile(staffed_ledger, path)
    monkeypatch.setenv("GASPOS_DB", f"sqlite:///{path}")
    saved = _backup(path, tmp_path / "saved.sqlite")  # the environment's administrator
    done = gaspos("db", "restore", str(saved), "--json", GASPOS_OPERATOR="1001",
                  GASPOS_PASSWORD=CLERK)
    assert done.code == 1
    assert done.json()["error"]["code"] == "auth.permission_denied"
    assert _leftovers(path) == []
