"""The cashier's day (docs/design.md: 日清、日结): open, hand over, settle, close.

* **open** — with a float (the last close's kept float by default);
* **hand over** (交接班) — the clerk leaving counts the drawer and signs it over; a blind
  count records the figure without showing what was expected;
* **settle** (日结) — the cashier counts the drawer by denomination against the ledger's
  expected cash; a difference (长短款) needs a reason, above the threshold a supervisor; the day
  takes no more postings; a recount is allowed;
* **close** (日清) — books the over/short, stores the day's totals and the journal's head, and
  locks the day for ever; the close slip is queued for the printer (the front end prints
  what waits).  Refused while a sale is unfinished.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pos.domain.audit import AuditAction
from pos.domain.day.business_day import (
    BusinessDay,
    CountKind,
    DayClose,
    DayState,
    DrawerCount,
    advance_day,
    check_difference,
    check_kept_float,
)
from pos.domain.day.cash_count import CashCount
from pos.domain.day.totals import CASH, DayTotals, sums_of, totals_of_sums
from pos.domain.errors import NotFound, Refused
from pos.domain.journal import EntryKind, JournalDraft
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.record import SaleState
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize, check_standing
from pos.services.core.business_days import open_next_day, require_counter
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork
from pos.services.printing import documents, print_queue


@dataclass(frozen=True)
class DayView:
    """A counter's day as the cashier sees it."""

    day: BusinessDay
    totals: DayTotals
    expected_cash: Money
    unfinished: tuple[str, ...]  # order numbers of sales awaiting payment or pending
    counts: tuple[DrawerCount, ...]
    close: DayClose | None = None
    deposit_slip: str | None = None
    kept_float_setting: Money | None = None  # [day] opening_float, if set

    @property
    def last_settle(self) -> DrawerCount | None:
        return next((c for c in reversed(self.counts) if c.kind is CountKind.SETTLE), None)

    @property
    def proposed_kept_float(self) -> Money | None:
        """What the close keeps for tomorrow unless told otherwise (once counted)."""
        counted = self.last_settle
        if counted is None:
            return None
        return _default_kept(self.kept_float_setting or self.day.opening_float, counted.counted)


def day_view(svc: Services, counter_no: str | None = None) -> DayView:
    """The counter's open (or settled) day, else its last closed one."""
    counter = counter_no or svc.settings.counter_no
    with svc.uow() as uow:
        day = uow.days.current(counter) or uow.days.last_closed(counter)
        if day is None:
            raise NotFound("day.none", N_("Counter {counter} has no business day yet."),
                           counter=counter)
        return _view(svc, uow, day)


def open_day(svc: Services, operator: Operator, opening_float: Money | None = None
             ) -> BusinessDay:
    authorize(svc, operator, Permission.MANAGE_DAY, "day open")
    with svc.uow(write=True) as uow:
        require_counter(svc, uow)
        current = uow.days.current(svc.settings.counter_no, lock=True)
        if current is not None:
            raise Refused("day.already_open", N_(
                "The business day {date} of counter {counter} is {state}: settle and close it "
                "first."), date=current.business_date.isoformat(),
                counter=current.counter_no, state=current.state.label)
        day = open_next_day(svc, uow, opening_float, operator.staff_no)
        uow.commit()
    return day


