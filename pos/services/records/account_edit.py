"""Changing an account (administrators): phone, address, status, and — from an effective
date — category and household size, each change audited with before and after
(docs/households.md "Editing an account")."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pos.domain.account_terms import TermChange
from pos.domain.accounts import (
    Account,
    AccountStatus,
    check_address,
    check_household_size,
    check_phone,
)
from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.errors import BadInput, NotFound, Refused
from pos.domain.messages import N_
from pos.domain.privacy import mask_address, mask_phone
from pos.domain.reconciliation.month import MonthState
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


@dataclass(frozen=True)
class AccountEdit:
    """What to change; None leaves a field as it is."""

    phone: str | None = None
    address: str | None = None
    status: AccountStatus | None = None
    category: Category | None = None
    household_size: int | None = None
    effective_from: date | None = None  # for category and household size; today by default


def edit_account(svc: Services, operator: Operator, account_no: str, edit: AccountEdit,
                 reason: str) -> Account:
    account_no = account_no.strip()
    authorize(svc, operator, Permission.MANAGE_ACCOUNTS, account_no)
    reason = " ".join(reason.split())
    if not 2 <= len(reason) <= 200:
        raise Refused("approval.reason", N_("Give a reason (2 to 200 characters)."))
    phone = check_phone(edit.phone) if edit.phone is not None else None
    address = check_address(edit.address) if edit.address is not None else None
    size = check_household_size(edit.household_size) if edit.household_size is not None else None
    terms_change = edit.category is not None or size is not None
    if edit.effective_from is not None and not terms_change:
        raise BadInput("account.effective_alone",
                       N_("An effective date is for a change of category or household size."))
    effective = edit.effective_from or svc.today()
    with svc.uow(write=True) as uow:
        before = uow.accounts.get(account_no)
        if before is None:
            raise NotFound("account.unknown", N_("There is no account {account_no}."),
                           account_no=account_no)
        uow.sales.lock_account(account_no)  # a sale starting now is seen by the date check
        after = replace(before, phone=before.phone if phone is None else phone,
                        address=before.address if address is None else address,
                        status=edit.status or before.status,
                        category=edit.category or before.category,
                        household_size=before.household_size if size is None else size)
        details = _differences(before, after)
        if not details:
            raise Refused("account.unchanged",
                          N_("Nothing to change: account {account_no} has these details "
                             "already."), account_no=account_no)
        if (after.phone, after.address) != (before.phone, before.address):
            uow.accounts.update_details(account_no, address=after.address, phone=after.phone)
        if after.status is not before.status:
            uow.accounts.set_status(account_no, after.status)
        if (after.category, after.household_size) != (before.category, before.household_size):
            _check_effective(svc, uow, account_no, effective)
            uow.accounts.add_term_change(account_no, TermChange(
                effective, before.category, after.category, before.household_size,
                after.household_size, operator.staff_no, svc.clock.now()))
            details["effective_from"] = effective.isoformat()
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.ACCOUNT_EDITED, account_no,
                           reason=reason, **details)
        uow.commit()
    return after


def _differences(before: Account, after: Account) -> dict[str, str | int | None]:
    """Before and after of each changed field; phone and address masked, as the audit log is
    read by supervisors (docs/audit.md)."""
    details: dict[str, str | int | None] = {}
    pairs: list[tuple[str, str | int, str | int]] = [
        ("phone", mask_phone(before.phone), mask_phone(after.phone)),
        ("address", mask_address(before.address), mask_address(after.address)),
        ("status", before.status.value, after.status.value),
        ("category", before.category.value, after.category.value),
        ("household_size", before.household_size, after.household_size),
    ]
    raw = {"phone": (before.phone, after.phone), "address": (before.address, after.address)}
    for name, old, new in pairs:
        changed = raw[name][0] != raw[name][1] if name in raw else old != new
        if changed:
            details[f"{name}_before"], details[f"{name}_after"] = old, new
    return details


def _check_effective(svc: Services, uow: UnitOfWork, account_no: str, effective: date) -> None:
    """A change of terms never rewrites what was sold: not on or before the day of the
    account's last sale, not in a locked month, not before a change already recorded."""
    last = max((day for sale in uow.sales.find(account_no=account_no)
                for day in (sale.business_date,
                            sale.created_at.astimezone(svc.settings.timezone).date()
                            if sale.created_at else None) if day is not None), default=None)
    if last is not None and effective <= last:
        raise Refused("account.effective_before_sale",
                      N_("The change cannot take effect on {date}: the account bought gas on "
                         "{last}, priced on the old terms. Choose a date after {last}."),
                      date=effective.isoformat(), last=last.isoformat())
    month = effective.strftime("%Y-%m")
    if uow.months.state(month) is MonthState.LOCKED:
        raise Refused("account.effective_locked_month",
                      N_("The change cannot take effect on {date}: month {month} is locked."),
                      date=effective.isoformat(), month=month)
    changes = uow.accounts.term_changes(account_no)
    if changes and effective < changes[-1].effective_from:
        raise Refused("account.effective_before_change",
                      N_("A change from {date} is recorded already: a new change takes effect "
                         "on or after it."), date=changes[-1].effective_from.isoformat())
