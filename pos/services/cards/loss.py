"""Lost and blocked cards (挂失、解挂、停用): the ledger's word, so every counter of every hall
refuses the card at once (docs/households.md "Lost and blocked cards").

* **lost** (挂失) — a clerk, for the holder: a valid card becomes lost;
* **found** (解挂) — a clerk: only a lost card becomes valid again;
* **block** (停用) — a supervisor: a valid or lost card is blocked;
* **unblock** — a supervisor: a blocked card becomes valid again.

A replacement card (补卡, :func:`pos.services.cards.issue.replace_card`) marks the lost or
blocked card replaced: it stays refused for ever.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.accounts import Card, CardState
from pos.domain.audit import AuditAction
from pos.domain.errors import NotFound, Refused
from pos.domain.messages import N_
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services


@dataclass(frozen=True)
class Move:
    action: AuditAction
    permission: Permission
    allowed_from: frozenset[CardState]
    to: CardState
    refusal: str  # msgid: the card is in a state this move does not start from


LOST = Move(AuditAction.CARD_LOST, Permission.ISSUE_CARD, frozenset({CardState.ACTIVE}),
            CardState.LOST,
            N_("Card {card_no} is {state}: only a valid card can be reported lost."))
FOUND = Move(AuditAction.CARD_FOUND, Permission.ISSUE_CARD, frozenset({CardState.LOST}),
             CardState.ACTIVE,
             N_("Card {card_no} is {state}: only a card reported lost can be found again "
                "(解挂); a blocked card needs a supervisor (gaspos card unblock)."))
BLOCK = Move(AuditAction.CARD_BLOCKED, Permission.APPROVE,
             frozenset({CardState.ACTIVE, CardState.LOST}), CardState.BLACKLISTED,
             N_("Card {card_no} is {state}: only a valid or lost card can be blocked."))
UNBLOCK = Move(AuditAction.CARD_UNBLOCKED, Permission.APPROVE,
               frozenset({CardState.BLACKLISTED}), CardState.ACTIVE,
               N_("Card {card_no} is {state}: only a blocked card can be unblocked."))


def report_lost(svc: Services, operator: Operator, card_no: str, reason: str) -> Card:
    return _move(svc, operator, card_no, reason, LOST)


def report_found(svc: Services, operator: Operator, card_no: str, reason: str) -> Card:
    return _move(svc, operator, card_no, reason, FOUND)


def block(svc: Services, operator: Operator, card_no: str, reason: str) -> Card:
    return _move(svc, operator, card_no, reason, BLOCK)


def unblock(svc: Services, operator: Operator, card_no: str, reason: str) -> Card:
    return _move(svc, operator, card_no, reason, UNBLOCK)


def _move(svc: Services, operator: Operator, card_no: str, reason: str, move: Move) -> Card:
    card_no = card_no.strip()
    authorize(svc, operator, move.permission, card_no)
    reason = " ".join(reason.split())
    if not 2 <= len(reason) <= 200:
        raise Refused("approval.reason", N_("Give a reason (2 to 200 characters)."))
    with svc.uow(write=True) as uow:
        known = uow.accounts.card(card_no)
        if known is None:
            raise NotFound("card.not_registered", N_("There is no card {card_no}."),
                           card_no=card_no)
        card, account_no = known
        uow.sales.lock_account(account_no)  # a sale starting now sees the move, or precedes it
        if card.state not in move.allowed_from:
            raise Refused(f"card.{card.state.value}", move.refusal, card_no=card_no,
                          state=card.state.label)
        if move.to is CardState.ACTIVE:
            other = uow.accounts.active_card(account_no)
            if other is not None:
                raise Refused("card.account_has_card",
                              N_("Account {account_no} already has a valid card ({card_no})."),
                              account_no=account_no, card_no=other.card_no)
        uow.accounts.set_card_state(card_no, move.to, at=svc.clock.now())
        audit_trail.record(svc, uow, operator.staff_no, move.action, account_no,
                           card_no=card_no, before=card.state.value, after=move.to.value,
                           reason=reason)
        uow.commit()
    return Card(card.card_no, card.meter_no, card.chip, card.profile, move.to, card.issued_at)
