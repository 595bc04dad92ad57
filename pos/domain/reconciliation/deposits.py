"""Deposit level: each deposit slip (缴款单) against the bank credit whose 用途 names it.

The slip's number is the key; its amount is compared to the fen.  A day close's over/short
was dealt with at the close (the slip carries the counted cash), so it is never an item: it
appears only as evidence on the slip that covers the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pos.domain.messages import N_, Message
from pos.domain.quantities import Money
from pos.domain.reconciliation.items import Evidence, ItemStatus, Level, ReconItem
from pos.domain.reconciliation.labels import line_id, line_ref
from pos.domain.reconciliation.ledger_side import LedgerDayClose, LedgerDeposit
from pos.domain.reconciliation.rules import DepositRule
from pos.domain.statements.model import LineKind, StatementLine


def match_deposits(rule: DepositRule, deposits: Sequence[LedgerDeposit],
                   closes: Sequence[LedgerDayClose], bank: Sequence[StatementLine],
                   claimed: set[str], last: date) -> list[ReconItem]:
    items = []
    for deposit in sorted(deposits, key=lambda d: (d.deposit_date, d.slip_no)):
        credits = [line for line in bank
                   if line_id(line) not in claimed and line.kind is LineKind.CREDIT
                   and rule.names_slip(line, deposit.slip_no)
                   and rule.in_window(deposit.deposit_date, line.value_date)]
        claimed.update(line_id(line) for line in credits)
        items.append(_item(rule, deposit, credits, closes, last))
    return items


def _item(rule: DepositRule, deposit: LedgerDeposit, credits: list[StatementLine],
          closes: Sequence[LedgerDayClose], last: date) -> ReconItem:
    evidence: list[Evidence] = []
    for line in credits:
        evidence.append(Message(N_(
            "Deposit slip {slip} is named in {row}: {amount} on {date}, “{memo}”."), {
                "slip": deposit.slip_no, "row": line_ref(line), "amount": line.amount,
                "date": line.value_date, "memo": line.memo or ""}))
    evidence.append(Message(N_("The slip says {amount}, deposited on {date}, for {days}."), {
        "amount": deposit.amount, "date": deposit.deposit_date,
        "days": ", ".join(day.isoformat() for day in sorted(deposit.business_dates))}))
    for close in sorted(closes, key=lambda c: (c.business_date, c.counter_no)):
        if close.business_date in deposit.business_dates and close.counted != close.expected:
            evidence.append(Message(N_(
                "Counter {counter} on {day} counted {counted} against {expected} expected: "
                "the over/short was dealt with at the day close, not a discrepancy."), {
                    "counter": close.counter_no, "day": close.business_date,
                    "counted": close.counted, "expected": close.expected}))
    key = f"D-{deposit.slip_no}"
    statement = tuple(line_id(line) for line in credits)
    ledger = (deposit.slip_no,)
    if credits:
        credited = sum((line.amount for line in credits), Money(0))
        difference = credited - deposit.amount
        after = max(line.value_date for line in credits) > last
        if after:
            evidence.append(Message(N_("Credited after the month's end: in transit.")))
        if difference.fen == 0:
            status = ItemStatus.IN_TRANSIT if after else ItemStatus.MATCHED
        else:
            status = ItemStatus.AMOUNT_DIFFERS
            msgid = (N_("The bank credited {difference} more than the slip.")
                     if difference.fen > 0 else
                     N_("The bank credited {difference} less than the slip."))
            evidence.append(Message(msgid, {"difference": Money(abs(difference.fen))}))
        return ReconItem(key, status, Level.DEPOSIT, rule.channel, deposit.deposit_date,
                         statement, ledger, credited, deposit.amount, difference,
                         tuple(evidence))
    if deposit.deposit_date > last:
        evidence.append(Message(N_("Expected after the month's end: in transit.")))
        status = ItemStatus.IN_TRANSIT
    else:
        evidence.append(Message(N_("No bank credit names deposit slip {slip}."),
                                {"slip": deposit.slip_no}))
        status = ItemStatus.ONLY_IN_LEDGER
    return ReconItem(key, status, Level.DEPOSIT, rule.channel, deposit.deposit_date, (),
                     ledger, None, deposit.amount, -deposit.amount, tuple(evidence))
