"""``gaspos card lost|found|block|unblock``, ``account edit``, ``account file`` and ``audit``
as clerks, supervisors and administrators meet them."""

from __future__ import annotations

import json
from pathlib import Path

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
