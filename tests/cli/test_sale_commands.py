"""``gaspos card issue``, ``sell``, ``sale …``, ``card replace`` and ``meter change`` as a clerk
and a supervisor use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.command import Result, gaspos

CLERK = "clerk password"  # as tests/cli/conftest.py made the clerk


def sell(card: Path, *args: str, **env: str) -> Result:
    return gaspos("sell", "--reader", f"sim:{card}", *args, **env)


def test_sell_prints_the_sale_with_change_and_first_use(clerk: Path) -> None:
    done = sell(clerk, "--volume", "450", "--pay", "cash", "--tendered", "1300", "--json")
    assert done.code == 0, done.err
    sale = done.json()
    for key in ("no", "state", "account_no", "volume", "amount", "channel", "payments",
                "receipt_no", "business_date", "change", "first_use"):
        assert key in sale
    assert (sale["state"], sale["volume"], sale["amount"], sale["change"]) == (
        "completed", "450.00", "1288.00", "12.00")
    assert (sale["channel"], sale["first_use"], sale["receipt_no"]) == ("cash", True, 1)
    assert sale["payments"] == [{"channel": "cash", "amount": "1288.00", "ref": None,
                                 "state": "confirmed", "terminal": None, "voucher": None}]
    assert sale["no"].startswith("GS") and sale["no"].endswith("010001")
    chinese = sell(clerk, "--volume", "10", "--pay", "cash")
    assert chinese.code == 1
    assert "请先将卡插入燃气表" in chinese.err
    assert gaspos("meter", "load", "--reader", f"sim:{clerk}").code == 0
    card_paid = sell(clerk, "--volume", "10", "--pay", "unionpay", "--ref", "REF123456",
                     "--terminal", "T01", "--voucher", "000123", "--json")
    assert card_paid.code == 0, card_paid.err
    assert card_paid.json()["payments"][0]["ref"] == "REF123456"
    listed = gaspos("sale", "list", "--json").json()
    assert [s["receipt_no"] for s in listed] == [1, 2]
    assert gaspos("sale", "show", listed[1]["no"]).code == 0


@pytest.mark.parametrize("args", [
    ("--volume", "abc", "--pay", "cash"),
    ("--volume", "-5", "--pay", "cash"),
    ("--volume", "10", "--amount", "50", "--pay", "cash"),
    ("--pay", "cash"),
    ("--volume", "10"),
    ("--volume", "10", "--pay", "bitcoin"),
    ("--volume", "10", "--pay", "wechat"),
    ("--volume", "10", "--split", "cash100"),
    ("--volume", "10", "--split", "cash:20,wechat:9:134567890123451111"),  # 29 ≠ 28
    ("--volume", "10", "--pay", "cash", "--tendered", "1"),
    ("--volume", "0.5", "--pay", "cash"),
    ("--volume", "10.5", "--pay", "cash"),
])
def test_malformed_sales_are_refused_with_exit_2_and_nothing_sold(
        clerk: Path, args: tuple[str, ...]) -> None:
    done = sell(clerk, *args)
    assert done.code == 2, (done.code, done.err)
    assert done.err.strip()
    assert gaspos("sale", "list", "--json").json() == []


def test_a_clerk_cannot_void_alone_a_supervisor_can(clerk: Path) -> None:
    sold = sell(clerk, "--volume", "10", "--pay", "cash", "--json").json()
    alone = gaspos("sale", "void", sold["no"], "--reader", f"sim:{clerk}", "--reason", "test",
                   "--approver", "1001", GASPOS_APPROVER_PASSWORD=CLERK)
    assert alone.code == 1
    done = gaspos("sale", "void", sold["no"], "--reader", f"sim:{clerk}", "--reason",
                  "用户改主意", "--approver", "2001")
    assert done.code == 0, done.err
    assert gaspos("sale", "show", sold["no"], "--json").json()["state"] == "voided"
    assert gaspos("ledger", "verify").code == 0


def test_an_interrupted_sale_is_listed_then_rewritten(clerk: Path) -> None:
    killed = sell(clerk, "--volume", "10", "--pay", "cash", GASPOS_FAULT="kill@paid")
    assert killed.code == -9
    pending = gaspos("sale", "list", "--state", "pending", "--json").json()
    assert len(pending) == 1
    read = gaspos("card", "read", "--reader", f"sim:{clerk}", "--json").json()
    assert "sale.unfinished" in {c["code"] for c in read["checks"]}
    assert read["unfinished"]["no"] == pending[0]["no"]
    done = gaspos("sale", "rewrite", pending[0]["no"], "--reader", f"sim:{clerk}")
    assert done.code == 0, done.err
    assert gaspos("sale", "list", "--state", "pending", "--json").json() == []


def test_suspend_then_refund(clerk: Path) -> None:
    sell(clerk, "--volume", "10", "--pay", "cash", GASPOS_FAULT="kill@paid")
    order_no = gaspos("sale", "list", "--state", "pending", "--json").json()[0]["no"]
    assert gaspos("sale", "suspend", order_no, "--reason", "客户离开",
                  "--approver", "2001").code == 0
    assert gaspos("sale", "refund", order_no, "--reason", "客户不要了",
                  "--approver", "2001").code == 0
    assert gaspos("sale", "show", order_no, "--json").json()["state"] == "refunded"
    assert gaspos("sale", "list", "--refund-pending", "--json").json() == []  # cash: done


def test_replacement_card_and_meter_change(clerk: Path, tmp_path: Path) -> None:
    assert sell(clerk, "--volume", "30", "--pay", "cash").code == 0
    assert gaspos("meter", "load", "--reader", f"sim:{clerk}").code == 0
    new_card = tmp_path / "new.bin"
    replaced = gaspos("card", "replace", "--account", "370402000001", "--reader",
                      f"sim:{new_card}")
    assert replaced.code == 0, replaced.err
    old = gaspos("card", "read", "--reader", f"sim:{clerk}", "--json").json()
    assert "card.replaced" in {c["code"] for c in old["checks"]}
    change = ("meter", "change", "--account", "370402000001", "--new-meter", "CH7",
              "--final-reading", "25", "--remaining", "5", "--reader", f"sim:{new_card}")
    unsure = gaspos(*change)  # the new card carries purchase 1 again: did the old meter load it?
    assert unsure.code == 1 and "--old-meter-seq" in unsure.err
    changed = gaspos(*change, "--old-meter-seq", "1")  # the technician read it off the meter
    assert changed.code == 0, changed.err
    after = gaspos("card", "read", "--reader", f"sim:{new_card}", "--json").json()
    assert (after["meter_no"], after["pending_volume"]) == ("CH7", "5.00")
    history = gaspos("account", "show", "370402000001", "--json").json()
    assert [m["state"] for m in history["meters"]] == ["removed", "active"]
    assert [c["state"] for c in history["cards"]] == ["replaced", "active"]
