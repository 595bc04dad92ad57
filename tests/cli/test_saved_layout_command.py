"""``gaspos statements import`` reads a bank layout no built-in format knows through the saved
mapping whose header row the file has, without being told its name (docs/reconciliation.md)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.command import ADMIN_PASSWORD, gaspos

BANKS = Path(__file__).parent.parent / "data" / "statements" / "banks"
BANK_NAME = "某某村镇银行"


def test_gaspos_reads_a_saved_layout_by_its_header(ledger: Path, tmp_path: Path) -> None:
    added = gaspos("staff", "add", "--no", "4001", "--name", "陈静", "--role", "finance",
                   "--password-stdin", stdin="finance password\n", GASPOS_OPERATOR="9001",
                   GASPOS_PASSWORD=ADMIN_PASSWORD)
    assert added.code == 0, added.err
    who = {"GASPOS_OPERATOR": "4001", "GASPOS_PASSWORD": "finance password"}
    definition = tmp_path / "bank.json"
    definition.write_text(json.dumps({
        "source": "bank", "columns": {"入账日": "date", "时刻": "time", "进账": "credit",
                                      "出账": "debit", "结余": "balance", "单号": "provider_ref"},
        "header": ["入账日", "时刻", "进账", "出账", "结余", "付款方", "说明", "单号"]},
        ensure_ascii=False), encoding="utf-8")
    saved = gaspos("statements", "mapping", BANK_NAME, str(definition), **who)
    assert saved.code == 0, saved.err
    done = gaspos("statements", "import", str(BANKS / "unlisted_202503.csv"), "--json", **who)
    assert done.code == 0, done.err
    assert done.json()["format"] == f"mapped:{BANK_NAME}" and done.json()["new_rows"] == 4
