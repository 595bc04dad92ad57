"""``gaspos card lost|found|block|unblock``, ``account edit``, ``account file`` and ``audit``
as clerks, supervisors and administrators meet them."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.conftest import SUPERVISOR
from tests.support.command import gaspos

ACCOUNT = "370402000001"


def card_no(card: Path) -> str:
    done = gaspos("card", "read", "--reader", f"sim:{card}", "--json")
    assert done.code == 0, done.err
    number: str = done.json()["card_no"]
    return number


def test_a_card_reported_lost_is_refused_and_found_again(clerk: Path) -> None:
    number = card_no(clerk)
    lost = gaspos("card", "lost", number, "--reason", "持卡人来电挂失")
    assert lost.code == 0, lost.err
    assert "挂失" in lost.out or "lost" in lost.out
    read = gaspos("card", "read", "--reader", f"sim:{clerk}", "--json")
    assert [c["code"] for c in read.json()["checks"]] == ["card.lost"]
    sold = gaspos("sell", "--reader", f"sim:{clerk}", "--volume", "10", "--pay", "cash",
                  "--tendered", "100")
    assert sold.code == 1 and "补卡" in sold.err
    assert gaspos("card", "block", number, "--reason", "可疑").code == 1  # a clerk may not
    assert gaspos("card", "lost", "IC404", "--reason", "卡丢了").code == 1
    assert gaspos("card", "found", number).code == 2  # --reason is required
    found = gaspos("card", "found", number, "--reason", "卡已找到")
    assert found.code == 0, found.err
    read = gaspos("card", "read", "--reader", f"sim:{clerk}", "--json")
    assert read.json()["checks"] == []
    blocked = gaspos("card", "block", number, "--reason", "可疑", GASPOS_OPERATOR="2001",
                     GASPOS_PASSWORD=SUPERVISOR)
    assert blocked.code == 0, blocked.err
    assert gaspos("card", "found", number, "--reason", "卡已找到").code == 1
    assert json.dumps(gaspos("card", "read", "--reader", f"sim:{clerk}", "--json").json()[
        "checks"][0]["code"]) == '"card.blacklisted"'


def test_account_edit_changes_details_and_terms_from_a_date(ledger: Path) -> None:
    done = gaspos("account", "edit", ACCOUNT, "--phone", "13900001111", "--household-size",
                  "5", "--effective", "2099-01-01", "--reason", "户口迁入")
    assert done.code == 0, done.err
    assert "2099-01-01" in done.out
    shown = gaspos("account", "show", ACCOUNT, "--json").json()
    assert shown["household_size"] == 5 and shown["phone"] == "139****1111"
    edited = [e for e in shown["events"] if e["action"] == "account_edited"]
    assert edited[0]["details"]["household_size_before"] == 3
    unchanged = gaspos("account", "edit", ACCOUNT, "--reason", "无变化")
    assert unchanged.code == 1 and "account.unchanged" not in unchanged.err
    assert gaspos("account", "edit", "370499999999", "--phone", "13900001111", "--reason",
                  "换号").code == 1
    assert gaspos("account", "edit", ACCOUNT, "--category", "x", "--reason", "改").code == 2
    assert gaspos("account", "edit", ACCOUNT, "--category", "commercial", "--effective",
                  "2026-02-30", "--reason", "改").code == 2
    assert gaspos("account", "edit", ACCOUNT, "--category", "commercial", "--effective",
                  "2098-01-01", "--reason", "改").code == 1  # before the recorded change


def test_audit_list_and_export(clerk: Path, tmp_path: Path) -> None:
    number = card_no(clerk)
    assert gaspos("card", "lost", number, "--reason", "持卡人来电挂失").code == 0
    denied = gaspos("audit", "list")  # the clerk
    assert denied.code == 1
    as_supervisor = {"GASPOS_OPERATOR": "2001", "GASPOS_PASSWORD": SUPERVISOR}
    listed = gaspos("audit", "list", "--account", ACCOUNT, "--action", "card_lost", "--json",
                    **as_supervisor)
    assert listed.code == 0, listed.err
    assert [(e["actor"], e["details"]["card_no"]) for e in listed.json()] == [("1001", number)]
    text = gaspos("audit", "list", "--staff", "1001", "--from", "2020-01-01", **as_supervisor)
    assert "卡已挂失" in text.out and "card_no=" in text.out
    assert gaspos("audit", "list", "--action", "nonsense", **as_supervisor).code == 2
    assert gaspos("audit", "list", "--from", "2026-13-01", **as_supervisor).code == 2
    assert gaspos("audit", "list", "--from", "2026-12-02", "--to", "2026-12-01",
                  **as_supervisor).code == 2
    out = tmp_path / "audit.xlsx"
    exported = gaspos("audit", "export", "--out", str(out), "--action", "card_lost",
                      **as_supervisor)
    assert exported.code == 0, exported.err
    sheet = load_workbook(out).active
    assert sheet is not None
    assert [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["card_lost"]


def test_account_file_in_each_format(ledger: Path, tmp_path: Path) -> None:
    for form in ("txt", "xlsx", "pdf"):
        out = tmp_path / f"household.{form}"
        done = gaspos("account", "file", ACCOUNT, "--format", form, "--out", str(out))
        assert done.code == 0, done.err
        assert out.stat().st_size > 0
    text = (tmp_path / "household.txt").read_text("utf-8")
    assert "张*丰" in text and "138****5678" in text
    assert gaspos("account", "file", ACCOUNT, "--format", "txt", "--out",
                  str(tmp_path / "household.txt")).code == 2  # exists: --force to replace
    assert gaspos("account", "file", ACCOUNT, "--format", "doc", "--out",
                  str(tmp_path / "h.doc")).code == 2
    assert gaspos("account", "file", "370499999999", "--out", str(tmp_path / "x.txt")).code == 1
    revealed = gaspos("account", "file", ACCOUNT, "--reveal", "--out", str(tmp_path / "r.txt"))
    assert revealed.code == 0, revealed.err
    assert "13812345678" in (tmp_path / "r.txt").read_text("utf-8")
