"""``gaspos keys``, ``card``, ``meter`` and ``readers`` as administrators and clerks meet them."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.virtual.vpcd import VirtualCard
from pos.adapters.key_vault import export_file
from pos.bootstrap.wiring import build
from pos.cli import run
from tests.support.cards import KEYS, card_with_purchases, issued_card
from tests.support.command import ADMIN_PASSWORD, gaspos
from tests.support.pcscd import READER, wait_for_card

PASSPHRASE = "a long key passphrase"


@pytest.fixture
def counter(template_ledger: Path, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ledger with its administrator logged in, and the test key set imported."""
    path = tmp_path / "ledger.sqlite"
    shutil.copyfile(template_ledger, path)
    monkeypatch.setenv("GASPOS_DB", f"sqlite:///{path}")
    monkeypatch.setenv("GASPOS_OPERATOR", "9001")
    monkeypatch.setenv("GASPOS_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("GASPOS_KEY_PASSPHRASE", PASSPHRASE)
    key_file = tmp_path / "test.keys"
    export_file(KEYS, key_file, PASSPHRASE)
    done = gaspos("keys", "import", str(key_file))
    assert done.code == 0, done.err
    return path


def inspect(image: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    """``gaspos card inspect IMAGE --json`` in this process (the exhaustive test runs it often)."""
    code = run(["card", "inspect", str(image), "--json"], build)
    out = capsys.readouterr().out
    document = json.loads(out) if out.strip() else {}
    return code, document


def test_keys_are_created_once_carried_encrypted_and_imported(
        template_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "ledger.sqlite"
    shutil.copyfile(template_ledger, path)
    monkeypatch.setenv("GASPOS_DB", f"sqlite:///{path}")
    monkeypatch.setenv("GASPOS_OPERATOR", "9001")
    monkeypatch.setenv("GASPOS_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("GASPOS_KEY_PASSPHRASE", PASSPHRASE)
    key_file = tmp_path / "utility.keys"
    made = gaspos("--lang", "en", "keys", "init", "--out", str(key_file))
    assert made.code == 0, made.err
    assert key_file.stat().st_mode & 0o077 == 0
    assert "master" not in key_file.read_text() and PASSPHRASE not in key_file.read_text()
    assert gaspos("keys", "init", "--out", str(key_file)).code == 2  # never overwrites
    assert gaspos("keys", "show").code == 1  # nothing imported yet
    wrong = gaspos("keys", "import", str(key_file), GASPOS_KEY_PASSPHRASE="not the one")
    assert wrong.code == 1
    assert gaspos("keys", "import", str(key_file)).code == 0
    fingerprint = re.search(r"[0-9a-f]{16}", gaspos("keys", "show").out)
    assert fingerprint is not None and fingerprint.group() in made.out
    rotated = tmp_path / "rotated.keys"
    assert gaspos("keys", "rotate", "--in", str(key_file), "--out", str(rotated)).code == 0
    assert gaspos("keys", "import", str(rotated)).code == 0
    assert "1, 2" in gaspos("keys", "show").out
    older = gaspos("keys", "import", str(key_file))  # would forget version 2
    assert older.code == 1
    assert gaspos("keys", "init", "--out", str(tmp_path / "x.keys"),
                  GASPOS_KEY_PASSPHRASE="short").code == 2
    clerk = gaspos("staff", "add", "--no", "1001", "--name", "张丽", "--role", "clerk",
                   "--password-stdin", stdin="clerk password\n")
    assert clerk.code == 0
    assert gaspos("keys", "import", str(rotated), GASPOS_OPERATOR="1001",
                  GASPOS_PASSWORD="clerk password").code == 1  # administrators only


def test_card_read_reports_what_the_card_carries_and_every_check(
        counter: Path, tmp_path: Path) -> None:
    card = card_with_purchases(tmp_path / "card.bin", purchases=1)
    done = gaspos("card", "read", "--reader", f"sim:{card}", "--json")
    assert done.code == 0, done.err
    document = done.json()
    for key in ("card_no", "account_no", "meter_no", "purchase_seq", "pending_volume",
                "cumulative_volume", "interrupted_write", "meter", "checks"):
        assert key in document
    assert (document["purchase_seq"], document["pending_volume"],
            document["cumulative_volume"]) == (1, "20.00", "20.00")
    assert set(document["meter"]) >= {"loaded", "remaining", "cumulative_use", "alarms"}
    assert {c["code"] for c in document["checks"]} == {"card.unknown", "card.not_loaded"}
    loaded = gaspos("meter", "load", "--reader", f"sim:{card}", "--use", "5", "--json")
    assert loaded.code == 0, loaded.err
    assert loaded.json()["remaining"] == "15.00"  # 20 loaded, 5 used
    after = gaspos("card", "read", "--reader", f"sim:{card}", "--json").json()
    assert after["meter"]["loaded"] is True
    assert after["pending_volume"] == "0.00"
    chinese = gaspos("card", "read", "--reader", f"sim:{card}")
    assert "IC0000000001" in chinese.out and "未登记" in chinese.out


def test_card_inspect_exit_codes(counter: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    card = card_with_purchases(tmp_path / "card.bin", purchases=2)
    code, document = inspect(card, capsys)
    assert code == 0 and document["interrupted_write"] is False
    damaged = tmp_path / "damaged.bin"
    memory = bytearray(card.read_bytes())
    memory[20] ^= 0x01  # inside the protected header: its checksum no longer holds
    damaged.write_bytes(bytes(memory))
    assert inspect(damaged, capsys)[0] == 3
    short = tmp_path / "short.bin"
    short.write_bytes(b"\x00" * 255)
    assert inspect(short, capsys)[0] == 2
    assert inspect(tmp_path / "missing.bin", capsys)[0] == 2
    assert inspect(tmp_path, capsys)[0] == 2


def test_card_inspect_on_every_single_byte_change(counter: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Exhaustive over the 256 positions (three changes each) through the command itself;
    every value at every position is covered in tests/unit/test_open_card_profile.py."""
    card = card_with_purchases(tmp_path / "card.bin", purchases=3)
    original = card.read_bytes()
    code, fields = inspect(card, capsys)
    assert code == 0
    image = tmp_path / "changed.bin"
    seen = set()
    for position in range(256):
        for value in {original[position] ^ 0x01, original[position] ^ 0xFF, 0x00} - {
                original[position]}:
            changed = bytearray(original)
            changed[position] = value
            image.write_bytes(bytes(changed))
            code, document = inspect(image, capsys)
            if code == 3:
                seen.add("tampered")
            elif document == fields:
                seen.add("same")
            else:
                assert code == 0, (position, value)
                assert document["interrupted_write"] is True, (position, value)
                assert document["purchase_seq"] in (2, 3), (position, value)
                seen.add("interrupted")
    assert seen == {"tampered", "same", "interrupted"}


def test_format_wipes_a_spare_card(counter: Path, tmp_path: Path) -> None:
    card = issued_card(tmp_path / "spare.bin")
    assert gaspos("card", "format", "--reader", f"sim:{card}").code == 1  # not an admin's job
    assert gaspos("staff", "add", "--no", "1001", "--name", "张丽", "--role", "clerk",
                  "--password-stdin", stdin="clerk password\n").code == 0
    done = gaspos("card", "format", "--reader", f"sim:{card}", GASPOS_OPERATOR="1001",
                  GASPOS_PASSWORD="clerk password")
    assert done.code == 0, done.err
    assert gaspos("card", "read", "--reader", f"sim:{card}").code == 1  # carries no account


@pytest.mark.usefixtures("pcscd")
def test_readers_and_card_read_through_pcscd(counter: Path, tmp_path: Path) -> None:
    listed = gaspos("readers")
    assert READER in listed.out
    card = VirtualCard(card_with_purchases(tmp_path / "card.bin", purchases=1))
    card.insert()
    try:
        done = gaspos("card", "read", "--reader", f"pcsc:{re.escape(READER)}", "--json")
        assert done.code == 0, done.err
        assert done.json()["purchase_seq"] == 1
    finally:
        card.remove()
        wait_for_card(present=False)
    empty = gaspos("--lang", "en", "card", "read", "--reader", f"pcsc:{re.escape(READER)}")
    assert empty.code == 1 and "insert" in empty.err


@pytest.mark.usefixtures("pcscd")
def test_dev_virtual_card_inserts_a_card_file_until_interrupted(
        counter: Path, tmp_path: Path) -> None:
    image = card_with_purchases(tmp_path / "card.bin", purchases=2)
    process = subprocess.Popen([sys.executable, "-m", "pos.app", "--lang", "en", "dev",
                                "virtual-card", str(image)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_for_card(present=True)
        done = gaspos("card", "read", "--reader", f"pcsc:{re.escape(READER)}", "--json")
        assert done.code == 0, done.err
        assert done.json()["purchase_seq"] == 2
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "Ctrl-C" in out
    wait_for_card(present=False)
