"""When a sale did not finish (docs/design.md "When a sale does not finish"): nothing is ever
auto-voided.

* **check** — a payment left unknown is asked about again;
* **rewrite** (补写卡) — write a paid purchase onto its card, then complete it;
* **void** (冲正) — with a supervisor's approval and a reason: a purchase still on the card and
  not loaded (or never written) is taken off the card and the money given back;
* **suspend** (挂起) — the customer left with the card: the money is carried as a liability;
* **refund** — a suspended sale given up: the money goes back.

A resolution after the sale's day has closed is posted into today's open day.
"""

from __future__ import annotations

from datetime import date

from pos.domain.cards.contents import CardReading
from pos.domain.cards.knowledge import CardWrite, Judgement, KnownRecord, WritePurpose
from pos.domain.errors import NotFound, Refused
from pos.domain.journal import EntryKind
from pos.domain.messages import N_
from pos.domain.sale.purchase import CardVersusLedger, compare, previous_record, sale_record_on_card
from pos.domain.sale.record import PaymentState, SaleRecord, SaleState, advance_sale
from pos.domain.staff import Operator, Permission
from pos.services.cards.standing import landed_write, require_trusted, start_write
from pos.services.core import postings
from pos.services.core.auth import authorize, check_approval
from pos.services.core.business_days import posting_day
from pos.services.core.card_access import card_in, read_card
from pos.services.core.context import Services
from pos.services.core.sale_states import move_sale
from pos.services.ports import UnitOfWork
from pos.services.printing import documents, print_queue
from pos.services.selling.completion import complete, on_card
from pos.services.selling.counter_sale import mark_paid, write_purchase
from pos.services.selling.payments import (
    Collected,
    ask_again,
    follow_refunds,
    give_back,
    provider_order_no,
)


def unfinished_sales(svc: Services) -> list[SaleRecord]:
    """Every sale not finished: shown at start-up and by ``gaspos sale list``."""
    with svc.uow() as uow:
        return [s for state in (SaleState.AWAITING_PAYMENT, SaleState.PENDING)
                for s in uow.sales.find(state=state)]


def refunds_under_way(svc: Services) -> list[SaleRecord]:
    """The sales with a refund a provider accepted but has not finished (``gaspos sale check``
    follows each)."""
    with svc.uow() as uow:
        found = [uow.sales.get(order_no) for order_no in uow.sales.refunds_under_way()]
    return [sale for sale in found if sale is not None]


def find_sales(svc: Services, *, business_date: date | None = None,
               state: SaleState | None = None, account_no: str | None = None
               ) -> list[SaleRecord]:
    with svc.uow() as uow:
        return list(uow.sales.find(state=state, business_date=business_date,
                                   account_no=account_no))


def get_sale(svc: Services, order_no: str) -> SaleRecord:
    with svc.uow() as uow:
        sale = uow.sales.get(order_no.strip())
    if sale is None:
        raise NotFound("sale.unknown", N_("There is no sale {order_no}."), order_no=order_no)
    return sale


def check_payment(svc: Services, operator: Operator, order_no: str) -> SaleRecord:
    """Ask the providers about a sale whose payment was left unknown (paid: it goes on to be
    written; not paid: the order is reversed and the sale cancelled), or whose refund is
    still under way."""
    authorize(svc, operator, Permission.SELL, order_no)
    sale = get_sale(svc, order_no)
    if any(p.state is PaymentState.REFUND_PENDING for p in sale.payments):
        follow_refunds(svc, sale)
        return get_sale(svc, order_no)
    if sale.state is not SaleState.AWAITING_PAYMENT:
        return sale
    collected = ask_again(svc, sale)
    if collected is Collected.CONFIRMED:
        return mark_paid(svc, order_no)
    if collected is Collected.DECLINED:
        move_sale(svc, order_no, SaleState.CANCELLED)
    return get_sale(svc, order_no)


