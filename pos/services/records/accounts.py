"""Accounts: opening one (administrators) and the one-file-per-household view (一户一档)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pos.domain.account_terms import TermChange
from pos.domain.accounts import (
    Account,
    AccountStatus,
    Card,
    Meter,
    check_address,
    check_household_size,
    check_name,
    check_number,
    check_phone,
)
from pos.domain.audit import AuditAction, AuditEvent
from pos.domain.audit_query import AuditQuery
from pos.domain.categories import Category
from pos.domain.errors import BadInput, NotFound, Refused
from pos.domain.messages import N_
from pos.domain.meter_reports import ReadMeterReport
from pos.domain.privacy import mask_address, mask_id_number, mask_name, mask_phone
from pos.domain.quantities import Volume
from pos.domain.sale.record import SaleRecord
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.records.tariffs import CyclePosition, cycle_position

DEFAULT_METER_MAX_STOCK = Volume.m3(1000)
DEFAULT_METER_ALARM = Volume.m3(5)


@dataclass(frozen=True)
class HouseholdFile:
    """Everything about one household in one place; personal data masked unless revealed."""

    account: Account
    revealed: bool
    meters: tuple[Meter, ...]
    cards: tuple[Card, ...]
    position: CyclePosition | None  # None when no tariff is in effect for the category
    events: tuple[AuditEvent, ...]
    sales: tuple[SaleRecord, ...] = ()  # every purchase, meter credit, void and refund
    term_changes: tuple[TermChange, ...] = ()  # category and household size by date
    meter_reports: tuple[ReadMeterReport, ...] = ()  # every write-back read at a counter


def add_account(
    svc: Services, operator: Operator, *, account_no: str, name: str, category: Category,
    meter_no: str, address: str = "", phone: str = "", id_number: str = "",
    household_size: int = 1, meter_vendor: str = "", meter_model: str = "",
    meter_max_stock: Volume = DEFAULT_METER_MAX_STOCK,
    meter_alarm: Volume = DEFAULT_METER_ALARM,
) -> Account:
    account_no = check_number(account_no, N_("account number"))
    meter_no = check_number(meter_no, N_("meter number"))
    authorize(svc, operator, Permission.MANAGE_ACCOUNTS, account_no)
    now = svc.clock.now()
    account = Account(
        account_no=account_no, name=check_name(name), category=category,
        address=check_address(address), phone=check_phone(phone),
        id_number=check_number(id_number, N_("ID number")) if id_number.strip() else "",
        household_size=check_household_size(household_size), created_at=now,
    )
    meter = Meter(meter_no, meter_vendor.strip(), meter_model.strip(), meter_max_stock,
                  meter_alarm, installed_at=now)
    with svc.uow(write=True) as uow:
        if uow.accounts.get(account_no) is not None:
            raise Refused("account.exists", N_("Account {account_no} exists already."),
                          account_no=account_no)
        if uow.accounts.meter_exists(meter_no):
            raise Refused("meter.exists",
                          N_("Meter {meter_no} is already registered to an account."),
                          meter_no=meter_no)
        uow.accounts.add(account, meter)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.ACCOUNT_ADDED, account_no,
                           meter_no=meter_no, category=category.value)
        uow.commit()
    return account


def household_file(
    svc: Services, operator: Operator, account_no: str, *, reveal: bool = False,
    day: date | None = None, reading: bool = False,
) -> HouseholdFile:
    """The household's file; ``reveal`` shows personal data unmasked, audited each time.
    ``reading``: for a file export, read from the report replica when one is set (it may
    lag); the counter's own look-up reads the main database."""
    account_no = account_no.strip()
    authorize(svc, operator, Permission.LOOK_UP, account_no)
    if reveal:
        authorize(svc, operator, Permission.REVEAL_PERSONAL_DATA, account_no)
    day = day or svc.today()
    with svc.reading() if reading else svc.uow() as uow:
        account = uow.accounts.get(account_no)
        if account is None:
            raise NotFound("account.unknown", N_("There is no account {account_no}."),
                           account_no=account_no)
        try:
            position: CyclePosition | None = cycle_position(svc, uow, account, day)
        except Refused:
            position = None
        meters = tuple(uow.accounts.meters(account_no))
        cards = tuple(uow.accounts.cards(account_no))
        sales = tuple(uow.sales.find(account_no=account_no))
        # about the account, any of its cards, any of its sales (a reprint, a void's approval)
        events = tuple(uow.audit.find(AuditQuery(subjects=(
            account_no, *(c.card_no for c in cards), *(s.order_no for s in sales)))))
        changes = tuple(uow.accounts.term_changes(account_no))
        reports = tuple(uow.accounts.meter_reports(account_no))
    if reveal:
        audit_trail.record_now(svc, operator.staff_no, AuditAction.PERSONAL_DATA_REVEALED,
                               account_no)
    shown = account if reveal else masked(account)
    return HouseholdFile(shown, reveal, meters, cards, position, events, sales, changes,
                         reports)


SEARCH_LIMIT = 50
SEARCH_MIN = 2  # characters: one finds half the city


def find_households(svc: Services, operator: Operator, text: str) -> list[Account]:
    """Households by account number, card or meter number, or a fragment of name or phone
    (at most SEARCH_LIMIT, personal data masked); the search itself is audited."""
    text = " ".join(text.split())
    if len(text) < SEARCH_MIN:
        raise BadInput("lookup.too_short",
                       N_("Type at least two characters: an account, card or meter number, or "
                          "part of a name or phone number."))
    authorize(svc, operator, Permission.LOOK_UP, text)
    with svc.uow() as uow:
        found = [masked(a) for a in uow.accounts.search(text, limit=SEARCH_LIMIT)]
    audit_trail.record_now(svc, operator.staff_no, AuditAction.HOUSEHOLDS_SEARCHED, text,
                           found=len(found))
    return found


def masked(account: Account) -> Account:
    return replace(
        account, name=mask_name(account.name), phone=mask_phone(account.phone),
        id_number=mask_id_number(account.id_number), address=mask_address(account.address),
    )



def set_status(svc: Services, operator: Operator, account_no: str, status: AccountStatus,
               reason: str) -> Account:
    """Put an account on safety hold (安全停气), release it, or close it — audited."""
    authorize(svc, operator, Permission.MANAGE_ACCOUNTS, account_no)
    reason = " ".join(reason.split())
    if not 2 <= len(reason) <= 200:
        raise Refused("approval.reason", N_("Give a reason (2 to 200 characters)."))
    with svc.uow(write=True) as uow:
        account = uow.accounts.get(account_no)
        if account is None:
            raise NotFound("account.unknown", N_("There is no account {account_no}."),
                           account_no=account_no)
        uow.accounts.set_status(account_no, status)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.ACCOUNT_STATUS, account_no,
                           before=account.status.value, after=status.value, reason=reason)
        uow.commit()
    return replace(account, status=status)
