"""``gaspos import history``: a utility's past days from its previous system (docs/history-import.md
"Migration"), for days before go-live only.

The whole file is one transaction: every past business day is created, filled with its
payments and refunds (as the journal records them: an advance receipt and a sale; a refund),
counted, closed and locked exactly as a live day is — so the closed-day guards and ``ledger
verify`` hold for them too — and the deposit slips are recorded.  A day on or after the
counter's first live day, or today, is refused, and so is a file already imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from pos.domain.audit import AuditAction
from pos.domain.day.business_day import (
    BusinessDay,
    CountKind,
    DayClose,
    DepositSlip,
    DrawerCount,
    check_slip_no,
)
from pos.domain.day.cash_count import CashCount
from pos.domain.day.totals import CASH, day_totals
from pos.domain.errors import BadInput, Refused
from pos.domain.history import PastClose, PastPayment, read_history
from pos.domain.journal import DetailValue, EntryKind, JournalDraft, JournalEntry
from pos.domain.messages import N_
from pos.domain.quantities import Money, Volume
from pos.domain.reasons import reason_of
from pos.domain.reconciliation.month import MonthState
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


@dataclass(frozen=True)
class HistoryReport:
    counter_no: str
    days: int
    entries: int
    deposits: int
    first: date | None
    last: date | None


def import_history(svc: Services, operator: Operator, data: bytes,
                   counter_no: str | None = None) -> HistoryReport:
    if not operator.may(Permission.RECONCILE):
        authorize(svc, operator, Permission.MANAGE_DAY, "import history")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadInput("history.json", N_("The history file is not UTF-8 JSON: {why}"),
                       why=reason_of(error)) from None
    history = read_history(document)
    counter = counter_no or history.counter_no or svc.settings.counter_no
    days = history.days()
    entries = 0
    with svc.uow(write=True) as uow:
        if uow.org.counter(counter) is None:
            raise Refused("counter.unknown", N_(
                "There is no counter {counter}: set it up first (gaspos org counter)."),
                counter=counter)
        _before_go_live(svc, uow, counter, days)
        uow.journal.lock()
        for close in sorted(history.closes, key=lambda c: c.business_date):
            entries += _past_day(uow, operator, counter, close, [
                p for p in history.payments if p.business_date == close.business_date])
        for deposit in history.deposits:
            _deposit(svc, uow, operator, counter, deposit.slip_no, deposit.amount,
                     deposit.deposit_date, deposit.business_dates)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.HISTORY_IMPORTED, counter,
                           days=len(days), entries=entries, deposits=len(history.deposits))
        uow.commit()
    return HistoryReport(counter, len(days), entries, len(history.deposits),
                         days[0] if days else None, days[-1] if days else None)


def _before_go_live(svc: Services, uow: UnitOfWork, counter: str, days: list[date]) -> None:
    if not days:
        raise BadInput("history.empty", N_("The history file holds no closed business day."))
    for month in sorted({f"{d.year:04d}-{d.month:02d}" for d in days}):
        if uow.months.state(month) is MonthState.LOCKED:
            raise Refused("history.month_locked", N_(
                "The history has days in {month}, which finance has locked: a locked month "
                "never changes. Nothing was imported."), month=month)
    for day in days:
        if day >= svc.today():
            raise Refused("history.not_past", N_(
                "The history's day {date} is not in the past: only days before go-live are "
                "imported."), date=day.isoformat())
        if uow.days.get(counter, day) is not None:
            raise Refused("history.day_exists", N_(
                "Counter {counter} already has the business day {date}: this history was "
                "imported, or overlaps the counter's own days."), counter=counter,
                date=day.isoformat())
    first_live = min((d.business_date for d in _days_of(uow, counter)), default=None)
    if first_live is not None and days[-1] >= first_live:
        raise Refused("history.after_go_live", N_(
            "The history reaches {date}, but counter {counter} went live on {live}: only "
            "days before go-live are imported."), date=days[-1].isoformat(), counter=counter,
            live=first_live.isoformat())


def _days_of(uow: UnitOfWork, counter: str) -> list[BusinessDay]:
    found = [day for day, _ in uow.days.closes() if day.counter_no == counter]
    current = uow.days.current(counter)
    return found + ([current] if current else [])


def _past_day(uow: UnitOfWork, operator: Operator, counter: str,
              close: PastClose, payments: list[PastPayment]) -> int:
    opened_at = min([p.at for p in payments] + [close.closed_at])
    day = uow.days.open(counter, close.business_date, close.opening_float, at=opened_at,
                        by=operator.staff_no)
    written: list[JournalEntry] = []
    for payment in sorted(payments, key=lambda p: (p.at, p.order_no)):
        written += _post(uow, day, payment)
    expected = day_totals(written).expected_cash(close.opening_float)
    count = DrawerCount(CountKind.SETTLE, counter, close.business_date, close.closed_at,
                        operator.staff_no, expected, CashCount.unitemised_total(close.counted),
                        reason=(close.reason or "history")[:200] if close.counted != expected
                        else None)
    uow.days.record_count(day, count)
    uow.days.settle(day, count)
    if count.difference.fen:
        written.append(uow.journal.append(JournalDraft(
            kind=EntryKind.CASH_OVER_SHORT, at=close.closed_at,
            business_date=close.business_date, counter_no=counter, amount=count.difference,
            channel=CASH, details={"expected_fen": expected.fen,
                                   "counted_fen": close.counted.fen, "reason": count.reason,
                                   "history": 1})))
    seq, head = uow.journal.head()
    uow.days.close(day, DayClose(counter, close.business_date, close.closed_at,
                                 operator.staff_no, close.opening_float, expected, close.counted,
                                 close.kept_float, seq, head, day_totals(written)))
    return len(written)


def _post(uow: UnitOfWork, day: BusinessDay, payment: PastPayment) -> list[JournalEntry]:
    details: dict[str, DetailValue] = {"history": 1}
    for key, value in (("fee_fen", None if payment.fee is None else payment.fee.fen),
                       ("refund_no", payment.refund_no),
                       ("provider_ref", payment.provider_ref if payment.refund else None),
                       ("provider_refund_ref", payment.provider_refund_ref),
                       ("terminal", payment.terminal), ("voucher", payment.voucher),
                       ("staff", payment.staff), ("card_no", payment.card_no),
                       ("reason", payment.reason)):
        if value is not None:
            details[key] = value

    def entry(kind: EntryKind, volume: Volume = Volume(0)) -> JournalEntry:
        return uow.journal.append(JournalDraft(
            kind=kind, at=payment.at, business_date=day.business_date,
            counter_no=day.counter_no, account_no=payment.account_no,
            sale_no=payment.order_no, channel=payment.channel, amount=payment.amount,
            volume=volume,
            ref=payment.provider_refund_ref if payment.refund else payment.provider_ref,
            details=details))

    if payment.refund:
        return [entry(EntryKind.REFUND)]
    return [entry(EntryKind.ADVANCE_RECEIPT), entry(EntryKind.SALE, payment.volume)]


def _deposit(svc: Services, uow: UnitOfWork, operator: Operator, counter: str, slip_no: str,
             amount: Money, deposit_date: date, business_dates: tuple[date, ...]) -> None:
    slip = check_slip_no(slip_no)
    if uow.days.deposit(slip) is not None:
        raise Refused("deposit.exists", N_("Deposit slip {slip} is recorded already."),
                      slip=slip)
    due = Money(0)
    for business_date in business_dates:
        day = uow.days.get(counter, business_date)
        close = uow.days.close_of(day) if day else None
        if close is not None:
            due = due + close.deposit_due
    if amount != due:
        raise Refused("deposit.amount", N_(
            "The slip says {amount} yuan, but the counted cash less the kept float of the "
            "days it covers is {due} yuan."), amount=str(amount), due=str(due))
    uow.days.add_deposit(DepositSlip(slip, amount, deposit_date,
                                     tuple((counter, d) for d in business_dates),
                                     svc.clock.now(), operator.staff_no))
