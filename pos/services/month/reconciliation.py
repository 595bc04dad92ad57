"""The month's reconciliation (docs/design.md: 月对账): match the imported statements against the
ledger, let finance resolve each item with a note, lock the month.

The month moves open → reconciling → locked (pos.domain.reconciliation.month).  Every run
replaces the month's items (their keys are stable, so resolutions given earlier still apply);
the month locks only when no item is left open, and then never changes (the database refuses
it too).  An open item is a discrepancy that no other finding explains, or a suggestion; a
knock-on effect at settlement level resolves with its cause; in-transit items carry over.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pos.domain.audit import AuditAction
from pos.domain.day.business_day import DayState
from pos.domain.day.totals import MONEY_KINDS
from pos.domain.errors import NotFound, Refused
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money
from pos.domain.reconciliation import evidence as kept_evidence
from pos.domain.reconciliation.items import DISCREPANCIES, ItemStatus, ReconItem
from pos.domain.reconciliation.ledger_side import (
    LedgerDayClose,
    LedgerDeposit,
    LedgerMonth,
    movement,
)
from pos.domain.reconciliation.matching import reconcile
from pos.domain.reconciliation.month import (
    Action,
    Month,
    MonthState,
    Resolution,
    advance_month,
    check_resolution,
)
from pos.domain.reconciliation.stored import StoredItem
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.bulk import without_cycle_collection
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork

LANGUAGES = ("zh_CN", "en")
MONEY_KIND_NAMES = frozenset(str(kind) for kind in MONEY_KINDS)
SETTLEMENT_DAYS_AFTER = 10  # statement lines read past the month's end: next month's credits


@dataclass(frozen=True)
class ItemView:
    stored: StoredItem
    statement: tuple[str, ...]
    ledger: tuple[str, ...]
    # the evidence as stored (pos.domain.reconciliation.evidence), or its messages before they
    # were: the same evidence either way (``stored.document`` holds it, and is compared)
    notes: tuple[Any, ...] = field(compare=False)
    score: int | None
    resolution: Resolution | None

    @property
    def key(self) -> str:
        return self.stored.key

    @property
    def evidence(self) -> tuple[dict[str, str], ...]:
        """Language → text, rendered now: only the items someone looks at are rendered."""
        return tuple({language: kept_evidence.render(note, language) for language in LANGUAGES}
                     for note in self.notes)

    @property
    def needs_resolution(self) -> bool:
        status = ItemStatus(self.stored.status)
        return (status in DISCREPANCIES and self.stored.caused_by is None) or (
            status is ItemStatus.SUGGESTED)

    @property
    def open(self) -> bool:
        return self.needs_resolution and self.resolution is None


@dataclass
class ChannelCounts:
    channel: str
    rows: int = 0
    matched: int = 0
    differences: int = 0
    statement_only: int = 0
    ledger_only: int = 0
    in_transit: int = 0
    open: int = 0

    def add(self, status: str) -> None:
        name = {ItemStatus.MATCHED.value: "matched",
                ItemStatus.AMOUNT_DIFFERS.value: "differences",
                ItemStatus.ONLY_IN_STATEMENT.value: "statement_only",
                ItemStatus.ONLY_IN_LEDGER.value: "ledger_only",
                ItemStatus.IN_TRANSIT.value: "in_transit"}.get(status)
        if name:
            setattr(self, name, getattr(self, name) + 1)


@dataclass(frozen=True)
class MonthView:
    month: Month
    state: MonthState
    items: tuple[ItemView, ...]

    @property
    def open_items(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.open)

    def summary(self) -> list[ChannelCounts]:
        """Per channel: rows, matched, differences, only in each side, in transit, open."""
        counts: dict[str, ChannelCounts] = {}
        for item in self.items:
            if item.stored.status == ItemStatus.SUGGESTED.value:
                continue
            line = counts.setdefault(item.stored.channel, ChannelCounts(item.stored.channel))
            line.rows += 1
            line.add(item.stored.status)
            line.open += int(item.open)
        return [counts[c] for c in sorted(counts)]

    def item(self, key: str) -> ItemView:
        for item in self.items:
            if item.key == key:
                return item
        raise NotFound("reconcile.no_item", N_("The month {month} has no item {key}."),
                       month=self.month.text, key=key)


def reconcile_month(svc: Services, operator: Operator, text: str) -> MonthView:
    authorize(svc, operator, Permission.RECONCILE, text)
    month = Month.parse(text)
    with without_cycle_collection():  # a month is hundreds of thousands of objects
        return _reconciled(svc, operator, month)


def _reconciled(svc: Services, operator: Operator, month: Month) -> MonthView:
    with svc.uow(write=True) as uow:
        state = uow.months.state(month.text) or MonthState.OPEN
        advance_month(state, MonthState.RECONCILING, month.text)
        result = reconcile(ledger_month(uow, month), uow.statements.lines_between(
            month.first - timedelta(days=SETTLEMENT_DAYS_AFTER),
            month.last + timedelta(days=SETTLEMENT_DAYS_AFTER), cells=False))
        uow.months.set_state(month.text, MonthState.RECONCILING, at=svc.clock.now())
        kept = [_stored(item) for item in result.items]
        uow.months.replace_items(month.text, [item for item, _ in kept])
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.MONTH_RECONCILED,
                           month.text, items=len(result.items),
                           findings=len(result.findings))
        resolutions = {r.item_key: r for r in uow.months.resolutions(month.text)}
        uow.commit()
    # what month_view would read back, without reading it back
    return MonthView(month, MonthState.RECONCILING, tuple(
        _item_view(item, document, resolutions.get(item.key)) for item, document in kept))


def show_month(svc: Services, operator: Operator, text: str) -> MonthView:
    """The month as last reconciled, for someone allowed to see it."""
    authorize(svc, operator, Permission.RECONCILE, text)
    return month_view(svc, text, reading=True)


def month_view(svc: Services, text: str, *, reading: bool = False) -> MonthView:
    """``reading``: only to be looked at — read from the report replica when one is set
    (it may lag); what is about to be changed is read from the main database."""
    month = Month.parse(text)
    with svc.reading() if reading else svc.uow() as uow:
        state = uow.months.state(month.text)
        if state is None:
            raise NotFound("reconcile.not_run", N_(
                "The month {month} has not been reconciled yet: reconcile it first."),
                month=month.text)
        resolutions = {r.item_key: r for r in uow.months.resolutions(month.text)}
        items = tuple(_view(item, resolutions.get(item.key))
                      for item in uow.months.items(month.text))
    return MonthView(month, state, items)


def resolve(svc: Services, operator: Operator, text: str, key: str, action: Action,
            note: str, entry_seq: int | None = None) -> ItemView:
    """Finance's answer to one item: explained, carried to next month, or linked to the entry
    (made in an open day) that corrects it."""
    authorize(svc, operator, Permission.RECONCILE, key)
    view = month_view(svc, text)
    if view.state is MonthState.LOCKED:
        raise Refused("month.locked", N_("The month {month} is locked: it never changes."),
                      month=view.month.text)
    item = view.item(key.strip())
    if item.resolution is not None:
        raise Refused("reconcile.already_resolved", N_(
            "Item {key} was resolved already ({action}, by {by}): its resolution stands."),
            key=item.key, action=item.resolution.action.label, by=item.resolution.by)
    if not item.needs_resolution:
        raise Refused("reconcile.nothing_to_resolve", N_(
            "Item {key} is {status}: there is nothing to resolve."), key=item.key,
            status=item.stored.status)
    why = check_resolution(action, note, entry_seq)
    with svc.uow(write=True) as uow:
        if entry_seq is not None:
            _correcting(uow, entry_seq)
        resolution = Resolution(item.key, action, why, svc.clock.now(), operator.staff_no,
                                entry_seq)
        uow.months.add_resolution(view.month.text, resolution)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.ITEM_RESOLVED, item.key,
                           month=view.month.text, resolution=action.value, entry=entry_seq)
        uow.commit()
    return month_view(svc, text).item(item.key)


def lock_month(svc: Services, operator: Operator, text: str) -> MonthView:
    authorize(svc, operator, Permission.RECONCILE, text)
    view = month_view(svc, text)
    advance_month(view.state, MonthState.LOCKED, view.month.text)
    if view.open_items:
        raise Refused("month.open_items", N_(
            "{count} items of {month} are still open (the first: {key}): resolve each before "
            "the month locks."), count=len(view.open_items), month=view.month.text,
            key=view.open_items[0].key)
    with svc.uow(write=True) as uow:
        unclosed = [d for d in _days_in(uow, view.month) if d]
        if unclosed:
            raise Refused("month.day_open", N_(
                "Business day {day} of {month} is not closed: close every day before the "
                "month locks."), day=unclosed[0], month=view.month.text)
        uow.months.set_state(view.month.text, MonthState.LOCKED, at=svc.clock.now(),
                             by=operator.staff_no)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.MONTH_LOCKED,
                           view.month.text, items=len(view.items))
        uow.commit()
    return month_view(svc, text)


def ledger_month(uow: UnitOfWork, month: Month) -> LedgerMonth:
    """The ledger's side of ``month``: money movements, deposit slips and day closes."""
    movements = tuple(movement(row) for row in uow.journal.money_between(month.first, month.last)
                      if row.kind in MONEY_KIND_NAMES and row.channel and row.amount_fen)
    closes: list[LedgerDayClose] = []
    deposits: dict[str, LedgerDeposit] = {}
    for day, close in uow.days.closes():
        if not month.first <= day.business_date <= month.last or close is None:
            continue
        closes.append(LedgerDayClose(day.counter_no, day.business_date, close.expected_cash,
                                     close.counted_cash, close.kept_float))
        slip_no = uow.days.deposit_of(day)
        if slip_no and slip_no not in deposits and (slip := uow.days.deposit(slip_no)):
            deposits[slip_no] = LedgerDeposit(slip.slip_no, slip.amount, slip.deposit_date,
                                              tuple(d for _, d in slip.days))
    return LedgerMonth(month.first, month.last, movements, tuple(deposits.values()),
                       tuple(closes))


