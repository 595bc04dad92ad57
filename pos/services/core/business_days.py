"""The counter's business day as sales see it: the day every posting goes into.

When no day is open, the first posting opens one with the float the last close kept for
tomorrow (zero on a new counter) — recorded in the audit log as the system's act (docs/cli.md) —
unless the settings require a cashier to open each day (``[day] explicit_open``).  The day is
read with its row held to the end of the posting's transaction, so a posting and the close of
that day queue up: a sale lands wholly in the closing day or wholly in the next.
"""

from __future__ import annotations

from datetime import date

from pos.domain.audit import AuditAction
from pos.domain.day.business_day import BusinessDay, next_business_date
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.record import SaleRecord
from pos.services.core import audit_trail
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


def posting_day(svc: Services, uow: UnitOfWork) -> BusinessDay:
    """The open day of this counter, opened now if there is none (inside ``uow``)."""
    counter = svc.settings.counter_no
    day = uow.days.current(counter, lock=True)
    if day is not None:  # a day names its counter: the counter is only asked for without one
        if not day.state.accepts_postings:
            raise Refused("day.not_open",
                          N_("The business day {date} is {state}: close it and open the next "
                             "one before selling."), date=day.business_date.isoformat(),
                          state=day.state.label)
        return day
    require_counter(svc, uow)
    if svc.settings.day.explicit_open:
        raise Refused("day.not_opened", N_(
            "No business day is open at counter {counter}: a cashier opens it first "
            "(gaspos day open)."), counter=counter)
    return open_next_day(svc, uow, None, None)


def require_counter(svc: Services, uow: UnitOfWork) -> None:
    """Refuse, naming the ``gaspos org`` step that is missing, a counter the ledger lacks."""
    counter = svc.settings.counter_no
    if uow.org.counter(counter) is not None:
        return
    if uow.org.company() is None:
        step = "gaspos org company --code CODE --name NAME"
    elif not uow.org.counters():
        step = (f"gaspos org hall --code HALL --name NAME, then gaspos org counter --no "
                f"{counter} --hall HALL --name NAME")
    else:
        step = f"gaspos org counter --no {counter} --hall HALL --name NAME"
    raise Refused("counter.unknown",
                  N_("This installation is counter {counter}, which the ledger does not know: "
                     "an administrator sets it up first ({step}) — or [counter] no in the "
                     "settings names the wrong counter."), counter=counter, step=step)


def open_next_day(svc: Services, uow: UnitOfWork, opening_float: Money | None,
                  opened_by: str | None) -> BusinessDay:
    """Open the counter's next day (the caller has found none open)."""
    counter = svc.settings.counter_no
    last = uow.days.last_closed(counter)
    if opening_float is None:
        opening_float = svc.settings.day.opening_float
    if opening_float is None:
        opening_float = last.kept_float if last and last.kept_float else Money(0)
    business_date = next_business_date(svc.today(), last.business_date if last else None)
    day = uow.days.open(counter, business_date, opening_float, at=svc.clock.now(),
                        by=opened_by)
    audit_trail.record(svc, uow, opened_by, AuditAction.DAY_OPENED,
                       day.business_date.isoformat(), float=str(opening_float),
                       automatic=opened_by is None)
    return day


def business_date_after_close(svc: Services, sale: SaleRecord) -> date | None:
    """The business date a sale was booked to when it is later than the day it was made —
    sold after that day's close (日清), it belongs to the next business day, and the clerk,
    the receipt and the daily reports say so."""
    if sale.business_date is None or sale.created_at is None:
        return None
    made_on = sale.created_at.astimezone(svc.settings.timezone).date()
    return sale.business_date if sale.business_date > made_on else None
