"""All tables; importing this package registers every model on ``Base.metadata``."""

from db.models.account_terms import AccountTermChangeRow
from db.models.accounts import (
    AccountRow,
    CardRow,
    CardWriteRow,
    MeterChangeRow,
    MeterReportRow,
    MeterRow,
)
from db.models.audit import AuditEventRow
from db.models.base import Base
from db.models.days import (
    BusinessDayRow,
    DayCloseRow,
    DepositSlipDayRow,
    DepositSlipRow,
    DrawerCountRow,
)
from db.models.journal import JournalRow, LedgerCheckpointRow
from db.models.org import CompanyRow, CounterRow, HallRow
from db.models.printing import PrintJobRow
from db.models.sales import NumberSeriesRow, PaymentRow, ReceiptSeriesRow, SaleRow
from db.models.staff import StaffRow
from db.models.statements import (
    ColumnMappingRow,
    MonthRow,
    ReconItemRow,
    ReconResolutionRow,
    StatementImportRow,
    StatementLineRow,
)
from db.models.tariffs import TariffTierRow, TariffVersionRow

__all__ = [
    "AccountRow",
    "AccountTermChangeRow",
    "AuditEventRow",
    "Base",
    "BusinessDayRow",
    "CardRow",
    "CardWriteRow",
    "ColumnMappingRow",
    "CompanyRow",
    "CounterRow",
    "DayCloseRow",
    "DepositSlipDayRow",
    "DepositSlipRow",
    "DrawerCountRow",
    "HallRow",
    "JournalRow",
    "LedgerCheckpointRow",
    "MeterChangeRow",
    "MeterReportRow",
    "MeterRow",
    "MonthRow",
    "NumberSeriesRow",
    "PaymentRow",
    "PrintJobRow",
    "ReceiptSeriesRow",
    "ReconItemRow",
    "ReconResolutionRow",
    "SaleRow",
    "StaffRow",
    "StatementImportRow",
    "StatementLineRow",
    "TariffTierRow",
    "TariffVersionRow",
]