def stored(item: ReconItem) -> StoredItem:
    return _stored(item)[0]


def _stored(item: ReconItem) -> tuple[StoredItem, dict[str, Any]]:
    """The item as stored, and its document before it became JSON."""
    document: dict[str, Any] = {
        "statement": list(item.statement), "ledger": list(item.ledger), "score": item.score,
        "evidence": list(item.evidence)}  # messages: rendered only when shown
    return StoredItem(
        item.key, str(item.status), str(item.level), item.channel, item.date,
        None if item.statement_amount is None else item.statement_amount.fen,
        None if item.ledger_amount is None else item.ledger_amount.fen,
        item.difference.fen, item.caused_by,
        json.dumps(document, ensure_ascii=False, sort_keys=True,
                   default=kept_evidence.json_default)), document


def _view(item: StoredItem, resolution: Resolution | None) -> ItemView:
    return _item_view(item, json.loads(item.document), resolution)


def _item_view(item: StoredItem, document: dict[str, Any], resolution: Resolution | None
               ) -> ItemView:
    return ItemView(item, tuple(document.get("statement", ())),
                    tuple(document.get("ledger", ())),
                    tuple(document.get("evidence", ())), document.get("score"), resolution)


def _correcting(uow: UnitOfWork, seq: int) -> None:
    if uow.journal.hash_of(seq) is None:
        raise NotFound("adjust.no_entry", N_("The journal has no entry {seq}."), seq=seq)


