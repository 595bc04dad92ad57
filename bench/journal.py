"""Appending to and verifying the journal, against raw SQLite and bare SHA-256."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from db.engine import make_engine
from db.migrate import upgrade
from db.unit_of_work import SqlUnitOfWorkFactory
from pos.domain.journal import EntryKind, JournalDraft, canonical_bytes, verify_chain
from pos.domain.quantities import Money, Volume

APPENDS = 300
VERIFY = 50_000


def _draft(n: int) -> JournalDraft:
    return JournalDraft(kind=EntryKind.TEST, at=datetime.now(UTC), counter_no="01",
                        account_no="370402000001", sale_no=f"GS2026112701{n:06d}",
                        amount=Money(128800), volume=Volume(45000), channel="cash",
                        details={"n": n})


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        uow = SqlUnitOfWorkFactory(engine)
        start = time.perf_counter()
        for n in range(APPENDS):
            with uow(write=True) as work:
                work.journal.append(_draft(n))
                work.commit()
        ours = (time.perf_counter() - start) / APPENDS
        floor = _raw_sqlite_appends(Path(directory) / "raw.sqlite")
        with uow(write=True) as work:  # a bigger journal for verification, one transaction
            for n in range(APPENDS, VERIFY):
                work.journal.append(_draft(n))
            work.commit()
        with uow() as work:
            entries = list(work.journal.entries())
        start = time.perf_counter()
        with uow() as work:
            report = verify_chain(work.journal.entries())
        verify = time.perf_counter() - start
        assert report.intact and report.entries == VERIFY
        start = time.perf_counter()
        for entry in entries:
            hashlib.sha256(canonical_bytes(entry, seq=entry.seq, prev_hash=entry.prev_hash))
        hashing = time.perf_counter() - start
        start = time.perf_counter()
        for entry in entries:
            hashlib.sha256(entry.hash.encode() * 6)
        bare = time.perf_counter() - start
        engine.dispose()
    return [
        {"what": "append one entry (own transaction)", "value": ours * 1000, "unit": "ms",
         "floor": floor * 1000, "floor_what": "raw sqlite3 insert+commit"},
        {"what": f"ledger verify, {VERIFY} entries", "value": verify, "unit": "s",
         "floor": hashing, "floor_what": "canonical form + sha256 only"},
        {"what": f"canonical form + sha256, {VERIFY}", "value": hashing, "unit": "s",
         "floor": bare, "floor_what": "sha256 of 384 bytes only"},
    ]


def _raw_sqlite_appends(path: Path) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE j (seq INTEGER PRIMARY KEY, body TEXT, prev TEXT UNIQUE, "
                       "hash TEXT UNIQUE)")
    start = time.perf_counter()
    prev = "0" * 64
    for n in range(APPENDS):
        body = canonical_bytes(_draft(n), seq=n + 1, prev_hash=prev)
        digest = hashlib.sha256(body).hexdigest()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO j VALUES (?, ?, ?, ?)", (n + 1, body, prev, digest))
        connection.execute("COMMIT")
        prev = digest
    elapsed = (time.perf_counter() - start) / APPENDS
    connection.close()
    return elapsed
