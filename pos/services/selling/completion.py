"""Finishing a sale once its card proves it: the receipt number, the journal's sale entry."""

from __future__ import annotations

from dataclasses import replace

from pos.domain.cards.knowledge import KnownRecord
from pos.domain.journal import EntryKind
from pos.domain.sale.record import SaleKind, SaleRecord, SaleState, advance_sale
from pos.services.core import postings
from pos.services.core.business_days import posting_day
from pos.services.core.context import Services
from pos.services.printing import documents, print_queue


def complete(svc: Services, order_no: str, *, rewritten: bool = False) -> SaleRecord:
    """pending/suspended → completed, in one transaction: the receipt number (gapless, from
    the sale's counter's series), the entry that turns the advance into a sale, the receipt's
    seal, and the receipt (with the first-use guidance on a card's first purchase) queued for
    the printer.  ``rewritten``: completed by 补写卡 (the daily report counts rewrites)."""
    with svc.uow(write=True) as uow:
        sale = uow.sales.get(order_no)
        assert sale is not None
        if sale.state is SaleState.COMPLETED:
            return sale  # completed meanwhile (another counter read the card)
        advance_sale(sale.state, SaleState.COMPLETED, order_no)
        day = posting_day(svc, uow)
        receipt_no = uow.sales.next_receipt_no(sale.counter_no)
        now = svc.clock.now()
        uow.sales.set_state(order_no, SaleState.COMPLETED, was=sale.state, at=now,
                            receipt_no=receipt_no)
        if sale.card_no is not None and sale.meter_no is not None:  # the card proved it
            uow.cards.prove(sale.card_no, on_card(sale), at=now)
        # what the move changed (set_state), not read back: the seal is over the same facts
        done = replace(sale, state=SaleState.COMPLETED, receipt_no=receipt_no, completed_at=now)
        code = documents.seal(svc, done)
        uow.sales.set_seal(order_no, code)
        done = replace(done, seal_code=code)
        print_queue.queue_completed_sale(svc, uow, done)
        # the journal last: its lock (one chain for every counter) is held from the append to
        # the commit, so the receipt is built before it, not while other counters wait
        if sale.kind is SaleKind.METER_CREDIT:
            postings.post(svc, uow, day, EntryKind.METER_CREDIT, sale, volume=sale.volume,
                          receipt_no=receipt_no)
        else:
            postings.post(svc, uow, day, EntryKind.SALE, sale, amount=sale.amount,
                          volume=sale.volume, receipt_no=receipt_no,
                          rewritten=rewritten)
        uow.commit()
    return done


def on_card(sale: SaleRecord) -> KnownRecord:
    """The record a sale's purchase leaves on its card."""
    assert sale.meter_no is not None
    return KnownRecord(sale.purchase_seq, sale.cumulative_after, sale.volume, sale.meter_no)
