"""``gaspos import history``: a utility's past days from its previous system (docs/history-import.md
"Migration"), for days before go-live only.

The whole file is one transaction: every past business day is created, filled with its
payments and refunds (as the journal records them: an advance receipt and a sale; a refund),
counted, closed and locked exactly as a live day is — so the closed-day guards and ``ledger
verify`` hold for them too — and the deposit slips are recorded.  Every past sale also becomes
a sale row with its payment (completed; voided if the history refunds it in full), so the
household file, the tier position, lookups and ``ledger verify`` see it.  A day on or after the
counter's first live day, or today, is refused, and so is a file already imported.

A day's entries are sealed in Python and written in one batch (``Journal.append_many``: the
same chain a live append writes), and the sales and payments in two bulk inserts: 100,000
sales import in seconds (bench/history.py).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
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
from pos.domain.day.totals import CASH, TotalsBuilder
from pos.domain.errors import BadInput, Refused
from pos.domain.history import PastClose, PastPayment, read_history
from pos.domain.journal import DetailValue, EntryKind, JournalDraft
from pos.domain.messages import N_
from pos.domain.quantities import Money, Volume
from pos.domain.reasons import reason_of
from pos.domain.reconciliation.month import MonthState
from pos.domain.sale.ledger import HISTORY_JOURNAL_ONLY, HISTORY_SALE_ROW
from pos.domain.sale.record import (
    Channel,
    PaymentRecord,
    PaymentState,
    SaleKind,
    SaleRecord,
    SaleState,
)
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
    sales: int = 0  # sale rows written


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
    by_day: dict[date, list[PastPayment]] = defaultdict(list)
    for payment in history.payments:
        by_day[payment.business_date].append(payment)
    entries = 0
    with svc.uow(write=True) as uow:
        if uow.org.counter(counter) is None:
            raise Refused("counter.unknown", N_(
                "There is no counter {counter}: set it up first (gaspos org counter)."),
                counter=counter)
        _before_go_live(svc, uow, counter, days)
        sales = _sale_rows(counter, history.payments)
        _no_such_sales_yet(uow, counter, sales)
        uow.journal.lock()
        for close in sorted(history.closes, key=lambda c: c.business_date):
            entries += _past_day(uow, operator, counter, close, by_day[close.business_date])
        uow.sales.add_imported(sales)
        receipts = [s.receipt_no for s in sales if s.receipt_no is not None]
        if receipts:
            uow.sales.receipts_from(counter, max(receipts))
        for deposit in history.deposits:
            _deposit(svc, uow, operator, counter, deposit.slip_no, deposit.amount,
                     deposit.deposit_date, deposit.business_dates)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.HISTORY_IMPORTED, counter,
                           days=len(days), entries=entries, deposits=len(history.deposits),
                           sales=len(sales))
        uow.commit()
    return HistoryReport(counter, len(days), entries, len(history.deposits),
                         days[0] if days else None, days[-1] if days else None, len(sales))


def _sale_rows(counter: str, payments: Sequence[PastPayment]) -> list[SaleRecord]:
    """Each past sale as a row: completed, or voided when the history refunds it in full
    (its gas never counts towards the household's cycle then), with its one payment."""
    refunded: dict[str, int] = defaultdict(int)
    for payment in payments:
        if payment.refund:
            refunded[payment.order_no] -= payment.amount.fen
    rows = []
    for p in payments:
        if p.refund:
            continue
        back = refunded.get(p.order_no, 0) >= p.amount.fen
        rows.append(SaleRecord(
            order_no=p.order_no, kind=SaleKind.PURCHASE,
            state=SaleState.VOIDED if back else SaleState.COMPLETED, counter_no=counter,
            business_date=p.business_date, account_no=p.account_no or "", card_no=p.card_no,
            meter_no=None, staff_no=p.staff or "", purchase_seq=0, volume=p.volume,
            amount=p.amount, cumulative_after=Volume(0),
            payments=(PaymentRecord(Channel(p.channel), p.amount,
                                    PaymentState.REFUNDED if back else PaymentState.CONFIRMED,
                                    p.provider_ref, p.terminal, p.voucher),),
            receipt_no=p.receipt_no, created_at=p.at, completed_at=p.at, imported=True))
    return rows


def _no_such_sales_yet(uow: UnitOfWork, counter: str, sales: list[SaleRecord]) -> None:
    taken = uow.sales.existing_orders([s.order_no for s in sales])
    if taken:
        raise Refused("history.sale_exists", N_(
            "The history's sale {order_no} is in the ledger already: this history was "
            "imported, or overlaps the counter's own sales. Nothing was imported."),
            order_no=min(taken))
    given = uow.sales.existing_receipts(
        counter, [s.receipt_no for s in sales if s.receipt_no is not None])
    if given:
        raise Refused("history.receipt_exists", N_(
            "Counter {counter} has given receipt number {receipt_no} already: the history's "
            "receipt numbers must be new to it. Nothing was imported."),
            counter=counter, receipt_no=min(given))


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
    written = uow.journal.append_many([
        draft for payment in sorted(payments, key=lambda p: (p.at, p.order_no))
        for draft in _drafts(day, payment)])
    totals = TotalsBuilder()  # the day's totals, summed once (the over/short added below)
    for entry in written:
        totals.add(entry)
    expected = totals.result().expected_cash(close.opening_float)
    count = DrawerCount(CountKind.SETTLE, counter, close.business_date, close.closed_at,
                        operator.staff_no, expected, CashCount.unitemised_total(close.counted),
                        reason=(close.reason or "history")[:200] if close.counted != expected
                        else None)
    uow.days.record_count(day, count)
    uow.days.settle(day, count)
    if count.difference.fen:
        written.append(over_short := uow.journal.append(JournalDraft(
            kind=EntryKind.CASH_OVER_SHORT, at=close.closed_at,
            business_date=close.business_date, counter_no=counter, amount=count.difference,
            channel=CASH, details={"expected_fen": expected.fen,
                                   "counted_fen": close.counted.fen, "reason": count.reason,
                                   "history": HISTORY_JOURNAL_ONLY})))
        totals.add(over_short)
    seq, head = uow.journal.head()
    uow.days.close(day, DayClose(counter, close.business_date, close.closed_at,
                                 operator.staff_no, close.opening_float, expected, close.counted,
                                 close.kept_float, seq, head, totals.result()))
    return len(written)


def _drafts(day: BusinessDay, payment: PastPayment) -> list[JournalDraft]:
    """What a live day would have appended for ``payment``: an advance receipt and a sale (the
    sale carrying the receipt number, as a live completion's does), or a refund.  The sale's
    two entries are marked ``"history": 2`` (they have a sale row); a refund ``1``."""
    details: dict[str, DetailValue] = {
        "history": HISTORY_JOURNAL_ONLY if payment.refund else HISTORY_SALE_ROW}
    for key, value in (("fee_fen", None if payment.fee is None else payment.fee.fen),
                       ("refund_no", payment.refund_no),
                       ("provider_ref", payment.provider_ref if payment.refund else None),
                       ("provider_refund_ref", payment.provider_refund_ref),
                       ("terminal", payment.terminal), ("voucher", payment.voucher),
                       ("staff", payment.staff), ("card_no", payment.card_no),
                       ("reason", payment.reason)):
        if value is not None:
            details[key] = value

    def entry(kind: EntryKind, volume: Volume = Volume(0),
              more: dict[str, DetailValue] | None = None) -> JournalDraft:
        return JournalDraft(
            kind=kind, at=payment.at, business_date=day.business_date,
            counter_no=day.counter_no, account_no=payment.account_no,
            sale_no=payment.order_no, channel=payment.channel, amount=payment.amount,
            volume=volume,
            ref=payment.provider_refund_ref if payment.refund else payment.provider_ref,
            details=details | more if more else details)

    if payment.refund:
        return [entry(EntryKind.REFUND)]
    receipt: dict[str, DetailValue] | None = (
        None if payment.receipt_no is None else {"receipt_no": payment.receipt_no})
    return [entry(EntryKind.ADVANCE_RECEIPT), entry(EntryKind.SALE, payment.volume, receipt)]


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
