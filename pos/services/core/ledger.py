"""Verifying the ledger (``gaspos ledger verify``): the journal's hash chain; every closed day —
its stored totals recomputed from its entries, the journal head it recorded, its cash; every
sale and its payments against the entries that name them (pos.domain.sale.ledger); and that
the journal still holds the last head this installation wrote (its anchor file).

A full verify walks everything.  An incremental one starts from the newest checkpoint a verify
left (append-only, guarded like the journal): it proves that checkpoint's entry still hashes
as it did, walks the chain on from it, and checks the closed days and sales those new entries
touch plus every day closed since — docs/journal.md says what it cannot see."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from pos.domain.day.business_day import BusinessDay, DayClose
from pos.domain.day.totals import DayTotals, TotalsBuilder, day_totals
from pos.domain.journal import (
    GENESIS_HASH,
    ChainBreak,
    ChainReport,
    JournalEntry,
    VerifyCheckpoint,
    rehashes,
    verify_chain,
)
from pos.domain.messages import N_, Message
from pos.domain.sale.ledger import (
    SaleFacts,
    SaleProblem,
    SaleSums,
    counts_for_sale,
    missing_sale,
    sale_problems,
)
from pos.services.core.context import Services
from pos.services.ports import AnchorHead, UnitOfWork


@dataclass(frozen=True)
class DayProblem:
    counter_no: str
    business_date: str
    code: str
    message: Message


@dataclass(frozen=True)
class AnchorProblem:
    seq: int
    code: str
    message: Message


@dataclass(frozen=True)
class LedgerReport:
    chain: ChainReport
    days_checked: int
    day_problems: tuple[DayProblem, ...]
    sales_checked: int = 0
    sale_problems: tuple[SaleProblem, ...] = ()
    anchor: AnchorProblem | None = None
    anchored_seq: int | None = None  # the last head this installation wrote, if any
    since: VerifyCheckpoint | None = None  # incremental: the checkpoint it started from

    @property
    def intact(self) -> bool:
        return (self.chain.intact and not self.day_problems and not self.sale_problems
                and self.anchor is None)

    @property
    def incremental(self) -> bool:
        return self.since is not None


def verify_ledger(svc: Services, *, full: bool = True, record_as: str | None = None
                  ) -> LedgerReport:
    """Verify the ledger: everything (``full``), or what came after the newest checkpoint (a
    full walk when there is none, or when this installation has no anchor file — a database
    restored elsewhere, a new machine: the anchor is the incremental walk's safety net, so
    without it everything is walked).  ``record_as`` (who asked) leaves a checkpoint at the
    head it verified when everything is intact."""
    with svc.uow() as uow:
        since = None if full else uow.journal.checkpoint()
        anchored = svc.anchors.latest()
        if since is not None and anchored is None:
            since = None
        report = _full(svc, uow) if since is None else _incremental(svc, uow, since)
    if record_as is not None and report.intact and report.chain.head_seq > 0:
        with svc.uow(write=True) as uow:
            uow.journal.add_checkpoint(VerifyCheckpoint(
                report.chain.head_seq, report.chain.head_hash, svc.clock.now(), record_as,
                svc.settings.counter_no, since is None))
            uow.commit()
    return report


def _incremental(svc: Services, uow: UnitOfWork, since: VerifyCheckpoint) -> LedgerReport:
    """Prove the checkpoint's entry unchanged, walk the chain on from it, then check the days
    and sales the new entries touch and every day closed since the checkpoint."""
    start = uow.journal.entry(since.seq)
    if start is None or start.hash != since.hash or not rehashes(start):
        chain = ChainReport(0, since.hash, ChainBreak(since.seq, "journal.checkpoint_changed",
                                                      Message(N_(
            "Entry {seq}, where the verify of {at} stopped, is missing or no longer as that "
            "verify found it: entries were removed or rewritten. Run a full verify (--full)."),
            {"seq": since.seq, "at": _local(svc, since)})), since.seq)
        return LedgerReport(chain, 0, (), since=since)
    days: set[tuple[str, date | None]] = set()
    sales: set[str] = set()

    def noting(entries: Iterable[JournalEntry]) -> Iterator[JournalEntry]:
        for entry in entries:
            days.add((entry.counter_no or "", entry.business_date))
            if counts_for_sale(entry):
                assert entry.sale_no is not None
                sales.add(entry.sale_no)
            yield entry

    chain = verify_chain(noting(uow.journal.stream(since.seq)), after=since.seq,
                         after_hash=since.hash)
    closes = [(day, close) for day, close in uow.days.closes()
              if close is None or close.chain_seq >= since.seq
              or (day.counter_no, day.business_date) in days]
    problems: list[DayProblem] = []
    for day, close in closes:
        totals = day_totals(uow.journal.day_entries(day.counter_no, day.business_date))
        problems.extend(_check_day(uow, day, close, totals))
    sale_found: list[SaleProblem] = []
    checked = 0
    if chain.intact and sales:
        per_sale: dict[str, SaleSums] = {}
        for entry in uow.journal.of_sales(sales):
            if counts_for_sale(entry):
                assert entry.sale_no is not None
                per_sale.setdefault(entry.sale_no, SaleSums()).add(entry)
        sale_found, checked = _check_sales(uow.sales.ledger_facts_of(sales), per_sale)
    anchored = svc.anchors.latest()
    return LedgerReport(chain, len(closes), tuple(problems), checked, tuple(sale_found),
                        _check_anchor(uow, anchored, svc),
                        anchored.seq if anchored is not None else None, since)


def _local(svc: Services, checkpoint: VerifyCheckpoint) -> str:
    return checkpoint.at.astimezone(svc.settings.timezone).strftime("%Y-%m-%d %H:%M:%S")


def _full(svc: Services, uow: UnitOfWork) -> LedgerReport:
    """Recompute every entry's hash in order and name the first broken one, if any; check each
    closed day and every sale against its entries."""
    closes = list(uow.days.closes())
    sums: dict[tuple[str, date | None], TotalsBuilder] = {
        (day.counter_no, day.business_date): TotalsBuilder() for day, _ in closes}
    per_sale: dict[str, SaleSums] = {}

    def summing(entries: Iterable[JournalEntry]) -> Iterator[JournalEntry]:
        for entry in entries:  # one walk: the chain, every closed day, every sale
            builder = sums.get((entry.counter_no or "", entry.business_date))
            if builder is not None:
                builder.add(entry)
            if counts_for_sale(entry):
                assert entry.sale_no is not None
                per_sale.setdefault(entry.sale_no, SaleSums()).add(entry)
            yield entry

    chain = verify_chain(summing(uow.journal.stream()))
    problems: list[DayProblem] = []
    for day, close in closes:
        # a broken chain stopped the walk early: those days are summed on their own
        totals = (sums[(day.counter_no, day.business_date)].result() if chain.intact
                  else day_totals(uow.journal.day_entries(day.counter_no,
                                                          day.business_date)))
        problems.extend(_check_day(uow, day, close, totals))
    seen = set(sums)
    for day, close in uow.days.closes():  # closed while the walk ran (another counter, on
        if (day.counter_no, day.business_date) not in seen:  # PostgreSQL): summed on its own
            closes.append((day, close))
            problems.extend(_check_day(uow, day, close, day_totals(
                uow.journal.day_entries(day.counter_no, day.business_date))))
    sale_problems, checked = (_check_sales(uow.sales.ledger_facts(), per_sale)
                              if chain.intact else ([], 0))
    anchored = svc.anchors.latest()
    anchor = _check_anchor(uow, anchored, svc)
    return LedgerReport(chain, len(closes), tuple(problems), checked, tuple(sale_problems),
                        anchor, anchored.seq if anchored is not None else None)


def _check_sales(sales: Iterable[SaleFacts], per_sale: dict[str, SaleSums]
                 ) -> tuple[list[SaleProblem], int]:
    problems: list[SaleProblem] = []
    checked = 0
    for facts in sales:
        checked += 1
        problems += sale_problems(facts, per_sale.pop(facts.order_no, None))
    problems += [missing_sale(order_no) for order_no in sorted(per_sale)]
    return problems, checked


def _check_anchor(uow: UnitOfWork, anchored: AnchorHead | None, svc: Services
                  ) -> AnchorProblem | None:
    """The journal must still hold the last head this installation wrote."""
    if anchored is None or uow.journal.hash_of(anchored.seq) == anchored.hash:
        return None
    return AnchorProblem(anchored.seq, "journal.anchor_missing", Message(N_(
        "The journal no longer holds entry {seq} as this counter wrote it at {at} (its anchor "
        "file {file}): entries were removed or rewritten since."), {
        "seq": anchored.seq, "file": svc.anchors.where(),
        "at": anchored.at.astimezone(svc.settings.timezone).strftime("%Y-%m-%d %H:%M:%S")}))


def _check_day(uow: UnitOfWork, day: BusinessDay, close: DayClose | None,
               totals: DayTotals) -> list[DayProblem]:
    def problem(code: str, msgid: str) -> DayProblem:
        return DayProblem(day.counter_no, day.business_date.isoformat(), code,
                          Message(msgid, {"counter": day.counter_no,
                                          "date": day.business_date.isoformat()}))

    if close is None:
        return [problem("day.close_missing", N_(
            "Counter {counter}'s day {date} is closed but its close record is missing or "
            "unreadable."))]
    found: list[DayProblem] = []
    if totals.as_document() != close.totals.as_document():
        found.append(problem("day.totals_changed", N_(
            "Counter {counter}'s closed day {date}: its entries no longer add up to the totals "
            "stored when it closed.")))
    head = GENESIS_HASH if close.chain_seq == 0 else uow.journal.hash_of(close.chain_seq)
    if head != close.chain_head or (
            day.kept_float != close.kept_float):
        found.append(problem("day.close_changed", N_(
            "Counter {counter}'s closed day {date}: its close record no longer matches the "
            "journal it was closed on.")))
    expected = totals.expected_cash(close.opening_float)
    if (expected != close.expected_cash or day.opening_float != close.opening_float
            or close.over_short != totals.over_short):
        found.append(problem("day.cash_changed", N_(
            "Counter {counter}'s closed day {date}: its expected and counted cash no longer "
            "agree with its entries.")))
    return found