def hand_over(svc: Services, operator: Operator, to_staff: str, count: CashCount, *,
              blind: bool = False, reason: str | None = None,
              approver: Operator | None = None) -> DrawerCount:
    """交接班: the drawer counted and signed over from ``operator`` to ``to_staff``."""
    authorize(svc, operator, Permission.MANAGE_DAY if operator.may(Permission.MANAGE_DAY)
              else Permission.SELL, "day handover")
    if approver is not None:  # disabled, locked or demoted since the approval: refused
        approver = check_standing(svc, approver)
    to_staff = to_staff.strip()
    with svc.uow(write=True) as uow:
        successor = uow.staff.get(to_staff)
        if successor is None or not successor.active or not successor.may(Permission.SELL):
            raise Refused("handover.to_staff", N_(
                "Staff {staff_no} cannot take over the counter: no such active clerk."),
                staff_no=to_staff)
        if to_staff == operator.staff_no:
            raise Refused("handover.same_staff", N_("A clerk cannot hand over to themselves."))
        day = _open_day(svc, uow)
        expected = _totals(uow, day).expected_cash(day.opening_float)
        drawer = DrawerCount(CountKind.HANDOVER, day.counter_no, day.business_date,
                             svc.clock.now(), operator.staff_no, expected, count,
                             to_staff=to_staff, blind=blind)
        if not blind:  # a blind count's difference is the cashier's to explain at the settle
            drawer = _justified(svc, drawer, reason, approver)
        uow.days.record_count(day, drawer)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.DRAWER_HANDED_OVER,
                           day.business_date.isoformat(), to_staff=to_staff,
                           counted=str(drawer.counted), expected=str(expected), blind=blind)
        uow.commit()
    return drawer


def settle(svc: Services, operator: Operator, count: CashCount, *, reason: str | None = None,
           approver: Operator | None = None) -> DayView:
    """日结: the cashier's count against the expected cash; the day takes no more postings."""
    authorize(svc, operator, Permission.MANAGE_DAY, "day settle")
    if approver is not None:  # disabled, locked or demoted since the approval: refused
        approver = check_standing(svc, approver)
    with svc.uow(write=True) as uow:
        day = uow.days.current(svc.settings.counter_no, lock=True)
        if day is None:
            raise Refused("day.none_open", N_(
                "Counter {counter} has no open business day to settle."),
                counter=svc.settings.counter_no)
        advance_day(day.state, DayState.SETTLED, day.business_date.isoformat())
        _refuse_unfinished(uow, day)
        totals = _totals(uow, day)
        expected = totals.expected_cash(day.opening_float)
        drawer = _justified(svc, DrawerCount(
            CountKind.SETTLE, day.counter_no, day.business_date, svc.clock.now(),
            operator.staff_no, expected, count), reason, approver)
        uow.days.record_count(day, drawer)
        uow.days.settle(day, drawer)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.DAY_SETTLED,
                           day.business_date.isoformat(), counted=str(drawer.counted),
                           expected=str(expected), difference=str(drawer.difference),
                           approver=drawer.approver)
        settled = replace(day, state=DayState.SETTLED, settled_count=drawer.counted)
        view = DayView(settled, totals, expected, (), tuple(uow.days.counts(day)), None, None,
                       svc.settings.day.opening_float)
        uow.commit()
    return view


def close(svc: Services, operator: Operator, kept_float: Money | None = None) -> DayView:
    """日清: book the over/short, store the totals and the journal's head, lock the day."""
    authorize(svc, operator, Permission.MANAGE_DAY, "day close")
    with svc.uow(write=True) as uow:
        uow.journal.lock()
        day = uow.days.current(svc.settings.counter_no, lock=True)
        if day is None:
            raise Refused("day.none_open", N_(
                "Counter {counter} has no open business day to close."),
                counter=svc.settings.counter_no)
        if day.state is not DayState.SETTLED:
            raise Refused("day.not_settled", N_(
                "The business day {date} is not settled: count the cash first (gaspos day "
                "settle)."), date=day.business_date.isoformat())
        _refuse_unfinished(uow, day)
        counted = _last_settle(uow, day)
        sums = uow.journal.day_sums(day.counter_no, day.business_date)
        expected = totals_of_sums(sums).expected_cash(day.opening_float)
        if expected != counted.expected:
            raise Refused("day.changed_since_count", N_(
                "The day's cash changed after it was counted (expected {expected} yuan now): "
                "count again."), expected=str(expected))
        kept = _kept(svc, day, counted.counted, kept_float)
        if counted.difference.fen:
            sums += sums_of([uow.journal.append(JournalDraft(
                kind=EntryKind.CASH_OVER_SHORT, at=svc.clock.now(),
                business_date=day.business_date, counter_no=day.counter_no,
                amount=counted.difference, channel=CASH,
                details={"expected_fen": expected.fen, "counted_fen": counted.counted.fen,
                         "reason": counted.reason, "approver": counted.approver,
                         "staff": operator.staff_no}))])
        seq, head = uow.journal.head()
        record = DayClose(day.counter_no, day.business_date, svc.clock.now(),
                          operator.staff_no, day.opening_float, expected, counted.counted,
                          kept, seq, head, totals_of_sums(sums))
        uow.days.close(day, record)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.DAY_CLOSED,
                           day.business_date.isoformat(), chain_head=head,
                           kept_float=str(kept), deposit_due=str(record.deposit_due))
        print_queue.enqueue(svc, uow, documents.close_slip(svc, uow, record, counted.count))
        svc.checkpoints.reached("day_closing")  # fault-injection tests stop here
        view = DayView(replace(day, state=DayState.CLOSED, kept_float=kept), record.totals,
                       expected, (), tuple(uow.days.counts(day)), record, None,
                       svc.settings.day.opening_float)
        uow.commit()
    return view


