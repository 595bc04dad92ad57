"""A whole cash sale through the services on SQLite and a simulated card — reading and checking
the card, pricing, the card's security code, the awaiting-payment, paid and completed
commits, the card write and its proof — against its floor: the same number of one-row
transactions with bare ``sqlite3`` (full sync, WAL, as the ledger runs) and the same number of
card-file reads and writes as the simulated reader makes.

Also counted: how many transactions (and of them commits), SQL statements and card sessions
one sale takes (issue 16 asks which can go), and the sale's CPU time (what caps many counters
on shared CPUs: docs/performance.md "Many counters") against the CPU of its floor."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from drivers.virtual.sle4442 import Sle4442
from pos.services.demo.lab import load_meter
from tests.support.counter import open_counter
from tests.support.services import make_services

SALES = 60


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        svc = make_services(f"sqlite:///{home / 'ledger.sqlite'}", home=home / "counter")
        counter = open_counter(svc, home)
        engine = svc.database._engine  # type: ignore[attr-defined]  # counting, not using
        counts = {"begin": 0, "commit": 0, "statement": 0}

        def count(what: str) -> Any:
            return lambda *_args: counts.__setitem__(what, counts[what] + 1)

        event.listen(engine, "begin", count("begin"))
        event.listen(engine, "commit", count("commit"))
        event.listen(engine, "before_cursor_execute", count("statement"))
        sessions = _count_card_sessions()
        times, cpu = [], []
        for _ in range(SALES):
            load_meter(svc, counter.reader)
            before = (dict(counts), sessions["opened"])
            start, start_cpu = time.perf_counter(), time.process_time()
            counter.sell("1")
            cpu.append(time.process_time() - start_cpu)
            times.append(time.perf_counter() - start)
            shape = {k: counts[k] - before[0][k] for k in counts}
            card_sessions = sessions["opened"] - before[1]
        ours, ours_cpu = statistics.median(times), statistics.median(cpu)
        commits = shape["commit"]
        floor_db, floor_db_cpu = _bare_commits(home / "bare.sqlite", commits)
        floor_card, floor_card_cpu = _bare_card(counter.card, card_sessions)
    floor_what = f"{commits} bare sqlite3 commits + {card_sessions} card file read/writes"
    return [{"what": f"a cash sale ({shape['begin']} transactions, {commits} commits, "
                     f"{card_sessions} card sessions)",
             "value": ours * 1000, "unit": "ms", "floor": (floor_db + floor_card) * 1000,
             "floor_what": floor_what},
            {"what": f"a cash sale, CPU ({shape['statement']} SQL statements)",
             "value": ours_cpu * 1000, "unit": "ms CPU",
             "floor": (floor_db_cpu + floor_card_cpu) * 1000, "floor_what": f"{floor_what}, CPU"}]


def _count_card_sessions() -> dict[str, int]:
    """Count the simulated reader's sessions (each loads and saves the card file)."""
    from drivers.virtual import simulated_reader

    counts = {"opened": 0}
    original = simulated_reader.SimulatedReader.session

    def counting(self: Any) -> Any:
        counts["opened"] += 1
        return original(self)

    simulated_reader.SimulatedReader.session = counting  # type: ignore[method-assign]
    return counts


def _bare_commits(path: Path, commits: int) -> tuple[float, float]:
    """``commits`` one-row transactions, as the ledger's engine makes them (wall, CPU)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    runs, cpu = [], []
    for _ in range(SALES):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(commits):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t (v) VALUES ('x')")
            connection.execute("COMMIT")
        cpu.append(time.process_time() - start_cpu)
        runs.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(runs), statistics.median(cpu)


def _bare_card(card: Path, sessions: int) -> tuple[float, float]:
    """Reading the card file and writing it back once per session (wall, CPU)."""
    runs, cpu = [], []
    for _ in range(SALES):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(sessions):
            Sle4442.load(card).save(card.with_suffix(".copy"))
        cpu.append(time.process_time() - start_cpu)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), statistics.median(cpu)
