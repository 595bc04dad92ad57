"""``gaspos import households``: the mapping saved with the first run, a dry run, the import,
the same file again as a no-op, and a broken file refused with its line and column (exit 2)."""

from __future__ import annotations

from pathlib import Path

from tests.support import households as export
from tests.support.command import gaspos


def test_the_households_come_in_once_from_the_command_line(ledger: Path, tmp_path: Path) -> None:
    data, mapping = tmp_path / "旧系统导出.csv", tmp_path / "旧系统.json"
    data.write_bytes(export.export(25))
    mapping.write_bytes(export.MAPPING)
    dry = gaspos("import", "households", str(data), "--save-mapping", "旧系统",
                 "--mapping-file", str(mapping), "--dry-run", "--json")
    assert dry.code == 0, dry.err
    assert {k: dry.json()[k] for k in ("rows", "new", "cards", "dry_run", "changed_nothing")} == {
        "rows": 25, "new": 25, "cards": 23, "dry_run": True, "changed_nothing": True}
    done = gaspos("import", "households", str(data), "--mapping", "旧系统")
    assert done.code == 0 and "25" in done.out, done.err
    again = gaspos("import", "households", str(data), "--mapping", "旧系统", "--json")
    assert (again.json()["new"], again.json()["unchanged"]) == (0, 25)
    shown = gaspos("account", "show", export.account_no(14), "--json")
    assert shown.json()["opening"]["balance"] == "14.50"
    broken = tmp_path / "broken.csv"
    broken.write_bytes(export.export(30, change={27: {"household_size": "几口"}}))
    refused = gaspos("import", "households", str(broken), "--mapping", "旧系统")
    assert refused.code == 2 and "28" in refused.err and "人口数" in refused.err
    assert gaspos("account", "show", export.account_no(26)).code == 1
