"""Many counters selling on one PostgreSQL at once (issue 16), shared by the CI test
(tests/integration/test_many_counters.py, small) and the bench (bench/load.py, full size).

``seed`` builds the hall: N counters, a clerk each, residential tiers, each counter's own
households with issued simulated cards (``sim:`` files), and for every pair of counters one
fresh household per race round whose card is copied for the second counter.  ``run_counters``
starts one process per counter (``multiprocessing``, spawned: nothing of the parent's engine is
inherited); each sells through the real services — card read and checks, pricing, the three
commits, the card write and its proof, the receipt printed to a file — onto its own households
(putting the card into the meter between sales), and at every race round the two counters of a
pair meet at a barrier and sell on their shared household at once.  ``check`` then proves the
invariants of issue 16 on the ledger the run left.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text

from drivers.virtual.sle4442 import Sle4442
from pos.domain.categories import Category
from pos.domain.errors import GasposError
from pos.domain.org import Company, Counter, Hall
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel, SaleState
from pos.domain.staff import Operator, Role
from pos.domain.tariff import parse_tiers
from pos.services.cards.issue import issue_card
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from pos.services.demo.lab import load_meter
from pos.services.records.accounts import add_account
from pos.services.records.tariffs import cycle_position, set_tariff
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from tests.support.counter import check_invariants
from tests.support.services import add_staff, make_services

SALE_VOLUME = "1"
SQL_KINDS = ("lock", "for_update", "select", "insert", "update", "delete", "other")


@dataclass(frozen=True)
class Step:
    kind: str  # "own" or "race"
    reader: str
    account_no: str


@dataclass(frozen=True)
class Plan:
    url: str
    counter_no: str
    staff_no: str
    home: Path
    steps: tuple[Step, ...]


@dataclass
class LoadHall:
    plans: list[Plan]
    race_accounts: list[str]
    own_accounts: list[str]


@dataclass
class SaleResult:
    kind: str
    counter_no: str
    account_no: str
    refused: str | None  # the refusal's code, None when the sale completed
    error: str | None  # anything that is not a clean refusal
    seconds: float
    transactions: int
    commits: int


@dataclass
class RunResult:
    counters: int
    seconds: float
    sales: list[SaleResult]
    shape: list[dict[str, int]] = field(default_factory=list)  # one own sale's transactions

    @property
    def completed(self) -> list[SaleResult]:
        return [s for s in self.sales if s.refused is None and s.error is None]

    @property
    def sales_per_second(self) -> float:
        return len(self.completed) / self.seconds

    def latency(self, quantile: float) -> float:
        times = sorted(s.seconds for s in self.completed)
        return times[min(len(times) - 1, int(quantile * len(times)))]

    @property
    def transactions_per_sale(self) -> float:
        own = [s.transactions for s in self.sales if s.kind == "own" and s.refused is None]
        return statistics.median(own)

    @property
    def commits_per_sale(self) -> float:
        own = [s.commits for s in self.sales if s.kind == "own" and s.refused is None]
        return statistics.median(own)


def _account(kind: int, n: int) -> str:
    return f"37040{kind}{n:06d}"


def seed(url: str, home: Path, *, counters: int, own_sales: int, races: int,
         households: int = 2) -> LoadHall:
    """The hall, its counters and clerks, the households and their cards; each counter's plan:
    ``own_sales`` sales on its own ``households`` in turn, with ``races`` race rounds spread
    among them (counters of a pair sell on one household each round)."""
    svc = make_services(url, home=home / "setup")
    with svc.uow(write=True) as uow:
        uow.org.add_company(Company("TEST", "测试燃气有限公司"))
        uow.org.add_hall(Hall("H1", "测试营业厅"))
        for c in range(1, counters + 1):
            uow.org.add_counter(Counter(f"{c:02d}", f"{c:02d}号窗口", "H1"))
        uow.commit()
    admin = add_staff(svc, "9001", Role.ADMIN)
    clerks = [add_staff(svc, f"{1000 + c}", Role.CLERK, name=f"收费员{c}")
              for c in range(1, counters + 1)]
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2025, 1, 1),
               tiers=parse_tiers("0:2.80,400:3.36,600:4.20"))
    cards = home / "cards"
    cards.mkdir(parents=True, exist_ok=True)
    serial = 0

    def household(account_no: str, card: Path) -> None:
        nonlocal serial
        serial += 1
        add_account(svc, admin, account_no=account_no, name=f"住户{serial}",
                    category=Category.RESIDENTIAL, meter_no=f"CH{serial:08d}",
                    household_size=3, meter_max_stock=Volume.parse("1000"))
        issue_card(svc, clerks[0], account_no, f"sim:{card}")

    own: dict[int, list[Step]] = {}
    own_accounts = []
    for c in range(counters):
        own[c] = []
        for h in range(households):
            account_no = _account(1, c * 1000 + h)
            card = cards / f"{account_no}.bin"
            household(account_no, card)
            own_accounts.append(account_no)
            own[c].append(Step("own", f"sim:{card}", account_no))
    race_accounts = []
    race: dict[int, list[Step]] = {c: [] for c in range(counters)}
    for r in range(races):
        for first in range(0, counters - 1, 2):
            account_no = _account(2, r * 1000 + first)
            card = cards / f"{account_no}.bin"
            household(account_no, card)
            copy = cards / f"{account_no}-copy.bin"
            Sle4442.load(card).save(copy)  # the same card's data at the other counter
            race_accounts.append(account_no)
            race[first].append(Step("race", f"sim:{card}", account_no))
            race[first + 1].append(Step("race", f"sim:{copy}", account_no))
    svc.database._engine.dispose()  # type: ignore[attr-defined]  # before the processes start
    every = max(1, own_sales // (races + 1)) if races else own_sales + 1
    plans = []
    for c in range(counters):
        steps: list[Step] = []
        races_left = list(race[c])
        for s in range(own_sales):
            steps.append(own[c][s % households])
            if races and (s + 1) % every == 0 and _rounds_done(steps) < races:
                steps.append(races_left.pop(0) if races_left else Step("race", "", ""))
        while _rounds_done(steps) < races:  # every counter meets every round's barrier
            steps.append(races_left.pop(0) if races_left else Step("race", "", ""))
        plans.append(Plan(url, f"{c + 1:02d}", clerks[c].staff_no, home / f"counter{c + 1}",
                          tuple(steps)))
    return LoadHall(plans, race_accounts, own_accounts)


def _rounds_done(steps: list[Step]) -> int:
    return sum(1 for s in steps if s.kind == "race")


def run_counters(hall: LoadHall) -> RunResult:
    """Every counter's plan in its own process at once; the wall time from the moment they all
    start selling until the last one is done."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(hall.plans) + 1)
    rounds = context.Barrier(len(hall.plans))
    queue = context.Queue()
    processes = [context.Process(target=_counter, args=(plan, start, rounds, queue))
                 for plan in hall.plans]
    for process in processes:
        process.start()
    start.wait(timeout=300)
    began = time.perf_counter()
    results = [queue.get(timeout=900) for _ in processes]
    seconds = time.perf_counter() - began
    for process in processes:
        process.join(timeout=60)
    sales = [s for r in results for s in r["sales"]]
    shape: list[dict[str, int]] = next((r["shape"] for r in results if r["shape"]), [])
    return RunResult(len(hall.plans), seconds, sales, shape)


