"""Cards outside a sale: a dump inspected offline, a card no account uses wiped."""

from __future__ import annotations

from pos.domain.accounts import CardState
from pos.domain.audit import AuditAction
from pos.domain.cards.contents import CardReading
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.card_access import card_in
from pos.services.core.context import Services


def inspect_image(svc: Services, memory: bytes) -> CardReading:
    """Decode a 256-byte card image offline (a dump from any reader, or a simulated card)."""
    with svc.cards.image(memory) as card:
        return svc.cards.identify(card).read(card)


def format_card(svc: Services, operator: Operator, reader: str) -> str:
    """Wipe a card that no account uses (test and returned cards); returns its number."""
    authorize(svc, operator, Permission.ISSUE_CARD, reader)
    with card_in(svc, reader) as card:
        reading = card.read()
        with svc.uow() as uow:
            known = uow.accounts.card(reading.card_no)
        if known is not None and known[0].state is CardState.ACTIVE:
            raise Refused("card.in_use",
                          N_("Card {card_no} is account {account_no}'s valid card; it cannot "
                             "be formatted."), card_no=reading.card_no, account_no=known[1])
        card.format()
    audit_trail.record_now(svc, operator.staff_no, AuditAction.CARD_FORMATTED, reading.card_no)
    return reading.card_no
