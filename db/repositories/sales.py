"""Sales, the number series, and where an account stands in its purchases (their payments:
db/repositories/sale_payments.py)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from db.models import (
    AccountRow,
    BusinessDayRow,
    CardRow,
    CounterRow,
    MeterRow,
    NumberSeriesRow,
    PaymentRow,
    ReceiptSeriesRow,
    SaleRow,
    StaffRow,
    TariffVersionRow,
)
from db.repositories import sale_queries as q
from db.repositories.bulk import insert_rows
from db.repositories.sale_payments import SalePayments
from db.repositories.sale_records import sale_records
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.quantities import Volume
from pos.domain.sale.ledger import SaleFacts
from pos.domain.sale.purchase import LedgerPosition
from pos.domain.sale.record import (
    MONEY_TAKEN,
    SaleRecord,
    SaleState,
)

_TAKEN = tuple(state.value for state in MONEY_TAKEN)


class SqlSalesRepository(SalePayments):
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- numbers -------------------------------------------------------------------------------
    def next_receipt_no(self, counter_no: str) -> int:
        """The counter's next receipt number, taken inside the caller's transaction.

        The series row stays locked until that transaction ends (row lock on PostgreSQL, the
        write lock on SQLite), so concurrent completions at one counter queue up, and a
        transaction that rolls back gives its number back: the series has no gaps.
        """
        counter_id = select(CounterRow.id).where(CounterRow.no == counter_no).scalar_subquery()
        taken = self._session.execute(
            update(ReceiptSeriesRow).where(ReceiptSeriesRow.counter_id == counter_id)
            .values(last_no=ReceiptSeriesRow.last_no + 1).returning(ReceiptSeriesRow.last_no)
        ).scalar_one_or_none()
        if taken is None:
            raise LookupError(f"counter {counter_no} has no receipt series")
        return int(taken)

    def next_number(self, series: str) -> int:
        """The next number of a named series (card numbers, a day's order numbers)."""
        taken = self._session.execute(
            update(NumberSeriesRow).where(NumberSeriesRow.name == series)
            .values(last_no=NumberSeriesRow.last_no + 1).returning(NumberSeriesRow.last_no)
        ).scalar_one_or_none()
        if taken is None:
            self._session.execute(insert(NumberSeriesRow).values(name=series, last_no=1))
            return 1
        return int(taken)

    # --- where an account stands ---------------------------------------------------------------
    def lock_account(self, account_no: str) -> None:
        """Hold the account until the transaction ends (PostgreSQL row lock; on SQLite the
        writing unit of work already holds the database's write lock)."""
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(select(AccountRow.id).where(
                AccountRow.account_no == account_no).with_for_update())

    def position(self, account_no: str) -> LedgerPosition:
        account = self._session.execute(q.OPENING, {"account_no": account_no}).one()
        latest = self._session.execute(q.LATEST, {"account_no": account_no}).first()
        if latest is None:
            return LedgerPosition(account[0], Volume(account[1]))
        seq, cumulative_after, volume, order_no, state = latest
        return LedgerPosition(seq or 0, Volume(cumulative_after or 0), Volume(volume), order_no,
                              SaleState(state))

    def unfinished(self, account_no: str) -> SaleRecord | None:
        order_no = self._session.scalars(q.UNFINISHED_OF, {"account_no": account_no}).first()
        return None if order_no is None else self.get(order_no)

    def volume_reserved(self, account_no: str, since: datetime, until: datetime, *,
                        live_only: bool = False) -> Volume:
        """Σ volume of the account's purchases holding gas made in [since, until), imported
        past sales included (each row once, whether it names the account by row or only by
        the previous system's number) unless ``live_only``."""
        total = self._session.scalar(q.RESERVED_LIVE if live_only else q.RESERVED,
                                     {"account_no": account_no, "since": since, "until": until})
        return Volume(int(total or 0))

    def card_has_purchase(self, card_no: str) -> bool:
        """Whether a purchase that holds gas was ever sold onto this card (one indexed query,
        however many sales the account has)."""
        return self._session.scalar(q.PURCHASE_ON_CARD, {"card_no": card_no}) is not None

    def sold_on_meter_after(self, meter_no: str, seq: int) -> Volume:
        """Σ volume of the sales that hold gas for ``meter_no`` with a purchase sequence after
        ``seq`` (the last one the meter reported loading): on its card or loaded since."""
        total = self._session.scalar(q.SOLD_ON_METER, {"meter_no": meter_no, "seq": seq})
        return Volume(int(total or 0))

    # --- sales ---------------------------------------------------------------------------------
    def add(self, sale: SaleRecord, *, business_day_date: date | None) -> None:
        """One INSERT: the rows the sale names are found by subqueries in it (not one SELECT
        each first), and what it found is returned to be checked."""
        counter_id = q.id_of(CounterRow.id, CounterRow.no == sale.counter_no)
        found = self._session.execute(insert(SaleRow).values(
            order_no=sale.order_no, kind=sale.kind.value, counter_id=counter_id,
            business_day_id=None if business_day_date is None else q.id_of(
                BusinessDayRow.id, BusinessDayRow.counter_id == counter_id,
                BusinessDayRow.business_date == business_day_date),
            account_id=q.id_of(AccountRow.id, AccountRow.account_no == sale.account_no),
            meter_id=None if sale.meter_no is None else q.id_of(
                MeterRow.id, MeterRow.meter_no == sale.meter_no),
            card_id=None if sale.card_no is None else q.id_of(
                CardRow.id, CardRow.card_no == sale.card_no),
            staff_id=q.id_of(StaffRow.id, StaffRow.staff_no == sale.staff_no),
            state=sale.state.value, volume_m3x100=sale.volume.hundredths,
            amount_fen=sale.amount.fen, purchase_seq=sale.purchase_seq,
            cumulative_after=sale.cumulative_after.hundredths,
            tariff_version_id=None if sale.tariff_effective_from is None else (
                select(TariffVersionRow.id).join(
                    AccountRow, AccountRow.category == TariffVersionRow.category).where(
                    AccountRow.account_no == sale.account_no,
                    TariffVersionRow.effective_from == sale.tariff_effective_from)
                .limit(1).scalar_subquery()),
            price_parts=json.dumps([[p.tier, p.volume.hundredths, p.unit_price.ten_thousandths,
                                     p.amount.fen] for p in sale.parts]),
            first_use=sale.first_use, created_at=sale.created_at,
            override_by=sale.override_by, override_reason=sale.override_reason)
            .returning(SaleRow.account_id, SaleRow.staff_id, SaleRow.business_day_id)).one()
        if found[0] is None or found[1] is None or (
                business_day_date is not None and found[2] is None):
            raise LookupError(f"sale {sale.order_no}: its account {sale.account_no}, staff "
                              f"{sale.staff_no} or day {business_day_date} is not in the ledger")

    def set_state(self, order_no: str, state: SaleState, *, was: SaleState, at: datetime,
                  receipt_no: int | None = None) -> None:
        values: dict[str, object] = {"state": state.value, "updated_at": at}
        if state is SaleState.COMPLETED:
            values |= {"completed_at": at, "receipt_no": receipt_no}
        moved = self._session.execute(
            update(SaleRow).where(SaleRow.order_no == order_no, SaleRow.state == was.value)
            .values(values))
        if moved.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
            raise Refused("sale.changed_meanwhile", N_(
                "Sale {order_no} changed meanwhile (at another counter): nothing was done; "
                "look at it again."), order_no=order_no)

    def get(self, order_no: str) -> SaleRecord | None:
        return self.get_many([order_no]).get(order_no)

    def get_many(self, order_nos: Sequence[str]) -> dict[str, SaleRecord]:
        """The sales of ``order_nos`` that exist, by order number: two queries a thousand
        sales (a day's report reads its every sale; docs/performance.md)."""
        found: dict[str, SaleRecord] = {}
        wanted = list(dict.fromkeys(order_nos))
        for at in range(0, len(wanted), 1000):
            found.update(sale_records(self._session, wanted[at:at + 1000]))
        return found

    def set_seal(self, order_no: str, code: str) -> None:
        self._session.execute(
            update(SaleRow).where(SaleRow.order_no == order_no).values(seal_code=code))

    def by_seal(self, code: str) -> SaleRecord | None:
        order_no = self._session.scalar(select(SaleRow.order_no).where(SaleRow.seal_code == code))
        return None if order_no is None else self.get(order_no)

    def by_receipt(self, counter_no: str, receipt_no: int) -> SaleRecord | None:
        order_no = self._session.scalar(
            select(SaleRow.order_no).join(CounterRow, SaleRow.counter_id == CounterRow.id)
            .where(CounterRow.no == counter_no, SaleRow.receipt_no == receipt_no))
        return None if order_no is None else self.get(order_no)

    def find(self, *, state: SaleState | None = None, business_date: date | None = None,
             account_no: str | None = None) -> Sequence[SaleRecord]:
        query = select(SaleRow.order_no).order_by(SaleRow.created_at, SaleRow.id)
        if state is not None:
            query = query.where(SaleRow.state == state.value)
        if account_no is not None:
            query = query.where(q.of_account(account_no))
        if business_date is not None:
            query = query.join(BusinessDayRow, SaleRow.business_day_id == BusinessDayRow.id
                               ).where(BusinessDayRow.business_date == business_date)
        return [sale for no in self._session.scalars(query) if (sale := self.get(no))]

    def ledger_facts(self) -> Iterator[SaleFacts]:
        """Every sale with the sum of its confirmed (or since refunded) payments, streamed —
        what ``ledger verify`` holds against the journal."""
        rows = self._session.execute(
            _facts_query().order_by(SaleRow.id).execution_options(yield_per=10_000))
        for row in rows:
            yield _facts(row)

    # --- payments ------------------------------------------------------------------------------
    # --- past sales from a previous system ----------------------------------------------------
    def add_imported(self, sales: Sequence[SaleRecord]) -> None:
        """Past sales with their payments (``gaspos import history``), in two bulk inserts.

        Each names its account, cashier and card by row where gaspos has them, and keeps the
        previous system's account number and cashier as given; it has no purchase sequence.
        """
        if not sales:
            return
        counters = {no: id_ for no, id_ in self._session.execute(select(CounterRow.no,
                                                                         CounterRow.id))}
        accounts = self._ids(AccountRow.account_no, AccountRow.id,
                             {s.account_no for s in sales if s.account_no})
        staff = self._ids(StaffRow.staff_no, StaffRow.id, {s.staff_no for s in sales if s.staff_no})
        cards = self._ids(CardRow.card_no, CardRow.id, {s.card_no for s in sales if s.card_no})
        days: dict[tuple[int, date | None], int] = {
            (c, d): id_ for c, d, id_ in self._session.execute(
                select(BusinessDayRow.counter_id, BusinessDayRow.business_date,
                       BusinessDayRow.id)
                .where(BusinessDayRow.counter_id.in_({counters[s.counter_no] for s in sales})))}
        rows = []
        for sale in sales:
            counter_id = counters[sale.counter_no]
            rows.append({
                "order_no": sale.order_no, "kind": sale.kind.value, "counter_id": counter_id,
                "business_day_id": days.get((counter_id, sale.business_date)),
                "account_id": accounts.get(sale.account_no), "meter_id": None,
                "card_id": cards.get(sale.card_no or ""),
                "staff_id": staff.get(sale.staff_no), "state": sale.state.value,
                "volume_m3x100": sale.volume.hundredths, "amount_fen": sale.amount.fen,
                "purchase_seq": None, "tariff_version_id": None, "price_parts": "[]",
                "receipt_no": sale.receipt_no, "first_use": False, "created_at": sale.created_at,
                "completed_at": sale.completed_at, "cumulative_after": None, "imported": True,
                "given_account_no": sale.account_no or None, "given_staff": sale.staff_no or None})
        connection = self._session.connection()  # Core, many rows to a statement
        sales_table, payments_table = (SaleRow.metadata.tables["sales"],
                                       PaymentRow.metadata.tables["payments"])
        # each row's id by its order number (RETURNING in parameter order would cost SQLite
        # one statement per row)
        ids = dict(insert_rows(connection, sales_table, rows, returning=("order_no", "id")))
        insert_rows(connection, payments_table, [{
            "sale_id": ids[sale.order_no], "channel": p.channel.value,
            "amount_fen": p.amount.fen, "state": p.state.value, "provider_ref": p.provider_ref,
            "terminal_no": p.terminal, "voucher_no": p.voucher, "tendered_fen": None,
            "change_fen": None, "created_at": sale.created_at, "confirmed_at": sale.created_at}
            for sale in sales for p in sale.payments])

    def existing_orders(self, order_nos: Sequence[str]) -> list[str]:
        """Which of ``order_nos`` the sales table already holds."""
        return [no for chunk in _chunks(order_nos) for no in self._session.scalars(
            select(SaleRow.order_no).where(SaleRow.order_no.in_(chunk)))]

    def existing_receipts(self, counter_no: str, receipt_nos: Sequence[int]) -> list[int]:
        """Which of ``receipt_nos`` counter ``counter_no`` has given already."""
        return [no for chunk in _chunks(receipt_nos) for no in self._session.scalars(
            select(SaleRow.receipt_no).join(CounterRow, SaleRow.counter_id == CounterRow.id)
            .where(CounterRow.no == counter_no, SaleRow.receipt_no.in_(chunk)))
            if no is not None]

    def receipts_from(self, counter_no: str, receipt_no: int) -> None:
        """The counter's next live receipt number comes after ``receipt_no`` (imported
        receipts keep their numbers; live ones never repeat them)."""
        counter_id = select(CounterRow.id).where(CounterRow.no == counter_no).scalar_subquery()
        self._session.execute(
            update(ReceiptSeriesRow).where(ReceiptSeriesRow.counter_id == counter_id,
                                           ReceiptSeriesRow.last_no < receipt_no)
            .values(last_no=receipt_no))

    def _ids(self, number: Any, id_: Any, wanted: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(wanted)):
            found.update((no, i) for no, i in self._session.execute(
                select(number, id_).where(number.in_(chunk))))
        return found

    def ledger_facts_of(self, order_nos: Collection[str]) -> list[SaleFacts]:
        """:meth:`ledger_facts` of these sales only (an incremental ``ledger verify``)."""
        return [_facts(row) for chunk in _chunks(sorted(order_nos))
                for row in self._session.execute(
                    _facts_query().where(SaleRow.order_no.in_(chunk)).order_by(SaleRow.id))]


def _facts_query() -> Any:  # a Select of the seven columns _facts reads
    paid = (select(PaymentRow.sale_id, func.sum(PaymentRow.amount_fen).label("paid"))
            .where(PaymentRow.state.in_(_TAKEN))
            .group_by(PaymentRow.sale_id).subquery())
    return (select(SaleRow.order_no, SaleRow.state, SaleRow.amount_fen, SaleRow.volume_m3x100,
                   SaleRow.receipt_no, func.coalesce(paid.c.paid, 0), SaleRow.imported)
            .outerjoin(paid, paid.c.sale_id == SaleRow.id))


def _facts(row: Sequence[Any]) -> SaleFacts:
    order_no, state, amount, volume, receipt_no, paid_fen, imported = row
    return SaleFacts(order_no, SaleState(state), amount, volume, receipt_no, int(paid_fen),
                     bool(imported))


_CHUNK = 500  # IN lists stay well under SQLite's bound-parameter limit


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]
