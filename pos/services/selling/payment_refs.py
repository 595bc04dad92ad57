"""One payment backs one sale: a WeChat Pay or Alipay transaction id, or a bank card's
reference with its terminal and voucher, already confirmed on a channel is refused
(``payment.ref_used``) — before any money is asked for, inside one split payment, and again,
under a lock, when the payment is confirmed (two counters typing the same reference).

A scanned payment code (付款码, where the channel's provider takes codes) is single-use: it
must be its channel's, and a code tried on any earlier attempt is refused
(``payment.code_used``) before any provider is asked (docs/payments.md).  Where the channel's
provider takes no codes (``manual``), a code is refused (``payment.code_needs_live``): the
clerk enters the transaction id the merchant app shows."""

from __future__ import annotations

from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.sale import payment_codes
from pos.domain.sale.payments import Tender
from pos.domain.sale.record import Channel
from pos.services.core.context import Services

REF_USED = "ref_used"  # a payment's detail when its reference backs another sale already


def identity(tender: Tender) -> tuple[str, str, str, str] | None:
    if tender.channel is Channel.CASH or not tender.ref:
        return None
    if tender.channel is Channel.UNIONPAY:
        return tender.channel.value, tender.ref, tender.terminal or "", tender.voucher or ""
    return tender.channel.value, tender.ref, "", ""


def refuse_used(svc: Services, tenders: tuple[Tender, ...]) -> None:
    seen: set[tuple[str, str, str, str]] = set()
    for tender in tenders:
        if tender.channel in svc.settings.payment_codes and tender.ref is not None:
            _refuse_used_code(svc, tender.channel, tender.ref, seen)
            svc.payments.ready(channel=tender.channel)  # e.g. a merchant incomplete: refused
            continue
        if tender.ref is not None:
            payment_codes.refuse_unless_taken(tender.channel, tender.ref,
                                              svc.settings.payment_codes)
        key = identity(tender)
        if key is None:
            continue
        if key in seen:
            raise Refused("payment.ref_used",
                          N_("Reference {ref} is given twice in this payment: one payment backs "
                             "one part. Nothing was taken."), ref=tender.ref)
        seen.add(key)
        assert tender.ref is not None
        with svc.uow() as uow:
            used_by = uow.sales.payment_ref_used(tender.channel, tender.ref,
                                                 terminal=tender.terminal,
                                                 voucher=tender.voucher)
        if used_by is not None:
            raise Refused("payment.ref_used",
                          N_("{channel} reference {ref} already paid sale {order_no}: one "
                             "payment backs one sale. Nothing was taken; ask for the payment "
                             "of this sale."), channel=tender.channel.label, ref=tender.ref,
                          order_no=used_by)


def _refuse_used_code(svc: Services, channel: Channel, ref: str,
                      seen: set[tuple[str, str, str, str]]) -> None:
    code = payment_codes.check(channel, ref)
    hashed = payment_codes.code_hash(code)
    if ("code", hashed, "", "") in seen:
        raise Refused("payment.code_used",
                      N_("The same payment code is given twice in this payment: a code pays "
                         "once. Nothing was taken."))
    seen.add(("code", hashed, "", ""))
    with svc.uow() as uow:
        used_on = uow.sales.payment_code_used(hashed)
    if used_on is not None:
        raise Refused("payment.code_used",
                      N_("This payment code was already used (sale {order_no}): a code pays "
                         "once. Nothing was taken; ask the customer to show a fresh payment "
                         "code."), order_no=used_on)


def used_refusal(order_no: str) -> Refused:
    return Refused("payment.ref_used",
                   N_("The payment's reference already paid another sale: sale {order_no} is "
                      "cancelled and nothing was kept. Ask for the payment of this sale."),
                   order_no=order_no)
