"""Settlement level: a channel's net for one settlement day against the bank's credit.

The credit is found by its rule: the institution's counterparty, the settlement day named in
用途 and the date window of the lag (first every credit whose 用途 names the day; then, for
days still without one, a credit whose 用途 names no day, within the window).  Amounts are
compared to the fen: fees are netted explicitly from the rows, never absorbed by a tolerance.
A difference that the day's transaction-level findings explain exactly (the credit equals the
provider's own net) names the main finding in ``caused_by``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from pos.domain.messages import N_, Message
from pos.domain.quantities import Money
from pos.domain.reconciliation.day_net import DayNet
from pos.domain.reconciliation.items import Evidence, ItemStatus, Level, ReconItem
from pos.domain.reconciliation.labels import line_id, line_ref
from pos.domain.reconciliation.rules import BankCalendar, SettlementRule
from pos.domain.statements.model import LineKind, StatementLine


@dataclass
class ChannelDays:
    rule: SettlementRule
    days: dict[date, DayNet]
    has_statement: bool  # the provider's rows were given (else the ledger's fees are used)
    credits: dict[date, list[StatementLine]] = field(default_factory=dict)

    def expected(self, day: date) -> Money:
        net = self.days[day]
        return net.statement_net if self.has_statement else net.ledger_net


def _sign_fits(line: StatementLine, expected: Money) -> bool:
    if expected.fen < 0:
        return line.kind is LineKind.DEBIT
    return line.kind is LineKind.CREDIT


def find_credits(channels: Sequence[ChannelDays], bank: Sequence[StatementLine],
                 claimed: set[str], calendar: BankCalendar, first: date, last: date) -> None:
    """Give each settlement day of the month its bank credits (two passes, see the module)."""
    wanted = [(ch, day) for ch in channels for day in sorted(ch.days) if first <= day <= last]
    for ch, day in wanted:  # 1: the credits whose 用途 names this very day
        expected_on = ch.rule.expected_credit(day, calendar)
        found = [line for line in bank
                 if line_id(line) not in claimed and ch.rule.recognises(line)
                 and ch.rule.settlement_day(line) == day
                 and ch.rule.in_window(day, line.value_date, calendar)]
        if found:
            found.sort(key=lambda line: (abs((line.value_date - expected_on).days),
                                         line_id(line)))
            ch.credits[day] = found
            claimed.update(line_id(line) for line in found)
    for ch, day in wanted:  # 2: one credit naming no day, inside the window
        if day in ch.credits:
            continue
        expected = ch.expected(day)
        expected_on = ch.rule.expected_credit(day, calendar)
        candidates = [line for line in bank
                      if line_id(line) not in claimed and ch.rule.recognises(line)
                      and ch.rule.settlement_day(line) is None and _sign_fits(line, expected)
                      and ch.rule.in_window(day, line.value_date, calendar)]
        if candidates:
            best = min(candidates, key=lambda line: (
                line.amount != expected, abs((line.value_date - expected_on).days),
                line_id(line)))
            ch.credits[day] = [best]
            claimed.add(line_id(best))


def settlement_items(ch: ChannelDays, calendar: BankCalendar, first: date, last: date
                     ) -> list[ReconItem]:
    items = []
    for day in sorted(ch.days):
        if first <= day <= last:
            items.append(_item(ch, day, calendar, last))
    return items


def _evidence(ch: ChannelDays, day: date, calendar: BankCalendar) -> list[Evidence]:
    rule, net = ch.rule, ch.days[day]
    evidence: list[Evidence] = []
    if ch.has_statement:
        evidence.append(Message(N_(
            "The statement for {day}: gross {gross} − refunds {refunds} − fees {fees} = "
            "{net}."), {"day": day, "gross": net.statement_gross,
                        "refunds": -net.statement_refunds, "fees": net.statement_fees,
                        "net": net.statement_net}))
    else:
        evidence.append(Message(N_(
            "No provider statement for this channel: the ledger's own fees are used.")))
    evidence.append(Message(N_(
        "The ledger for {day}: gross {gross} − refunds {refunds} − fees {fees} = {net}."),
        {"day": day, "gross": net.ledger_gross, "refunds": -net.ledger_refunds,
         "fees": net.ledger_fees, "net": net.ledger_net}))
    if net.fees_unknown:
        evidence.append(Message(N_(
            "The fee of {count} ledger entries is unknown and counted as zero."),
            {"count": net.fees_unknown}))
    evidence.append(Message(N_("The credit is expected on {date} ({lag})."), {
        "date": rule.expected_credit(day, calendar), "lag": rule.lag_label}))
    for line in ch.credits.get(day, []):
        evidence.append(Message(N_("{row}: {amount} on {date} from {counterparty}, “{memo}”."), {
            "row": line_ref(line), "amount": line.amount, "date": line.value_date,
            "counterparty": line.counterparty or "—", "memo": line.memo or ""}))
    causes = net.cause_keys()
    if causes:
        evidence.append(Message(N_("Transaction findings of this day: {keys}."),
                                {"keys": ", ".join(causes)}))
    return evidence


def _item(ch: ChannelDays, day: date, calendar: BankCalendar, last: date) -> ReconItem:
    rule, net = ch.rule, ch.days[day]
    credits = ch.credits.get(day, [])
    ledger = net.ledger_net
    statement_net = net.statement_net if ch.has_statement else None
    evidence = _evidence(ch, day, calendar)
    cause = net.main_cause()
    key = f"S-{rule.channel}-{day.isoformat()}"
    refs = tuple(sorted(net.ledger_refs))
    if credits:
        return _credited(ch, day, credits, evidence, last)
    if ledger.fen == 0 and (statement_net is None or statement_net.fen == 0):
        evidence.append(Message(N_("The day nets to zero: nothing to credit.")))
        return ReconItem(key, ItemStatus.MATCHED, Level.SETTLEMENT, rule.channel, day, (),
                         refs, Money(0), ledger, Money(0), tuple(evidence))
    if rule.expected_credit(day, calendar) > last:
        evidence.append(Message(N_("Expected after the month's end: in transit.")))
        return ReconItem(key, ItemStatus.IN_TRANSIT, Level.SETTLEMENT, rule.channel, day, (),
                         refs, None, ledger, -ledger, tuple(evidence))
    evidence.append(Message(N_("No bank credit found for this settlement day.")))
    if ledger.fen != 0:
        explained = statement_net is not None and statement_net.fen == 0
        return ReconItem(key, ItemStatus.ONLY_IN_LEDGER, Level.SETTLEMENT, rule.channel, day,
                         (), refs, None, ledger, -ledger, tuple(evidence),
                         cause if explained else None)
    assert statement_net is not None
    return ReconItem(key, ItemStatus.ONLY_IN_STATEMENT, Level.SETTLEMENT, rule.channel, day, (),
                     refs, statement_net, ledger, statement_net, tuple(evidence), cause)


def _credited(ch: ChannelDays, day: date, credits: list[StatementLine],
              evidence: list[Evidence], last: date) -> ReconItem:
    net = ch.days[day]
    ledger = net.ledger_net
    statement_net = net.statement_net if ch.has_statement else None
    credited = sum((line.amount for line in credits), Money(0))
    difference = credited - ledger
    after = max(line.value_date for line in credits) > last
    if after:
        evidence.append(Message(N_("Credited after the month's end: in transit.")))
    caused_by = None
    if difference.fen == 0:
        status = ItemStatus.IN_TRANSIT if after else ItemStatus.MATCHED
    else:
        status = ItemStatus.AMOUNT_DIFFERS
        evidence.append(Message(N_("The credit differs from the ledger by {difference}."),
                                {"difference": difference}))
        if statement_net is not None and credited == statement_net:
            caused_by = net.main_cause()
        elif statement_net is not None:
            evidence.append(Message(N_(
                "The credit differs from the statement's own net by {difference}: no "
                "transaction explains it."), {"difference": credited - statement_net}))
    return ReconItem(f"S-{ch.rule.channel}-{day.isoformat()}", status, Level.SETTLEMENT,
                     ch.rule.channel, day, tuple(line_id(line) for line in credits),
                     tuple(sorted(net.ledger_refs)), credited, ledger, difference,
                     tuple(evidence), caused_by)
