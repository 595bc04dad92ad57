"""Taking and giving back money: cash, bank card (confirmed from the terminal's slip), WeChat
Pay and Alipay (through the payment-provider port).

Every payment is recorded as requested before the provider is asked, and its answer after, so
a crash leaves a trace; an unanswered charge is asked about again, never assumed, and reversed
when the counter gives up (pos.services.selling.provider_flow, docs/payments.md); a payment
that never completes leaves the sale cancelled and the money given back where it was taken.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale import payment_codes
from pos.domain.sale.payments import (
    ProviderAnswer,
    Tender,
    check_tenders,
    rounded_cash,
)
from pos.domain.sale.record import Channel, PaymentRecord, PaymentState, SaleRecord
from pos.services.core.context import Services
from pos.services.selling import provider_flow
from pos.services.selling.payment_refs import REF_USED
from pos.services.selling.provider_flow import REVERSED

ONLINE = (Channel.WECHAT, Channel.ALIPAY)


class Collected(StrEnum):
    CONFIRMED = "confirmed"
    DECLINED = "declined"  # nothing kept: every confirmed part was given back
    REVERSED = "reversed"  # not paid in time, or the clerk pressed Stop: reversed, nothing kept
    UNKNOWN = "unknown"  # a provider has not said yet: ask again later (gaspos sale check)
    REF_USED = "ref_used"  # a reference already backing another sale: nothing kept


class PaymentWatch(Protocol):
    """Who watches a payment while a provider has no definite answer (the counter app's
    payment dialog): told what is being waited for, and asked whether the clerk pressed Stop."""

    def waiting(self, channel: Channel, seconds_left: int) -> None:
        """The customer is still paying (e.g. entering a PIN); ``seconds_left`` of the budget."""
        ...

    def stop_requested(self) -> bool:
        """True once the clerk gave up: the order is reversed at once and nothing is kept."""
        ...


@dataclass(frozen=True)
class PaymentPlan:
    """How the customer will pay, as entered: one channel for the whole sale, or a split."""

    channel: Channel | None = None
    ref: str | None = None
    tendered: Money | None = None
    terminal: str | None = None
    voucher: str | None = None
    split: tuple[tuple[Channel, Money, str | None], ...] = ()

    def tenders(self, total: Money, *, rounding: bool = False) -> tuple[Tender, ...]:
        """The tenders for ``total``; with ``rounding`` (抹零) a sale paid wholly in cash is
        paid without its fen (the difference is booked when the payment is journalled)."""
        if self.split:
            tenders = tuple(Tender(c, a, _ref(c, r)) for c, a, r in self.split)
        elif self.channel is None:
            raise BadInput("payment.missing", N_("Say how the customer pays (--pay or --split)."))
        else:
            tendered = self.tendered if self.channel is Channel.CASH else None
            due = rounded_cash(total) if rounding and self.channel is Channel.CASH else total
            tenders = (Tender(self.channel, due, _ref(self.channel, self.ref), self.terminal,
                              self.voucher, tendered),)
        check_tenders(tenders, total, rounding=rounding)
        return tenders


def _ref(channel: Channel, ref: str | None) -> str | None:
    """A WeChat Pay or Alipay reference as scanned or typed, without its spaces."""
    return payment_codes.normalised(ref) if ref is not None and channel in ONLINE else ref


def provider_order_no(sale: SaleRecord, index: int, parts: int) -> str:
    """The merchant order number a provider receives: the sale's, suffixed in a split."""
    return sale.order_no if parts == 1 else f"{sale.order_no}-{index + 1}"