def _counter(plan: Plan, start: Any, rounds: Any, queue: Any) -> None:
    svc = make_services(plan.url, counter_no=plan.counter_no, home=plan.home, upgrade=False)
    clerk = Operator(plan.staff_no, "收费员", Role.CLERK)
    engine: Engine = svc.database._engine  # type: ignore[attr-defined]  # counting only
    counts = {"begin": 0, "commit": 0}
    shape: list[dict[str, int]] = []
    recording = {"on": False}
    event.listen(engine, "begin", lambda _c: _began(counts, shape, recording))
    event.listen(engine, "commit", lambda _c: counts.__setitem__("commit", counts["commit"] + 1))
    event.listen(engine, "before_cursor_execute",
                 lambda *a: _statement(shape, recording, a[2]))
    sales: list[dict[str, Any]] = []
    _warm_up(svc, clerk, plan)
    start.wait(timeout=300)
    own_done = 0
    for step in plan.steps:
        if step.kind == "race":
            rounds.wait(timeout=300)
            if not step.reader:
                continue
        else:
            load_meter(svc, step.reader)  # the customer loads the last purchase first
        own_done += step.kind == "own"
        recording["on"] = own_done == 2 and step.kind == "own" and not shape
        before = dict(counts)
        began = time.perf_counter()
        refused = error = None
        try:
            sell(svc, clerk, SaleRequest(step.reader, Volume.parse(SALE_VOLUME),
                                         payment=PaymentPlan(Channel.CASH,
                                                             tendered=Money.parse("100"))))
        except GasposError as refusal:
            refused = refusal.code
        except Exception as other:  # reported: the check fails on it
            error = f"{type(other).__name__}: {other}"
        recording["on"] = False
        sales.append({"kind": step.kind, "counter_no": plan.counter_no,
                      "account_no": step.account_no, "refused": refused, "error": error,
                      "seconds": time.perf_counter() - began,
                      "transactions": counts["begin"] - before["begin"],
                      "commits": counts["commit"] - before["commit"]})
    engine.dispose()
    queue.put({"sales": [SaleResult(**s) for s in sales], "shape": shape})


def _warm_up(svc: Services, clerk: Operator, plan: Plan) -> None:
    """One sale on the counter's first own household before the clock starts: a process's
    first sale imports the receipt's modules and fills SQLAlchemy's statement caches (some
    0.4 s of CPU), which a counter pays once a day, not once a sale."""
    own = next(step for step in plan.steps if step.kind == "own")
    load_meter(svc, own.reader)
    sell(svc, clerk, SaleRequest(own.reader, Volume.parse(SALE_VOLUME),
                                 payment=PaymentPlan(Channel.CASH, tendered=Money.parse("100"))))


