"""Finance's month through the ``gaspos`` command (docs/cli.md: JSON keys, exit codes)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.support.command import ADMIN_PASSWORD, gaspos

DATA = Path(__file__).parent.parent / "data" / "statements"
FINANCE = "finance password"


@pytest.fixture
def finance(ledger: Path) -> dict[str, str]:
    added = gaspos("staff", "add", "--no", "4001", "--name", "陈静", "--role", "finance",
                   "--password-stdin", stdin=FINANCE + "\n", GASPOS_OPERATOR="9001",
                   GASPOS_PASSWORD=ADMIN_PASSWORD)
    assert added.code == 0, added.err
    return {"GASPOS_OPERATOR": "4001", "GASPOS_PASSWORD": FINANCE}


def test_finance_imports_reconciles_resolves_and_locks(finance: dict[str, str],
                                                       tmp_path: Path) -> None:
    history = gaspos("import", "history", str(DATA / "ledger.json"), "--json", **finance)
    assert history.code == 0, history.err
    assert history.json() == {"counter": "01", "days": 26, "entries": 197, "deposits": 26,
                              "sales": 97, "first": "2025-03-01", "last": "2025-03-31"}
    again = gaspos("import", "history", str(DATA / "ledger.json"), **finance)
    assert again.code == 1 and "2025-03-01" in again.err
    for name, form in (("wechat_trade_bill_202503.csv", "wechat-all"),
                       ("alipay_business_detail_202503.csv", "alipay-detail"),
                       ("bank_statement_202503.csv", "bank-csv")):
        done = gaspos("statements", "import", str(DATA / name), "--json", **finance)
        assert done.code == 0, done.err
        document = done.json()
        assert document["format"] == form and document["new_rows"] == document["rows"]
        assert len(document["file_sha256"]) == 64 and document["totals"]
        twice = gaspos("statements", "import", str(DATA / name), "--json", **finance).json()
        assert (twice["new_rows"], twice["duplicate_rows"]) == (0, document["rows"])
    export = tmp_path / "march.xlsx"
    run = gaspos("reconcile", "--month", "2025-03", "--json", "--export", str(export),
                 **finance)
    assert run.code == 0, run.err
    month = run.json()
    assert month["month"] == "2025-03" and len(month["open_items"]) == 3
    channels = {c["channel"]: c for c in month["channels"]}
    assert channels["wechat"]["statement_only"] == 1 and channels["alipay"]["ledger_only"] >= 1
    first = next(i for i in month["items"] if i["id"] == month["open_items"][0])
    assert set(first) >= {"id", "kind", "channel", "reference", "statement_amount",
                          "ledger_amount", "difference", "status"}
    book = openpyxl.load_workbook(io.BytesIO(export.read_bytes()))
    assert len(book.worksheets) == 2
    refused = gaspos("month", "lock", "2025-03", **finance)
    assert refused.code == 1 and "2025-03" in refused.err
    bad = gaspos("reconcile", "resolve", first["id"], "--action", "link", "--note", "更正",
                 **finance)
    assert bad.code == 2  # link needs --entry
    for key in month["open_items"]:
        done = gaspos("reconcile", "resolve", key, "--action", "explain", "--note",
                      "已查明原因并处理", **finance)
        assert done.code == 0, done.err
    assert gaspos("month", "lock", "2025-03", **finance).code == 0
    shown = gaspos("month", "show", "2025-03", "--json", **finance).json()
    assert shown["state"] == "locked" and shown["open_items"] == []
    assert gaspos("reconcile", "--month", "2025-03", **finance).code == 1
    # a locked month is still read and exported (exporting changes nothing)
    exported = tmp_path / "locked.xlsx"
    assert gaspos("reconcile", "--month", "2025-03", "--export", str(exported),
                  **finance).code == 0
    assert gaspos("month", "export", "2025-03", "--out", str(tmp_path / "again.xlsx"),
                  **finance).code == 0
    assert exported.read_bytes()[:2] == b"PK"
    history = gaspos("import", "history", str(DATA / "ledger.json"), **finance)
    assert history.code == 1 and "锁定" in history.err  # nothing goes into a locked month
    assert gaspos("ledger", "verify").code == 0
    summary = tmp_path / "sales.xlsx"
    assert gaspos("month", "report", "2025-03", "--out", str(summary), **finance).code == 0
    sheet = openpyxl.load_workbook(io.BytesIO(summary.read_bytes())).worksheets[0]
    amounts = {row[0]: row[3] for row in sheet.iter_rows(values_only=True)
               if row[0] in ("cash", "unionpay", "wechat", "alipay")}
    assert f"{amounts['wechat']:.2f}" == "7697.60"  # 37 sales less 2 refunds (ledger.json)


@pytest.mark.parametrize(("content", "code"), [
    (b"", 2),
    (b"\xff\xfe garbage \x00\x01", 2),
    ("交易时间,公众账号ID\n`2025-03-01 10:00:00,`wx\n".encode(), 2),
])
def test_a_bad_statement_is_refused_and_changes_nothing(finance: dict[str, str],
                                                        tmp_path: Path, content: bytes,
                                                        code: int) -> None:
    path = tmp_path / "statement.csv"
    path.write_bytes(content)
    done = gaspos("statements", "import", str(path), **finance)
    assert done.code == code and done.err.strip()
    run = gaspos("reconcile", "--month", "2025-03", "--json", **finance)
    assert run.code == 0 and run.json()["items"] == []


def test_statements_fetch_says_why_without_a_live_provider(finance: dict[str, str]) -> None:
    fetched = gaspos("statements", "fetch", "--channel", "wechat", "--month", "2025-03",
                     **finance)
    assert fetched.code == 1
    assert "docs/payments.md" in fetched.err
    wrong = gaspos("statements", "fetch", "--channel", "cash", "--month", "2025-03", **finance)
    assert wrong.code == 2
