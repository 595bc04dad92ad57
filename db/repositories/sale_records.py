"""Sale rows read back as records: the sales of many order numbers in two queries (the sale
with its counter, account, staff, card, meter, day and tariff; then the payments of them all)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    AccountRow,
    BusinessDayRow,
    CardRow,
    CounterRow,
    MeterRow,
    PaymentRow,
    SaleRow,
    StaffRow,
    TariffVersionRow,
)
from pos.domain.quantities import Money, UnitPrice, Volume
from pos.domain.sale.record import (
    Channel,
    PaymentRecord,
    PaymentState,
    PricePart,
    SaleKind,
    SaleRecord,
    SaleState,
)


def sale_records(session: Session, order_nos: list[str]) -> dict[str, SaleRecord]:
    rows = session.execute(
        select(SaleRow, CounterRow.no, AccountRow.account_no, StaffRow.staff_no,
               CardRow.card_no, MeterRow.meter_no, BusinessDayRow.business_date,
               TariffVersionRow.effective_from)
        .join(CounterRow, SaleRow.counter_id == CounterRow.id)
        .outerjoin(AccountRow, SaleRow.account_id == AccountRow.id)
        .outerjoin(StaffRow, SaleRow.staff_id == StaffRow.id)
        .outerjoin(CardRow, SaleRow.card_id == CardRow.id)
        .outerjoin(MeterRow, SaleRow.meter_id == MeterRow.id)
        .outerjoin(BusinessDayRow, SaleRow.business_day_id == BusinessDayRow.id)
        .outerjoin(TariffVersionRow, SaleRow.tariff_version_id == TariffVersionRow.id)
        .where(SaleRow.order_no.in_(order_nos))).all()
    if not rows:
        return {}
    payments: dict[int, list[PaymentRow]] = {}
    for payment in session.scalars(
            select(PaymentRow).where(PaymentRow.sale_id.in_([r[0].id for r in rows]))
            .order_by(PaymentRow.id)):
        payments.setdefault(payment.sale_id, []).append(payment)
    found = {}
    for sale, counter_no, account_no, staff_no, card_no, meter_no, day, tariff_from in rows:
        found[sale.order_no] = SaleRecord(
            order_no=sale.order_no, kind=SaleKind(sale.kind), state=SaleState(sale.state),
            counter_no=counter_no, business_date=day,
            account_no=account_no or sale.given_account_no or "", card_no=card_no,
            meter_no=meter_no, staff_no=staff_no or sale.given_staff or "",
            purchase_seq=sale.purchase_seq or 0,
            volume=Volume(sale.volume_m3x100), amount=Money(sale.amount_fen),
            cumulative_after=Volume(sale.cumulative_after or 0),
            parts=tuple(PricePart(t, Volume(v), UnitPrice(p), Money(a))
                        for t, v, p, a in json.loads(sale.price_parts)),
            payments=tuple(payment_record(p) for p in payments.get(sale.id, ())),
            receipt_no=sale.receipt_no,
            first_use=sale.first_use, created_at=sale.created_at,
            completed_at=sale.completed_at, override_by=sale.override_by,
            override_reason=sale.override_reason, tariff_effective_from=tariff_from,
            seal_code=sale.seal_code, imported=sale.imported)
    return found


def payment_record(row: PaymentRow) -> PaymentRecord:
    return PaymentRecord(
        Channel(row.channel), Money(row.amount_fen), PaymentState(row.state), row.provider_ref,
        row.terminal_no, row.voucher_no,
        None if row.tendered_fen is None else Money(row.tendered_fen),
        None if row.change_fen is None else Money(row.change_fen), row.id, row.code_hash)
