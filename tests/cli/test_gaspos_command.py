"""The ``gaspos`` command as scripts and administrators meet it: real files, the command line
run in this process on the real composition root — and, for what only a process shows, the
installed command in its own process.

Every malformed input is refused with a clear message and exit 2, refusals exit 1, integrity
failures exit 3, and no traceback ever reaches the terminal.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.command import ADMIN_PASSWORD, gaspos, gaspos_process


def test_the_installed_command_starts_in_its_own_process(isolated_home: Path,
                                                         tmp_path: Path) -> None:
    """The entry point pip installed, and argon2 at its recommended cost (the other command
    tests hash with light parameters)."""
    entry = Path(sys.executable).with_name("gaspos")
    version = subprocess.run([str(entry), "--version"], capture_output=True, text=True,
                             check=False, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("gaspos, version")
    url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    assert gaspos_process("--db", url, "db", "upgrade").code == 0
    added = gaspos_process("--db", url, "staff", "add", "--no", "9001", "--name", "周敏",
                           "--role", "admin", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert added.code == 0, added.err
    with sqlite3.connect(tmp_path / "ledger.sqlite") as ledger:
        [stored] = ledger.execute("SELECT password_hash FROM staff").fetchone()
    assert stored.startswith("$argon2id$") and "m=65536,t=3,p=4" in stored


def test_help_and_version_answer_without_a_database() -> None:
    done = gaspos("--help")
    assert done.code == 0
    for command in ("db", "demo", "staff", "account", "tariff", "ledger"):
        assert command in done.out
    assert gaspos("--version").out.startswith("gaspos, version")


def test_a_newcomer_sets_up_a_ledger_and_quotes_a_purchase(ledger: Path) -> None:
    quote = gaspos("tariff", "quote", "--account", "370402000001", "--volume", "450",
                   "--at", "2026-11-27", "--json")
    assert quote.code == 0
    document = quote.json()
    assert document["total"] == "1288.00"
    assert document["parts"] == [
        {"tier": 1, "volume": "400.00", "unit_price": "2.80", "amount": "1120.00"},
        {"tier": 2, "volume": "50.00", "unit_price": "3.36", "amount": "168.00"},
    ]
    assert document["cycle"] == {"start": "2026-01-01", "end": "2026-12-31"}
    shown = gaspos("account", "show", "370402000001", "--json").json()
    assert (shown["name"], shown["phone"], shown["revealed"]) == ("张*丰", "138****5678", False)
    assert shown["meters"][0]["meter_no"] == "CH00000001"
    assert gaspos("ledger", "verify").code == 0


def test_human_output_is_chinese_by_default_and_english_on_request(ledger: Path) -> None:
    chinese = gaspos("tariff", "quote", "--account", "370402000001", "--volume", "450")
    english = gaspos("--lang", "en", "tariff", "quote", "--account", "370402000001",
                     "--volume", "450")
    assert "合计" in chinese.out and "1288.00" in chinese.out
    assert "total" in english.out and "1288.00" in english.out
    refused = gaspos("tariff", "quote", "--account", "404", "--volume", "1")
    assert refused.code == 1
    assert "没有" in refused.err or "不存在" in refused.err


@pytest.mark.parametrize("args", [
    ("tariff", "quote", "--account", "370402000001", "--volume", "abc"),
    ("tariff", "quote", "--account", "370402000001", "--volume", "-5"),
    ("tariff", "quote", "--account", "370402000001", "--volume", "NaN"),
    ("tariff", "quote", "--account", "370402000001", "--volume", "1.234"),
    ("tariff", "quote", "--account", "370402000001", "--volume", "1e9"),
    ("tariff", "quote", "--account", "370402000001", "--volume", "99999999"),
    ("tariff", "quote", "--account", "370402000001", "--volume", "10", "--at", "2026-13-01"),
    ("tariff", "quote", "--account", "370402000001"),
    ("tariff", "set", "--category", "gold", "--effective", "2027-01-01", "--tiers", "0:3"),
    ("tariff", "set", "--category", "residential", "--effective", "2027-01-01", "--tiers",
     "0:3,100:2,50:4"),
    ("tariff", "set", "--category", "residential", "--effective", "2027-01-01", "--tiers",
     "0:3", "--cycle-start-month", "13"),
    ("tariff", "set", "--category", "residential", "--effective", "2027-01-01", "--tiers",
     "0:3", "--household-allowance", "four"),
    ("account", "add", "--no", "370402000002", "--name", "李四", "--category", "residential",
     "--meter", "CH2", "--household-size", "many"),
    ("account", "add", "--no", "370 402", "--name", "李四", "--category", "residential",
     "--meter", "CH2"),
    ("account", "add", "--no", "370402000002", "--name", "李四", "--category", "residential",
     "--meter", "CH2", "--meter-max-stock", "-1"),
    ("staff", "add", "--no", "1001", "--name", "张丽", "--role", "boss", "--password-stdin"),
    ("staff", "add", "--no", "1001", "--name", "张丽", "--role", "clerk", "--password-stdin"),
    ("no-such-command",),
    ("tariff", "quote", "--account", "370402000001", "--volume", "1", "--bogus"),
])
def test_malformed_input_is_refused_with_exit_2_and_changes_nothing(
        ledger: Path, args: tuple[str, ...]) -> None:
    before = ledger.read_bytes()
    done = gaspos(*args, stdin="short\n")
    assert done.code == 2, (done.out, done.err)
    assert done.err.strip()
    assert ledger.read_bytes() == before or _same_rows(ledger)


def _same_rows(path: Path) -> bool:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM staff").fetchone()[0] == 1 and \
            db.execute("SELECT count(*) FROM accounts").fetchone()[0] == 1


def test_refusals_exit_1_and_say_why(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = gaspos("tariff", "quote", "--account", "404", "--volume", "1", "--json")
    assert unknown.code == 1
    assert unknown.json()["error"]["code"] == "account.unknown"
    monkeypatch.setenv("GASPOS_PASSWORD", "wrong")
    wrong = gaspos("account", "show", "370402000001")
    assert wrong.code == 1 and wrong.err.strip()
    monkeypatch.setenv("GASPOS_PASSWORD", ADMIN_PASSWORD)
    again = gaspos("tariff", "set", "--category", "residential", "--effective", "2025-01-01",
                   "--tiers", "0:3")
    assert again.code == 1


def test_a_clerk_may_not_set_prices(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert gaspos("staff", "add", "--no", "1001", "--name", "张丽", "--role", "clerk",
                  "--password-stdin", stdin="clerk password\n").code == 0
    monkeypatch.setenv("GASPOS_OPERATOR", "1001")
    monkeypatch.setenv("GASPOS_PASSWORD", "clerk password")
    done = gaspos("--lang", "en", "tariff", "set", "--category", "residential", "--effective",
                  "2027-01-01", "--tiers", "0:3")
    assert done.code == 1
    assert "may not manage tariffs" in done.err


def test_a_command_without_a_password_and_no_terminal_says_how(
        ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GASPOS_PASSWORD")
    done = gaspos("--lang", "en", "account", "show", "370402000001")
    assert done.code == 2
    assert "GASPOS_PASSWORD" in done.err


def test_ledger_verify_exits_3_and_names_a_tampered_entry(ledger: Path) -> None:
    _append_entries(ledger, 3)
    assert gaspos("ledger", "verify", "--json").json()["entries"] == 3
    with sqlite3.connect(ledger) as db:
        db.execute("DROP TRIGGER journal_entries_no_update")
        db.execute("UPDATE journal_entries SET amount_fen = amount_fen + 100 WHERE seq = 2")
    # an entry before the last verify's checkpoint: only a full walk sees it (docs/journal.md)
    assert gaspos("ledger", "verify", "--json").json()["mode"] == "incremental"
    done = gaspos("ledger", "verify", "--full", "--json")
    assert done.code == 3
    report = done.json()
    assert (report["ok"], report["mode"], report["since"]) == (False, "full", None)
    assert report["first_break"]["seq"] == 2
    assert report["first_break"]["code"] == "journal.content_changed"


def test_ledger_verify_says_whether_it_was_full_or_incremental(ledger: Path) -> None:
    _append_entries(ledger, 3)
    first = gaspos("--lang", "en", "ledger", "verify")
    assert first.code == 0 and "Full verify" in first.out
    _append_entries(ledger, 2)
    second = gaspos("--lang", "en", "ledger", "verify")
    assert second.code == 0
    assert "Incremental verify: from entry 3" in second.out and "--full" in second.out
    assert "2 entries checked, head 5" in second.out
    report = gaspos("ledger", "verify", "--json").json()
    assert (report["mode"], report["since"]["seq"], report["entries"], report["head_seq"]) == (
        "incremental", 5, 0, 5)
    assert gaspos("ledger", "verify", "--full", "--json").json()["entries"] == 5
    _anchor_file(ledger).unlink()  # a restored copy, another machine: no safety net
    assert gaspos("ledger", "verify", "--json").json()["mode"] == "full"


def _anchor_file(path: Path) -> Path:
    from pos.bootstrap.wiring import build
    from pos.services.core.context import Startup

    svc = build(Startup(db_url=f"sqlite:///{path}"))
    try:
        return Path(svc.anchors.where())
    finally:
        svc.database.close()


def _append_entries(path: Path, count: int) -> None:
    """Entries appended as this installation appends them: its anchor file follows the head
    (an incremental verify needs it, docs/journal.md)."""
    from datetime import UTC, datetime

    from pos.bootstrap.wiring import build
    from pos.domain.journal import EntryKind, JournalDraft
    from pos.domain.quantities import Money
    from pos.services.core.context import Startup

    svc = build(Startup(db_url=f"sqlite:///{path}"))
    try:
        for n in range(count):
            with svc.uow(write=True) as uow:
                uow.journal.append(JournalDraft(kind=EntryKind.TEST, at=datetime.now(UTC),
                                                amount=Money(n)))
                uow.commit()
    finally:
        svc.database.close()


def test_db_backup_makes_a_checked_copy(ledger: Path, tmp_path: Path) -> None:
    _append_entries(ledger, 2)
    target = tmp_path / "copy.sqlite"
    done = gaspos("db", "backup", "--out", str(target), "--json")
    assert done.code == 0, done.err
    assert done.json()["journal_entries"] == 2
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT count(*) FROM accounts").fetchone()[0] == 1
    assert gaspos("db", "backup", "--out", str(target)).code == 2  # never overwrites
    default = gaspos("db", "backup", "--json")
    assert default.code == 0
    assert Path(str(default.json()["path"])).parent == ledger.parent / "backups"


def test_a_database_without_schema_or_unreachable_is_explained(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GASPOS_DB", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    done = gaspos("--lang", "en", "ledger", "verify")
    assert done.code == 1
    assert "gaspos db upgrade" in done.err
    directory = tmp_path / "a-directory"
    directory.mkdir()
    unreachable = gaspos("--db", f"sqlite:///{directory}", "ledger", "verify")
    assert unreachable.code == 1 and unreachable.err.strip()
    bad_url = gaspos("--db", "mysql://nowhere/x", "ledger", "verify")
    assert bad_url.code == 2


def test_a_broken_settings_file_is_named(tmp_path: Path) -> None:
    config = tmp_path / "gaspos.toml"
    config.write_text("[counter]\nnumber = '01'\n", encoding="utf-8")
    done = gaspos("--lang", "en", "--config", str(config), "db", "upgrade")
    assert done.code == 2
    assert "counter.number" in done.err and str(config) in done.err
    config.write_text("[counter\n", encoding="utf-8")
    assert gaspos("--config", str(config), "db", "upgrade").code == 2
    assert gaspos("--config", str(tmp_path / "missing.toml"), "db", "upgrade").code == 2


def test_the_installation_file_names_the_database(
        isolated_home: Path, tmp_path: Path) -> None:
    machine = isolated_home / "etc-xdg" / "gaspos" / "gaspos.toml"
    machine.parent.mkdir(parents=True)
    ledger_path = tmp_path / "shared" / "hall.sqlite"
    machine.write_text(f'[database]\nurl = "sqlite:///{ledger_path}"\n[counter]\nno = "03"\n',
                       encoding="utf-8")
    done = gaspos("db", "upgrade", "--json")
    assert done.code == 0, done.err
    assert str(ledger_path) in str(done.json()["database"])
    assert str(machine) in str(done.json()["database"])
    assert ledger_path.exists()


def test_demo_mode_seeds_the_demo_hall_once(isolated_home: Path) -> None:
    first = gaspos("--lang", "en", "--demo", "demo", "show")
    assert first.code == 0, first.err
    assert "Accounts: 200" in first.out
    assert "gaspos-demo" in first.out
    second = gaspos("--lang", "en", "--demo", "demo", "show")
    assert second.out == first.out  # the same hall, not a second one
    # with no screen to open the counter app on, ``gaspos --demo`` says so and shows the hall
    headless = gaspos("--lang", "en", "--demo", DISPLAY="", WAYLAND_DISPLAY="",
                      QT_QPA_PLATFORM="")
    assert headless.code == 0 and "Accounts: 200" in headless.out
    assert "No graphical display" in headless.out
    quote = gaspos("--demo", "tariff", "quote", "--account", "370402000001", "--volume", "10",
                   "--json")
    assert quote.code == 0 and quote.json()["parts"][0]["unit_price"] == "2.80"
    shown = gaspos("--demo", "--operator", "2001", "account", "show", "370402000001",
                   "--reveal", "--json", GASPOS_PASSWORD="gaspos-demo")
    assert shown.code == 0 and shown.json()["revealed"] is True
    refused = gaspos("--demo", "demo", "seed")
    assert refused.code == 1  # the demo seed never fills a database that has data
    card = isolated_home / "data" / "gaspos" / "demo" / "demo-cards" / "IC0000000001.bin"
    assert str(card) in first.out
    read = gaspos("--demo", "card", "read", "--reader", f"sim:{card}", "--json")
    assert read.code == 0, read.err
    assert (read.json()["account_no"], read.json()["checks"]) == ("370402000001", [])
    cards = gaspos("--demo", "--operator", "1001", "account", "show", "370402000001", "--json",
                   GASPOS_PASSWORD="gaspos-demo").json()["cards"]
    assert [c["card_no"] for c in cards] == ["IC0000000001"]
    found = gaspos("--demo", "--operator", "1001", "account", "find", "3704020001", "--json",
                   GASPOS_PASSWORD="gaspos-demo")
    assert found.code == 0 and len(found.json()) == 50  # at most 50, masked
    assert all("*" in h["name"] for h in found.json())
    short = gaspos("--demo", "--operator", "1001", "account", "find", "3",
                   GASPOS_PASSWORD="gaspos-demo")
    assert short.code == 2 and "两个字" in short.err


def test_tariff_list_shows_past_current_and_scheduled_versions(ledger: Path) -> None:
    assert gaspos("tariff", "set", "--category", "residential", "--effective", "2099-01-01",
                  "--tiers", "0:3.00,400:3.60").code == 0
    versions = gaspos("tariff", "list", "--json").json()
    assert isinstance(versions, list)
    assert [(v["effective_from"], v["in_effect"]) for v in versions] == [
        ("2025-01-01", True), ("2099-01-01", False)]
    assert versions[0]["household_allowance"] == {"base_size": 4, "per_person": ["100.00"]}
    assert "生效" in gaspos("tariff", "list").out
