"""Writing ledger rows that the sale issue's use cases will write, for tests of what reads
them (tier volume this cycle) until selling exists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AccountRow, CounterRow, SaleRow, StaffRow
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import SaleState
from pos.services.core.context import Services

_orders = iter(range(1, 1_000_000))


def record_sale(svc: Services, account_no: str, volume: Volume, at: datetime,
                state: SaleState = SaleState.COMPLETED, amount: Money = Money(0)) -> None:
    with svc.uow(write=True) as uow:
        session: Session = uow.session  # type: ignore[attr-defined]
        account_id = session.scalars(
            select(AccountRow.id).where(AccountRow.account_no == account_no)).one()
        counter_id = session.scalars(select(CounterRow.id).order_by(CounterRow.id)).first()
        staff_id = session.scalars(select(StaffRow.id).order_by(StaffRow.id)).first()
        assert counter_id is not None, "add_hall() first"
        assert staff_id is not None, "add_staff() first"
        session.add(SaleRow(
            order_no=f"GS{at:%Y%m%d}01{next(_orders):06d}", counter_id=counter_id,
            account_id=account_id, staff_id=staff_id, state=state.value,
            volume_m3x100=volume.hundredths, amount_fen=amount.fen, created_at=at,
        ))
        uow.commit()
