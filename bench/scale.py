"""A million households (issue 16): a generated PostgreSQL ledger of N households with meters
and cards and M journal entries (years of completed sales, every day closed), then the
everyday reads measured on it: the card-in read, ``account find`` by a name fragment and by a
phone fragment, a counter's daily report and the company's month report; with the
``EXPLAIN (ANALYZE, BUFFERS)`` plans of the card-in queries and of ``account find``.

Sizes: ``GASPOS_BENCH_SCALE_HOUSEHOLDS`` (1,000,000), ``GASPOS_BENCH_SCALE_ENTRIES``
(20,000,000; two entries per sale), ``GASPOS_BENCH_SCALE_COUNTERS`` (20, four to a hall),
``GASPOS_BENCH_SCALE_DAYS`` (1,095: three years before the clock's day), seed
``GASPOS_BENCH_SCALE_SEED`` (16). The same sizes and seed give the same database, hash for hash.

The generator streams rows to ``COPY``: the journal first (its seal computed here with
``pos.domain.journal``, one chain from genesis), while no business day exists yet, so the
closed-day guard passes every row; then the days, each closed with its ``day_closes`` row (its
totals summed from its entries as the close sums them, the journal head at the end of the day);
then the sales and their payments. The loaded tables' secondary indexes, unique constraints
and foreign keys are dropped during the load and re-created from their own definitions after it
(the triggers stay on). Runs on a throwaway cluster (tests/support/postgres.py).
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Engine

from pos.domain.cards.contents import CardReading, CardRecord, MeterReport
from pos.domain.categories import Category
from pos.domain.day.totals import EntrySum, totals_of_sums
from pos.domain.journal import GENESIS_HASH, EntryKind, stored_canonical_bytes
from pos.domain.org import Company, Counter, Hall
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel
from pos.domain.staff import Operator, Role, Staff
from pos.domain.tariff import parse_tiers
from pos.services.core.context import Services
from pos.services.day.area_reports import month_report
from pos.services.day.closing import open_day
from pos.services.day.daily_reports import daily_report
from pos.services.demo.lab import load_meter
from pos.services.records.accounts import find_households
from pos.services.records.tariffs import set_tariff
from pos.services.selling.card_view import view
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from tests.support.cards import PROFILE, issued_card
from tests.support.clock import SHANGHAI, FixedClock
from tests.support.services import FAST_ARGON2, make_services

UNIT_PRICE_FEN = 280  # 2.80 yuan/m³, the first tier
CHANNELS = ("cash", "cash", "cash", "wechat", "alipay", "unionpay")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红建文辉力宇鹏飞斌志国成海"
    "波春梅云龙林凤金荣浩德新兵宁佳欣婷雪晨阳光晓东亮峰俊博瑞宏子怡")
STREETS = ["光明路", "建设路", "人民路", "解放路", "文化路", "青年路", "振兴路", "和平路",
           "胜利路", "长江路"]


@dataclass(frozen=True)
class Sizes:
    households: int = 1_000_000
    entries: int = 20_000_000
    counters: int = 20
    days: int = 1095
    seed: int = 16

    @classmethod
    def from_env(cls) -> Sizes:
        def get(name: str, default: int) -> int:
            return int(os.environ.get(f"GASPOS_BENCH_SCALE_{name}", default))

        return cls(get("HOUSEHOLDS", 1_000_000), get("ENTRIES", 20_000_000),
                   get("COUNTERS", 20), get("DAYS", 1095), get("SEED", 16))


TODAY = date(2026, 11, 27)
FINANCE = Operator("3001", "财务", Role.FINANCE)
SUPERVISOR = Operator("2001", "值班长", Role.SUPERVISOR)
CLERK = Operator("1001", "收费员", Role.CLERK)  # counter 01's
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)


@dataclass
class Generated:
    """What the measurements need to know of the generated database."""

    sizes: Sizes
    first_day: date
    last_day: date
    seqs: list[int] = field(default_factory=list)  # per account id: purchases so far
    cumulative: list[int] = field(default_factory=list)  # per account id: 0.01 m³ bought
    last_volume: list[int] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def account_no(i: int) -> str:
    return f"37{i:010d}"


def meter_no(i: int) -> str:
    return f"LM{i:09d}"


def card_no(i: int) -> str:
    return f"K{i:010d}"


def name_of(i: int) -> str:
    """A household's name, reproducible from its number: surname and one or two given names."""
    rng = random.Random(i * 7919)
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def phone_of(i: int) -> str:
    return f"1{3 + i % 7}{(i * 2654435761) % 10**9:09d}"


