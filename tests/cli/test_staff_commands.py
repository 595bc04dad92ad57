"""``gaspos staff …`` and ``gaspos passwd`` as an administrator and a clerk use them: each
command, its refusals (exit codes, docs/cli.md), and the forced change after a reset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import CLERK, SUPERVISOR
from tests.support.command import ADMIN_PASSWORD, gaspos

AS_CLERK = {"GASPOS_OPERATOR": "1001", "GASPOS_PASSWORD": CLERK}


@pytest.fixture
def staffed(staffed_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the ledger with 9001 (admin), 1001 (clerk), 2001 (supervisor); the
    administrator logged in by environment."""
    path = tmp_path / "ledger.sqlite"
    shutil.copyfile(staffed_ledger, path)
    monkeypatch.setenv("GASPOS_DB", f"sqlite:///{path}")
    monkeypatch.setenv("GASPOS_OPERATOR", "9001")
    monkeypatch.setenv("GASPOS_PASSWORD", ADMIN_PASSWORD)
    return path


def test_list_and_show_the_staff(staffed: Path) -> None:
    listed = gaspos("staff", "list", "--json")
    assert listed.code == 0, listed.err
    rows = {row["staff_no"]: row for row in listed.json()}
    assert set(rows) == {"1001", "2001", "9001"}
    assert (rows["1001"]["role"], rows["1001"]["state"]) == ("clerk", "active")
    assert "password_hash" not in rows["1001"]
    table = gaspos("staff", "list")
    assert "售气员" in table.out and "工号" in table.out
    shown = gaspos("staff", "show", "2001", "--json").json()
    assert (shown["role"], shown["state"], shown["password_due"]) == (
        "supervisor", "active", None)
    assert gaspos("staff", "show", "2001").out.count("\n") >= 6


def test_only_an_administrator_administers(staffed: Path) -> None:
    denied = gaspos("staff", "list", **AS_CLERK)
    assert denied.code == 1
    assert "1001" in denied.err
    assert gaspos("staff", "disable", "2001", **AS_CLERK).code == 1
    assert gaspos("staff", "list", "--json").json()[1]["state"] == "active"


def test_disable_and_enable(staffed: Path) -> None:
    done = gaspos("staff", "disable", "1001")
    assert done.code == 0, done.err
    assert "1001" in done.out
    refused = gaspos("staff", "list", **AS_CLERK)
    assert refused.code == 1 and "停用" in refused.err
    assert gaspos("staff", "show", "1001", "--json").json()["state"] == "disabled"
    assert gaspos("staff", "disable", "1001").code == 1
    assert gaspos("staff", "enable", "1001").code == 0
    assert gaspos("staff", "show", "1001", "--json").json()["state"] == "active"


def test_the_refusals(staffed: Path) -> None:
    myself = gaspos("staff", "disable", "9001")
    assert myself.code == 1 and "自己" in myself.err
    unknown = gaspos("staff", "disable", "7777")
    assert unknown.code == 1 and "7777" in unknown.err
    assert gaspos("staff", "show", "7777").code == 1
    no_role = gaspos("staff", "role", "1001", "boss")
    assert no_role.code == 2 and "boss" in no_role.err
    last = gaspos("staff", "role", "9001", "clerk")
    assert last.code == 1 and "管理员" in last.err
    assert gaspos("staff", "unlock", "1001").code == 1  # not locked


def test_role_changes_and_unlock(staffed: Path) -> None:
    done = gaspos("staff", "role", "1001", "supervisor")
    assert done.code == 0, done.err
    assert gaspos("staff", "show", "1001", "--json").json()["role"] == "supervisor"
    for _ in range(5):
        assert gaspos("staff", "list", GASPOS_OPERATOR="2001", GASPOS_PASSWORD="guess").code
    assert gaspos("staff", "show", "2001", "--json").json()["state"] == "locked"
    assert gaspos("staff", "unlock", "2001").code == 0
    assert gaspos("staff", "show", "2001", "--json").json()["state"] == "active"


def test_a_reset_password_must_be_changed_with_passwd(staffed: Path) -> None:
    reset = gaspos("staff", "reset-password", "1001", "--json")
    assert reset.code == 0, reset.err
    temporary = reset.json()["temporary_password"]
    assert gaspos("staff", "show", "1001", "--json").json()["password_due"] == "reset"
    # the old password is gone; the temporary one opens only gaspos passwd
    assert gaspos("staff", "list", **AS_CLERK).code == 1
    forced = gaspos("staff", "list", GASPOS_OPERATOR="1001", GASPOS_PASSWORD=temporary)
    assert forced.code == 1
    assert "gaspos passwd" in forced.err
    same = gaspos("passwd", "--password-stdin", stdin=temporary + "\n",
                  GASPOS_OPERATOR="1001", GASPOS_PASSWORD=temporary)
    assert same.code == 2
    wrong = gaspos("passwd", "--password-stdin", stdin="new password 2\n",
                   GASPOS_OPERATOR="1001", GASPOS_PASSWORD="not it")
    assert wrong.code == 1
    changed = gaspos("passwd", "--password-stdin", stdin="new password 2\n",
                     GASPOS_OPERATOR="1001", GASPOS_PASSWORD=temporary)
    assert changed.code == 0, changed.err
    shown = gaspos("staff", "show", "1001", "--json").json()
    assert shown["password_due"] is None


def test_a_reset_with_a_given_password_prints_no_password(staffed: Path) -> None:
    reset = gaspos("staff", "reset-password", "2001", "--password-stdin",
                   stdin="temporary 77\n")
    assert reset.code == 0, reset.err
    assert "temporary 77" not in reset.out
    assert "gaspos passwd" in reset.out
    refused = gaspos("staff", "reset-password", "2001", "--password-stdin", stdin="2001\n")
    assert refused.code == 2


def test_passwd_changes_ones_own_password(staffed: Path) -> None:
    changed = gaspos("passwd", "--password-stdin", stdin="supervisor 2026\n",
                     GASPOS_OPERATOR="2001", GASPOS_PASSWORD=SUPERVISOR)
    assert changed.code == 0, changed.err
    assert gaspos("staff", "list", GASPOS_OPERATOR="2001",
                  GASPOS_PASSWORD="supervisor 2026").code == 1  # no permission, but in
    assert gaspos("passwd", "--password-stdin", stdin="x\n").code == 2  # too short
    assert gaspos("passwd", stdin="", GASPOS_OPERATOR="").code == 2
