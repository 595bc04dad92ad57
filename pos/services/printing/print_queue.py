"""The print queue (pos.domain.printing): every document printed at least once, a copy never
passing as a second original, and no sale ever waiting on the printer.

Documents are queued in the transaction that makes them true (the receipt with the sale's
completion), then sent oldest first.  A failed send leaves the job queued; one that may have
reached paper is sent again only as a copy marked 补打 with its count, and so is every
deliberate reprint.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from pos.domain.audit import AuditAction
from pos.domain.devices import DeviceFailure, PrinterState
from pos.domain.errors import NotFound, Refused
from pos.domain.messages import N_, Message
from pos.domain.printing import SENDING_LEASE_SECONDS, JobState, PrintJob
from pos.domain.sale.record import SaleKind, SaleRecord, SaleState
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork
from pos.services.printing import documents
from receipts import layouts
from receipts.document import Document, DocumentKind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintReport:
    printed: int = 0
    waiting: int = 0  # still queued after this attempt
    problem: Message | None = None  # why they wait

    @property
    def clean(self) -> bool:
        return self.problem is None and self.waiting == 0


def enqueue(svc: Services, uow: UnitOfWork, document: Document, *,
            order_no: str | None = None, reprint_no: int = 0) -> int:
    return uow.prints.add(svc.settings.counter_no, document.kind.value, document.to_json(),
                          at=svc.clock.now(), order_no=order_no, reprint_no=reprint_no)


def queue_completed_sale(svc: Services, uow: UnitOfWork, sale: SaleRecord) -> None:
    """The completed sale's receipt — and, on a card's first purchase, the first-use guidance
    (docs/design.md "The counter sale", step 6) — queued in the completing transaction."""
    enqueue(svc, uow, documents.sale_receipt(svc, uow, sale), order_no=sale.order_no)
    if sale.first_use and sale.kind is SaleKind.PURCHASE:
        enqueue(svc, uow, documents.first_use_guidance(svc, uow), order_no=sale.order_no)


def print_waiting(svc: Services) -> PrintReport:
    """Send this counter's waiting documents, oldest first, until the printer fails.  Never
    raises: whatever goes wrong, the documents stay queued and the report says why."""
    try:
        return _print_waiting(svc)
    except Exception:
        log.exception("printing failed")
        return PrintReport(waiting=_count_waiting(svc), problem=Message(
            N_("Printing failed unexpectedly; the documents stay queued (details in the log).")))


def waiting(svc: Services) -> list[PrintJob]:
    with svc.uow() as uow:
        return list(uow.prints.waiting(svc.settings.counter_no))


def documents_of_sale(svc: Services, order_no: str) -> list[Document]:
    """What was (or will be) printed for a sale, in order, as it looks on paper."""
    with svc.uow() as uow:
        jobs = list(uow.prints.of_sale(order_no))
    return [layouts.reprint(Document.from_json(j.document), j.reprint_no, svc.settings.language)
            if j.reprint_no else Document.from_json(j.document) for j in jobs]


def printer_state(svc: Services) -> PrinterState:
    return svc.printer.status()


def print_receipt(svc: Services, operator: Operator, ref: str, *, reprint: bool) -> PrintReport:
    """``receipt print NO``: a receipt that has not been printed yet goes out as the original;
    one already printed only as a copy marked 补打 (``reprint``), audited."""
    authorize(svc, operator, Permission.REPRINT, ref)
    with svc.uow(write=True) as uow:
        sale = find_sale(svc, uow, ref)
        jobs = [j for j in uow.prints.of_sale(sale.order_no)
                if j.kind == DocumentKind.SALE_RECEIPT.value]
        original = jobs[0] if jobs else None
        if not reprint and original is None:  # never queued (a sale older than receipts)
            enqueue(svc, uow, documents.sale_receipt(svc, uow, sale), order_no=sale.order_no)
            uow.commit()
        elif not reprint and original is not None and original.state is JobState.PRINTED:
            raise Refused("receipt.printed",
                          N_("The receipt of sale {order_no} has been printed; a copy is a "
                             "reprint (--reprint), marked 补打."), order_no=sale.order_no)
        elif not reprint and original is not None and (
                original.counter_no != svc.settings.counter_no):
            raise Refused("receipt.elsewhere",
                          N_("The receipt of sale {order_no} waits in the print queue of counter "
                             "{counter}; print it there, or a copy here (--reprint)."),
                          order_no=sale.order_no, counter=original.counter_no)
        elif not reprint:
            uow.rollback()  # it waits in this counter's queue: printed below
        else:
            document = (Document.from_json(original.document) if original is not None
                        else documents.sale_receipt(svc, uow, sale))
            copy_no = uow.prints.last_reprint_no(sale.order_no, DocumentKind.SALE_RECEIPT) + 1
            enqueue(svc, uow, document, order_no=sale.order_no, reprint_no=copy_no)
            audit_trail.record(svc, uow, operator.staff_no, AuditAction.RECEIPT_REPRINTED,
                               sale.order_no, copy=copy_no, receipt_no=sale.receipt_no)
            uow.commit()
    return print_waiting(svc)


def print_guidance(svc: Services, operator: Operator) -> PrintReport:
    """The first-use guidance, on demand."""
    authorize(svc, operator, Permission.REPRINT, "first-use guidance")
    with svc.uow(write=True) as uow:
        enqueue(svc, uow, documents.first_use_guidance(svc, uow))
        uow.commit()
    return print_waiting(svc)


def print_test_page(svc: Services, operator: Operator) -> PrintReport:
    authorize(svc, operator, Permission.LOOK_UP, "printer test")
    with svc.uow(write=True) as uow:
        enqueue(svc, uow, documents.test_page(svc, uow, svc.printer.describe()))
        uow.commit()
    return print_waiting(svc)


def find_sale(svc: Services, uow: UnitOfWork, ref: str) -> SaleRecord:
    """A completed sale by order number (GS…), receipt ``COUNTER-NNNNNN`` or receipt number
    at this counter."""
    text = ref.strip().upper()
    sale = uow.sales.get(text)
    if sale is None:
        counter, _, number = text.rpartition("-")
        if number.isascii() and number.isdigit():
            sale = uow.sales.by_receipt(counter or svc.settings.counter_no, int(number))
    if sale is None:
        raise NotFound("receipt.unknown",
                       N_("There is no sale or receipt “{ref}” (give the order number, or the "
                          "receipt number as printed, e.g. 01-000042)."), ref=ref)
    if sale.state is not SaleState.COMPLETED or sale.receipt_no is None:
        raise Refused("receipt.none",
                      N_("Sale {order_no} is {state}: it has no receipt."),
                      order_no=sale.order_no, state=sale.state.label)
    return sale


def _print_waiting(svc: Services) -> PrintReport:
    now = svc.clock.now()
    with svc.uow() as uow:
        jobs = list(uow.prints.waiting(svc.settings.counter_no))
    printed = 0
    for index, job in enumerate(jobs):
        if job.state is JobState.SENDING and not job.abandoned(now):  # the rest wait behind it
            return PrintReport(printed, len(jobs) - index, _held(svc, job))
        problem = _print_one(svc, job)
        if problem is not None:
            return PrintReport(printed, len(jobs) - index, problem)
        printed += 1
    return PrintReport(printed, 0)


def _held(svc: Services, job: PrintJob) -> Message:
    """A job another process began sending (it may have died): what is held, and until when."""
    assert job.claimed_at is not None
    since = job.claimed_at.astimezone(svc.settings.timezone)
    until = since + timedelta(seconds=SENDING_LEASE_SECONDS)
    return Message(N_("Print job {job} ({kind}) is held by the process that began sending it at "
                      "{since}; if that process stopped, it is sent again as a marked copy "
                      "(补打) after {until} — run “gaspos printer retry” then."),
                   {"job": job.id, "kind": job.kind, "since": since.strftime("%H:%M:%S"),
                    "until": until.strftime("%H:%M:%S")})


def _print_one(svc: Services, job: PrintJob) -> Message | None:
    with svc.uow(write=True) as uow:
        copy_no = _next_copy_no(uow, job) if job.must_print_as_copy and (
            job.uncertain or job.state is JobState.SENDING) else job.reprint_no
        if not uow.prints.claim(job, at=svc.clock.now(), reprint_no=copy_no):
            return None  # another process at this counter took it
        uow.commit()
    document = Document.from_json(job.document)
    if copy_no:
        document = layouts.reprint(document, copy_no, svc.settings.language)
    svc.checkpoints.reached("print_sending")
    try:
        svc.printer.print(document)
    except DeviceFailure as failure:
        log.warning("print job %s (%s) failed: %s %s", job.id, job.kind, failure.code,
                    failure.detail)
        with svc.uow(write=True) as uow:
            uow.prints.failed(job.id, error=f"{failure.code}: {failure.detail}",
                              uncertain=failure.maybe_done)
            uow.commit()
        return failure.message
    with svc.uow(write=True) as uow:
        uow.prints.printed(job.id, at=svc.clock.now())
        uow.commit()
    return None


def _next_copy_no(uow: UnitOfWork, job: PrintJob) -> int:
    if job.order_no is None:
        return job.reprint_no + 1
    return max(job.reprint_no, uow.prints.last_reprint_no(job.order_no, job.kind)) + 1


def _count_waiting(svc: Services) -> int:
    try:
        return len(waiting(svc))
    except Exception:
        log.exception("cannot count the print queue")
        return 0
