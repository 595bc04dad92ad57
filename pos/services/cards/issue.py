"""Issuing cards: an account's first card, and a replacement card (补卡)."""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.accounts import AccountStatus, Card, CardState, MeterState
from pos.domain.audit import AuditAction
from pos.domain.cards.contents import CardRecord, MeterReport
from pos.domain.cards.knowledge import KnownRecord
from pos.domain.errors import NotFound, Refused
from pos.domain.journal import EntryKind, JournalDraft
from pos.domain.messages import N_
from pos.domain.quantities import Money, Volume
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize, check_approval
from pos.services.core.business_days import posting_day
from pos.services.core.context import Services
from pos.services.core.sale_states import refuse_if_busy
from pos.services.ports import UnitOfWork
from pos.services.printing import documents, print_queue

PROFILE = "open-sle4442-v1"
CHIP = "sle4442"


@dataclass(frozen=True)
class IssuedCard:
    card_no: str
    account_no: str
    record: CardRecord
    replaced: str | None = None  # the card this one replaces
    fee: Money = Money(0)


def issue_card(svc: Services, operator: Operator, account_no: str, reader: str) -> IssuedCard:
    """The account's first card (its first purchase will print the first-use guidance)."""
    authorize(svc, operator, Permission.ISSUE_CARD, account_no)
    with svc.uow() as uow:
        meter_no = _open_account(uow, account_no)
        if uow.accounts.active_card(account_no) is not None:
            raise Refused("card.account_has_card",
                          N_("Account {account_no} already has a valid card; for a lost or "
                             "broken one, issue a replacement (gaspos card replace)."),
                          account_no=account_no)
        held = _lost_or_blocked(uow, account_no)
        if held is not None:  # a first card would leave it un-replaced, and free of the fee
            raise Refused("card.account_has_card",
                          N_("Account {account_no}'s card {card_no} is {state}: issue a "
                             "replacement card (gaspos card replace)."),
                          account_no=account_no, card_no=held.card_no, state=held.state.label)
    return _issue(svc, operator, account_no, meter_no, reader, replaced=None, fee=Money(0))


def replace_card(svc: Services, operator: Operator, account_no: str, reader: str, *,
                 approver: Operator | None = None) -> IssuedCard:
    """补卡: the old card (valid, reported lost, or — approved — blocked) is marked replaced;
    the new one carries the account's sequence and cumulative volume — and the last purchase
    again when no meter report the counter has read proves it reached the meter (the meter's
    sequence guard makes that safe).  An old card seen as a restored copy is replaced only
    with a supervisor's approval."""
    authorize(svc, operator, Permission.ISSUE_CARD, account_no)
    with svc.uow() as uow:
        meter_no = _open_account(uow, account_no)
        old = uow.accounts.active_card(account_no) or _lost_or_blocked(uow, account_no)
        if old is None:
            raise Refused("card.no_card", N_("Account {account_no} has no card to replace; "
                                             "issue its first card."), account_no=account_no)
        known = uow.cards.knowledge(old.card_no, meter_no)
    copied = known is not None and known.rolled_back_at is not None
    if old.state is CardState.BLACKLISTED and approver is None:
        raise Refused("card.replace_needs_approval",
                      N_("Card {card_no} is blocked (停用): its replacement needs a "
                         "supervisor's approval (--approver)."), card_no=old.card_no)
    if copied and approver is None:
        raise Refused("card.replace_needs_approval",
                      N_("Card {card_no} was seen as a restored copy: its replacement needs a "
                         "supervisor's approval (--approver)."), card_no=old.card_no)
    if approver is not None:
        check_approval(svc, operator, approver, what="replacement card", subject=account_no)
    unreadable = not _readable(svc, old.profile)  # a previous system's card: free to re-issue
    return _issue(svc, operator, account_no, meter_no, reader, replaced=old.card_no,
                  fee=Money(0) if unreadable else svc.settings.sale.replacement_fee,
                  approver_no=approver.staff_no if approver is not None else None,
                  fee_waived="previous system card" if unreadable else None)


