"""The counter's business day as sales see it: the day every posting goes into.

When no day is open, the first posting opens one with the float the last close kept for
tomorrow (zero on a new counter) — recorded in the audit log as the system's act (CLI.md).
The cashier's open, settle and close arrive with the day-closing issue.
"""

from __future__ import annotations

from pos.domain.audit import AuditAction
from pos.domain.business_day import BusinessDay
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.services import audit_trail
from pos.services.context import Services
from pos.services.ports import UnitOfWork


def posting_day(svc: Services, uow: UnitOfWork) -> BusinessDay:
    """The open day of this counter, opened now if there is none (inside ``uow``)."""
    counter = svc.settings.counter_no
    if uow.org.counter(counter) is None:
        raise Refused("counter.unknown",
                      N_("This installation is counter {counter}, which the ledger does not "
                         "know: set [counter] no in the settings."), counter=counter)
    day = uow.days.current(counter)
    if day is not None:
        if not day.state.accepts_postings:
            raise Refused("day.not_open",
                          N_("The business day {date} is {state}: close it and open the next "
                             "one before selling."), date=day.business_date.isoformat(),
                          state=day.state.label)
        return day
    last = uow.days.last_closed(counter)
    opening_float = last.kept_float if last and last.kept_float else Money(0)
    day = uow.days.open(counter, svc.today(), opening_float, at=svc.clock.now(), by=None)
    audit_trail.record(svc, uow, None, AuditAction.DAY_OPENED, day.business_date.isoformat(),
                       float=str(opening_float), automatic=True)
    return day