def collect(svc: Services, sale: SaleRecord, tenders: tuple[Tender, ...],
            watch: PaymentWatch | None = None) -> Collected:
    """Take the tenders in order.  Every part is recorded (requested) before any is charged,
    so the sale's payments are always its parts and ``provider_order_no`` names the order of
    each (``gaspos sale check`` after a part left unknown asks about ``X-1``, not ``X``)."""
    records = tuple(_requested(svc, tender) for tender in tenders)
    with svc.uow(write=True) as uow:
        ids = [uow.sales.add_payment(sale.order_no, record, at=svc.clock.now())
               for record in records]
        uow.commit()
    taken: list[tuple[int, Tender, PaymentRecord]] = []
    for index, tender in enumerate(tenders):
        payment_id = ids[index]
        answer = _save(svc, payment_id, _charge(svc, tender, provider_order_no(
            sale, index, len(tenders)), watch), tender.channel, tender.terminal,
            tender.voucher)
        if answer.state is PaymentState.UNKNOWN:
            return Collected.UNKNOWN
        if answer.state is not PaymentState.CONFIRMED:
            for later_id in ids[index + 1:]:  # never charged: nothing was taken
                _save(svc, later_id, ProviderAnswer(PaymentState.DECLINED,
                                                    detail="never charged"))
            for earlier_index, earlier, earlier_record in taken:
                give_back(svc, earlier_record,
                          provider_order_no(sale, earlier_index, len(tenders)), earlier.amount)
            if answer.detail == REF_USED:
                return Collected.REF_USED
            return Collected.REVERSED if answer.detail == REVERSED else Collected.DECLINED
        taken.append((index, tender, replace(records[index], id=payment_id,
                                             state=answer.state,
                                             provider_ref=answer.provider_ref)))
    return Collected.CONFIRMED


def _requested(svc: Services, tender: Tender) -> PaymentRecord:
    code = scanned(svc, tender)
    return PaymentRecord(tender.channel, tender.amount, PaymentState.REQUESTED,
                         terminal=tender.terminal, voucher=tender.voucher,
                         tendered=tender.tendered,
                         change=tender.change if tender.tendered else None,
                         code_hash=payment_codes.code_hash(code) if code else None)


def scanned(svc: Services, tender: Tender) -> str | None:
    """The customer's payment code, where this tender's provider takes one (else None)."""
    if tender.channel not in svc.settings.payment_codes or tender.ref is None:
        return None
    return payment_codes.normalised(tender.ref)


def ask_again(svc: Services, sale: SaleRecord) -> Collected:
    """Resolve payments left unknown (a crash, a lost answer, a reverse never answered) by
    asking the providers — and reversing an order that is still not paid."""
    if not sale.payments:  # stopped before any payment was asked for: nothing was taken
        return Collected.DECLINED
    parts = len(sale.payments)
    states = []
    for index, payment in enumerate(sale.payments):
        if payment.state in (PaymentState.REQUESTED, PaymentState.UNKNOWN):
            if payment.channel in ONLINE:
                answer = provider_flow.settle(svc, payment.channel,
                                              provider_order_no(sale, index, parts))
            else:  # a cash or card payment the clerk never confirmed: it was not taken
                answer = ProviderAnswer(PaymentState.DECLINED, detail="never confirmed")
            assert payment.id is not None
            answer = _save(svc, payment.id, answer, payment.channel, payment.terminal,
                           payment.voucher)
            states.append(answer.state)
        else:
            states.append(payment.state)
    if PaymentState.UNKNOWN in states:
        return Collected.UNKNOWN
    if PaymentState.DECLINED in states:
        for index, (payment, state) in enumerate(zip(sale.payments, states, strict=True)):
            if state is PaymentState.CONFIRMED:  # as stored now, not as first read
                give_back(svc, payment, provider_order_no(sale, index, parts), payment.amount)
        return Collected.DECLINED
    return Collected.CONFIRMED


def refund_no(order_no: str) -> str:
    """The merchant refund number of a payment given back whole (the idempotency key)."""
    return f"R{order_no}"