def _issue(svc: Services, operator: Operator, account_no: str, meter_no: str, reader: str, *,
           replaced: str | None, fee: Money, approver_no: str | None = None,
           fee_waived: str | None = None) -> IssuedCard:
    keys = svc.keys.load()
    with svc.uow(write=True) as uow:
        uow.sales.lock_account(account_no)
        refuse_if_busy(uow, account_no)
        position = uow.sales.position(account_no)
        report = uow.accounts.newest_meter_report(meter_no)
        last = uow.sales.get(position.last_order_no) if position.last_order_no else None
        previous = (uow.cards.knowledge(replaced, meter_no)
                    if replaced is not None and fee_waived is not None and last is None else None)
    pending = _carried_again(position.last_seq, position.last_volume, report, meter_no,
                             last.meter_no if last is not None else None)
    if previous is not None and previous.proven is not None and previous.proven.pending and (
            report is None or report.meter_seq < previous.proven.seq):
        # a previous system's card, unreadable here: the purchase its export says is still on it
        # (not yet loaded by the meter, as far as the ledger knows) goes onto the new card
        pending = previous.proven.pending
    profile = svc.cards.profile(PROFILE)
    with svc.cards.session(reader) as card:
        card_no = _card_number(svc, profile.numbered(card))
        record = CardRecord(card_no, account_no, meter_no, position.last_seq, pending,
                            position.cumulative, keys.current_version)
        profile.issue(card, record)
    now = svc.clock.now()
    with svc.uow(write=True) as uow:
        if replaced is not None:
            uow.accounts.set_card_state(replaced, CardState.REPLACED, at=now)
        uow.accounts.add_card(account_no, Card(card_no, meter_no, CHIP, PROFILE,
                                               CardState.ACTIVE, now),
                              key_version=keys.current_version)
        uow.cards.prove(card_no, KnownRecord.of(record), at=now)
        if fee.fen:
            _post_fee(svc, uow, account_no, card_no, fee)
        audit_trail.record(svc, uow, operator.staff_no,
                           AuditAction.CARD_REPLACED if replaced else AuditAction.CARD_ISSUED,
                           account_no, card_no=card_no, replaced=replaced,
                           carries_last_purchase=bool(pending.hundredths), approver=approver_no,
                           fee_waived=fee_waived)
        print_queue.enqueue(svc, uow, documents.card_slip(
            svc, uow, account_no=account_no, card_no=card_no, meter_no=meter_no,
            purchase_seq=position.last_seq, cumulative=position.cumulative, carried=pending,
            replaced=replaced, fee=fee, staff_no=operator.staff_no))
        uow.commit()
    return IssuedCard(card_no, account_no, record, replaced, fee)


def _carried_again(last_seq: int, last_volume: Volume, report: MeterReport | None,
                   meter_no: str, last_meter_no: str | None) -> Volume:
    """The last purchase goes onto the new card again unless a write-back proves the meter
    loaded it — and only when it was bought for this very meter: a meter installed since
    expects the next purchase, so its sequence guard would not stop it loading that gas twice
    (a meter change carried what the old meter had not loaded)."""
    if last_seq == 0 or last_meter_no != meter_no:
        return Volume(0)
    if report is not None and report.meter_seq >= last_seq:
        return Volume(0)
    return last_volume


def _card_number(svc: Services, carried: str | None) -> str:
    """A new card gets the next number; a card that already carries one for ever (an issue that
    was interrupted, a formatted test card) keeps it, unless that number is already in use."""
    with svc.uow(write=True) as uow:
        if carried is not None:
            if uow.accounts.card(carried) is not None:
                raise Refused("card.number_in_use",
                              N_("This card carries number {card_no}, which belongs to another "
                                 "card record; use a new card."), card_no=carried)
            return carried
        number = f"IC{uow.sales.next_number('card'):010d}"
        uow.commit()  # taken even if the card fails: numbers never repeat
    return number


def _post_fee(svc: Services, uow: UnitOfWork, account_no: str, card_no: str, fee: Money) -> None:
    day = posting_day(svc, uow)
    uow.journal.append(JournalDraft(
        kind=EntryKind.FEE, at=svc.clock.now(), business_date=day.business_date,
        counter_no=day.counter_no, account_no=account_no, amount=fee, channel="cash",
        details={"for": "replacement card", "card_no": card_no}))


def _lost_or_blocked(uow: UnitOfWork, account_no: str) -> Card | None:
    """The newest card reported lost (挂失) or blocked (停用): a replacement supersedes it."""
    cards = [c for c in uow.accounts.cards(account_no)
             if c.state in (CardState.LOST, CardState.BLACKLISTED)]
    return cards[-1] if cards else None


def _open_account(uow: UnitOfWork, account_no: str) -> str:
    account = uow.accounts.get(account_no)
    if account is None:
        raise NotFound("account.unknown", N_("There is no account {account_no}."),
                       account_no=account_no)
    if account.status is AccountStatus.CLOSED:
        raise Refused("account.closed", N_("Account {account_no} is closed."),
                      account_no=account_no)
    meter = next((m for m in uow.accounts.meters(account_no) if m.state is MeterState.ACTIVE), None)
    if meter is None:
        raise Refused("account.no_meter", N_("Account {account_no} has no meter in service."),
                      account_no=account_no)
    return meter.meter_no


def _readable(svc: Services, profile: str) -> bool:
    """Whether this installation has the card profile (a previous system's layout may not be
    one: docs/going-live.md, the first visit)."""
    try:
        svc.cards.profile(profile)
    except (KeyError, LookupError):
        return False
    return True
