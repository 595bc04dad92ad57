"""缴款单: the cash of closed days taken to the bank (docs/design.md "The day and the month").

A slip's amount is the counted cash less the float kept for tomorrow, summed over the days it
covers — one counter's day, or the whole hall's.  Each day's cash is deposited once; the slip
number is what the bank's statement shows in its 用途, for the month's reconciliation.
"""

from __future__ import annotations

from datetime import date

from pos.domain.audit import AuditAction
from pos.domain.day.business_day import BusinessDay, DayState, DepositSlip, check_slip_no
from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


def record_deposit(svc: Services, operator: Operator, slip_no: str, amount: Money,
                   deposit_date: date, days: list[tuple[str, date]] | None = None
                   ) -> DepositSlip:
    """Record a deposit slip for ``days`` (default: this counter's closed days not deposited)."""
    authorize(svc, operator, Permission.MANAGE_DAY, "day deposit")
    slip_no = check_slip_no(slip_no)
    if deposit_date > svc.today():
        raise BadInput("deposit.future", N_(
            "The deposit date {date} is in the future."), date=deposit_date.isoformat())
    with svc.uow(write=True) as uow:
        if uow.days.deposit(slip_no) is not None:
            raise Refused("deposit.exists", N_(
                "Deposit slip {slip} is recorded already."), slip=slip_no)
        covered = _days(svc, uow, days)
        due = Money(0)
        for day in covered:
            due = due + _due(uow, day, deposit_date)
        if amount != due:
            raise Refused("deposit.amount", N_(
                "The slip says {amount} yuan, but the counted cash less the kept float of the "
                "days it covers is {due} yuan."), amount=str(amount), due=str(due))
        slip = DepositSlip(slip_no, amount, deposit_date,
                           tuple((d.counter_no, d.business_date) for d in covered),
                           svc.clock.now(), operator.staff_no)
        uow.days.add_deposit(slip)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.DEPOSIT_RECORDED, slip_no,
                           amount=str(amount), days=len(covered))
        uow.commit()
    return slip


def _days(svc: Services, uow: UnitOfWork, wanted: list[tuple[str, date]] | None
          ) -> list[BusinessDay]:
    if wanted is None:
        counter = svc.settings.counter_no
        found = [day for day, _ in uow.days.closes()
                 if day.counter_no == counter and uow.days.deposit_of(day) is None]
        if not found:
            raise Refused("deposit.nothing", N_(
                "Counter {counter} has no closed day whose cash is not deposited yet."),
                counter=counter)
        return found
    days: list[BusinessDay] = []
    for counter_no, business_date in dict.fromkeys(wanted):
        day = uow.days.get(counter_no, business_date)
        if day is None:
            raise Refused("deposit.no_day", N_(
                "Counter {counter} has no business day {date}."), counter=counter_no,
                date=business_date.isoformat())
        days.append(day)
    return days


def _due(uow: UnitOfWork, day: BusinessDay, deposit_date: date) -> Money:
    label = f"{day.counter_no} {day.business_date.isoformat()}"
    if day.state is not DayState.CLOSED:
        raise Refused("deposit.day_open", N_(
            "The business day {day} is not closed: close it before its cash is deposited."),
            day=label)
    if deposit_date < day.business_date:
        raise BadInput("deposit.before_day", N_(
            "The deposit date is before the business day {day}."), day=label)
    slip = uow.days.deposit_of(day)
    if slip is not None:
        raise Refused("deposit.twice", N_(
            "The cash of {day} went to the bank already, on slip {slip}."), day=label, slip=slip)
    close = uow.days.close_of(day)
    assert close is not None
    return close.deposit_due
