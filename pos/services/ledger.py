"""Verifying the ledger (``gaspos ledger verify``): the journal's hash chain, then every closed
day — its stored totals recomputed from its entries, the journal head it recorded, its cash."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from pos.domain.business_day import BusinessDay, DayClose
from pos.domain.day_totals import DayTotals, TotalsBuilder, day_totals
from pos.domain.journal import GENESIS_HASH, ChainReport, JournalEntry, verify_chain
from pos.domain.messages import N_, Message
from pos.services.context import Services
from pos.services.ports import UnitOfWork


@dataclass(frozen=True)
class DayProblem:
    counter_no: str
    business_date: str
    code: str
    message: Message


@dataclass(frozen=True)
class LedgerReport:
    chain: ChainReport
    days_checked: int
    day_problems: tuple[DayProblem, ...]

    @property
    def intact(self) -> bool:
        return self.chain.intact and not self.day_problems


def verify_ledger(svc: Services) -> LedgerReport:
    """Recompute every entry's hash in order and name the first broken one, if any; then check
    each closed day against its entries."""
    with svc.uow() as uow:
        closes = list(uow.days.closes())
        sums: dict[tuple[str, date | None], TotalsBuilder] = {
            (day.counter_no, day.business_date): TotalsBuilder() for day, _ in closes}

        def summing(entries: Iterable[JournalEntry]) -> Iterator[JournalEntry]:
            for entry in entries:  # one walk: the chain and every closed day's totals
                builder = sums.get((entry.counter_no or "", entry.business_date))
                if builder is not None:
                    builder.add(entry)
                yield entry

        chain = verify_chain(summing(uow.journal.entries()))
        problems: list[DayProblem] = []
        for day, close in closes:
            # a broken chain stopped the walk early: those days are summed on their own
            totals = (sums[(day.counter_no, day.business_date)].result() if chain.intact
                      else day_totals(uow.journal.day_entries(day.counter_no,
                                                              day.business_date)))
            problems.extend(_check_day(uow, day, close, totals))
    return LedgerReport(chain, len(closes), tuple(problems))


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
