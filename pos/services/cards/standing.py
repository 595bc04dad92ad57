"""The card in the reader against what the ledger knows of it (pos.domain.cards.knowledge).

Every use case that acts on a card asks here first.  A rolled-back image (a copy written back
onto the card) is refused for everything but inspection, audited each time it is seen and
marked on the card's record the first time, so the card stays refused until a supervisor has
it replaced (docs/security.md).
"""

from __future__ import annotations

from pos.domain.audit import AuditAction
from pos.domain.cards.checks import Check, card_state_check
from pos.domain.cards.contents import CardReading
from pos.domain.cards.knowledge import (
    CardKnowledge,
    CardWrite,
    Judgement,
    KnownRecord,
    Standing,
    WritePurpose,
    judge,
)
from pos.domain.errors import Refused
from pos.domain.messages import N_, Message
from pos.services.core import audit_trail
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork

ROLLED_BACK = N_("Card {card_no} shows an older state than the ledger knows ({since}): it is a "
                 "copy written back onto the card, and its gas may already be in the meter. "
                 "Nothing but inspection is done with it: keep the card and issue a replacement "
                 "card with a supervisor's approval (gaspos card replace --approver).")


def judged(svc: Services, reading: CardReading, *, staff_no: str | None = None
           ) -> tuple[Judgement, CardKnowledge | None]:
    """Judge the card; a rolled-back one is audited (every time) and marked (the first)."""
    with svc.uow() as uow:
        knowledge = known(uow, reading)
    return judged_on(svc, reading, knowledge, staff_no=staff_no)


def known(uow: UnitOfWork, reading: CardReading) -> CardKnowledge | None:
    """What the ledger knows of the card (for :func:`judged_on`), read in ``uow``."""
    return uow.cards.knowledge(reading.card_no, reading.record.meter_no)


def judged_on(svc: Services, reading: CardReading, knowledge: CardKnowledge | None, *,
              staff_no: str | None = None) -> tuple[Judgement, CardKnowledge | None]:
    """:func:`judged`, on what :func:`known` read (with other reads, in one transaction)."""
    if knowledge is None:  # not registered: the card checks say so
        return Judgement(Standing.UNPROVEN), None
    judgement = judge(reading, knowledge)
    if judgement.rolled_back or knowledge.rolled_back_at is not None:
        with svc.uow(write=True) as uow:
            uow.cards.mark_rolled_back(reading.card_no, at=svc.clock.now())
            audit_trail.record(svc, uow, staff_no, AuditAction.CARD_ROLLED_BACK,
                               reading.card_no, account=reading.record.account_no,
                               seq_on_card=reading.record.purchase_seq,
                               why=judgement.why or "marked earlier")
            uow.commit()
    return judgement, knowledge


def is_rolled_back(judgement: Judgement, knowledge: CardKnowledge | None) -> bool:
    return judgement.rolled_back or (knowledge is not None
                                     and knowledge.rolled_back_at is not None)


def rolled_back_check(svc: Services, reading: CardReading, knowledge: CardKnowledge | None
                      ) -> Check:
    return Check("card.rolled_back", Message(ROLLED_BACK, {
        "card_no": reading.card_no, "since": _since(svc, knowledge)}))


def require_trusted(svc: Services, reading: CardReading, *, staff_no: str | None = None
                    ) -> tuple[Judgement, CardKnowledge | None]:
    """Refuse a card the ledger says is lost, blocked or replaced (``card.lost`` …), and a
    rolled-back card (``card.rolled_back``); otherwise its judgement."""
    refuse_unless_valid(svc, reading.card_no)
    judgement, knowledge = judged(svc, reading, staff_no=staff_no)
    if is_rolled_back(judgement, knowledge):
        raise Refused("card.rolled_back", ROLLED_BACK, card_no=reading.card_no,
                      since=_since(svc, knowledge))
    return judgement, knowledge


def refuse_unless_valid(svc: Services, card_no: str, uow: UnitOfWork | None = None) -> None:
    """The ledger's word on the card, at every counter at once (docs/households.md); in
    ``uow`` when given (a sale's start, under its account's lock)."""
    if uow is None:
        with svc.uow() as reading:
            known = reading.accounts.card(card_no)
    else:
        known = uow.accounts.card(card_no)
    refused = card_state_check(known[0]) if known is not None else None
    if refused is not None:
        raise Refused(refused.code, refused.message.msgid, **refused.message.params)


def start_write(svc: Services, uow: UnitOfWork, card_no: str, purpose: WritePurpose,
                target: KnownRecord, *, order_no: str | None = None,
                staff_no: str | None = None) -> CardWrite:
    """Recorded before the card is touched: what is about to be written onto it."""
    return uow.cards.start_write(card_no, purpose, target, order_no=order_no,
                                 staff_no=staff_no, at=svc.clock.now())


def landed_write(judgement: Judgement, purpose: WritePurpose, order_no: str | None = None
                 ) -> CardWrite | None:
    """The open write of this purpose (and sale) that the card carries, if it does."""
    write = judgement.write
    if judgement.standing is not Standing.WRITE_LANDED or write is None:
        return None
    if write.purpose is not purpose or (order_no is not None and write.order_no != order_no):
        return None
    return write


def _since(svc: Services, knowledge: CardKnowledge | None) -> str:
    marked = knowledge.rolled_back_at if knowledge is not None else None
    when = marked or svc.clock.now()
    return when.astimezone(svc.settings.timezone).strftime("%Y-%m-%d %H:%M")
