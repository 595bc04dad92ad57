"""Files and odd input at the command line: exports never overwrite or write through a link,
files are their owner's alone, and every odd input gets a clear answer — never a traceback,
never a change."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.support.command import ADMIN_PASSWORD, gaspos, gaspos_process

CASHIER = "cashier password"


def owner_only(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture
def business_date(clerk: Path) -> str:
    """One sale, and the cashier who reports on its day."""
    sold = gaspos("sell", "--reader", f"sim:{clerk}", "--volume", "20", "--pay", "cash",
                  "--json")
    assert sold.code == 0, sold.err
    added = gaspos("staff", "add", "--no", "3001", "--name", "李会计", "--role", "cashier",
                   "--password-stdin", stdin=CASHIER + "\n", GASPOS_OPERATOR="9001",
                   GASPOS_PASSWORD=ADMIN_PASSWORD)
    assert added.code == 0, added.err
    return str(sold.json()["business_date"])


def report(day: str, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    return gaspos("day", "report", "--date", day, "--format", "xlsx", "--out", str(out),
                  *extra, GASPOS_OPERATOR="3001", GASPOS_PASSWORD=CASHIER)


def test_an_export_never_overwrites_nor_follows_a_link(business_date: str,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert report(business_date, out).code == 0
    assert owner_only(out)
    written = out.read_bytes()
    out.write_bytes(b"finance's own notes")
    again = report(business_date, out)
    assert again.code == 2 and "--force" in again.err
    assert out.read_bytes() == b"finance's own notes"  # nothing changed
    assert report(business_date, out, "--force").code == 0
    assert out.read_bytes()[:2] == written[:2] == b"PK"
    # a link planted where the report goes: never written through
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "linked.xlsx"
    link.symlink_to(precious)
    assert report(business_date, link).code == 2
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert report(business_date, link, "--force").code == 0
    assert precious.read_text(encoding="utf-8") == "keep me"  # the link was replaced
    assert not link.is_symlink() and owner_only(link)


def test_a_backup_never_writes_through_a_dangling_link(ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "stolen.sqlite"
    target.parent.mkdir()
    link = tmp_path / "backup.sqlite"
    link.symlink_to(target)
    refused = gaspos("db", "backup", "--out", str(link))
    assert refused.code == 2 and "backup.sqlite" in refused.err
    assert not target.exists()
    done = gaspos("db", "backup", "--out", str(tmp_path / "real.sqlite"))
    assert done.code == 0, done.err
    assert owner_only(tmp_path / "real.sqlite")


def test_a_new_ledger_and_the_log_are_their_owners_alone(isolated_home: Path,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "new" / "ledger.sqlite"
    assert gaspos_process("--db", f"sqlite:///{path}", "db", "upgrade").code == 0  # logs
    assert owner_only(path)
    logs = list((isolated_home / "state").rglob("gaspos.log"))
    assert logs and all(owner_only(log) for log in logs)


def test_the_log_is_set_up_when_a_command_runs_not_for_help(isolated_home: Path,
                                                           tmp_path: Path) -> None:
    assert gaspos_process("--help").code == 0
    assert not list((isolated_home / "state").rglob("gaspos.log"))
    path = tmp_path / "ledger.sqlite"
    assert gaspos_process("--db", f"sqlite:///{path}", "db", "upgrade").code == 0
    assert list((isolated_home / "state").rglob("gaspos.log"))  # set up before the command


def test_bytes_that_are_not_text_get_a_clear_answer(ledger: Path) -> None:
    odd = os.fsdecode(b"\xff\xfe")  # what a terminal in another encoding hands over
    for args in (("account", "show", odd), ("tariff", "quote", "--account", odd, "--volume",
                                            "3"), (odd,)):
        done = gaspos(*args)  # and no traceback (the helper checks)
        assert done.code == 2, (args, done.err)
        assert "\\xff\\xfe" in done.err


def test_digits_of_other_scripts_are_not_volumes(ledger: Path) -> None:
    for volume in ("٣٠", "३०", "３０"):  # Arabic-Indic, Devanagari, full-width
        done = gaspos("tariff", "quote", "--account", "370402000001", "--volume", volume)
        assert done.code == (0 if volume == "３０" else 2), (volume, done.err)


def test_a_config_whose_limits_contradict_is_refused(ledger: Path, tmp_path: Path) -> None:
    config = tmp_path / "gaspos.toml"
    config.write_text('[sale]\nmin_volume = "50"\nmax_volume = "10"\n', encoding="utf-8")
    done = gaspos("--config", str(config), "tariff", "list")
    assert done.code == 2 and "sale.min_volume" in done.err


def test_a_print_job_held_by_a_killed_process_is_named(clerk: Path, tmp_path: Path) -> None:
    paper = tmp_path / "paper.escpos"
    killed = gaspos("--printer", f"file:{paper}", "sell", "--reader", f"sim:{clerk}",
                    "--volume", "10", "--pay", "cash", GASPOS_FAULT="kill@print_sending")
    assert killed.code < 0  # SIGKILL while the receipt was being sent
    retry = gaspos("--printer", f"file:{paper}", "--lang", "en", "printer", "retry")
    assert retry.code == 1
    assert "held by the process" in retry.err and "after" in retry.err


def test_the_demo_only_ever_touches_its_own_database(isolated_home: Path,
                                                    tmp_path: Path) -> None:
    named = tmp_path / "counter-ledger.sqlite"
    done = gaspos("--demo", "--lang", "en", "demo", "show", GASPOS_DB=f"sqlite:///{named}")
    assert done.code == 0, done.err
    assert "not touched" in done.err
    assert not named.exists()


def test_opening_a_day_before_the_counter_is_set_up_says_what_is_missing(
        isolated_home: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    assert gaspos("--db", url, "db", "upgrade").code == 0
    assert gaspos("--db", url, "staff", "add", "--no", "9001", "--name", "周敏", "--role",
                  "admin", "--password-stdin", stdin=ADMIN_PASSWORD + "\n").code == 0
    assert gaspos("--db", url, "staff", "add", "--no", "3001", "--name", "李", "--role",
                  "cashier", "--password-stdin", stdin=CASHIER + "\n", GASPOS_OPERATOR="9001",
                  GASPOS_PASSWORD=ADMIN_PASSWORD).code == 0
    opened = gaspos("--db", url, "day", "open", GASPOS_OPERATOR="3001", GASPOS_PASSWORD=CASHIER)
    assert opened.code == 1
    assert "gaspos org company" in opened.err


def test_a_torn_card_restored_at_the_command_line(clerk: Path) -> None:
    restored = gaspos("--lang", "en", "card", "restore", "--reader", f"sim:{clerk}",
                      "--reason", "核对卡片", "--approver", "2001")
    assert restored.code == 0, restored.err
    assert "already carries" in restored.out  # a card as the ledger knows it: nothing written
    alone = gaspos("card", "restore", "--reader", f"sim:{clerk}", "--reason", "核对卡片",
                   "--approver", "1001", GASPOS_APPROVER_PASSWORD="clerk password")
    assert alone.code == 1
