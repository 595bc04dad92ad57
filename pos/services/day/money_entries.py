"""Money without gas (docs/design.md "When a sale does not finish"): refunds and corrections,
each with a reason and a supervisor's approval, posted into the counter's open day and naming
what they correct.

* **refund of a suspended sale** — the sale becomes refunded, its payments go back;
* **refund of an overpayment** — a customer paid twice (the provider succeeded, the counter
  timed out): the money is recognised (an adjustment in) and given back (a refund out), both on
  the channel it came through, so the channel's totals match the provider's statement;
* **adjustment** — a correction of an earlier (perhaps closed) day: a signed amount on a
  channel, naming the journal entry or the sale it corrects.  A closed day never changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput, NotFound, Refused
from pos.domain.journal import DetailValue, EntryKind, JournalDraft, JournalEntry
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, SaleState
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize, check_approval
from pos.services.core.business_days import posting_day
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork
from pos.services.selling import recovery


@dataclass(frozen=True)
class Posted:
    entries: tuple[JournalEntry, ...]
    order_no: str | None = None


def refund(svc: Services, operator: Operator, approver: Operator, order_no: str, reason: str,
           *, amount: Money | None = None, channel: Channel | None = None,
           provider_ref: str | None = None) -> Posted:
    """Refund a suspended sale (no amount), or an overpayment on sale ``order_no``."""
    sale = recovery.get_sale(svc, order_no)
    if amount is None:
        if sale.state is not SaleState.SUSPENDED:
            raise Refused("refund.not_suspended", N_(
                "Sale {order_no} is {state}: only a suspended sale is refunded whole; for an "
                "overpayment give --amount and --channel."), order_no=sale.order_no,
                state=sale.state.label)
        recovery.refund_suspended(svc, operator, approver, sale.order_no, reason)
        return Posted(_entries_of(svc, sale.order_no, EntryKind.REFUND), sale.order_no)
    if channel is None:
        raise BadInput("refund.channel", N_(
            "Say which channel the overpayment came through (--channel)."))
    _positive(amount)
    why = _allowed(svc, operator, approver, reason, sale.order_no, what="overpayment refund")
    details: dict[str, DetailValue] = {"reason": why, "approver": approver.staff_no,
                                       "staff": operator.staff_no, "overpayment": 1}
    with svc.uow(write=True) as uow:
        _within_taken(uow, sale.order_no, channel, amount)
        day = posting_day(svc, uow)
        drafts = [(EntryKind.ADJUSTMENT, amount), (EntryKind.REFUND, -amount)]
        posted = tuple(uow.journal.append(JournalDraft(
            kind=kind, at=svc.clock.now(), business_date=day.business_date,
            counter_no=day.counter_no, account_no=sale.account_no, sale_no=sale.order_no,
            amount=money, channel=channel.value, ref=provider_ref, details=details))
            for kind, money in drafts)
        _audit(svc, uow, operator, sale.order_no, "overpayment refund", amount, why,
               approver.staff_no)
        uow.commit()
    return Posted(posted, sale.order_no)


def adjust(svc: Services, operator: Operator, approver: Operator, *, amount: Money,
           channel: Channel, corrects: str, reason: str) -> Posted:
    """A correction (signed) on ``channel``, naming the entry (``#seq``) or sale it corrects."""
    if amount.fen == 0:
        raise BadInput("adjust.zero", N_("An adjustment of zero changes nothing."))
    limit = svc.settings.day.adjust_finance_above
    large = abs(amount.fen) > limit.fen
    why = _allowed(svc, operator, approver, reason, corrects, what="adjustment",
                   permission=Permission.RECONCILE if large else Permission.APPROVE)
    with svc.uow(write=True) as uow:
        subject, details = _target(uow, corrects)
        sale_no = subject if "corrects_sale" in details else None
        day = posting_day(svc, uow)
        entry = uow.journal.append(JournalDraft(
            kind=EntryKind.ADJUSTMENT, at=svc.clock.now(), business_date=day.business_date,
            counter_no=day.counter_no, sale_no=sale_no, amount=amount,
            channel=channel.value, ref=None,
            details={**details, "reason": why, "approver": approver.staff_no,
                     "staff": operator.staff_no}))
        _audit(svc, uow, operator, subject, "adjustment", amount, why, approver.staff_no)
        uow.commit()
    return Posted((entry,))


def _target(uow: UnitOfWork, corrects: str) -> tuple[str, dict[str, DetailValue]]:
    text = corrects.strip().lstrip("#")
    if text.isascii() and text.isdigit():
        if uow.journal.hash_of(int(text)) is None:
            raise NotFound("adjust.no_entry", N_("The journal has no entry {seq}."), seq=text)
        return f"#{text}", {"corrects_seq": int(text)}
    sale = uow.sales.get(text)
    if sale is None:
        raise NotFound("adjust.no_target", N_(
            "\"{ref}\" is neither a journal entry (#seq) nor a sale's order number."),
            ref=corrects)
    return sale.order_no, {"corrects_sale": sale.order_no}


def _allowed(svc: Services, operator: Operator, approver: Operator, reason: str,
             subject: str, *, what: str, permission: Permission = Permission.APPROVE) -> str:
    """The operator may post it; another person approves it (finance, for an adjustment above
    ``[day] adjust_finance_above``); the reason is given."""
    authorize(svc, operator, Permission.MANAGE_DAY if not operator.may(Permission.SELL)
              else Permission.SELL, subject)
    if permission is Permission.RECONCILE and approver.staff_no != operator.staff_no and (
            not approver.may(permission)):
        audit_trail.record_now(svc, approver.staff_no, AuditAction.APPROVAL_FAILED, subject,
                               failure="adjust.finance_approver", what=what)
        raise Refused("adjust.finance_approver", N_(
            "An adjustment above {limit} yuan is approved by finance; staff {staff_no} ({role}) "
            "is not finance."), limit=svc.settings.day.adjust_finance_above,
            staff_no=approver.staff_no, role=approver.role.label)
    check_approval(svc, operator, approver, what=what, subject=subject, permission=permission)
    text = " ".join(reason.split())
    if not 2 <= len(text) <= 200:
        raise Refused("approval.reason", N_("Give a reason (2 to 200 characters)."))
    return text


def _within_taken(uow: UnitOfWork, order_no: str, channel: Channel, amount: Money) -> None:
    """A refund never gives back more than the sale took on that channel, less what went back
    already (by a void, a refund of the sale, or earlier overpayment refunds)."""
    entries = [e for e in uow.journal.of_sale(order_no) if e.channel == channel.value]
    taken = sum(e.amount.fen for e in entries if e.kind is EntryKind.ADVANCE_RECEIPT)
    given = -sum(e.amount.fen for e in entries if e.kind is EntryKind.REFUND)
    room = Money(max(taken - given, 0))
    if amount > room:
        raise Refused("refund.above_taken", N_(
            "Sale {order_no} took {taken} yuan by {channel} and {given} yuan of it went back "
            "already: at most {room} yuan can be refunded on that channel."),
            order_no=order_no, taken=Money(taken), channel=channel.label, given=Money(given),
            room=room)


def _positive(amount: Money) -> None:
    if amount.fen <= 0:
        raise BadInput("refund.amount", N_("The refund must be more than zero."))


def _entries_of(svc: Services, order_no: str, kind: EntryKind) -> tuple[JournalEntry, ...]:
    with svc.uow() as uow:
        day = uow.days.current(svc.settings.counter_no)
        if day is None:
            return ()
        return tuple(e for e in uow.journal.day_entries(day.counter_no, day.business_date)
                     if e.sale_no == order_no and e.kind is kind)


def _audit(svc: Services, uow: UnitOfWork, operator: Operator, subject: str, what: str,
           amount: Money, reason: str, approver: str) -> None:
    audit_trail.record(svc, uow, operator.staff_no, AuditAction.MONEY_ENTRY, subject,
                       what=what, amount=str(amount), reason=reason, approver=approver)
