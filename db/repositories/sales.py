"""Sales as far as the ledger's other parts need them (the sale issue adds the rest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import AccountRow, CounterRow, ReceiptSeriesRow, SaleRow
from pos.domain.quantities import Volume
from pos.domain.sale import SaleState

_HOLDING_GAS = [s.value for s in SaleState if s.reserves_gas]


class SqlSalesRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def volume_reserved(self, account_no: str, since: datetime, until: datetime) -> Volume:
        total = self._session.scalar(
            select(func.coalesce(func.sum(SaleRow.volume_m3x100), 0))
            .join(AccountRow, SaleRow.account_id == AccountRow.id)
            .where(AccountRow.account_no == account_no, SaleRow.state.in_(_HOLDING_GAS),
                   SaleRow.created_at >= since, SaleRow.created_at < until))
        return Volume(int(total or 0))

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
