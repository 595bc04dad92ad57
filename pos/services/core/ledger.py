"""Verifying the ledger (``gaspos ledger verify``): the journal's hash chain; every closed day —
its stored totals recomputed from its entries, the journal head it recorded, its cash; every
sale and its payments against the entries that name them (pos.domain.sale.ledger); and that
the journal still holds the last head this installation wrote (its anchor file)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from pos.domain.day.business_day import BusinessDay, DayClose
from pos.domain.day.totals import DayTotals, TotalsBuilder, day_totals
from pos.domain.journal import GENESIS_HASH, ChainReport, JournalEntry, verify_chain
from pos.domain.messages import N_, Message
from pos.domain.sale.ledger import (
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

    @property
    def intact(self) -> bool:
        return (self.chain.intact and not self.day_problems and not self.sale_problems
                and self.anchor is None)


def verify_ledger(svc: Services) -> LedgerReport:
    """Recompute every entry's hash in order and name the first broken one, if any; then check
    each closed day against its entries."""
    with svc.uow() as uow:
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

        chain = verify_chain(summing(uow.journal.entries()))
        problems: list[DayProblem] = []
        for day, close in closes:
            # a broken chain stopped the walk early: those days are summed on their own
            totals = (sums[(day.counter_no, day.business_date)].result() if chain.intact
                      else day_totals(uow.journal.day_entries(day.counter_no,
                                                              day.business_date)))
            problems.extend(_check_day(uow, day, close, totals))
        sale_problems, checked = _check_sales(uow, per_sale) if chain.intact else ([], 0)
        anchored = svc.anchors.latest()
        anchor = _check_anchor(uow, anchored, svc)
    return LedgerReport(chain, len(closes), tuple(problems), checked, tuple(sale_problems),
                        anchor, anchored.seq if anchored is not None else None)


def _check_sales(uow: UnitOfWork, per_sale: dict[str, SaleSums]
                 ) -> tuple[list[SaleProblem], int]:
    problems: list[SaleProblem] = []
    checked = 0
    for facts in uow.sales.ledger_facts():
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
