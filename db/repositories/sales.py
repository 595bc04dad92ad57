"""Sales as far as the ledger's other parts need them (the sale issue adds the rest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AccountRow, SaleRow
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
