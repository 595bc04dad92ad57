"""The payments of sales: recorded, answered, and the checks that one payment backs one sale
(a transaction id, a bank slip, a scanned payment code's hash)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import PaymentRow, SaleRow
from pos.domain.sale.record import (
    MONEY_TAKEN,
    PAYMENT_MOVES_FROM,
    Channel,
    PaymentRecord,
    PaymentState,
)

_TAKEN = tuple(state.value for state in MONEY_TAKEN)


class SalePayments:
    """Part of the sales repository (db/repositories/sales.py)."""

    _session: Session

    def add_payment(self, order_no: str, payment: PaymentRecord, *, at: datetime) -> int:
        sale_id = self._session.scalars(
            select(SaleRow.id).where(SaleRow.order_no == order_no)).one()
        row = PaymentRow(
            sale_id=sale_id, channel=payment.channel.value, amount_fen=payment.amount.fen,
            state=payment.state.value, provider_ref=payment.provider_ref,
            terminal_no=payment.terminal, voucher_no=payment.voucher,
            tendered_fen=payment.tendered.fen if payment.tendered else None,
            change_fen=payment.change.fen if payment.change else None, created_at=at,
            confirmed_at=at if payment.state is PaymentState.CONFIRMED else None,
            code_hash=payment.code_hash)
        self._session.add(row)
        self._session.flush()
        return row.id

    def payment_ref_used(self, channel: Channel, ref: str, *, terminal: str | None = None,
                         voucher: str | None = None, excluding: int | None = None
                         ) -> str | None:
        """The sale whose confirmed (or since refunded) payment on ``channel`` already carries
        this reference (for a bank card: this reference, terminal and voucher), if any — the
        payment ``excluding`` left out (its own row, confirmed meanwhile by another process,
        is no other payment)."""
        if self._session.get_bind().dialect.name == "postgresql":  # two counters, one ref
            self._session.execute(select(func.pg_advisory_xact_lock(
                func.hashtext(f"payment-ref:{channel.value}:{ref}"))))
        query = (select(SaleRow.order_no).join(PaymentRow, PaymentRow.sale_id == SaleRow.id)
                 .where(PaymentRow.channel == channel.value, PaymentRow.provider_ref == ref,
                        PaymentRow.state.in_(_TAKEN)))
        if excluding is not None:
            query = query.where(PaymentRow.id != excluding)
        if channel is Channel.UNIONPAY:
            query = query.where(func.coalesce(PaymentRow.terminal_no, "") == (terminal or ""),
                                func.coalesce(PaymentRow.voucher_no, "") == (voucher or ""))
        return self._session.scalars(query.limit(1)).first()

    def payment_code_used(self, code_hash: str) -> str | None:
        """The sale on which this payment code was tried already, whatever came of it."""
        return self._session.scalars(
            select(SaleRow.order_no).join(PaymentRow, PaymentRow.sale_id == SaleRow.id)
            .where(PaymentRow.code_hash == code_hash).limit(1)).first()

    def refunds_under_way(self) -> list[str]:
        """The sales with a refund the provider accepted but has not finished."""
        return list(self._session.scalars(
            select(SaleRow.order_no).join(PaymentRow, PaymentRow.sale_id == SaleRow.id)
            .where(PaymentRow.state == PaymentState.REFUND_PENDING.value).distinct()))

    def update_payment(self, payment_id: int, state: PaymentState, *, at: datetime,
                       provider_ref: str | None = None) -> bool:
        """Move the payment to ``state`` if its stored state allows (PAYMENT_MOVES_FROM);
        False when it was not moved (another process answered it first)."""
        values: dict[str, object] = {"state": state.value}
        if provider_ref is not None:
            values["provider_ref"] = provider_ref
        if state is PaymentState.CONFIRMED:
            values["confirmed_at"] = at
        allowed = [s.value for s in PAYMENT_MOVES_FROM[state]]
        moved = self._session.execute(
            update(PaymentRow).where(PaymentRow.id == payment_id,
                                     PaymentRow.state.in_(allowed)).values(values))
        return bool(moved.rowcount == 1)  # type: ignore[attr-defined]  # a CursorResult

    def payment_stored(self, payment_id: int) -> tuple[PaymentState, str | None]:
        """The payment's state and provider reference as stored now."""
        row = self._session.get(PaymentRow, payment_id, populate_existing=True)
        assert row is not None
        return PaymentState(row.state), row.provider_ref
