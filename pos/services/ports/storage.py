"""The ledger's storage as the use cases see it: repositories in one unit of work (the
database's administration is pos/services/ports/database.py).  ``db`` implements them."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from pos.domain.account_terms import TermChange
from pos.domain.accounts import Account, AccountStatus, Card, CardState, Meter
from pos.domain.audit import AuditAction, AuditEvent
from pos.domain.audit_query import AuditQuery
from pos.domain.cards.contents import MeterReport
from pos.domain.categories import Category
from pos.domain.day.totals import EntrySum
from pos.domain.journal import JournalDraft, JournalEntry, VerifyCheckpoint
from pos.domain.meter_reports import ReadMeterReport
from pos.domain.org import Company, Counter, Hall
from pos.domain.printing import PrintJob
from pos.domain.quantities import Volume
from pos.domain.reconciliation.ledger_side import JournalMoney
from pos.domain.sale.ledger import SaleFacts
from pos.domain.sale.purchase import LedgerPosition
from pos.domain.sale.record import Channel, PaymentRecord, PaymentState, SaleRecord, SaleState
from pos.domain.staff import Staff
from pos.domain.tariff import TariffVersion
from pos.services.ports.cards import CardLedger
from pos.services.ports.days import BusinessDays
from pos.services.ports.households import HouseholdImport
from pos.services.ports.months import Months, Statements
from pos.services.ports.reports import ReportQueries


class OrgRepository(Protocol):
    def company(self) -> Company | None: ...

    def add_company(self, company: Company) -> None: ...

    def add_hall(self, hall: Hall) -> None: ...

    def hall(self, code: str) -> Hall | None: ...

    def add_counter(self, counter: Counter) -> None: ...

    def counter(self, no: str) -> Counter | None: ...

    def counters(self) -> Sequence[Counter]: ...


class StaffRepository(Protocol):
    def get(self, staff_no: str) -> Staff | None: ...

    def add(self, staff: Staff, *, at: datetime) -> None: ...

    def save_login_state(self, staff: Staff) -> None: ...

    def count(self) -> int: ...

    def all(self, *, lock: bool = False) -> list[Staff]: ...

    def save(self, staff: Staff) -> None: ...


class AccountRepository(Protocol):
    def get(self, account_no: str) -> Account | None: ...

    def add(self, account: Account, meter: Meter) -> None: ...

    def meter_exists(self, meter_no: str) -> bool: ...

    def meters(self, account_no: str) -> Sequence[Meter]: ...

    def cards(self, account_no: str) -> Sequence[Card]: ...

    def count(self) -> int: ...

    def search(self, text: str, *, limit: int) -> Sequence[Account]:
        """Accounts whose number or meter number starts with ``text``, whose card number is
        ``text``, or whose name or phone contains it — account number order."""
        ...

    def card(self, card_no: str) -> tuple[Card, str] | None:
        """The card and the number of the account it belongs to."""
        ...

    def add_card(self, account_no: str, card: Card, *, key_version: int) -> None: ...

    def active_card(self, account_no: str) -> Card | None: ...

    def set_status(self, account_no: str, status: AccountStatus) -> None: ...

    def set_card_state(self, card_no: str, state: CardState, *, at: datetime) -> None: ...

    def record_meter_report(self, account_no: str, card_no: str, meter_no: str,
                            report: MeterReport, *, at: datetime) -> None: ...

    def newest_meter_report(self, meter_no: str) -> MeterReport | None:
        """The newest write-back of the meter read from any of its cards."""
        ...

    def change_meter(self, account_no: str, new: Meter, *, final_reading: Volume,
                     remaining: Volume, staff_no: str, credit_order_no: str | None,
                     at: datetime, bound: Volume | None = None, approver_no: str | None = None,
                     reason: str | None = None, evidence: str | None = None) -> str: ...

    def rebind_card(self, card_no: str, meter_no: str) -> None: ...

    def update_details(self, account_no: str, *, address: str, phone: str) -> None: ...

    def term_changes(self, account_no: str) -> Sequence[TermChange]:
        """Changes of category and household size, in the order they were recorded."""
        ...

    def add_term_change(self, account_no: str, change: TermChange) -> None:
        """Record ``change``; the account carries its new terms (the newest change's)."""
        ...

    def meter_reports(self, account_no: str) -> Sequence[ReadMeterReport]:
        """Every write-back of the account's meters read at a counter, oldest first."""
        ...

    def get_many(self, account_nos: Sequence[str]) -> dict[str, Account]:
        """The accounts of ``account_nos`` that exist, by number (a report's many at once)."""
        ...

    def term_changes_many(self, account_nos: Sequence[str]) -> dict[str, list[TermChange]]:
        """:meth:`term_changes` of many accounts, by number (those without changes left out)."""
        ...


class TariffRepository(Protocol):
    def versions(self, category: Category) -> Sequence[TariffVersion]: ...

    def add(self, version: TariffVersion, *, created_by: str | None, at: datetime) -> None: ...

    def remove(self, category: Category, effective_from: date) -> None: ...


class SalesRepository(Protocol):
    def volume_reserved(self, account_no: str, since: datetime, until: datetime, *,
                        live_only: bool = False) -> Volume:
        """Σ volume of the account's sales that hold gas (pending, completed, suspended)
        started in [since, until); ``live_only``: not the previous system's imported ones."""
        ...

    def next_receipt_no(self, counter_no: str) -> int:
        """The counter's next receipt number, gapless: bound to the caller's transaction."""
        ...

    def next_number(self, series: str) -> int: ...

    def lock_account(self, account_no: str) -> None:
        """Hold the account until the transaction ends (two counters: exactly one wins)."""
        ...

    def position(self, account_no: str) -> LedgerPosition: ...

    def unfinished(self, account_no: str) -> SaleRecord | None: ...

    def sold_on_meter_after(self, meter_no: str, seq: int) -> Volume:
        """Σ volume of sales holding gas for the meter with a sequence after ``seq``."""
        ...

    def card_has_purchase(self, card_no: str) -> bool:
        """Whether a purchase that holds gas was ever sold onto this card."""
        ...

    def add(self, sale: SaleRecord, *, business_day_date: date | None) -> None: ...

    def set_state(self, order_no: str, state: SaleState, *, was: SaleState, at: datetime,
                  receipt_no: int | None = None) -> None:
        """Move the sale from ``was`` (the state the caller read and checked) to ``state``;
        refused (``sale.changed_meanwhile``) when another counter moved it first."""
        ...

    def get(self, order_no: str) -> SaleRecord | None: ...

    def set_seal(self, order_no: str, code: str) -> None: ...

    def by_seal(self, code: str) -> SaleRecord | None: ...

    def by_receipt(self, counter_no: str, receipt_no: int) -> SaleRecord | None: ...

    def find(self, *, state: SaleState | None = None, business_date: date | None = None,
             account_no: str | None = None) -> Sequence[SaleRecord]: ...

    def ledger_facts(self) -> Iterator[SaleFacts]:
        """Every sale with the sum of its confirmed (or refunded) payments, streamed."""
        ...

    def add_payment(self, order_no: str, payment: PaymentRecord, *, at: datetime) -> int: ...

    def payment_ref_used(self, channel: Channel, ref: str, *, terminal: str | None = None,
                         voucher: str | None = None, excluding: int | None = None
                         ) -> str | None:
        """The order number whose confirmed payment (other than ``excluding``) already
        carries this reference."""
        ...

    def payment_code_used(self, code_hash: str) -> str | None:
        """The order number on which this payment code (its hash) was tried already."""
        ...

    def refunds_under_way(self) -> list[str]:
        """The order numbers with a refund the provider has not finished (refund_pending)."""
        ...

    def update_payment(self, payment_id: int, state: PaymentState, *, at: datetime,
                       provider_ref: str | None = None) -> bool:
        """Move the payment to ``state`` only from a state that may become it
        (PAYMENT_MOVES_FROM); False when it was not moved."""
        ...

    def payment_stored(self, payment_id: int) -> tuple[PaymentState, str | None]:
        """The payment's state and provider reference as stored now."""
        ...

    def add_imported(self, sales: Sequence[SaleRecord]) -> None:
        """Past sales with their payments, from ``gaspos import history``, in bulk."""

    def existing_orders(self, order_nos: Sequence[str]) -> list[str]: ...

    def existing_receipts(self, counter_no: str, receipt_nos: Sequence[int]) -> list[int]: ...

    def receipts_from(self, counter_no: str, receipt_no: int) -> None:
        """Live receipt numbers continue after ``receipt_no``."""

    def ledger_facts_of(self, order_nos: Collection[str]) -> list[SaleFacts]:
        """:meth:`ledger_facts` of these sales only (those that exist)."""
        ...

    def get_many(self, order_nos: Sequence[str]) -> dict[str, SaleRecord]:
        """The sales of ``order_nos`` that exist, by order number (a report's many at once)."""
        ...


class Journal(Protocol):
    def append(self, draft: JournalDraft) -> JournalEntry:
        """Chain ``draft`` after the current head, under the database-wide journal lock."""
        ...

    def entries(self) -> Iterator[JournalEntry]:
        """Every entry in ``seq`` order, streamed."""
        ...

    def day_entries(self, counter_no: str, business_date: date) -> list[JournalEntry]: ...

    def of_sale(self, order_no: str) -> list[JournalEntry]:
        """Every entry naming sale ``order_no``, in ``seq`` order."""
        ...

    def between(self, first: date, last: date) -> Iterator[JournalEntry]:
        """Every entry of the business days from ``first`` to ``last``, in ``seq`` order."""
        ...

    def lock(self) -> None:
        """Hold the journal-wide lock to the end of the transaction."""
        ...

    def head(self) -> tuple[int, str]:
        """The last entry's ``seq`` and hash."""
        ...

    def hash_of(self, seq: int) -> str | None: ...

    def append_many(self, drafts: Sequence[JournalDraft]) -> list[JournalEntry]:
        """Append in order, sealed exactly as ``append`` seals each, in one batch."""

    def stream(self, after: int = 0) -> Iterator[JournalEntry]:
        """Every entry after ``seq`` ``after`` in order, as stored, for ``ledger verify``."""
        ...

    def entry(self, seq: int) -> JournalEntry | None: ...

    def of_sales(self, order_nos: Collection[str]) -> Iterator[JournalEntry]:
        """Every entry naming one of ``order_nos``."""
        ...

    def checkpoint(self) -> VerifyCheckpoint | None:
        """The newest checkpoint ``ledger verify`` left."""
        ...

    def add_checkpoint(self, checkpoint: VerifyCheckpoint) -> None: ...

    def day_sums(self, counter_no: str, business_date: date) -> list[EntrySum]:
        """One counter's day summed per kind, channel and sign (``totals_of_sums``)."""
        ...

    def money_between(self, first: date, last: date) -> Iterator[JournalMoney]:
        """The entries of ``between`` of a money kind with a channel and an amount, as the
        plain values of their rows (``seq`` order)."""
        ...


class AuditLog(Protocol):
    def record(self, event: AuditEvent) -> None: ...

    def about(self, subject: str) -> Sequence[AuditEvent]: ...

    def count(self, action: AuditAction, counter_no: str, start: datetime, end: datetime) -> int:
        """How often ``action`` happened at ``counter_no`` from ``start`` to ``end``."""
        ...

    def find(self, query: AuditQuery) -> Sequence[AuditEvent]:
        """The events ``query`` matches, oldest first (the newest ``query.limit`` of them)."""
        ...


class PrintQueue(Protocol):
    def add(self, counter_no: str, kind: str, document: str, *, at: datetime,
            order_no: str | None = None, reprint_no: int = 0) -> int: ...

    def get(self, job_id: int) -> PrintJob | None: ...

    def waiting(self, counter_no: str) -> Sequence[PrintJob]:
        """Jobs not yet printed, oldest first."""
        ...

    def of_sale(self, order_no: str) -> Sequence[PrintJob]: ...

    def last_reprint_no(self, order_no: str, kind: str) -> int: ...

    def claim(self, job: PrintJob, *, at: datetime, reprint_no: int) -> bool:
        """Mark ``job`` sending (False: another process changed it first)."""
        ...

    def printed(self, job_id: int, *, at: datetime) -> None: ...

    def failed(self, job_id: int, *, error: str, uncertain: bool) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: rolled back on leaving the ``with`` block unless committed."""

    @property
    def org(self) -> OrgRepository: ...

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def accounts(self) -> AccountRepository: ...

    @property
    def tariffs(self) -> TariffRepository: ...

    @property
    def sales(self) -> SalesRepository: ...

    @property
    def cards(self) -> CardLedger: ...

    @property
    def journal(self) -> Journal: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def days(self) -> BusinessDays: ...

    @property
    def prints(self) -> PrintQueue: ...

    @property
    def statements(self) -> Statements: ...

    @property
    def months(self) -> Months: ...

    @property
    def reports(self) -> ReportQueries: ...

    @property
    def households(self) -> HouseholdImport: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool = False) -> UnitOfWork:
        """A read-only unit of work, or (``write=True``) one that holds the write lock from
        its first statement (SQLite ``BEGIN IMMEDIATE``), so two counters never both
        read-then-write the same facts."""
        ...
