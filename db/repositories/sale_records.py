"""Sale rows read back as records: the sales of many order numbers in two queries (the sale
with its counter, account, staff, card, meter, day and tariff; then the payments of them all)."""

from __future__ import annotations

import json

from sqlalchemy import bindparam, select
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

# built once, parameters bound at each call (docs/performance.md, "Many counters")
_SALES = (select(SaleRow, CounterRow.no, AccountRow.account_no, StaffRow.staff_no,
                 CardRow.card_no, MeterRow.meter_no, BusinessDayRow.business_date,
                 TariffVersionRow.effective_from)
          .join(CounterRow, SaleRow.counter_id == CounterRow.id)
          .outerjoin(AccountRow, SaleRow.account_id == AccountRow.id)
          .outerjoin(StaffRow, SaleRow.staff_id == StaffRow.id)
          .outerjoin(CardRow, SaleRow.card_id == CardRow.id)
          .outerjoin(MeterRow, SaleRow.meter_id == MeterRow.id)
          .outerjoin(BusinessDayRow, SaleRow.business_day_id == BusinessDayRow.id)
          .outerjoin(TariffVersionRow, SaleRow.tariff_version_id == TariffVersionRow.id)
          .where(SaleRow.order_no.in_(bindparam("order_nos", expanding=True))))
_PAYMENTS = (select(PaymentRow).where(PaymentRow.sale_id.in_(bindparam("sale_ids", expanding=True)))
             .order_by(PaymentRow.id))


def sale_records(session: Session, order_nos: list[str]) -> dict[str, SaleRecord]:
    rows = session.execute(_SALES, {"order_nos": order_nos}).all()
    if not rows:
        return {}
    payments: dict[int, list[PaymentRow]] = {}
    for payment in session.scalars(_PAYMENTS, {"sale_ids": [r[0].id for r in rows]}):
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
