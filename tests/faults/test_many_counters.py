"""Many counters selling on one PostgreSQL at once (issue 16), small: four counter processes,
each with its own counter number, clerk and simulated cards, selling on their own households
and, at two race rounds, two counters on one household at the same moment.  Afterwards
``ledger verify`` passes, every counter's receipt numbers are gapless, every sale sits in
exactly one business day, each account's tier volume is its completed sales, and of every
racing pair exactly one sale completed while the other was refused with nothing half-done.
No timing is asserted: the full-size runs are ``bench/run.py load``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.support import load

pytestmark = pytest.mark.postgres


def test_four_counters_at_once_keep_the_ledger_sound(pg_url: str, tmp_path: Path) -> None:
    hall = load.seed(pg_url, tmp_path, counters=4, own_sales=3, races=2)
    result = load.run_counters(hall)
    findings = load.check(pg_url, tmp_path, hall, result)
    assert findings.problems == ()
    assert findings.refused_races == 4  # two pairs, two rounds: one loser each
    assert findings.completed == 4 * 3 + 4
    assert sorted(findings.receipts) == ["01", "02", "03", "04"]  # who wins a race varies:
    # each sold one before the clock started (load._warm_up), its own 3, and won 0-2 races
    assert all(4 <= n <= 6 for n in findings.receipts.values())
    assert sum(findings.receipts.values()) == 20
    assert all(s.error is None for s in result.sales)

    # the invariants can fail: the same run with a race's refused attempt lost is reported
    without_loser = [s for s in result.sales if not (s.kind == "race" and s.refused)]
    tampered = load.check(pg_url, tmp_path, hall, replace(result, sales=without_loser))
    assert sum("race on" in problem for problem in tampered.problems) == 4
