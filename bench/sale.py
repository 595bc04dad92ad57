"""A whole cash sale through the services on SQLite and a simulated card — reading and checking
the card, pricing, the card's security code, the awaiting-payment, paid and completed
commits, the card write and its proof — against its floor: the same number of one-row
transactions with bare ``sqlite3`` (full sync, WAL, as the ledger runs) and the same number of
card-file reads and writes as the simulated reader makes.

Also counted: how many transactions and card sessions one sale takes (issue 16 asks which can
go)."""

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
        counts = {"commits": 0}
        event.listen(engine, "commit", lambda _conn: counts.__setitem__(
            "commits", counts["commits"] + 1))
        sessions = _count_card_sessions()
        times = []
        for _ in range(SALES):
            load_meter(svc, counter.reader)
            before = (counts["commits"], sessions["opened"])
            start = time.perf_counter()
            counter.sell("1")
            times.append(time.perf_counter() - start)
            commits = counts["commits"] - before[0]
            card_sessions = sessions["opened"] - before[1]
        ours = statistics.median(times)
        floor_db = _bare_commits(home / "bare.sqlite", commits)
        floor_card = _bare_card(counter.card, card_sessions)
    return [{"what": f"a cash sale ({commits} transactions, {card_sessions} card sessions)",
             "value": ours * 1000, "unit": "ms", "floor": (floor_db + floor_card) * 1000,
             "floor_what": f"{commits} bare sqlite3 commits + {card_sessions} card file "
                           "read/writes"}]


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


def _bare_commits(path: Path, commits: int) -> float:
    """``commits`` one-row transactions, as the ledger's engine makes them."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    runs = []
    for _ in range(SALES):
        start = time.perf_counter()
        for _ in range(commits):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t (v) VALUES ('x')")
            connection.execute("COMMIT")
        runs.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(runs)


def _bare_card(card: Path, sessions: int) -> float:
    """Reading the card file and writing it back once per session."""
    runs = []
    for _ in range(SALES):
        start = time.perf_counter()
        for _ in range(sessions):
            Sle4442.load(card).save(card.with_suffix(".copy"))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)
