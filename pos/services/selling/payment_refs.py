"""One payment backs one sale: a WeChat Pay or Alipay transaction id, or a bank card's
reference with its terminal and voucher, already confirmed on a channel is refused
(``payment.ref_used``) — before any money is asked for, inside one split payment, and again,
under a lock, when the payment is confirmed (two counters typing the same reference)."""

from __future__ import annotations

from pos.domain.errors import Refused
from pos.domain.messages import N_
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


def used_refusal(order_no: str) -> Refused:
    return Refused("payment.ref_used",
                   N_("The payment's reference already paid another sale: sale {order_no} is "
                      "cancelled and nothing was kept. Ask for the payment of this sale."),
                   order_no=order_no)