def give_back(svc: Services, payment: PaymentRecord, order_no: str, amount: Money) -> None:
    """Refund one confirmed payment where it was taken (cash from the drawer, bank card at the
    terminal, online through its provider) and mark it refunded — or refund under way, when
    the provider accepted it but had not finished within its budget (``gaspos sale check``
    follows it).  A refund the provider refuses changes nothing."""
    state = PaymentState.REFUNDED
    if payment.channel in ONLINE:
        answer = provider_flow.refund(svc, payment.channel, order_no, refund_no(order_no),
                                      amount)
        if answer.state is PaymentState.DECLINED:
            raise Refused("payment.refund_failed",
                          N_("{channel} refused the refund of {amount} yuan ({detail}); "
                             "nothing was changed — check the merchant platform, then try "
                             "again."),
                          channel=payment.channel.label, amount=amount, detail=answer.detail)
        if answer.state is PaymentState.UNKNOWN:
            state = PaymentState.REFUND_PENDING
    assert payment.id is not None
    _save(svc, payment.id, ProviderAnswer(state))


def follow_refunds(svc: Services, sale: SaleRecord) -> bool:
    """Ask about the refunds of ``sale`` still under way; True when none is left."""
    parts = len(sale.payments)
    done = True
    for index, payment in enumerate(sale.payments):
        if payment.state is not PaymentState.REFUND_PENDING:
            continue
        order_no = provider_order_no(sale, index, parts)
        # sent again under its refund number: a request the provider never got is made now
        answer = provider_flow.refund(svc, payment.channel, order_no, refund_no(order_no),
                                      payment.amount)
        if answer.state is PaymentState.CONFIRMED:
            assert payment.id is not None
            _save(svc, payment.id, ProviderAnswer(PaymentState.REFUNDED))
        elif answer.state is PaymentState.DECLINED:
            raise Refused("payment.refund_failed_later",
                          N_("{channel} did not complete the refund of {amount} yuan of sale "
                             "{order_no} ({detail}). Give the money back another way with a "
                             "supervisor and record it as an adjustment."),
                          channel=payment.channel.label, amount=payment.amount,
                          order_no=sale.order_no, detail=answer.detail)
        else:
            done = False
    return done


def _charge(svc: Services, tender: Tender, order_no: str, watch: PaymentWatch | None
            ) -> ProviderAnswer:
    if tender.channel is Channel.CASH:
        return ProviderAnswer(PaymentState.CONFIRMED)
    if tender.channel is Channel.UNIONPAY:  # the terminal charged; the clerk read its slip
        return ProviderAnswer(PaymentState.CONFIRMED, tender.ref)
    assert tender.ref is not None
    return provider_flow.charge(svc, tender.channel, order_no, tender.amount,
                                scanned(svc, tender) or tender.ref, watch)


def _save(svc: Services, payment_id: int, answer: ProviderAnswer,
          channel: Channel | None = None, terminal: str | None = None,
          voucher: str | None = None) -> ProviderAnswer:
    """Record the provider's answer; a confirmation whose reference already backs another
    payment is recorded as declined (``REF_USED``): one payment backs one sale.

    Only a payment still open takes an answer (a refund only one taken): when another
    process (``gaspos sale check`` beside the counter still polling) answered it first, the
    answer stored is returned, and acted on, instead of this one."""
    with svc.uow(write=True) as uow:
        if (channel is not None and answer.state is PaymentState.CONFIRMED
                and answer.provider_ref and uow.sales.payment_ref_used(
                    channel, answer.provider_ref, terminal=terminal, voucher=voucher,
                    excluding=payment_id)):
            answer = ProviderAnswer(PaymentState.DECLINED, answer.provider_ref, REF_USED)
        if not uow.sales.update_payment(payment_id, answer.state, at=svc.clock.now(),
                                        provider_ref=answer.provider_ref):
            state, provider_ref = uow.sales.payment_stored(payment_id)
            answer = ProviderAnswer(state, provider_ref, "answered meanwhile")
        uow.commit()
    return answer