# --- COPY text format ------------------------------------------------------------------------
def _field(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _line(*values: object) -> str:
    return "\t".join(_field(v) for v in values) + "\n"


def _copy(conn: psycopg.Connection[Any], table: str, columns: str,
          lines: Iterator[str] | list[str]) -> int:
    count = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        buffer: list[str] = []
        for line in lines:
            buffer.append(line)
            count += 1
            if len(buffer) >= 20_000:
                copy.write("".join(buffer).encode())
                buffer.clear()
        if buffer:
            copy.write("".join(buffer).encode())
    return count


@contextmanager
def _without_indexes(conn: psycopg.Connection[Any], tables: tuple[str, ...]) -> Iterator[None]:
    """Drop the tables' secondary indexes, unique constraints and foreign keys for a bulk load;
    re-create each from its own definition afterwards (the primary keys stay)."""
    constraints: list[tuple[str, str, str]] = []
    indexes: list[str] = []
    for table in tables:
        rows = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')", (table,)).fetchall()
        constraints += [(table, str(name), str(definition)) for name, definition in rows]
        owned = {str(name) for name, _ in rows}
        for name, definition in conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "AND indexname NOT LIKE 'pk\\_%%'", (table,)).fetchall():
            if str(name) not in owned:
                indexes.append(str(definition))
                conn.execute(f'DROP INDEX "{name}"')
    for table, name, _ in constraints:
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    conn.commit()
    yield
    conn.execute("SET maintenance_work_mem = '1GB'")
    for definition in indexes:
        began = time.perf_counter()
        conn.execute(definition)
        print(f"    {time.perf_counter() - began:6.1f} s  {definition}", flush=True)
    for table, name, definition in constraints:
        began = time.perf_counter()
        conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        print(f"    {time.perf_counter() - began:6.1f} s  {table} {name}", flush=True)
    conn.commit()


# --- the generator ---------------------------------------------------------------------------
def _services(url: str, home: Path) -> Services:
    return make_services(url, FixedClock(NOW), home=home)


def _org(svc: Services, sizes: Sizes, first_day: date) -> Operator:
    admin = Operator("9001", "管理员", Role.ADMIN)
    with svc.uow(write=True) as uow:
        uow.org.add_company(Company("TEST", "枣庄燃气"))
        for h in range((sizes.counters + 3) // 4):
            uow.org.add_hall(Hall(f"H{h + 1}", f"第{h + 1}营业厅"))
        for c in range(sizes.counters):
            uow.org.add_counter(Counter(f"{c + 1:02d}", f"{c + 1}号窗口", f"H{c // 4 + 1}"))
        uow.staff.add(Staff(admin.staff_no, admin.name, admin.role,
                            FAST_ARGON2.hash("correct horse")), at=NOW)
        for other in (FINANCE, SUPERVISOR):
            uow.staff.add(Staff(other.staff_no, other.name, other.role,
                                FAST_ARGON2.hash("correct horse")), at=NOW)
        for c in range(sizes.counters):
            uow.staff.add(Staff(f"{1001 + c}", "收费员", Role.CLERK,
                                FAST_ARGON2.hash("correct horse")), at=NOW)
        uow.commit()
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=first_day,
               tiers=parse_tiers("0:2.80,400:3.36,600:4.20"))
    return admin


