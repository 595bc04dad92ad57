"""What goes on paper, gathered from the ledger: the sealed sale receipt, the void slip, the card
slip, the first-use guidance and the test page (the layouts themselves are in ``receipts``).

The seal is computed here, once, when the sale completes — with the utility's seal key over
the receipt's facts — and kept with the sale, so a code alone finds its sale again.
"""

from __future__ import annotations

from datetime import datetime

from pos.domain.accounts import Account
from pos.domain.day.business_day import DayClose
from pos.domain.day.cash_count import CashCount
from pos.domain.day.report import DailyReport
from pos.domain.org import Company, Counter
from pos.domain.privacy import mask_name
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import (
    MONEY_TAKEN,
    PaymentRecord,
    PaymentState,
    SaleKind,
    SaleRecord,
)
from pos.services.core import postings
from pos.services.core.business_days import business_date_after_close
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork
from pos.services.records.tariffs import cycle_position
from receipts import layouts
from receipts.document import Document
from receipts.facts import (
    CardSlipFacts,
    Letterhead,
    PaidLine,
    PartLine,
    SaleReceiptFacts,
    VoidFacts,
)
from receipts.reports import printed
from receipts.seal import SealedFacts, qr_payload, seal_code


def sealed_facts(svc: Services, sale: SaleRecord) -> SealedFacts:
    assert sale.receipt_no is not None and sale.completed_at is not None
    return SealedFacts(
        counter_no=sale.counter_no, receipt_no=sale.receipt_no, at=local(svc, sale.completed_at),
        account_no=sale.account_no, card_no=sale.card_no or "", purchase_seq=sale.purchase_seq,
        volume=str(sale.volume), amount=str(sale.amount), channel=sale.channel)


def seal(svc: Services, sale: SaleRecord) -> str:
    return seal_code(svc.keys.load().seal_key, sealed_facts(svc, sale))


def sale_receipt(svc: Services, uow: UnitOfWork, sale: SaleRecord) -> Document:
    """The receipt of a completed sale, as the ledger has it now (and sealed)."""
    assert sale.receipt_no is not None and sale.completed_at is not None
    facts = sealed_facts(svc, sale)
    code = sale.seal_code or seal_code(svc.keys.load().seal_key, facts)
    account = _account(uow, sale.account_no)
    position = cycle_position(svc, uow, account, facts.at.date())
    report = uow.accounts.newest_meter_report(sale.meter_no) if sale.meter_no else None
    late = business_date_after_close(svc, sale)
    cash = [p for p in sale.payments
            if p.state is PaymentState.CONFIRMED and p.tendered is not None]
    return layouts.sale_receipt(SaleReceiptFacts(
        head=letterhead(svc, uow, sale.counter_no), receipt_no=sale.receipt_no,
        order_no=sale.order_no, at=facts.at, staff_no=sale.staff_no,
        account_no=sale.account_no, masked_name=mask_name(account.name),
        meter_no=sale.meter_no or "", card_no=sale.card_no or "",
        purchase_seq=sale.purchase_seq, volume=str(sale.volume),
        parts=tuple(PartLine(p.tier, str(p.volume), str(p.unit_price), str(p.amount))
                    for p in sale.parts),
        amount=str(sale.amount), payments=_paid(sale.payments) + _rounding(sale),
        tendered=str(sum((p.tendered or Money(0) for p in cash), Money(0))) if cash else None,
        change=str(sum((p.change or Money(0) for p in cash), Money(0))) if cash else None,
        meter_remaining=None if report is None else str(report.remaining),
        cycle_bought=str(position.bought), tier=position.tier,
        seal_code=code, qr=qr_payload(facts, code),
        meter_credit=sale.kind is SaleKind.METER_CREDIT,
        booked_to=None if late is None else late.isoformat()), svc.settings.language)


