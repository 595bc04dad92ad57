"""The journal follows the money (docs/design.md "Invariants"): one function per kind of entry a
sale makes.

Signs: an advance receipt (预收) is money in, held; a sale moves it from held to earned; a
reversal (冲正) moves it back; a refund is money out (negative); a fee is money in, earned;
a meter credit (换表补气) is gas without money.
"""

from __future__ import annotations

from pos.domain.day.business_day import BusinessDay
from pos.domain.journal import EntryKind, JournalDraft
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import MONEY_TAKEN, Channel, PaymentRecord, PaymentState, SaleRecord
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


def post(svc: Services, uow: UnitOfWork, day: BusinessDay, kind: EntryKind, sale: SaleRecord,
         *, amount: Money = Money(0), volume: Volume = Volume(0),
         payment: PaymentRecord | None = None, reason: str | None = None,
         approver: str | None = None, receipt_no: int | None = None,
         rewritten: bool = False) -> None:
    """One journal entry of ``sale``: the details it carries are its purchase sequence and,
    where given, the reason, the approving staff number, the receipt number and whether the
    card was rewritten (kept as ``1``, as the chain has always hashed it)."""
    details: dict[str, str | int | None] = {
        "reason": reason, "approver": approver, "receipt_no": receipt_no,
        "rewritten": 1 if rewritten else None}
    uow.journal.append(JournalDraft(
        kind=kind, at=svc.clock.now(), business_date=day.business_date,
        counter_no=day.counter_no, account_no=sale.account_no, sale_no=sale.order_no,
        amount=amount, volume=volume,
        channel=payment.channel.value if payment else None,
        ref=payment.provider_ref if payment else None,
        details={"seq": sale.purchase_seq,
                 **{key: value for key, value in details.items() if value is not None}}))


def advance_receipts(svc: Services, uow: UnitOfWork, day: BusinessDay, sale: SaleRecord) -> None:
    """The confirmed payments as advance receipts (预收); a cash payment short of the sale by
    the dropped fen (抹零) books the difference, so the advance still equals the sale."""
    for payment in sale.payments:
        if payment.state is PaymentState.CONFIRMED:
            post(svc, uow, day, EntryKind.ADVANCE_RECEIPT, sale, amount=payment.amount,
                 payment=payment)
    dropped = rounding_of(sale)
    if dropped.fen:
        post(svc, uow, day, EntryKind.ROUNDING, sale, amount=dropped,
             payment=sale.payments[0])


def rounding_of(sale: SaleRecord) -> Money:
    """The fen dropped from a sale paid in cash (抹零): the sale less what was paid."""
    paid = [p for p in sale.payments if p.state in MONEY_TAKEN]
    if len(paid) != 1 or paid[0].channel is not Channel.CASH:
        return Money(0)
    dropped = sale.amount - paid[0].amount
    return dropped if 0 < dropped.fen < 10 else Money(0)


def refunds(svc: Services, uow: UnitOfWork, day: BusinessDay, sale: SaleRecord,
            reason: str, approver: str | None) -> None:
    for payment in sale.payments:
        if payment.state in MONEY_TAKEN:
            post(svc, uow, day, EntryKind.REFUND, sale, amount=-payment.amount,
                 payment=payment, reason=reason, approver=approver)
    dropped = rounding_of(sale)
    if dropped.fen:  # the booked rounding goes with the money it rounded
        post(svc, uow, day, EntryKind.ROUNDING, sale, amount=-dropped,
             payment=sale.payments[0], reason=reason)
