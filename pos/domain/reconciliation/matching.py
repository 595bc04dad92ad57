"""The month's reconciliation (月对账): statements against the ledger, in three stages.

1. Exact references, per channel (:mod:`.transactions`): the provider's rows against the
   ledger's entries.
2. Settlements many-to-one (:mod:`.settlements`, :mod:`.deposits`): a channel's net per
   settlement day against one bank credit, deposit slips against the credits naming them.
3. Suggestions (:mod:`.suggestions`) for what is left, scored, never accepted here.

Pure and deterministic: the inputs are sorted first, so the items and their keys do not
depend on the order the rows came in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pos.domain.reconciliation.bank_rows import leftover_items
from pos.domain.reconciliation.deposits import match_deposits
from pos.domain.reconciliation.items import ItemStatus, Reconciliation, ReconItem, summarise
from pos.domain.reconciliation.labels import line_id
from pos.domain.reconciliation.ledger_side import LedgerMonth, LedgerMovement
from pos.domain.reconciliation.rules import DEFAULT_RULES, SettlementRules
from pos.domain.reconciliation.settlements import ChannelDays, find_credits, settlement_items
from pos.domain.reconciliation.suggestions import suggest
from pos.domain.reconciliation.transactions import match_transactions
from pos.domain.statements.model import LineKind, Source, StatementLine

_TRANSACTION_KINDS = (LineKind.PAYMENT, LineKind.REFUND)


_DIGITS = re.compile(r"\d+")


def _pad(digits: re.Match[str]) -> str:
    return digits.group().rjust(20, "0")


def _natural(text: str) -> str:
    """``#9`` before ``#10``: digits padded for sorting."""
    return _DIGITS.sub(_pad, text)


def _line_order(line: StatementLine) -> tuple[str, str, int]:
    return str(line.source), _natural(line.identity), line.line_no


def _movement_order(mv: LedgerMovement) -> tuple[str, str]:
    return _natural(mv.ref), mv.channel


def _leftovers(items: Sequence[ReconItem]) -> bool:
    """Whether :func:`suggest` has anything to pair: an item only in the statement and one
    only in the ledger, neither a knock-on of another finding."""
    sides = {item.status for item in items if item.caused_by is None and item.status in (
        ItemStatus.ONLY_IN_STATEMENT, ItemStatus.ONLY_IN_LEDGER)}
    return len(sides) == 2


def reconcile(month: LedgerMonth, lines: Sequence[StatementLine],
              rules: SettlementRules = DEFAULT_RULES) -> Reconciliation:
    first, last = month.first, month.last
    ordered = sorted(lines, key=_line_order)
    movements = sorted(month.movements, key=_movement_order)
    items: list[ReconItem] = []
    channels: list[ChannelDays] = []
    for rule in sorted(rules.channels, key=lambda r: r.channel):
        provider = [line for line in ordered
                    if line.source in rule.sources and line.kind in _TRANSACTION_KINDS]
        mine = [mv for mv in movements if mv.channel == rule.channel]
        found, days = match_transactions(rule, provider, mine, first, last)
        items.extend(found)
        channels.append(ChannelDays(rule, days, has_statement=bool(provider)))

    bank = [line for line in ordered if line.source is Source.BANK]
    claimed: set[str] = set()
    items.extend(match_deposits(rules.deposits, month.deposits, month.closes, bank, claimed,
                                last))
    find_credits(channels, bank, claimed, rules.calendar, first, last)
    for ch in channels:
        items.extend(settlement_items(ch, rules.calendar, first, last))
    items.extend(leftover_items(rules, bank, claimed, first, last))

    if _leftovers(items):  # suggestions pair leftovers: a month with none needs no texts
        statement_text = {line_id(line): " ".join(filter(None, (
            line.order_no, line.provider_ref, line.refund_no, line.provider_refund_ref,
            line.terminal and line.voucher and f"{line.terminal}/{line.voucher}",
            line.memo, line.counterparty))) for line in ordered}
        ledger_tokens: dict[str, tuple[str, ...]] = {mv.ref: tuple(filter(None, (
            mv.order_no, mv.provider_ref, mv.refund_no, mv.provider_refund_ref)))
            for mv in movements}
        ledger_tokens.update({d.slip_no: (d.slip_no,) for d in month.deposits})
        items.extend(suggest(items, statement_text, ledger_tokens))

    items.sort(key=ReconItem.sort_key)
    return Reconciliation(first, last, tuple(items), summarise(items))
