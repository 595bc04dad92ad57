"""Importing a previous system's history: 100,000 past sales (``GASPOS_BENCH_HISTORY_SALES``)
with their days, through ``import_history`` on a fresh SQLite file.

The history is the month bench/reconcile.py generates (March 2025, 26 business days, one
counter's ``gaspos-history/1`` file: sales by WeChat / Alipay / UnionPay / cash with their
references and fees, one refund per thousand, every day closed and its cash deposited).  Each
sale becomes a sale row with its payment and two journal entries; ``ledger verify`` is run
after the import to prove the chain and the sale rows hold (timed, not a ratio).

Floor: a bare ``json.loads`` of the same file (the best of a few runs).  Before the batched
append (issue 15) the import took about 3 minutes per 100,000 sales, one ORM round trip and
head query per journal entry; the before/after of the sealing and batching is in
bench/README.md "History import".
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from bench.reconcile import COUNTERS, FINANCE, Stopwatch, _services, generate, history_files
from pos.domain.staff import Operator, Role
from pos.services.core.ledger import verify_ledger
from pos.services.records.history_import import import_history

SALES = int(os.environ.get("GASPOS_BENCH_HISTORY_SALES", "100000"))
FLOOR_RUNS = 3


def measure(sales: int, home: Path) -> tuple[Stopwatch, Stopwatch, Stopwatch, int, int]:
    month = generate(sales * len(COUNTERS) * 1000 // 999)  # one counter's share is `sales`
    counter = COUNTERS[0]
    data = history_files(month)[counter]
    del month
    floor = Stopwatch()
    floor.wall = floor.cpu = float("inf")
    for _ in range(FLOOR_RUNS):
        with Stopwatch() as run:
            json.loads(data.decode("utf-8"))
        floor.wall, floor.cpu = min(floor.wall, run.wall), min(floor.cpu, run.cpu)
    svc = _services(home)
    with Stopwatch() as took:
        report = import_history(svc, Operator(FINANCE, "财务", Role.FINANCE), data, counter)
    with Stopwatch() as verified:
        ledger = verify_ledger(svc)
    assert ledger.intact and ledger.sales_checked == report.sales, ledger
    return took, floor, verified, report.sales, len(data)


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as directory:
        took, floor, verified, sales, size = measure(SALES, Path(directory) / "db")
    what = f"import history: {sales:,} past sales, {size / 1e6:.0f} MB JSON"
    return [
        {"what": what, "value": took.wall, "unit": "s", "floor": floor.wall,
         "floor_what": "bare json.loads of the same file"},
        {"what": f"{what}, CPU", "value": took.cpu, "unit": "s", "floor": floor.cpu,
         "floor_what": "bare json.loads of the same file, CPU"},
        {"what": "ledger verify after it (not a ratio)", "value": verified.wall, "unit": "s",
         "floor": verified.wall, "floor_what": "no floor"},
    ]