def _households(conn: psycopg.Connection[Any], n: int, since: datetime) -> None:
    at = since
    _copy(conn, "accounts", "id, account_no, name, address, phone, id_number, category, "
          "household_size, status, opening_cumulative_m3x100, opening_purchase_seq, created_at, "
          "opening_cycle_m3x100, opening_balance_fen",
          (_line(i, account_no(i), name_of(i), f"枣庄市市中区{STREETS[i % 10]}{i % 997 + 1}号",
                 phone_of(i), f"370402{i:012d}", "residential", i % 5 + 1, "active", 0, 0, at,
                 0, 0) for i in range(1, n + 1)))
    _copy(conn, "meters", "id, meter_no, account_id, vendor, model, max_stock_m3x100, "
          "alarm_level_m3x100, state, installed_at",
          (_line(i, meter_no(i), i, "金卡", "IC-G4", 100_000, 1_000, "active", at)
           for i in range(1, n + 1)))
    _copy(conn, "cards", "id, card_no, account_id, meter_id, chip, profile, key_version, "
          "state, issued_at",
          (_line(i, card_no(i), i, i, "sle4442", PROFILE.name, 1, "active", at)
           for i in range(1, n + 1)))


def _mark(gen: Generated, phase: str, started: float) -> None:
    """Record (and print: a long run is watched) the seconds from the start to ``phase``'s end."""
    gen.timings[phase] = time.perf_counter() - started
    print(f"  {phase} done at {gen.timings[phase]:.0f} s", flush=True)


def generate(url: str, sizes: Sizes, home: Path) -> Generated:
    """Build the database at ``url`` (an empty one): see the module's docstring."""
    started = time.perf_counter()
    first_day = TODAY - timedelta(days=sizes.days)
    gen = Generated(sizes, first_day, TODAY - timedelta(days=1),
                    [0] * (sizes.households + 1), [0] * (sizes.households + 1),
                    [0] * (sizes.households + 1))
    svc = _services(url, home)
    _org(svc, sizes, first_day)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        ids = {str(no): int(i) for i, no in conn.execute("SELECT id, no FROM counters")}
        staff = {str(no): int(i) for i, no in conn.execute("SELECT id, staff_no FROM staff")}
        tariff_id = conn.execute("SELECT max(id) FROM tariff_versions").fetchone()
        assert tariff_id is not None
        row = conn.execute("SELECT coalesce(max(seq), 0) FROM journal_entries").fetchone()
        assert row is not None and row[0] == 0, "the generator starts the journal"
        with _without_indexes(conn, ("accounts", "meters", "cards", "journal_entries", "sales",
                                     "payments")):
            _households(conn, sizes.households,
                        datetime.combine(first_day - timedelta(days=30), datetime.min.time(),
                                         SHANGHAI))
            conn.commit()
            _mark(gen, "households", started)
            sales_file = home / "sales.copy"
            payments_file = home / "payments.copy"
            days = _journal(conn, sizes, gen, ids, staff, int(tariff_id[0]), sales_file,
                            payments_file)
            conn.commit()
            _mark(gen, "journal", started)
            _copy(conn, "business_days", "id, counter_id, business_date, state, float_fen, "
                  "opened_at, opened_by, settled_at, settled_by, counted_fen, closed_at, "
                  "closed_by, kept_float_fen, chain_head", (d[0] for d in days))
            _copy(conn, "day_closes", "day_id, closed_at, closed_by, opening_float_fen, "
                  "expected_fen, counted_fen, kept_float_fen, chain_seq, chain_head, totals",
                  (d[1] for d in days))
            with sales_file.open(encoding="utf-8") as lines:
                _copy(conn, "sales", SALE_COLUMNS, lines)
            with payments_file.open(encoding="utf-8") as lines:
                _copy(conn, "payments", PAYMENT_COLUMNS, lines)
            sales_file.unlink()
            payments_file.unlink()
            conn.commit()
            _mark(gen, "days and sales", started)
        _mark(gen, "indexes", started)
        for table in ("accounts", "meters", "cards", "sales", "payments", "business_days",
                      "day_closes"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT coalesce(max(id), 1) FROM {table}))")
        conn.execute("UPDATE receipt_series r SET last_no = s.last FROM (SELECT counter_id, "
                     "max(receipt_no) AS last FROM sales GROUP BY counter_id) s "
                     "WHERE s.counter_id = r.counter_id")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    _mark(gen, "vacuum analyze", started)
    return gen


SALE_COLUMNS = ("id, order_no, counter_id, business_day_id, account_id, meter_id, card_id, "
                "staff_id, state, volume_m3x100, amount_fen, purchase_seq, tariff_version_id, "
                "price_parts, receipt_no, first_use, created_at, completed_at, kind, "
                "cumulative_after, imported")