def _days_in(uow: UnitOfWork, month: Month) -> Sequence[str]:
    open_days: list[str] = []
    day = month.first
    while day <= month.last:
        open_days += [f"{d.counter_no} {d.business_date}" for d in uow.days.on(day)
                      if d.state is not DayState.CLOSED]
        day = date.fromordinal(day.toordinal() + 1)
    return open_days


def export_xlsx(svc: Services, text: str, view: MonthView | None = None) -> bytes:
    """The reconciliation summary per channel and the item list, as an XLSX workbook
    (``view``: the month as already read, else read now)."""
    from receipts.reports.tables import Table, workbook  # openpyxl: only when asked for

    view = view or month_view(svc, text)
    language = svc.settings.language

    def t(msgid: str) -> str:
        return Message(msgid).render(language)

    def money(fen: int | None) -> Money | None:
        return None if fen is None else Money(fen)

    summary = Table(t(N_("Summary")), [t(h) for h in (
        N_("Channel"), N_("Rows"), N_("Matched"), N_("Amount differs"),
        N_("Only in the statement"), N_("Only in the ledger"), N_("In transit"),
        N_("Open"))], [[c.channel, c.rows, c.matched, c.differences, c.statement_only,
                        c.ledger_only, c.in_transit, c.open] for c in view.summary()],
        heading=[Message(N_("Reconciliation {month}"), {"month": view.month.text}).render(
                     language),
                 view.state.label.render(language)])
    items = Table(t(N_("Items")), [t(h) for h in (
        N_("Item"), N_("Level"), N_("Channel"), N_("Date"), N_("Status"),
        N_("Statement amount"), N_("Ledger amount"), N_("Difference"), N_("Caused by"),
        N_("Statement rows"), N_("Ledger entries"), N_("Evidence"), N_("Resolution"))], [
        [i.key, i.stored.level, i.stored.channel,
         i.stored.on_date.isoformat() if i.stored.on_date else None, i.stored.status,
         money(i.stored.amount_statement_fen), money(i.stored.amount_ledger_fen),
         money(i.stored.difference_fen), i.stored.caused_by, " ".join(i.statement),
         " ".join(i.ledger), " / ".join(e.get(language, "") for e in i.evidence),
         None if i.resolution is None else f"{i.resolution.action.value}: {i.resolution.note}"]
        for i in view.items])
    return workbook([summary, items], title=f"{view.month.text}")


def is_locked(svc: Services, text: str) -> bool:
    month = Month.parse(text)
    with svc.uow() as uow:
        return uow.months.state(month.text) is MonthState.LOCKED


def unlocked_months(svc: Services) -> list[str]:
    with svc.uow() as uow:
        return uow.months.names(MonthState.RECONCILING)
