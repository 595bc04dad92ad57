"""Reading cards at the counter, inspecting card images offline, wiping test cards."""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.audit import AuditAction
from pos.domain.card_checks import Check, LedgerFacts, card_checks
from pos.domain.cards import CardReading
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.staff import Operator, Permission
from pos.services import audit_trail
from pos.services.auth import authorize
from pos.services.context import Services


@dataclass(frozen=True)
class CardView:
    """One card as the counter screen shows it: what it carries and what would refuse a sale."""

    reading: CardReading
    checks: tuple[Check, ...]


def read_card(svc: Services, reader: str) -> CardView:
    with svc.cards.session(reader) as card:
        reading = svc.cards.identify(card).read(card)
    return CardView(reading, tuple(card_checks(reading, ledger_facts(svc, reading))))


def inspect_image(svc: Services, memory: bytes) -> CardReading:
    """Decode a 256-byte card image offline (a dump from any reader, or a simulated card)."""
    with svc.cards.image(memory) as card:
        return svc.cards.identify(card).read(card)


def format_card(svc: Services, operator: Operator, reader: str) -> str:
    """Wipe a card that no account uses (test and returned cards); returns its number."""
    authorize(svc, operator, Permission.ISSUE_CARD, reader)
    with svc.cards.session(reader) as card:
        profile = svc.cards.identify(card)
        reading = profile.read(card)
        with svc.uow() as uow:
            known = uow.accounts.card(reading.card_no)
        if known is not None and known[0].state.value == "active":
            raise Refused("card.in_use",
                          N_("Card {card_no} is account {account_no}'s valid card; it cannot "
                             "be formatted."), card_no=reading.card_no, account_no=known[1])
        profile.format(card)
    audit_trail.record_now(svc, operator.staff_no, AuditAction.CARD_FORMATTED, reading.card_no)
    return reading.card_no


def ledger_facts(svc: Services, reading: CardReading) -> LedgerFacts:
    with svc.uow() as uow:
        company = uow.org.company()
        known = uow.accounts.card(reading.card_no)
        account = uow.accounts.get(reading.record.account_no)
        meters = uow.accounts.meters(reading.record.account_no) if account else []
    active = next((m for m in meters if m.state.value == "active"), None)
    return LedgerFacts(company.code if company else None, known[0] if known else None,
                       known[1] if known else None, account, active)