PAYMENT_COLUMNS = ("id, sale_id, channel, amount_fen, state, provider_ref, tendered_fen, "
                   "change_fen, created_at, confirmed_at")


def _journal(conn: psycopg.Connection[Any], sizes: Sizes, gen: Generated,
             counter_ids: dict[str, int], staff_ids: dict[str, int], tariff_id: int,
             sales_file: Path, payments_file: Path) -> list[tuple[str, str]]:
    """Stream the journal to COPY; write the sales and payments to files; return each day's
    business-day and close lines.

    An entry's hash is the SHA-256 of :func:`pos.domain.journal.stored_canonical_bytes` of its
    stored text (the form ``ledger verify`` rebuilds and a test pins equal to
    ``canonical_bytes``), and a day's totals are :func:`totals_of_sums` of its entries grouped as
    the close's own query groups them: no ``JournalDraft`` per entry (at 20,000,000 entries that
    was two thirds of the generation)."""
    rng = random.Random(sizes.seed)
    counters = sorted(counter_ids)
    sales_total = sizes.entries // 2
    days: list[tuple[str, str]] = []
    state = _State()
    receipt = dict.fromkeys(counters, 0)
    progress = max(1, sales_total // 20)
    started = time.perf_counter()
    with sales_file.open("w", encoding="utf-8") as sales, \
            payments_file.open("w", encoding="utf-8") as payments:

        def entries() -> Iterator[str]:
            for d in range(sizes.days):
                business_date = gen.first_day + timedelta(days=d)
                n = sales_total * (d + 1) // sizes.days - sales_total * d // sizes.days
                opened = datetime.combine(business_date, datetime.min.time(), SHANGHAI)
                day = _Day(business_date.isoformat(), opened.astimezone(UTC),
                           {c: {} for c in counters}, dict.fromkeys(counters, 0), len(days))
                for k in range(n):
                    counter = counters[k % len(counters)]
                    yield from _sale(rng, gen, state, receipt, counter, day,
                                     timedelta(hours=8, minutes=30, seconds=k * 32_400 // n),
                                     sales, payments, (counter_ids, staff_ids, tariff_id))
                    if state.sale % progress == 0:
                        print(f"    {state.seq:,} entries sealed, "
                              f"{time.perf_counter() - started:.0f} s", flush=True)
                closed = opened + timedelta(hours=18)
                for counter in counters:
                    day_id = len(days) + 1
                    result = totals_of_sums(
                        EntrySum(kind, channel, inflow, *values)
                        for (kind, channel, inflow), values in day.sums[counter].items())
                    float_fen = 50_000
                    expected = result.expected_cash(Money(float_fen)).fen
                    staff_no = f"{1000 + int(counter)}"
                    days.append((
                        _line(day_id, counter_ids[counter], business_date, "closed", float_fen,
                              opened + timedelta(hours=8), staff_no, closed, staff_no,
                              expected, closed, staff_no, float_fen, state.prev),
                        _line(day_id, closed, staff_no, float_fen, expected, expected,
                              float_fen, state.seq, state.prev,
                              json.dumps(result.as_document(), sort_keys=True,
                                         separators=(",", ":")))))

        _copy(conn, "journal_entries", "seq, kind, at, business_date, counter_no, account_no, "
              "sale_no, amount_fen, volume_m3x100, channel, ref, details, prev_hash, hash",
              entries())
    return days


@dataclass
class _State:
    seq: int = 0
    prev: str = GENESIS_HASH
    sale: int = 0


@dataclass
class _Day:
    date: str  # ISO
    midnight: datetime  # in UTC
    sums: dict[str, dict[tuple[str, str | None, bool], list[int]]]  # per counter, as day_sums
    numbers: dict[str, int]  # per counter: the order numbers given
    days_before: int


ADVANCE, SALE = EntryKind.ADVANCE_RECEIPT.value, EntryKind.SALE.value


def _sale(rng: random.Random, gen: Generated, state: _State, receipt: dict[str, int],
          counter: str, day: _Day, since_midnight: timedelta,
          sales: io.TextIOBase, payments: io.TextIOBase,
          ids: tuple[dict[str, int], dict[str, int], int]) -> Iterator[str]:
    counter_ids, staff_ids, tariff_id = ids
    account = rng.randrange(1, gen.sizes.households + 1)
    m3 = rng.randrange(10, 201)
    volume, amount = m3 * 100, m3 * UNIT_PRICE_FEN
    seq = gen.seqs[account] + 1
    gen.seqs[account] = seq
    gen.cumulative[account] += volume
    gen.last_volume[account] = volume
    receipt[counter] += 1
    day.numbers[counter] += 1
    state.sale += 1
    sale_id = state.sale
    channel = CHANNELS[rng.randrange(len(CHANNELS))]
    ref = None if channel == "cash" else f"{channel[:2].upper()}{sale_id:014d}"
    order_no = f"GS{day.date.replace('-', '')}{counter}{day.numbers[counter]:04d}"
    at = day.midnight + since_midnight
    at_text = at.isoformat(timespec="microseconds")
    done_text = (at + timedelta(seconds=40)).isoformat(timespec="microseconds")
    account_text = account_no(account)
    sums = day.sums[counter]
    for kind, when, chan, reference, vol, details in (
            (ADVANCE, at_text, channel, ref, 0, f'{{"seq":{seq}}}'),
            (SALE, done_text, None, None, volume,
             f'{{"receipt_no":{receipt[counter]},"seq":{seq}}}')):
        state.seq += 1
        stored = stored_canonical_bytes(
            seq=state.seq, prev_hash=state.prev, kind=kind, at=when, business_date=day.date,
            counter_no=counter, account_no=account_text, sale_no=order_no, amount_fen=amount,
            volume=vol, channel=chan, ref=reference, details=details)
        assert stored is not None
        digest = sha256(stored).hexdigest()
        group = sums.get((kind, chan, True))
        if group is None:
            group = sums[(kind, chan, True)] = [0, 0, 0, 0]
        group[0] += 1
        group[1] += amount
        group[2] += vol
        group[3] = state.seq
        yield (f"{state.seq}\t{kind}\t{when}\t{day.date}\t{counter}\t{account_text}\t"
               f"{order_no}\t{amount}\t{vol}\t{chan or NULL}\t{reference or NULL}\t"
               f"{details}\t{state.prev}\t{digest}\n")
        state.prev = digest
    day_id = day.days_before + int(counter)  # the day rows are numbered per date, then counter
    sales.write(
        f"{sale_id}\t{order_no}\t{counter_ids[counter]}\t{day_id}\t{account}\t{account}\t"
        f"{account}\t{staff_ids[f'{1000 + int(counter)}']}\tcompleted\t{volume}\t{amount}\t"
        f"{seq}\t{tariff_id}\t[[1, {volume}, {UNIT_PRICE_FEN * 100}, {amount}]]\t"
        f"{receipt[counter]}\t{'t' if seq == 1 else 'f'}\t{at_text}\t{done_text}\tpurchase\t"
        f"{gen.cumulative[account]}\tf\n")
    if channel == "cash":
        tendered = -(-amount // 10_000) * 10_000
        payments.write(f"{sale_id}\t{sale_id}\tcash\t{amount}\tconfirmed\t\\N\t{tendered}\t"
                       f"{tendered - amount}\t{at_text}\t{at_text}\n")
    else:
        payments.write(f"{sale_id}\t{sale_id}\t{channel}\t{amount}\tconfirmed\t{ref}\t\\N\t"
                       f"\\N\t{at_text}\t{at_text}\n")


NULL = "\\N"


# --- the measurements ------------------------------------------------------------------------
def _timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def _p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def reading_of(gen: Generated, i: int) -> CardReading:
    """What the card of household ``i`` carries after its last purchase, loaded by the
    meter (the simulated card file's contents, without the card I/O)."""
    seq, cumulative = gen.seqs[i], gen.cumulative[i]
    return CardReading(PROFILE.name, card_no(i), "TEST", CardRecord(
        card_no(i), account_no(i), meter_no(i), seq, Volume(gen.last_volume[i]),
        Volume(cumulative)), MeterReport(seq, Volume(2_000), Volume(max(0, cumulative - 2_000))))


def _card_file(svc: Services, gen: Generated, i: int, where: Path) -> str:
    """Household ``i``'s card as a simulated card file, as its last purchase left it, then
    put into its (simulated) meter, which loads that purchase and writes back its report."""
    where.mkdir(parents=True, exist_ok=True)
    path = where / f"{card_no(i)}.bin"
    issued_card(path, CardRecord(card_no(i), account_no(i), meter_no(i), gen.seqs[i],
                                 Volume(gen.last_volume[i]), Volume(gen.cumulative[i])))
    load_meter(svc, f"sim:{path}")
    return f"sim:{path}"


def _sell(svc: Services, reader: str) -> None:
    sell(svc, CLERK, SaleRequest(reader, Volume(2_000), payment=PaymentPlan(
        Channel.CASH, tendered=Money(100_000))))


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The SELECTs ``engine`` runs inside the block, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:  # (connection, cursor, statement, parameters, ...)
        statement, parameters = args[2], args[3]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def explain(engine: Engine, seen: list[tuple[str, Any]]) -> list[str]:
    plans = []
    with engine.connect() as conn:
        for statement, parameters in seen:
            rows = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
            plans.append(statement.strip() + "\n" + "\n".join(str(r[0]) for r in rows))
    return plans


def measure(url: str, gen: Generated, home: Path) -> tuple[list[dict[str, object]], str]:
    svc = _services(url, home)
    admin = Operator("9001", "管理员", Role.ADMIN)
    engine: Engine = svc.uow._engine  # type: ignore[attr-defined]  # the services' own
    rng = random.Random(gen.sizes.seed + 1)
    n = gen.sizes.households
    rows: list[dict[str, object]] = []
    dsn = url.replace("postgresql+psycopg://", "postgresql://")

    def raw(sql: str, params: tuple[object, ...]) -> Callable[[], object]:
        conn = psycopg.connect(dsn)

        def run() -> object:
            return conn.execute(sql, params).fetchall()
        return run

    def row(what: str, times: list[float], floor: float, floor_what: str, unit: str = "ms"
            ) -> None:
        scale = 1000.0 if unit == "ms" else 1.0
        for label, q in (("p50", 0.5), ("p99", 0.99)):
            rows.append({"what": f"{what} {label}", "value": _p(times, q) * scale, "unit": unit,
                         "floor": floor * scale, "floor_what": floor_what})

    sold = [i for i in (rng.randrange(1, n + 1) for _ in range(400)) if gen.seqs[i]][:200]
    card_floor = statistics.median(_timed(raw(
        "SELECT c.*, a.* FROM cards c JOIN accounts a ON a.id = c.account_id "
        "WHERE c.card_no = %s", (card_no(sold[0]),)), 200))
    times = []
    for i in sold:
        start = time.perf_counter()
        seen = view(svc, reading_of(gen, i))
        times.append(time.perf_counter() - start)
        assert seen.household is not None and not seen.checks, seen.checks
    row("card in: the services' read of card, account, tier position, unfinished sale",
        times, card_floor, "one raw card+account SELECT")

    names = [name_of(rng.randrange(1, n + 1)) for _ in range(300)]
    for size in (3, 2):
        fragments = [name for name in names if len(name) == size][:100]
        name_floor = statistics.median(_timed(raw(
            "SELECT id FROM accounts WHERE name LIKE %s LIMIT 50", (f"%{fragments[0]}%",)), 20))
        times = [t for name in fragments
                 for t in _timed(lambda n=name: find_households(svc, admin, n), 1)]
        row(f"account find by a name fragment of {size} characters", times, name_floor,
            "one raw LIKE on name")
    phones = [phone_of(rng.randrange(1, n + 1))[3:9] for _ in range(100)]
    phone_floor = statistics.median(_timed(raw(
        "SELECT id FROM accounts WHERE phone LIKE %s LIMIT 50", (f"%{phones[0]}%",)), 50))
    times = [t for p in phones
             for t in _timed(lambda p=p: find_households(svc, admin, p), 1)]
    row("account find by a phone fragment (6 digits)", times, phone_floor,
        "one raw LIKE on phone")

    counters = [f"{c + 1:02d}" for c in range(gen.sizes.counters)]
    picks = [(gen.first_day + timedelta(days=rng.randrange(gen.sizes.days)),
              rng.choice(counters)) for _ in range(20)]
    day_floor = statistics.median(_timed(raw(
        "SELECT kind, channel, count(*), sum(amount_fen), sum(volume_m3x100) "
        "FROM journal_entries WHERE business_date = %s AND counter_no = %s "
        "GROUP BY kind, channel", picks[0]), 20))
    times = [t for d, c in picks
             for t in _timed(lambda d=d, c=c: daily_report(svc, FINANCE, d, c), 1)]
    row("a counter's daily report", times, day_floor, "one raw SUM of the day's entries")

    month = gen.last_day.replace(day=1) - timedelta(days=1)
    label = f"{month:%Y-%m}"
    month_floor = statistics.median(_timed(raw(
        "SELECT counter_no, kind, count(*), sum(amount_fen) FROM journal_entries "
        "WHERE business_date BETWEEN %s AND %s GROUP BY counter_no, kind",
        (month.replace(day=1), month)), 3))
    times = _timed(lambda: month_report(svc, FINANCE, label), 3)
    row(f"the company's month report ({label})", times, month_floor,
        "one raw SUM of the month's entries", unit="s")

    open_day(svc, SUPERVISOR)  # counter 01's today, after the generated years
    buyers = list(dict.fromkeys(i for i in (rng.randrange(1, n + 1) for _ in range(400))
                                if gen.seqs[i] and i not in sold))[:31]
    readers = [_card_file(svc, gen, i, home / "cards") for i in buyers]
    times = []
    for reader in readers[:-1]:
        start = time.perf_counter()
        _sell(svc, reader)
        times.append(time.perf_counter() - start)
    row("a whole cash sale of 20 m³ (card read and written: a simulated card file)", times,
        card_floor, "one raw card+account SELECT")
    with statements(engine) as sale_path:
        _sell(svc, readers[-1])
    with statements(engine) as card_in:
        view(svc, reading_of(gen, sold[1]))
    with statements(engine) as by_name:
        find_households(svc, admin, next(name for name in names if len(name) == 3))
    with statements(engine) as by_phone:
        find_households(svc, admin, phones[1])
    with statements(engine) as day_report:
        daily_report(svc, FINANCE, *picks[1])
    with statements(engine) as month_path:
        month_report(svc, FINANCE, label)
    plans = ("== card in\n" + "\n\n".join(explain(engine, card_in))
             + "\n\n== a whole cash sale\n" + "\n\n".join(explain(engine, sale_path))
             + "\n\n== account find by name\n" + "\n\n".join(explain(engine, by_name))
             + "\n\n== account find by phone\n" + "\n\n".join(explain(engine, by_phone))
             + "\n\n== a counter's daily report\n" + "\n\n".join(explain(engine, day_report))
             + "\n\n== the company's month report\n" + "\n\n".join(explain(engine, month_path)))
    return rows, plans


@contextmanager
def _removed(home: Path) -> Iterator[None]:
    try:
        yield
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run() -> list[dict[str, object]]:
    from tests.support import postgres

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: remove the cluster too
    sizes = Sizes.from_env()
    home = Path(tempfile.mkdtemp(prefix="gaspos-bench-scale-"))
    with postgres.running_cluster() as cluster, cluster.database() as url, _removed(home):
        with cluster.admin() as admin:  # a bulk load's settings, on this throwaway cluster only
            admin.autocommit = True
            for setting in ("max_wal_size = '16GB'", "checkpoint_timeout = '1h'",
                            "maintenance_work_mem = '1GB'"):
                admin.execute(f"ALTER SYSTEM SET {setting}")
            admin.execute("SELECT pg_reload_conf()")
        start = time.perf_counter()
        gen = generate(url, sizes, home)
        elapsed = time.perf_counter() - start
        print(f"  generated {sizes} in {elapsed:.0f} s: {gen.timings}")
        rows = [{"what": f"generate {sizes.households:,} households, {sizes.entries:,} entries",
                 "value": elapsed, "unit": "s", "floor": gen.timings["households"],
                 "floor_what": "the households alone"}]
        measured, plans = measure(url, gen, home / "counter")
        out = Path(__file__).resolve().parent / "results"
        out.mkdir(exist_ok=True)
        (out / "scale-plans.txt").write_text(plans, encoding="utf-8")
        print(plans)
    return rows + measured