def rewrite(svc: Services, operator: Operator, order_no: str, reader: str) -> SaleRecord:
    """补写卡: put a paid purchase onto its card and complete the sale (or, after a void that
    stopped once the card was written, put the purchase back and keep the sale)."""
    authorize(svc, operator, Permission.REWRITE_CARD, order_no)
    sale = get_sale(svc, order_no)
    reading, versus, judgement = _card_versus(svc, sale, reader, operator.staff_no)
    if versus is CardVersusLedger.PROVES_UNFINISHED:
        return complete(svc, order_no, rewritten=True)  # the card has it already
    if versus is not CardVersusLedger.LACKS_LATEST:
        raise Refused("sale.cannot_rewrite",
                      N_("The card does not show the purchase before sale {order_no}; it cannot "
                         "be rewritten onto it. Ask a supervisor."), order_no=order_no)
    if sale.state not in (SaleState.PENDING, SaleState.SUSPENDED, SaleState.COMPLETED):
        raise Refused("sale.cannot_rewrite_state",
                      N_("Sale {order_no} is {state}: there is nothing to write."),
                      order_no=order_no, state=sale.state.label)
    if sale.state is SaleState.COMPLETED and landed_write(
            judgement, WritePurpose.VOID, order_no) is None:
        raise Refused("sale.cannot_rewrite",
                      N_("The card does not show the purchase before sale {order_no}; it cannot "
                         "be rewritten onto it. Ask a supervisor."), order_no=order_no)
    with svc.uow(write=True) as uow:  # recorded before the card is touched
        if sale.state is SaleState.COMPLETED or not any(
                w.purpose is WritePurpose.SALE and w.order_no == order_no
                for w in _open_writes(uow, reading)):
            start_write(svc, uow, reading.card_no, WritePurpose.SALE, on_card(sale),
                        order_no=order_no, staff_no=operator.staff_no)
        uow.commit()
    write_purchase(svc, reader, sale, expected_before=reading)
    if sale.state is SaleState.COMPLETED:  # the interrupted void is given up
        with svc.uow(write=True) as uow:
            uow.cards.prove(reading.card_no, on_card(sale), at=svc.clock.now())
            uow.commit()
        return sale
    return complete(svc, order_no, rewritten=True)


def void(svc: Services, operator: Operator, approver: Operator, order_no: str, reader: str,
         reason: str) -> SaleRecord:
    """冲正: take a purchase off the card (if it is there, not loaded) and give the money back.

    The void's own card write is recorded before the card is touched, so a void stopped after
    the write is finished from the card; a card that lacks the purchase without that record is
    refused: the purchase may have reached the meter from a copy of the card."""
    authorize(svc, operator, Permission.SELL, order_no)
    check_approval(svc, operator, approver, what="void", subject=order_no)
    sale = get_sale(svc, order_no)
    reason = _reason(reason)
    if sale.state not in (SaleState.PENDING, SaleState.COMPLETED):
        raise Refused("sale.cannot_void",
                      N_("Sale {order_no} is {state}; only a pending or completed sale can be "
                         "voided."), order_no=order_no, state=sale.state.label)
    if sale.state is SaleState.COMPLETED and _day_closed(svc, sale):
        raise Refused("sale.day_closed",
                      N_("Sale {order_no}'s business day is closed: it can no longer be voided; "
                         "a correction goes into today's day."), order_no=order_no)
    reading, versus, judgement = _card_versus(svc, sale, reader, operator.staff_no)
    before = previous_record(sale_record_on_card(sale, reading.record.key_version), sale.volume)
    if versus in (CardVersusLedger.PROVES_UNFINISHED, CardVersusLedger.CONSISTENT):
        _not_loaded(svc, sale, reading)
        with svc.uow(write=True) as uow:  # recorded before the card is touched
            start_write(svc, uow, reading.card_no, WritePurpose.VOID, KnownRecord.of(before),
                        order_no=order_no, staff_no=operator.staff_no)
            uow.commit()
        with card_in(svc, reader) as card:
            if card.read().record != reading.record:
                raise Refused("card.changed", N_("This is not the card the sale was read from; "
                                                 "put card {card_no} back."),
                              card_no=sale.card_no)
            card.write_record(before)
        svc.checkpoints.reached("void_card_written")
    elif versus is CardVersusLedger.LACKS_LATEST and landed_write(
            judgement, WritePurpose.VOID, order_no) is not None:
        pass  # this void's own write reached the card before it stopped: finish it
    elif versus is CardVersusLedger.LACKS_LATEST:
        raise Refused("sale.void_unproven",
                      N_("The card does not carry sale {order_no}'s purchase, and no void of it "
                         "was begun here: its gas may already be in the meter. Put the purchase "
                         "on the card (gaspos sale rewrite {order_no}) and void it then — or, "
                         "if the customer left, suspend the sale."), order_no=order_no)
    else:
        raise Refused("card.sequence_mismatch",
                      N_("The card does not match the ledger; ask a supervisor."))
    _give_all_back(svc, sale)
    with svc.uow(write=True) as uow:
        day = posting_day(svc, uow)
        advance_sale(sale.state, SaleState.VOIDED, order_no)
        if sale.state is SaleState.COMPLETED:
            postings.post(svc, uow, day, EntryKind.REVERSAL, sale, amount=-sale.amount,
                          volume=-sale.volume, reason=reason, approver=approver.staff_no)
        postings.refunds(svc, uow, day, sale, reason, approver.staff_no)
        uow.sales.set_state(order_no, SaleState.VOIDED, was=sale.state, at=svc.clock.now())
        uow.cards.prove(reading.card_no, KnownRecord.of(before), at=svc.clock.now())
        print_queue.enqueue(svc, uow, documents.void_slip(
            svc, uow, sale, reason=reason, approver_no=approver.staff_no,
            staff_no=operator.staff_no), order_no=order_no)
        uow.commit()
    return get_sale(svc, order_no)


