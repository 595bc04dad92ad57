"""The documents of a closed business day as a front end shows them: the close slip (日结单) laid
out from what the close stored — the same record and count the printed slip was made of."""

from __future__ import annotations

from datetime import date

from pos.domain.day.business_day import CountKind
from pos.domain.errors import NotFound, Refused
from pos.domain.messages import N_
from pos.services.core.context import Services
from pos.services.printing import documents
from receipts.document import Document


def close_slip_document(svc: Services, counter_no: str, business_date: date) -> Document:
    """The close slip of ``counter_no``'s day ``business_date`` (refused while it is not closed)."""
    with svc.uow() as uow:
        day = uow.days.get(counter_no, business_date)
        if day is None:
            raise NotFound("report.no_day", N_("There is no business day {date}{counter}."),
                           date=business_date.isoformat(), counter=f" ({counter_no})")
        record = uow.days.close_of(day)
        settles = [c for c in uow.days.counts(day) if c.kind is CountKind.SETTLE]
        if record is None or not settles:
            raise Refused("day.not_closed", N_(
                "The business day {date} of counter {counter} is not closed yet: it has no "
                "close slip."), date=business_date.isoformat(), counter=counter_no)
        return documents.close_slip(svc, uow, record, settles[-1].count)
