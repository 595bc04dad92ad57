"""What the month's reconciliation finds: items with their evidence, and the result.

An item compares the statements' side (``statement_amount``) with the ledger's side
(``ledger_amount``); ``difference`` is statement − ledger, a missing side counting as zero.
Its ``key`` is made from its content only (level, channel, the settlement day or the rows'
identities), so running the same month again gives the same keys whatever the input order.
A settlement-level effect of a transaction-level finding names that finding in ``caused_by``:
it is the same cause, not a new finding.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pos.domain.messages import Message
from pos.domain.quantities import Money


class ItemStatus(StrEnum):
    MATCHED = "matched"
    AMOUNT_DIFFERS = "amount_differs"
    ONLY_IN_STATEMENT = "only_in_statement"
    ONLY_IN_LEDGER = "only_in_ledger"
    IN_TRANSIT = "in_transit"  # settles in the next month (or settled last month's)
    SUGGESTED = "suggested"  # a possible pairing of leftovers, for a person to accept


DISCREPANCIES = frozenset(
    {ItemStatus.AMOUNT_DIFFERS, ItemStatus.ONLY_IN_STATEMENT, ItemStatus.ONLY_IN_LEDGER})


class Level(StrEnum):
    TRANSACTION = "transaction"  # a provider's bill row against a journal entry
    SETTLEMENT = "settlement"  # a channel's net for a settlement day against a bank credit
    DEPOSIT = "deposit"  # a deposit slip (缴款单) against a bank credit


_LEVEL_ORDER = {level: n for n, level in enumerate(Level)}

Evidence = Message | str


@dataclass(frozen=True)
class ReconItem:
    key: str
    status: ItemStatus
    level: Level
    channel: str  # cash, unionpay, wechat, alipay — or "bank" for a bank row of no channel
    date: dt.date  # transaction: the bill day (or business day); settlement: the settlement
    #                day; deposit: the deposit date (or the bank row's date)
    statement: tuple[str, ...]  # "source:identity" of the statement rows
    ledger: tuple[str, ...]  # journal refs ("#seq") or deposit slip numbers
    statement_amount: Money | None
    ledger_amount: Money | None
    difference: Money  # statement − ledger
    evidence: tuple[Evidence, ...]
    caused_by: str | None = None  # the finding this settlement-level effect comes from
    score: int | None = None  # suggestions: 0–100

    @property
    def is_discrepancy(self) -> bool:
        """A finding a person must resolve: not matched, not in transit, not a knock-on."""
        return self.status in DISCREPANCIES and self.caused_by is None

    def sort_key(self) -> tuple[int, str, dt.date, str]:
        return _LEVEL_ORDER[self.level], self.channel, self.date, self.key


@dataclass(frozen=True)
class ChannelSummary:
    channel: str
    rows: int  # the channel's items (suggestions aside)
    matched: int
    differences: int  # amount_differs
    only_in_statement: int
    only_in_ledger: int
    in_transit: int
    suggested: int
    findings: int  # discrepancies not explained by another item (caused_by is None)


@dataclass(frozen=True)
class Reconciliation:
    first: dt.date
    last: dt.date
    items: tuple[ReconItem, ...]  # sorted: level, channel, date, key
    summary: tuple[ChannelSummary, ...]  # sorted by channel

    def item(self, key: str) -> ReconItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def findings(self) -> tuple[ReconItem, ...]:
        return tuple(item for item in self.items if item.is_discrepancy)

    def with_status(self, status: ItemStatus) -> tuple[ReconItem, ...]:
        return tuple(item for item in self.items if item.status is status)


def summarise(items: Iterable[ReconItem]) -> tuple[ChannelSummary, ...]:
    """Per channel, in one pass: each item counted under its status."""
    counts: dict[str, Counter[ItemStatus]] = {}
    findings: Counter[str] = Counter()
    for item in items:
        mine = counts.get(item.channel)
        if mine is None:
            mine = counts[item.channel] = Counter()
        mine[item.status] += 1
        if item.caused_by is None and item.status in DISCREPANCIES:
            findings[item.channel] += 1
    return tuple(ChannelSummary(
        channel=channel,
        rows=sum(mine.values()) - mine[ItemStatus.SUGGESTED],
        matched=mine[ItemStatus.MATCHED],
        differences=mine[ItemStatus.AMOUNT_DIFFERS],
        only_in_statement=mine[ItemStatus.ONLY_IN_STATEMENT],
        only_in_ledger=mine[ItemStatus.ONLY_IN_LEDGER],
        in_transit=mine[ItemStatus.IN_TRANSIT],
        suggested=mine[ItemStatus.SUGGESTED],
        findings=findings[channel],
    ) for channel, mine in sorted(counts.items()))


def content_key(prefix: str, *parts: Iterable[str] | str) -> str:
    """``prefix`` and a digest of ``parts`` (strings or collections of strings, sorted)."""
    canonical: list[str] = []
    for part in parts:
        if isinstance(part, str):
            canonical.append(part)
        elif isinstance(part, tuple) and len(part) < 2:  # one id or none: nothing to sort
            canonical.append(part[0] if part else "")
        else:
            canonical.append("\x1f".join(sorted(part)))
    digest = hashlib.sha256("\x1e".join(canonical).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"
