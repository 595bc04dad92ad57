"""Bank rows that no settlement day and no deposit slip claimed.

A row a channel's rule recognises belongs to that channel, one naming a deposit belongs to
cash, any other to the bank account itself.  A credit for a settlement day of the previous
month is that month's money in transit arriving; rows dated outside the month that name no
day of it are another month's business and left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pos.domain.messages import N_, Message
from pos.domain.reconciliation.items import Evidence, ItemStatus, Level, ReconItem, content_key
from pos.domain.reconciliation.labels import BANK_CHANNEL, line_id, line_ref
from pos.domain.reconciliation.rules import SettlementRules
from pos.domain.statements.model import StatementLine


def leftover_items(rules: SettlementRules, bank: Sequence[StatementLine], claimed: set[str],
                   first: date, last: date) -> list[ReconItem]:
    items = []
    for line in bank:
        if line_id(line) in claimed:
            continue
        rule = next((r for r in rules.channels if r.recognises(line)), None)
        named = rule.settlement_day(line) if rule is not None else None
        if rule is not None:
            channel, level = rule.channel, Level.SETTLEMENT
        elif rules.deposits.recognises(line):
            channel, level = rules.deposits.channel, Level.DEPOSIT
        else:
            channel, level = BANK_CHANNEL, Level.SETTLEMENT
        in_month = first <= line.value_date <= last
        evidence: list[Evidence] = [Message(N_(
            "{row}: {amount} on {date} from {counterparty}, “{memo}”."), {
                "row": line_ref(line), "amount": line.amount, "date": line.value_date,
                "counterparty": line.counterparty or "—", "memo": line.memo or ""})]
        if named is not None and named < first and in_month:
            status = ItemStatus.IN_TRANSIT
            evidence.append(Message(N_(
                "It settles {day}, before the month: the previous month's money in transit, "
                "arrived."), {"day": named}))
        elif in_month or (named is not None and first <= named <= last):
            status = ItemStatus.ONLY_IN_STATEMENT
            evidence.append(Message(N_(
                "No settlement day, deposit slip or ledger entry of the month matches this "
                "bank row.")))
        else:
            continue
        key = content_key(f"B-{channel}", [line_id(line)])
        items.append(ReconItem(key, status, level, channel, line.value_date, (line_id(line),),
                               (), line.amount, None, line.amount, tuple(evidence)))
    return items
