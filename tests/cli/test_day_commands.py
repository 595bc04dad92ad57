"""``gaspos day …``, ``refund`` and ``adjust`` as a cashier uses them: the command line, a file
printer, the exports finance opens (docs/cli.md: exit codes, JSON keys)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.support.command import ADMIN_PASSWORD, Result, gaspos
from tests.support.escpos_decoder import decode

CASHIER = "cashier password"


@pytest.fixture
def cashier(clerk: Path) -> dict[str, str]:
    added = gaspos("staff", "add", "--no", "3001", "--name", "李会计", "--role", "cashier",
                   "--password-stdin", stdin=CASHIER + "\n", GASPOS_OPERATOR="9001",
                   GASPOS_PASSWORD=ADMIN_PASSWORD)
    assert added.code == 0, added.err
    return {"GASPOS_OPERATOR": "3001", "GASPOS_PASSWORD": CASHIER}


def as_cashier(env: dict[str, str], *args: str) -> Result:
    return gaspos(*args, **env)


def test_a_cashier_settles_closes_deposits_and_reports(clerk: Path, cashier: dict[str, str],
                                                       tmp_path: Path) -> None:
    sold = gaspos("sell", "--reader", f"sim:{clerk}", "--volume", "20", "--pay", "cash",
                  "--tendered", "60", "--json")
    assert sold.code == 0, sold.err
    order_no = sold.json()["no"]
    shown = as_cashier(cashier, "day", "show", "--json").json()
    assert (shown["state"], shown["expected"], shown["channels"]) == (
        "open", "56.00", {"cash": "56.00"})
    typo = as_cashier(cashier, "day", "settle", "--counted", "100:x")
    assert typo.code == 2 and "100:x" in typo.err
    short = as_cashier(cashier, "day", "settle", "--counted", "50:1,5:1")
    assert short.code == 1 and "原因" in short.err
    assert as_cashier(cashier, "day", "show", "--json").json()["state"] == "open"
    settled = as_cashier(cashier, "day", "settle", "--counted", "50:1,5:1,1:1", "--json")
    assert settled.code == 0, settled.err
    document = settled.json()
    assert (document["state"], document["expected"], document["counted"],
            document["difference"]) == ("settled", "56.00", "56.00", "0.00")
    assert document["denominations"] == [
        {"value": "50", "pieces": 1, "subtotal": "50.00"},
        {"value": "5", "pieces": 1, "subtotal": "5.00"},
        {"value": "1", "pieces": 1, "subtotal": "1.00"}]
    paper = tmp_path / "close.escpos"
    closed = as_cashier(cashier, "--printer", f"file:{paper}", "day", "close", "--keep-float",
                        "6", "--json")
    assert closed.code == 0, closed.err
    close = closed.json()
    assert (close["state"], close["kept_float"], close["deposit_due"]) == ("closed", "6.00",
                                                                           "50.00")
    printed = decode(paper.read_bytes())
    assert close["chain_head"][:16] in printed.text.replace("\n", "")
    business_date = close["business_date"]
    # the next customer, after the close: the sale says which business day it belongs to
    assert gaspos("meter", "load", "--reader", f"sim:{clerk}").code == 0
    late = gaspos("--lang", "en", "sell", "--reader", f"sim:{clerk}", "--volume", "10",
                  "--pay", "cash", "--tendered", "30")
    assert late.code == 0, late.err
    assert "booked to business day" in late.out and business_date not in late.out
    wrong = as_cashier(cashier, "day", "deposit", "--slip", "JK-1", "--amount", "56",
                       "--date", business_date)
    assert wrong.code == 1 and "50.00" in wrong.err
    deposit = as_cashier(cashier, "day", "deposit", "--slip", "JK-1", "--amount", "50",
                         "--date", business_date, "--json")
    assert deposit.code == 0, deposit.err
    assert deposit.json()["days"] == [{"counter": "01", "business_date": business_date}]
    out = tmp_path / "report.xlsx"
    report = as_cashier(cashier, "day", "report", "--date", business_date, "--format", "xlsx",
                        "--out", str(out))
    assert report.code == 0, report.err
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row if c is not None]
    assert any(str(c) in ("56", "56.0", "56.00") for c in cells)
    pdf = tmp_path / "report.pdf"
    assert as_cashier(cashier, "day", "report", "--date", business_date, "--format", "pdf",
                      "--out", str(pdf)).code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    text = as_cashier(cashier, "day", "report", "--date", business_date)
    assert text.code == 0 and "56.00" in text.out
    verified = gaspos("ledger", "verify", "--json").json()
    assert (verified["ok"], verified["days_checked"]) == (True, 1)
    # a correction of the closed day goes into the next one
    adjusted = gaspos("adjust", "--amount", "-1", "--channel", "cash", "--corrects", order_no,
                      "--reason", "多收一元", "--approver", "2001", "--json")
    assert adjusted.code == 0, adjusted.err
    [entry] = adjusted.json()["entries"]
    assert entry["amount"] == "-1.00" and entry["business_date"] != business_date
    assert gaspos("ledger", "verify").code == 0


def test_money_only_commands_refuse_bad_input_and_change_nothing(clerk: Path) -> None:
    """An overpayment refund gives back at most what the sale took on that channel (the
    customer paid the sale twice by WeChat: the second charge goes back, a third never)."""
    sold = gaspos("sell", "--reader", f"sim:{clerk}", "--volume", "10", "--pay", "wechat",
                  "--ref", "4200000001202611270001", "--json")
    order_no = sold.json()["no"]
    for args, code in [
        (("adjust", "--amount", "abc", "--channel", "cash", "--corrects", order_no,
          "--reason", "错", "--approver", "2001"), 2),
        (("adjust", "--amount", "1", "--channel", "paypal", "--corrects", order_no,
          "--reason", "更正", "--approver", "2001"), 2),
        (("adjust", "--amount", "1", "--channel", "cash", "--corrects", "GS404",
          "--reason", "更正", "--approver", "2001"), 1),
        (("refund", order_no, "--reason", "退款", "--approver", "2001"), 1),
        (("refund", order_no, "--reason", "退款", "--approver", "2001", "--amount", "5"), 2),
    ]:
        done = gaspos(*args)
        assert done.code == code, (args, done.err)
    on_cash = gaspos("refund", order_no, "--reason", "重复支付", "--approver", "2001",
                     "--amount", "28", "--channel", "cash")
    assert on_cash.code == 1 and "0.00" in on_cash.err  # nothing was taken in cash
    overpaid = gaspos("refund", order_no, "--reason", "重复支付", "--approver", "2001",
                      "--amount", "28", "--channel", "wechat", "--ref", "4200000001", "--json")
    assert overpaid.code == 0, overpaid.err
    assert [(e["kind"], e["amount"]) for e in overpaid.json()["entries"]] == [
        ("adjustment", "28.00"), ("refund", "-28.00")]
    again = gaspos("refund", order_no, "--reason", "重复支付", "--approver", "2001",
                   "--amount", "1", "--channel", "wechat", "--ref", "4200000002")
    assert again.code == 1, again.err
    shown = gaspos("day", "show", "--json", GASPOS_OPERATOR="2001",
                   GASPOS_PASSWORD="supervisor password").json()
    assert shown["channels"] == {"wechat": "28.00"}
