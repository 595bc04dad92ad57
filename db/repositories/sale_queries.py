"""The statements a sale runs, built once with their parameters bound at each call: building a
SELECT and its cache key was most of the ORM's CPU per statement (docs/performance.md, "Many
counters")."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BindParameter, ColumnElement, bindparam, func, or_, select

from db.models import AccountRow, CardRow, MeterRow, SaleRow
from pos.domain.sale.record import SaleKind, SaleState

HOLDING_GAS = [s.value for s in SaleState if s.reserves_gas]
UNFINISHED = [SaleState.AWAITING_PAYMENT.value, SaleState.PENDING.value,
               SaleState.SUSPENDED.value]

OPENING = (select(AccountRow.opening_purchase_seq, AccountRow.opening_cumulative_m3x100)
           .where(AccountRow.account_no == bindparam("account_no")))
LATEST = (select(SaleRow.purchase_seq, SaleRow.cumulative_after, SaleRow.volume_m3x100,
                 SaleRow.order_no, SaleRow.state)
          .join(AccountRow, SaleRow.account_id == AccountRow.id)
          .where(AccountRow.account_no == bindparam("account_no"),
                 SaleRow.state.in_(HOLDING_GAS),
                 SaleRow.purchase_seq.is_not(None))  # imported past sales have none
          .order_by(SaleRow.purchase_seq.desc()).limit(1))
UNFINISHED_OF = (select(SaleRow.order_no).join(AccountRow, SaleRow.account_id == AccountRow.id)
                 .where(AccountRow.account_no == bindparam("account_no"),
                        SaleRow.state.in_(UNFINISHED)))
PURCHASE_ON_CARD = (select(SaleRow.id).join(CardRow, SaleRow.card_id == CardRow.id)
                    .where(CardRow.card_no == bindparam("card_no"),
                           SaleRow.kind == SaleKind.PURCHASE.value,
                           SaleRow.state.in_(HOLDING_GAS)).limit(1))
SOLD_ON_METER = (select(func.coalesce(func.sum(SaleRow.volume_m3x100), 0))
                 .join(MeterRow, SaleRow.meter_id == MeterRow.id)
                 .where(MeterRow.meter_no == bindparam("meter_no"),
                        SaleRow.state.in_(HOLDING_GAS),
                        SaleRow.purchase_seq > bindparam("seq")))


def of_account(account_no: str | BindParameter[str]) -> ColumnElement[bool]:
    """A sale of ``account_no``: by its row, or (an imported sale whose account gaspos did not
    have when it was imported) by the number the previous system gave."""
    return or_(SaleRow.account_id == select(AccountRow.id).where(
        AccountRow.account_no == account_no).scalar_subquery(),
        SaleRow.given_account_no == account_no)


def id_of(column: Any, *where: ColumnElement[bool]) -> Any:
    """The id of the one row ``where`` finds, as a subquery of the statement using it."""
    return select(column).where(*where).scalar_subquery()


RESERVED = (select(func.coalesce(func.sum(SaleRow.volume_m3x100), 0))
            .where(of_account(bindparam("account_no")), SaleRow.state.in_(HOLDING_GAS),
                   SaleRow.kind == SaleKind.PURCHASE.value,
                   SaleRow.created_at >= bindparam("since"),
                   SaleRow.created_at < bindparam("until")))
RESERVED_LIVE = RESERVED.where(SaleRow.imported.is_(False))