def _began(counts: dict[str, int], shape: list[dict[str, int]],
           recording: dict[str, bool]) -> None:
    counts["begin"] += 1
    if recording["on"]:
        shape.append(dict.fromkeys(SQL_KINDS, 0))


def _statement(shape: list[dict[str, int]], recording: dict[str, bool], sql: str) -> None:
    if not recording["on"] or not shape:
        return
    shape[-1][_kind_of(sql)] += 1


def _kind_of(sql: str) -> str:
    flat = " ".join(sql.split()).upper()
    if "PG_ADVISORY_XACT_LOCK" in flat:
        return "lock"
    if flat.startswith("SELECT") and "FOR UPDATE" in flat:
        return "for_update"
    for kind in ("select", "insert", "update", "delete"):
        if flat.startswith(kind.upper()):
            return kind
    return "other"


@dataclass(frozen=True)
class Findings:
    completed: int
    refused_races: int
    receipts: dict[str, int]
    problems: tuple[str, ...]


def check(url: str, home: Path, hall: LoadHall, result: RunResult) -> Findings:
    """Issue 16's invariants on what the run left: ``ledger verify``; gapless receipt numbers
    per counter; every sale in exactly one business day (its counter's); each account's tier
    volume = its completed sales; of each race pair exactly one sale completed, the other
    refused cleanly with nothing half-done; no own sale refused, no error anywhere."""
    problems: list[str] = []
    svc = make_services(url, home=home / "setup", upgrade=False)
    report = verify_ledger(svc)
    if not report.intact:
        problems.append(f"ledger verify: {report}")
    try:
        check_invariants(svc)
    except AssertionError as broken:
        problems.append(f"money and journal per sale: {broken}")
    problems += [f"{s.counter_no} {s.account_no}: {s.error}" for s in result.sales if s.error]
    problems += [f"own sale refused at {s.counter_no} on {s.account_no}: {s.refused}"
                 for s in result.sales if s.kind == "own" and s.refused]
    with svc.uow() as uow:
        sales = list(uow.sales.find())
        receipts: dict[str, list[int]] = {}
        for sale in sales:
            if sale.state is SaleState.COMPLETED:
                receipts.setdefault(sale.counter_no, []).append(sale.receipt_no or 0)
            elif sale.state is not SaleState.CANCELLED:
                problems.append(f"{sale.order_no} left {sale.state.value}")
        for counter_no, numbers in receipts.items():
            if sorted(numbers) != list(range(1, len(numbers) + 1)):
                problems.append(f"counter {counter_no} receipts not gapless: {sorted(numbers)}")
        session = uow.session  # type: ignore[attr-defined]  # a cross-table check, read only
        orphans = session.execute(text(
            "SELECT s.order_no FROM sales s LEFT JOIN business_days d "
            "ON d.id = s.business_day_id AND d.counter_id = s.counter_id "
            "WHERE d.id IS NULL")).scalars().all()
        problems += [f"{no} is in no business day of its counter" for no in orphans]
        astray = session.execute(text(
            "SELECT DISTINCT j.sale_no FROM journal_entries j JOIN sales s "
            "ON s.order_no = j.sale_no JOIN business_days d ON d.id = s.business_day_id "
            "WHERE j.business_date <> d.business_date")).scalars().all()
        problems += [f"{no} is journalled in another business day" for no in astray]
        completed_volume = Tally[str]()
        for sale in sales:
            if sale.state is SaleState.COMPLETED and sale.account_no is not None:
                completed_volume[sale.account_no] += sale.volume.hundredths
        for account_no in hall.own_accounts + hall.race_accounts:
            account = uow.accounts.get(account_no)
            assert account is not None
            bought = cycle_position(svc, uow, account, svc.today()).bought
            if bought != Volume(completed_volume[account_no]):
                problems.append(f"{account_no}: tier volume {bought} ≠ completed "
                                f"{Volume(completed_volume[account_no])}")
        for account_no in hall.race_accounts:
            mine = [s for s in sales if s.account_no == account_no]
            done = [s for s in mine if s.state is SaleState.COMPLETED]
            attempts = [s for s in result.sales if s.account_no == account_no]
            refused = [s for s in attempts if s.refused]
            if len(done) != 1 or len(attempts) != 2 or len(refused) != 1:
                problems.append(f"race on {account_no}: {len(done)} completed, "
                                f"{len(refused)} of {len(attempts)} refused")
    svc.database._engine.dispose()  # type: ignore[attr-defined]
    refused_races = sum(1 for s in result.sales if s.kind == "race" and s.refused)
    return Findings(len(result.completed), refused_races,
                    {c: len(n) for c, n in sorted(receipts.items())}, tuple(problems))
