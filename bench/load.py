"""Many counters on one PostgreSQL (issue 16): N counter processes selling at once through the
real services (tests/support/load.py: their own households, and two counters racing on one
household at each race round), then every invariant checked; against the floor: a bare
psycopg loop from N processes running the same statements a sale runs — as many transactions,
each with as many SELECTs, SELECT … FOR UPDATEs, INSERTs, UPDATEs and journal advisory locks
as the recorded sale's — on a throwaway cluster (fsync off, as the tests' cluster).

``GASPOS_BENCH_LOAD_COUNTERS`` (default ``4,8,16``), ``GASPOS_BENCH_LOAD_SALES`` (each
counter's own sales, default 20), ``GASPOS_BENCH_LOAD_RACES`` (race rounds, default 2)."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from tests.support import load, postgres

JOURNAL_LOCK_KEY = 0x67_61_73_70_6F_73  # the journal's (db/repositories/journal.py)


def run() -> list[dict[str, object]]:
    sizes = [int(n) for n in os.environ.get("GASPOS_BENCH_LOAD_COUNTERS", "4,8,16").split(",")]
    own_sales = int(os.environ.get("GASPOS_BENCH_LOAD_SALES", "20"))
    races = int(os.environ.get("GASPOS_BENCH_LOAD_RACES", "2"))
    rows: list[dict[str, object]] = []
    with postgres.running_cluster() as cluster:
        for counters in sizes:
            with cluster.database() as url, tempfile.TemporaryDirectory() as directory:
                hall = load.seed(url, Path(directory), counters=counters,
                                 own_sales=own_sales, races=races)
                result = load.run_counters(hall)
                findings = load.check(url, Path(directory), hall, result)
                floor = _floor(url, counters, len(result.completed) // counters,
                               result.shape)
            ours = result.sales_per_second
            print(f"  {counters} counters: {len(result.completed)} sales in "
                  f"{result.seconds:.1f} s = {ours:.1f} sales/s; p50 "
                  f"{result.latency(0.5) * 1000:.0f} ms, p99 {result.latency(0.99) * 1000:.0f} ms;"
                  f" {result.transactions_per_sale:.0f} transactions ({result.commits_per_sale:.0f}"
                  f" commits) a sale; races lost cleanly {findings.refused_races}; floor "
                  f"{floor:.1f} sales/s; invariants "
                  f"{'hold' if not findings.problems else findings.problems}")
            rows.append({"what": f"{counters} counters, ms of wall time per sale "
                                 f"({ours:.1f} sales/s, p50 {result.latency(0.5) * 1000:.0f} ms)",
                         "value": 1000 / ours, "unit": "ms", "floor": 1000 / floor,
                         "floor_what": f"bare psycopg, same statements, {floor:.0f} sales/s"})
    return rows


def _floor(url: str, counters: int, sales: int,
           shape: list[dict[str, int]]) -> float:
    """Sales per second of ``counters`` processes each running ``sales`` times the recorded
    sale's transactions with bare psycopg."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE floor_rows (id int PRIMARY KEY, v bigint NOT NULL)")
        conn.execute("CREATE TABLE floor_log (id bigserial PRIMARY KEY, counter int, "
                     "v text NOT NULL)")
        conn.execute("INSERT INTO floor_rows SELECT g, 0 FROM generate_series(1, %s) g",
                     (counters,))
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(counters + 1)
    done = context.Queue()
    processes = [context.Process(target=_bare_counter, args=(dsn, c, sales, shape, start, done))
                 for c in range(1, counters + 1)]
    for process in processes:
        process.start()
    start.wait(timeout=300)
    began = time.perf_counter()
    for _ in processes:
        done.get(timeout=900)
    seconds = time.perf_counter() - began
    for process in processes:
        process.join(timeout=60)
    return counters * sales / seconds


def _bare_counter(dsn: str, counter: int, sales: int, shape: list[dict[str, int]],
                  start: Any, done: Any) -> None:
    with psycopg.connect(dsn) as conn:
        start.wait(timeout=300)
        for _ in range(sales):
            for transaction in shape:
                with conn.cursor() as cur:
                    for _ in range(transaction["lock"]):
                        cur.execute("SELECT pg_advisory_xact_lock(%s)", (JOURNAL_LOCK_KEY,))
                    for _ in range(transaction["for_update"]):
                        cur.execute("SELECT v FROM floor_rows WHERE id = %s FOR UPDATE",
                                    (counter,))
                    for _ in range(transaction["select"] + transaction["other"]):
                        cur.execute("SELECT v FROM floor_rows WHERE id = %s", (counter,))
                        cur.fetchall()
                    for _ in range(transaction["insert"]):
                        cur.execute("INSERT INTO floor_log (counter, v) VALUES (%s, %s)",
                                    (counter, "x" * 200))
                    for _ in range(transaction["update"] + transaction["delete"]):
                        cur.execute("UPDATE floor_rows SET v = v + 1 WHERE id = %s", (counter,))
                conn.commit()
    done.put(counter)