def _view(svc: Services, uow: UnitOfWork, day: BusinessDay) -> DayView:
    totals = _totals(uow, day)
    unfinished = tuple(s.order_no for state in (SaleState.AWAITING_PAYMENT, SaleState.PENDING)
                       for s in uow.sales.find(state=state) if s.counter_no == day.counter_no)
    return DayView(day, totals, totals.expected_cash(day.opening_float), unfinished,
                   tuple(uow.days.counts(day)), uow.days.close_of(day), uow.days.deposit_of(day),
                   svc.settings.day.opening_float)


def _totals(uow: UnitOfWork, day: BusinessDay) -> DayTotals:
    """The day's totals (``day_totals`` of its entries), summed by the database."""
    return totals_of_sums(uow.journal.day_sums(day.counter_no, day.business_date))


def _open_day(svc: Services, uow: UnitOfWork) -> BusinessDay:
    day = uow.days.current(svc.settings.counter_no, lock=True)
    if day is None or day.state is not DayState.OPEN:
        raise Refused("day.none_open", N_(
            "Counter {counter} has no open business day to hand over."),
            counter=svc.settings.counter_no)
    return day


def _refuse_unfinished(uow: UnitOfWork, day: BusinessDay) -> None:
    for state in (SaleState.AWAITING_PAYMENT, SaleState.PENDING):
        for sale in uow.sales.find(state=state):
            if sale.counter_no == day.counter_no:
                raise Refused("day.unfinished_sale", N_(
                    "Sale {order_no} is {state}: finish it, or suspend it with a supervisor, "
                    "before the day is settled or closed."), order_no=sale.order_no,
                    state=sale.state.label)


def _justified(svc: Services, drawer: DrawerCount, reason: str | None,
               approver: Operator | None) -> DrawerCount:
    if approver is not None and not approver.may(Permission.APPROVE):
        raise Refused("auth.cannot_approve", N_(
            "Staff {staff_no} ({role}) may not approve this: a supervisor must."),
            staff_no=approver.staff_no, role=approver.role.label)
    approver_no = approver.staff_no if approver else None
    why = check_difference(drawer.difference, svc.settings.day.over_short_threshold,
                           reason=reason, approver=approver_no, counter_staff=drawer.staff_no)
    return DrawerCount(drawer.kind, drawer.counter_no, drawer.business_date, drawer.at,
                       drawer.staff_no, drawer.expected, drawer.count, drawer.to_staff,
                       drawer.blind, why, approver_no if why else None)


def _last_settle(uow: UnitOfWork, day: BusinessDay) -> DrawerCount:
    settles = [c for c in uow.days.counts(day) if c.kind is CountKind.SETTLE]
    assert settles, "a settled day has its count"
    return settles[-1]


def _kept(svc: Services, day: BusinessDay, counted: Money, kept: Money | None) -> Money:
    if kept is None:
        kept = _default_kept(svc.settings.day.opening_float or day.opening_float, counted)
    check_kept_float(kept, counted)
    return kept


def _default_kept(wanted: Money, counted: Money) -> Money:
    """Keep the same float for tomorrow, if the drawer holds it."""
    return wanted if wanted <= counted else counted
