"""``gaspos card restore``: a supervisor writes the record the ledger knows back onto a card.

For a card left torn after its sale was suspended and refunded (every later sale would be
refused), or one that carries a purchase whose money went back.  Never for a card seen as a
restored copy (that one is replaced), never while a sale of the account is unfinished, and never
when the meter already loaded the purchase the card would lose.  Approved by a second person,
with a reason, audited; the write is recorded before the card is touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.accounts import CardState, MeterState
from pos.domain.audit import AuditAction
from pos.domain.cards.contents import CardReading
from pos.domain.cards.knowledge import CardKnowledge, Judgement, KnownRecord, Standing, WritePurpose
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.staff import Operator, Permission
from pos.services.cards.standing import require_trusted, start_write
from pos.services.core import audit_trail
from pos.services.core.auth import authorize, check_approval
from pos.services.core.card_access import card_in, read_card
from pos.services.core.context import Services
from pos.services.core.sale_states import refuse_if_busy
from pos.services.ports import UnitOfWork


@dataclass(frozen=True)
class RestoredCard:
    card_no: str
    account_no: str
    record: KnownRecord  # what the card carries now
    written: bool  # False: it carried that already, whole


def restore_card(svc: Services, operator: Operator, approver: Operator, reader: str,
                 reason: str) -> RestoredCard:
    authorize(svc, operator, Permission.REWRITE_CARD, reader)
    check_approval(svc, operator, approver, what="card restore", subject=reader)
    why = " ".join(reason.split())
    if not 2 <= len(why) <= 200:
        raise Refused("approval.reason", N_("Give a reason (2 to 200 characters)."))
    reading = read_card(svc, reader)
    judgement, knowledge = require_trusted(svc, reading, staff_no=operator.staff_no)
    account_no = reading.record.account_no
    with svc.uow() as uow:
        target = _target(uow, reading, knowledge)
        _refuse_unless_restorable(uow, reading, judgement)
    if target.matches(reading.record) and not reading.interrupted_write:
        return RestoredCard(reading.card_no, account_no, target, written=False)
    with svc.uow(write=True) as uow:  # recorded before the card is touched
        start_write(svc, uow, reading.card_no, WritePurpose.RESTORE, target,
                    staff_no=operator.staff_no)
        uow.commit()
    with card_in(svc, reader) as card:
        if card.read().record != reading.record:
            raise Refused("card.changed", N_("This is not the card that was read; put card "
                                             "{card_no} back."), card_no=reading.card_no)
        card.write_record(target.on_card(reading.card_no, account_no,
                                                  reading.record.key_version))
    with svc.uow(write=True) as uow:
        uow.cards.prove(reading.card_no, target, at=svc.clock.now())
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.CARD_RESTORED,
                           reading.card_no, account=account_no, approver=approver.staff_no,
                           reason=why, seq_before=reading.record.purchase_seq,
                           seq_after=target.seq, torn=reading.interrupted_write)
        uow.commit()
    return RestoredCard(reading.card_no, account_no, target, written=True)


def _target(uow: UnitOfWork, reading: CardReading, knowledge: CardKnowledge | None
            ) -> KnownRecord:
    """What the ledger knows the card should carry."""
    account_no = reading.record.account_no
    found = uow.accounts.card(reading.card_no)
    if found is None or found[1] != account_no or found[0].state is not CardState.ACTIVE:
        raise Refused("card.restore_not_ours",
                      N_("Card {card_no} is not an active card of account {account_no}: only "
                         "an account's own valid card is restored."), card_no=reading.card_no,
                      account_no=account_no)
    refuse_if_busy(uow, account_no, suspended_ok=True)
    rekey = next((w for w in reversed(knowledge.writes) if w.purpose is WritePurpose.REKEY),
                 None) if knowledge is not None else None
    if rekey is not None:
        return rekey.target
    if knowledge is not None and knowledge.proven is not None:
        return knowledge.proven
    position = uow.sales.position(account_no)  # a card from before the ledger kept its record
    meter = next((m for m in uow.accounts.meters(account_no) if m.state is MeterState.ACTIVE),
                 None)
    if meter is None:
        raise Refused("account.no_meter", N_("Account {account_no} has no meter in service."),
                      account_no=account_no)
    return KnownRecord(position.last_seq, position.cumulative, position.last_volume,
                       meter.meter_no)


def _refuse_unless_restorable(uow: UnitOfWork, reading: CardReading,
                              judgement: Judgement) -> None:
    """A card carrying a paid sale's purchase is completed by reading it, not restored; one
    carrying a purchase whose money went back, which its meter already loaded, stays as it is:
    the customer has that gas, and taking it off would only break the meter's sequence."""
    write = judgement.write
    if judgement.standing is not Standing.WRITE_LANDED or write is None or (
            write.purpose is not WritePurpose.SALE):
        return
    sale = uow.sales.get(write.order_no) if write.order_no else None
    if sale is not None and sale.state.reserves_gas:
        raise Refused("card.proves_sale",
                      N_("The card carries sale {order_no}'s purchase: read the card (gaspos "
                         "card read) and the sale completes; there is nothing to restore."),
                      order_no=sale.order_no)
    newest = uow.accounts.newest_meter_report(write.target.meter_no)
    seen = max((r.meter_seq for r in (reading.meter, newest) if r is not None), default=-1)
    if seen >= write.target.seq:
        raise Refused("card.refunded_loaded",
                      N_("The meter already loaded purchase {seq} of sale {order_no}, whose "
                         "money went back: the customer has that gas. Do not restore the card; "
                         "report it to finance and a supervisor."), seq=write.target.seq,
                      order_no=write.order_no)
