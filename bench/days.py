"""Settling and closing a business day, and verifying a year's ledger, on a real SQLite file.

* **A day of 2,000 sales** (4,000 journal entries: an advance receipt with its channel and the
  sale) is appended through ``uow.journal.append`` in batches, into a day opened with
  ``day_closing.open_day``; ``settle`` and ``close`` are timed against the bare cost of reading
  that day: a raw ``sqlite3`` SELECT of its rows and a per-channel sum in Python.
* **A year's journal** (300 closed days, ~500,000 entries; 60 days, ~100,000, unless
  ``GASPOS_BENCH_YEAR_DAYS`` says otherwise) is built with properly sealed entries
  (``pos.domain.journal.seal``) bulk-inserted in the repository's column layout, each day opened,
  settled and closed through the services; ``ledger.verify_ledger`` is timed against bare
  SHA-256 of the same canonical bytes plus a raw ``sqlite3`` full scan of the journal.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert

from db.admin import SqlDatabaseAdmin
from db.anchor_file import AnchorFile
from db.engine import make_engine
from db.models import JournalRow
from db.unit_of_work import SqlUnitOfWorkFactory
from drivers.cards.profiles.open_sle4442 import OpenSle4442
from drivers.cards.station import Station
from drivers.display.pole import NoDisplay
from drivers.printer.connection import Connection
from drivers.printer.escpos_printer import make_printer
from drivers.virtual.lab import Lab
from drivers.virtual.meter_sim import MeterSimulator
from pos.adapters.exports import ExportFiles
from pos.adapters.key_vault import DemoKeyVault
from pos.adapters.passwords import Argon2Passwords
from pos.adapters.payments import SimulatedProvider
from pos.adapters.spreadsheets import XlsxReader
from pos.bootstrap import guidance
from pos.bootstrap.faults import NoCheckpoints
from pos.domain.day.business_day import BusinessDay
from pos.domain.day.cash_count import CashCount
from pos.domain.journal import (
    DetailValue,
    EntryKind,
    JournalDraft,
    JournalEntry,
    canonical_bytes,
    seal,
)
from pos.domain.org import Company, Counter, Hall
from pos.domain.quantities import Money, Volume
from pos.domain.staff import Operator, Role, Staff
from pos.services.core import ledger
from pos.services.core.context import Services
from pos.services.core.settings import ServiceSettings
from pos.services.day import closing as day_closing
from receipts.profiles import profile

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHANNELS = ("cash", "unionpay", "wechat", "alipay")
FLOAT = Money(50_000)  # 500 yuan opened with and kept for tomorrow
SALES_PER_DAY = 2_000  # the day that is settled and closed: 4,000 entries
DAYS = 5  # such days, each settled and closed once; medians reported
APPEND_BATCH = 500  # sales per writing unit of work while the day is filled
FLOOR_RUNS = 5
# 60 days (100,080 entries) by default: the whole year, GASPOS_BENCH_YEAR_DAYS=300 (500,400
# entries), takes 5 to 6 minutes to build, most of it in the services' own settle and close
YEAR_DAYS = int(os.environ.get("GASPOS_BENCH_YEAR_DAYS", "60"))
YEAR_SALES_PER_DAY = 834  # 1,668 entries a day: 500,400 in the year
FIRST_DAY = date(2026, 1, 5)
CASHIER = "9001"
JOURNAL = JournalRow.metadata.tables["journal_entries"]


class _Clock:
    """The Clock port, set by the bench (aware times in the counter's timezone)."""

    def __init__(self, at: datetime) -> None:
        self._now = at

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        self._now = at


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as directory:
        rows = _day_bench(Path(directory) / "day")
        rows += _year_bench(Path(directory) / "year")
    return rows


# --- one day of 2,000 sales ----------------------------------------------------------------------
def _day_bench(home: Path) -> list[dict[str, object]]:
    svc, engine, clock, path = _services(home)
    cashier = _setup(svc)
    raw = sqlite3.connect(path)
    settles, closes, both, floors = [], [], [], []
    for n in range(DAYS):
        business_date = FIRST_DAY + timedelta(days=n)
        clock.set(_at(business_date, 8, 30))
        day = day_closing.open_day(svc, cashier, FLOAT)
        assert day.business_date == business_date
        drafts = list(_sale_drafts(day, SALES_PER_DAY))
        for first in range(0, len(drafts), 2 * APPEND_BATCH):
            with svc.uow(write=True) as uow:
                for draft in drafts[first:first + 2 * APPEND_BATCH]:
                    uow.journal.append(draft)
                uow.commit()
        expected = _expected_cash(drafts)
        floors.append(min(_read_day(raw, day) for _ in range(FLOOR_RUNS)))
        clock.set(_at(business_date, 18, 0))
        start = time.perf_counter()
        view = day_closing.settle(svc, cashier, _count(expected))
        settled = time.perf_counter()
        closed = day_closing.close(svc, cashier, FLOAT)
        end = time.perf_counter()
        assert view.expected_cash == expected and closed.close is not None
        assert closed.totals.entries == 2 * SALES_PER_DAY
        settles.append(settled - start)
        closes.append(end - settled)
        both.append(end - start)
    raw.close()
    engine.dispose()
    floor = statistics.median(floors) * 1000
    what = f"day of {SALES_PER_DAY} sales ({2 * SALES_PER_DAY} entries)"
    floor_what = "raw sqlite3 SELECT of the day + sum per channel"
    return [
        {"what": f"settle, {what}", "value": statistics.median(settles) * 1000, "unit": "ms",
         "floor": floor, "floor_what": floor_what},
        {"what": f"close, {what}", "value": statistics.median(closes) * 1000, "unit": "ms",
         "floor": floor, "floor_what": floor_what},
        {"what": f"settle + close, {what}", "value": statistics.median(both) * 1000,
         "unit": "ms", "floor": floor, "floor_what": floor_what},
    ]


def _read_day(raw: sqlite3.Connection, day: BusinessDay) -> float:
    start = time.perf_counter()
    by_channel: dict[str, int] = {}
    for row in raw.execute(
            "SELECT * FROM journal_entries WHERE counter_no = ? AND business_date = ? "
            "ORDER BY seq", (day.counter_no, day.business_date.isoformat())):
        channel = row[9]
        if channel is not None:
            by_channel[channel] = by_channel.get(channel, 0) + row[7]
    elapsed = time.perf_counter() - start
    assert len(by_channel) == len(CHANNELS)
    return elapsed


# --- a year's journal ----------------------------------------------------------------------------
def _year_bench(home: Path) -> list[dict[str, object]]:
    svc, engine, clock, path = _services(home)
    cashier = _setup(svc)
    uow_factory = SqlUnitOfWorkFactory(engine)
    bodies: list[bytes] = []
    start = time.perf_counter()
    in_services = 0.0
    for n in range(YEAR_DAYS):
        business_date = FIRST_DAY + timedelta(days=n)
        clock.set(_at(business_date, 8, 30))
        mark = time.perf_counter()
        day = day_closing.open_day(svc, cashier, FLOAT)
        in_services += time.perf_counter() - mark
        drafts = list(_sale_drafts(day, YEAR_SALES_PER_DAY, history=True))
        with uow_factory(write=True) as uow:
            seq, prev = uow.journal.head()
            rows = []
            for draft in drafts:
                seq += 1
                entry = seal(draft, seq=seq, prev_hash=prev)
                bodies.append(canonical_bytes(entry, seq=seq, prev_hash=prev))
                rows.append(_row(entry))
                prev = entry.hash
            uow.session.execute(insert(JOURNAL), rows)  # Core executemany
            uow.commit()
        clock.set(_at(business_date, 18, 0))
        mark = time.perf_counter()
        day_closing.settle(svc, cashier, _count(_expected_cash(drafts)))
        day_closing.close(svc, cashier, FLOAT)
        in_services += time.perf_counter() - mark
    build = time.perf_counter() - start

    raw = sqlite3.connect(path)
    scan = min(_scan(raw, len(bodies)) for _ in range(FLOOR_RUNS))
    raw.close()
    hashing = min(_hash_all(bodies) for _ in range(FLOOR_RUNS))
    start = time.perf_counter()
    report = ledger.verify_ledger(svc, full=True, record_as="bench")
    verify = time.perf_counter() - start
    assert report.intact, report
    assert report.chain.entries == len(bodies) and report.days_checked == YEAR_DAYS
    incremental = _one_more_day(svc, clock, cashier, uow_factory, YEAR_DAYS)
    engine.dispose()
    size = f"{len(bodies):,} entries, {YEAR_DAYS} closed days"
    return [
        {"what": f"ledger verify --full (chain + closed days), {size}", "value": verify,
         "unit": "s", "floor": scan + hashing,
         "floor_what": "raw sqlite3 full scan + sha256 of the bytes"},
        {"what": f"ledger verify (incremental) after one more closed day of "
                 f"{SALES_PER_DAY} sales", "value": incremental, "unit": "s",
         "floor": 1.0, "floor_what": "the goal: under a second"},
        {"what": f"year build, {size}: total (not a ratio)", "value": build, "unit": "s",
         "floor": build, "floor_what": "no floor"},
        {"what": f"year build: {YEAR_DAYS} × open+settle+close (not a ratio)",
         "value": in_services, "unit": "s", "floor": in_services, "floor_what": "no floor"},
    ]


def _one_more_day(svc: Services, clock: _Clock, cashier: Operator,
                  uow_factory: SqlUnitOfWorkFactory, n: int) -> float:
    """One more busy day (2,000 sales, 4,000 entries) appended and closed after the year's
    checkpoint; the incremental verify that follows, timed."""
    business_date = FIRST_DAY + timedelta(days=n)
    clock.set(_at(business_date, 8, 30))
    day = day_closing.open_day(svc, cashier, FLOAT)
    drafts = list(_sale_drafts(day, SALES_PER_DAY, history=True))
    with uow_factory(write=True) as uow:
        uow.journal.append_many(drafts)
        uow.commit()
    clock.set(_at(business_date, 18, 0))
    day_closing.settle(svc, cashier, _count(_expected_cash(drafts)))
    day_closing.close(svc, cashier, FLOAT)
    start = time.perf_counter()
    report = ledger.verify_ledger(svc, full=False, record_as="bench")
    elapsed = time.perf_counter() - start
    assert report.intact and report.incremental, report
    # the new day, and the year's last day: its close recorded the checkpoint's head too
    assert report.chain.entries == len(drafts) and report.days_checked == 2
    return elapsed


def _scan(raw: sqlite3.Connection, expected: int) -> float:
    start = time.perf_counter()
    count = sum(1 for _ in raw.execute("SELECT * FROM journal_entries ORDER BY seq"))
    elapsed = time.perf_counter() - start
    assert count == expected
    return elapsed


def _hash_all(bodies: list[bytes]) -> float:
    start = time.perf_counter()
    for body in bodies:
        hashlib.sha256(body).hexdigest()
    return time.perf_counter() - start


def _row(entry: JournalEntry) -> dict[str, object]:
    """The entry in the column layout ``db/repositories/journal.py`` appends."""
    return {"seq": entry.seq, "kind": str(entry.kind), "at": entry.at,
            "business_date": entry.business_date, "counter_no": entry.counter_no,
            "account_no": entry.account_no, "sale_no": entry.sale_no,
            "amount_fen": entry.amount.fen, "volume_m3x100": entry.volume.hundredths,
            "channel": entry.channel, "ref": entry.ref,
            "details": json.dumps(dict(entry.details), sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False),
            "prev_hash": entry.prev_hash, "hash": entry.hash}


# --- shared --------------------------------------------------------------------------------------
def _sale_drafts(day: BusinessDay, sales: int, *, history: bool = False
                 ) -> Iterator[JournalDraft]:
    """Each sale's advance receipt (its channel rotating cash/UnionPay/WeChat/Alipay) and sale,
    through the day from 08:30, at 28, 56 or 84 yuan for 10, 20 or 30 m³.  ``history``: marked
    as a previous system's entries without sale rows (``"history": 1``), so ``ledger verify``
    holds no sales table against them (the year has no sale rows)."""
    marker: dict[str, DetailValue] = {"history": 1} if history else {}
    opened = _at(day.business_date, 8, 30)
    stamp = f"{day.business_date:%Y%m%d}{day.counter_no}"
    for n in range(sales):
        at = opened + timedelta(seconds=15 * n)
        channel = CHANNELS[n % len(CHANNELS)]
        units = 1 + n % 3 if n % 5 else 2
        amount, volume = Money(2800 * units), Volume(1000 * units)
        sale_no = f"GS{stamp}{n:06d}"
        account_no = f"3704020{n % 50_000:05d}"
        ref = None if channel == "cash" else f"{channel[:2].upper()}{stamp}{n:08d}"
        yield JournalDraft(kind=EntryKind.ADVANCE_RECEIPT, at=at,
                           business_date=day.business_date, counter_no=day.counter_no,
                           account_no=account_no, sale_no=sale_no, amount=amount,
                           channel=channel, ref=ref, details={"seq": 1 + n % 40, **marker})
        yield JournalDraft(kind=EntryKind.SALE, at=at + timedelta(seconds=9),
                           business_date=day.business_date, counter_no=day.counter_no,
                           account_no=account_no, sale_no=sale_no, amount=amount,
                           volume=volume, details={"seq": 1 + n % 40, **marker,
                                                   "receipt_no": f"R{stamp}{n:06d}"})


def _expected_cash(drafts: list[JournalDraft]) -> Money:
    return FLOAT + Money(sum(d.amount.fen for d in drafts
                             if d.kind is EntryKind.ADVANCE_RECEIPT and d.channel == "cash"))


def _count(expected: Money) -> CashCount:
    """The drawer counted exactly: 100-yuan notes, 1-yuan notes and fen."""
    hundreds, rest = divmod(expected.fen, 10_000)
    yuan, fen = divmod(rest, 100)
    count = CashCount.of({10_000: hundreds, 100: yuan, 1: fen})
    assert count.total == expected
    return count


def _at(business_date: date, hour: int, minute: int) -> datetime:
    return datetime(business_date.year, business_date.month, business_date.day, hour, minute,
                    tzinfo=SHANGHAI)


def _services(home: Path) -> tuple[Services, Engine, _Clock, Path]:
    """The services on a fresh SQLite file in ``home``, composed as tests/support/services.py
    composes them (the demo's published keys; nothing here touches a card)."""
    home.mkdir(parents=True)
    path = home / "bench.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    vault = DemoKeyVault()
    clock = _Clock(_at(FIRST_DAY, 8, 0))
    anchors = AnchorFile.for_database(home / "anchors", str(engine.url))
    svc = Services(
        uow=SqlUnitOfWorkFactory(engine, anchors=anchors),
        clock=clock,
        passwords=Argon2Passwords(time_cost=1, memory_cost=1024, parallelism=1),
        database=SqlDatabaseAdmin(engine, source="bench"),
        settings=ServiceSettings(counter_no="01", timezone=SHANGHAI, language="zh_CN",
                                 data_dir=home, payment_patience=0.0,
                                 guidance=guidance.default_text()),
        cards=Station(vault.load),
        keys=vault,
        lab=Lab(MeterSimulator(home / "meters", OpenSle4442(vault.load), vault.load)),
        payments=SimulatedProvider(home / "payments-simulated.json"),
        checkpoints=NoCheckpoints(),
        printer=make_printer(Connection("file", str(home / "printer.escpos")), profile("58mm")),
        display=NoDisplay(),
        spreadsheets=XlsxReader(), anchors=anchors, files=ExportFiles(),
    )
    svc.database.upgrade()
    return svc, engine, clock, path


def _setup(svc: Services) -> Operator:
    """The company, hall and counters, and a cashier."""
    with svc.uow(write=True) as uow:
        uow.org.add_company(Company("BENCH", "基准燃气有限公司"))
        uow.org.add_hall(Hall("H1", "基准营业厅"))
        for no in ("01", "02"):
            uow.org.add_counter(Counter(no, f"{no}号窗口", "H1"))
        uow.staff.add(Staff(CASHIER, "出纳", Role.CASHIER,
                            svc.passwords.hash("correct horse")), at=svc.clock.now())
        uow.commit()
    return Operator(CASHIER, "出纳", Role.CASHIER)