def _not_loaded(svc: Services, sale: SaleRecord, reading: CardReading) -> None:
    """The purchase is still on the card and no meter report — on the card or any the counter
    read of that meter before — says the meter loaded it."""
    with svc.uow() as uow:
        newest = uow.accounts.newest_meter_report(sale.meter_no) if sale.meter_no else None
    if not reading.last_purchase_loaded and (newest is None
                                             or newest.meter_seq < sale.purchase_seq):
        return
    raise Refused("sale.loaded",
                  N_("The purchase of sale {order_no} is already in the meter: it cannot be "
                     "voided."), order_no=sale.order_no)


def suspend(svc: Services, operator: Operator, approver: Operator, order_no: str,
            reason: str) -> SaleRecord:
    """挂起: the customer left with the card before the sale was resolved."""
    authorize(svc, operator, Permission.SELL, order_no)
    check_approval(svc, operator, approver, what="suspend", subject=order_no)
    sale = get_sale(svc, order_no)
    reason = _reason(reason)
    with svc.uow(write=True) as uow:
        day = posting_day(svc, uow)
        advance_sale(sale.state, SaleState.SUSPENDED, order_no)
        uow.sales.set_state(order_no, SaleState.SUSPENDED, was=sale.state,
                            at=svc.clock.now())
        postings.post(svc, uow, day, EntryKind.SUSPENSION, sale, reason=reason,
                      approver=approver.staff_no)
        uow.commit()
    return get_sale(svc, order_no)


def refund_suspended(svc: Services, operator: Operator, approver: Operator, order_no: str,
                     reason: str) -> SaleRecord:
    """A suspended sale given up: its money goes back (the card never carried it)."""
    authorize(svc, operator, Permission.SELL, order_no)
    check_approval(svc, operator, approver, what="refund", subject=order_no)
    sale = get_sale(svc, order_no)
    reason = _reason(reason)
    advance_sale(sale.state, SaleState.REFUNDED, order_no)
    _give_all_back(svc, sale)
    with svc.uow(write=True) as uow:
        day = posting_day(svc, uow)
        postings.refunds(svc, uow, day, sale, reason, approver.staff_no)
        uow.sales.set_state(order_no, SaleState.REFUNDED, was=sale.state,
                            at=svc.clock.now())
        uow.commit()
    return get_sale(svc, order_no)


def _card_versus(svc: Services, sale: SaleRecord, reader: str, staff_no: str
                 ) -> tuple[CardReading, CardVersusLedger, Judgement]:
    reading = read_card(svc, reader)
    if reading.card_no != sale.card_no:
        raise Refused("card.changed", N_("This is not the card the sale was read from; put "
                                         "card {card_no} back."), card_no=sale.card_no)
    judgement, _ = require_trusted(svc, reading, staff_no=staff_no)
    with svc.uow() as uow:
        position = uow.sales.position(sale.account_no)
    if position.last_order_no != sale.order_no:
        raise Refused("sale.not_latest",
                      N_("Only the account's latest purchase can be voided, on its own card."))
    return reading, compare(reading.record, position), judgement


def _open_writes(uow: UnitOfWork, reading: CardReading) -> tuple[CardWrite, ...]:
    knowledge = uow.cards.knowledge(reading.card_no, reading.record.meter_no)
    return knowledge.writes if knowledge is not None else ()


def _give_all_back(svc: Services, sale: SaleRecord) -> None:
    parts = len(sale.payments)
    for index, payment in enumerate(sale.payments):
        if payment.state is PaymentState.CONFIRMED:
            give_back(svc, payment, provider_order_no(sale, index, parts), payment.amount)


def _day_closed(svc: Services, sale: SaleRecord) -> bool:
    with svc.uow() as uow:
        current = uow.days.current(sale.counter_no)
    return current is None or current.business_date != sale.business_date


def _reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not 2 <= len(text) <= 200:
        raise Refused("approval.reason", N_("Give a reason (2 to 200 characters)."))
    return text

