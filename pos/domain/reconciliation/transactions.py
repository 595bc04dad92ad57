"""Transaction level: a provider's bill rows against the ledger's entries of that channel.

Exact references only, in this order: our order number (the provider's 商户订单号), the
provider's transaction id, the refund number, the provider's refund id, the card terminal with
its voucher.  A pair whose amounts differ is ``amount_differs``; a refund the provider still
shows as processing but the ledger recorded is matched.  Rows and entries left over are
``only_in_statement`` / ``only_in_ledger``.  Each item adds its money to its settlement day
(:class:`~pos.domain.reconciliation.day_net.DayNet`) with its effect on the day's net.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pos.domain.messages import N_, Message
from pos.domain.quantities import Money
from pos.domain.reconciliation.day_net import DayNet
from pos.domain.reconciliation.items import Evidence, ItemStatus, Level, ReconItem, content_key
from pos.domain.reconciliation.labels import channel_label, line_id, line_ref
from pos.domain.reconciliation.ledger_side import LedgerMovement
from pos.domain.reconciliation.rules import SettlementRule, normalise
from pos.domain.statements.model import LineKind, StatementLine

CARD_DAYS = 3  # a terminal's voucher number pairs rows at most this many days apart
_PROCESSING = re.compile(r"processing|处理中|退款中")

_KIND = {LineKind.PAYMENT: "payment", LineKind.REFUND: "refund"}


@dataclass(frozen=True)
class _Pass:
    kind: str  # "payment", "refund" or "" for both
    line_key: Callable[[StatementLine], str | None]  # compared normalised (NFKC, case)
    ledger_key: Callable[[LedgerMovement], str | None]
    how: str  # msgid, with the matching value as {value}


def _clean(value: str | None) -> str | None:
    cleaned = normalise(value).strip()
    return cleaned or None


def _card(terminal: str | None, voucher: str | None) -> str | None:
    if not _clean(terminal) or not _clean(voucher):
        return None
    return f"{(terminal or '').strip()}/{(voucher or '').strip()}"


_PASSES = (
    _Pass("payment", lambda line: line.order_no, lambda mv: mv.order_no,
          N_("Matched by the order number {value}.")),
    _Pass("payment", lambda line: line.provider_ref, lambda mv: mv.provider_ref,
          N_("Matched by the provider's transaction id {value}.")),
    _Pass("refund", lambda line: line.refund_no, lambda mv: mv.refund_no,
          N_("Matched by the refund number {value}.")),
    _Pass("refund", lambda line: line.provider_refund_ref, lambda mv: mv.provider_refund_ref,
          N_("Matched by the provider's refund id {value}.")),
    _Pass("", lambda line: _card(line.terminal, line.voucher),
          lambda mv: _card(mv.terminal, mv.voucher),
          N_("Matched by the card terminal and voucher {value}.")),
)


@dataclass(frozen=True)
class _Pair:
    line: StatementLine | None
    movement: LedgerMovement | None
    how: Message | None = None


def is_processing(line: StatementLine) -> bool:
    return _PROCESSING.search(normalise(line.status)) is not None


def _pairs(lines: Sequence[StatementLine], movements: Sequence[LedgerMovement]) -> list[_Pair]:
    free_lines = list(lines)
    free_movements = list(movements)
    pairs: list[_Pair] = []
    for rule in _PASSES:
        taken: set[int] = set()  # ids of the entries this pass paired (removed once, below)
        index: dict[tuple[str, str], list[LedgerMovement]] = {}
        for mv in free_movements:
            key = _clean(rule.ledger_key(mv))
            if key is not None and (not rule.kind or mv.kind == rule.kind):
                index.setdefault((mv.kind, key), []).append(mv)
        left: list[StatementLine] = []
        for line in free_lines:
            key = _clean(rule.line_key(line))
            kind = _KIND[line.kind]
            if key is None:
                left.append(line)
                continue
            candidates = index.get((kind, key), [])
            if rule.kind and kind != rule.kind:
                candidates = []
            if not rule.kind:  # card vouchers repeat: only within a few days
                candidates = [mv for mv in candidates
                              if abs(mv.business_date - line.value_date)
                              <= timedelta(days=CARD_DAYS)]
            if not candidates:
                left.append(line)
                continue
            mv = candidates[0]
            same_key = index[(kind, key)]
            if candidates is same_key:  # the first of its key (unfiltered): no search
                del same_key[0]
            else:
                del same_key[next(i for i, other in enumerate(same_key) if other is mv)]
            taken.add(id(mv))
            pairs.append(_Pair(line, mv, Message(rule.how, {"value": rule.line_key(line)})))
        free_lines = left
        free_movements = [mv for mv in free_movements if id(mv) not in taken]
    pairs.extend(_Pair(line, None) for line in free_lines)
    pairs.extend(_Pair(None, mv) for mv in free_movements)
    return pairs


def match_transactions(rule: SettlementRule, lines: Sequence[StatementLine],
                       movements: Sequence[LedgerMovement], first: date, last: date
                       ) -> tuple[list[ReconItem], dict[date, DayNet]]:
    """Items for the channel's rows and entries, and the channel's money per settlement day.

    ``lines`` are the channel's payment and refund rows, ``movements`` its ledger entries, both
    in a deterministic order.  Without any provider row (no statement for the channel) there
    is nothing to match: the days add up the ledger with its own fees.
    """
    days: dict[date, DayNet] = {}
    if not lines:
        for mv in movements:
            days.setdefault(mv.business_date, DayNet()).add_ledger(mv.ref, mv.amount, mv.fee)
        return [], days
    items: list[ReconItem] = []
    for pair in _pairs(lines, movements):
        item = _item(rule.channel, pair, days)
        if pair.movement is None and not first <= item.date <= last:
            continue  # another month's row with nothing of ours: that month's business
        items.append(item)
    return items, days


def _item(channel: str, pair: _Pair, days: dict[date, DayNet]) -> ReconItem:
    line, mv = pair.line, pair.movement
    statement = (line_id(line),) if line is not None else ()
    ledger = (mv.ref,) if mv is not None else ()
    key = content_key(f"T-{channel}", statement, ledger)
    evidence: list[Evidence] = []
    if line is not None and mv is not None:
        day = line.value_date
        net = days.setdefault(day, DayNet())
        net.add_statement(line.amount, line.fee)
        net.add_ledger(mv.ref, mv.amount, line.fee)  # the statement's fee, explicitly
        difference = line.amount - mv.amount
        status = ItemStatus.MATCHED if difference.fen == 0 else ItemStatus.AMOUNT_DIFFERS
        if pair.how is not None:
            evidence.append(pair.how)
        evidence.append(Message(N_("{row}: {amount}; ledger entry {ref}: {ledger}."), {
            "row": line_ref(line), "amount": line.amount, "ref": mv.ref, "ledger": mv.amount}))
        if difference.fen:
            evidence.append(Message(N_("The amounts differ by {difference}."),
                                    {"difference": difference}))
        if line.kind is LineKind.REFUND and is_processing(line):
            evidence.append(Message(N_(
                "The provider still shows this refund as processing and the ledger has it: "
                "not a discrepancy.")))
        if mv.fee is not None and mv.fee.fen != line.fee.fen:
            evidence.append(Message(N_(
                "The ledger's fee {ledger} differs from the statement's {statement}; the "
                "settlement uses the statement's."), {"ledger": mv.fee, "statement": line.fee}))
        if (line.order_no and mv.order_no
                and _clean(line.order_no) != _clean(mv.order_no)):
            evidence.append(Message(N_(
                "The order numbers differ: statement {statement}, ledger {ledger}."),
                {"statement": line.order_no, "ledger": mv.order_no}))
        net.causes.append((key, difference))
        return ReconItem(key, status, Level.TRANSACTION, channel, day, statement, ledger,
                         line.amount, mv.amount, difference, tuple(evidence))
    if line is not None:
        day = line.value_date
        net = days.setdefault(day, DayNet())
        net.add_statement(line.amount, line.fee)
        net.causes.append((key, line.net))
        evidence.append(Message(N_(
            "{row} ({reference}, {amount} on {date}) has no entry in the ledger."), {
                "row": line_ref(line), "amount": line.amount, "date": line.value_date,
                "reference": _reference(line.order_no, line.provider_ref, line.refund_no)}))
        if line.kind is LineKind.REFUND and is_processing(line):
            evidence.append(Message(N_("The provider still shows this refund as processing.")))
        return ReconItem(key, ItemStatus.ONLY_IN_STATEMENT, Level.TRANSACTION, channel, day,
                         statement, ledger, line.amount, None, line.amount, tuple(evidence))
    assert mv is not None
    day = mv.business_date
    net = days.setdefault(day, DayNet())
    net.add_ledger(mv.ref, mv.amount, mv.fee)
    net.causes.append((key, -(mv.amount - (mv.fee or Money(0)))))
    evidence.append(Message(N_(
        "Ledger entry {ref} ({reference}, {amount} on {date}) is not in the {channel} "
        "statement."), {
            "ref": mv.ref, "amount": mv.amount, "date": mv.business_date,
            "channel": channel_label(channel),
            "reference": _reference(mv.order_no, mv.provider_ref, mv.refund_no)}))
    return ReconItem(key, ItemStatus.ONLY_IN_LEDGER, Level.TRANSACTION, channel, day,
                     statement, ledger, None, mv.amount, -mv.amount, tuple(evidence))


def _reference(order_no: str | None, provider_ref: str | None, refund_no: str | None) -> str:
    return " / ".join(ref for ref in (refund_no, order_no, provider_ref) if ref) or "—"