def void_slip(svc: Services, uow: UnitOfWork, sale: SaleRecord, *, reason: str,
              approver_no: str, staff_no: str) -> Document:
    account = _account(uow, sale.account_no)
    return layouts.void_slip(VoidFacts(
        head=letterhead(svc, uow, svc.settings.counter_no), at=local(svc, svc.clock.now()),
        staff_no=staff_no, approver_no=approver_no, reason=reason, order_no=sale.order_no,
        receipt_no=sale.receipt_no,
        original_counter=sale.counter_no, account_no=sale.account_no,
        masked_name=mask_name(account.name), card_no=sale.card_no, volume=str(sale.volume),
        refunds=_paid(sale.payments)), svc.settings.language)


def card_slip(svc: Services, uow: UnitOfWork, *, account_no: str, card_no: str, meter_no: str,
              purchase_seq: int, cumulative: Volume, carried: Volume, replaced: str | None,
              fee: Money, staff_no: str) -> Document:
    account = _account(uow, account_no)
    return layouts.card_slip(CardSlipFacts(
        head=letterhead(svc, uow, svc.settings.counter_no), at=local(svc, svc.clock.now()),
        staff_no=staff_no, account_no=account_no, masked_name=mask_name(account.name),
        card_no=card_no, meter_no=meter_no, purchase_seq=purchase_seq,
        cumulative=str(cumulative), carried=str(carried), replaced=replaced,
        fee=str(fee) if fee.fen else None), svc.settings.language)


def first_use_guidance(svc: Services, uow: UnitOfWork) -> Document:
    head = letterhead(svc, uow, svc.settings.counter_no)
    return layouts.first_use_guidance(head, _filled_in(svc, head), svc.settings.language)


def guidance_text(svc: Services) -> str:
    """The first-use guidance as it prints (placeholders filled in)."""
    with svc.uow() as uow:
        return _filled_in(svc, letterhead(svc, uow, svc.settings.counter_no))


def _filled_in(svc: Services, head: Letterhead) -> str:
    return svc.settings.guidance.replace("{company}", head.company).replace(
        "{hotline}", head.hotline).replace("{complaint_line}", head.complaint_line)


def test_page(svc: Services, uow: UnitOfWork, printer: str) -> Document:
    return layouts.printer_test_page(letterhead(svc, uow, svc.settings.counter_no), printer,
                             local(svc, svc.clock.now()), svc.settings.language)


def close_slip(svc: Services, uow: UnitOfWork, record: DayClose, count: CashCount) -> Document:
    """日结单: printed when the day closes."""
    return printed.close_slip(letterhead(svc, uow, record.counter_no), record, count,
                              svc.settings.language)


def daily_report(svc: Services, uow: UnitOfWork, report: DailyReport) -> Document:
    """收费日报 on the counter printer."""
    return printed.daily_report(letterhead(svc, uow, svc.settings.counter_no), report,
                                svc.settings.language)


def letterhead(svc: Services, uow: UnitOfWork, counter_no: str) -> Letterhead:
    """The company, hall and counter as set up (``gaspos org``); a printout never fails for
    want of them — it prints what there is."""
    company = uow.org.company() or Company("", "")
    counter = uow.org.counter(counter_no) or Counter(counter_no, counter_no, "")
    hall = uow.org.hall(counter.hall_code)
    return Letterhead(company=company.name, hall=hall.name if hall else "",
                      counter_no=counter.no, counter_name=counter.name, hotline=company.hotline,
                      complaint_line=company.complaint_line,
                      seal_image=str(seal) if (seal := svc.settings.receipt.seal_image) else None)


def local(svc: Services, at: datetime) -> datetime:
    """Wall-clock time at the counter, to the second — as printed and sealed."""
    return at.astimezone(svc.settings.timezone).replace(tzinfo=None, microsecond=0)


def _rounding(sale: SaleRecord) -> tuple[PaidLine, ...]:
    dropped = postings.rounding_of(sale)
    return (PaidLine("rounding", str(dropped), None),) if dropped.fen else ()


def _paid(payments: tuple[PaymentRecord, ...]) -> tuple[PaidLine, ...]:
    return tuple(PaidLine(p.channel.value, str(p.amount), p.provider_ref)
                 for p in payments if p.state in MONEY_TAKEN)


def _account(uow: UnitOfWork, account_no: str) -> Account:
    account = uow.accounts.get(account_no)
    assert account is not None, account_no
    return account
