"""All tables; importing this package registers every model on ``Base.metadata``."""

from db.models.accounts import AccountRow, CardRow, MeterChangeRow, MeterReportRow, MeterRow
from db.models.audit import AuditEventRow
from db.models.base import Base
from db.models.days import (
    BusinessDayRow,
    DayCloseRow,
    DepositSlipDayRow,
    DepositSlipRow,
    DrawerCountRow,
)
from db.models.journal import JournalRow
from db.models.org import CompanyRow, CounterRow, HallRow
from db.models.printing import PrintJobRow
from db.models.sales import NumberSeriesRow, PaymentRow, ReceiptSeriesRow, SaleRow
from db.models.staff import StaffRow
from db.models.tariffs import TariffTierRow, TariffVersionRow

__all__ = [
    "AccountRow",
    "AuditEventRow",
    "Base",
    "BusinessDayRow",
    "CardRow",
    "CompanyRow",
    "CounterRow",
    "DayCloseRow",
    "DepositSlipDayRow",
    "DepositSlipRow",
    "DrawerCountRow",
    "HallRow",
    "JournalRow",
    "MeterChangeRow",
    "MeterReportRow",
    "MeterRow",
    "NumberSeriesRow",
    "PaymentRow",
    "PrintJobRow",
    "ReceiptSeriesRow",
    "SaleRow",
    "StaffRow",
    "TariffTierRow",
    "TariffVersionRow",
]
