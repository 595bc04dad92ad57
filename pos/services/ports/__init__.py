"""The ports: everything the use cases need from the world, as ``typing.Protocol``.

Adapters implement them structurally — ``db`` the storage, ``drivers`` the devices,
``pos.adapters`` the rest — and only ``pos.bootstrap`` picks which (docs/architecture.md).
Each kind lives in its own module; this package names them all in one place.
"""

from __future__ import annotations

from pos.domain.cards.profile import CardProfile
from pos.domain.sale.card_terminal import CardTerminal
from pos.services.ports.cards import CardLedger
from pos.services.ports.database import BackupReport, DatabaseAdmin, SchemaUpgrade
from pos.services.ports.days import BusinessDays
from pos.services.ports.devices import (
    CardStation,
    CodeScanner,
    CustomerDisplay,
    Lab,
    ReceiptPrinter,
    VirtualCardControl,
    Watch,
)
from pos.services.ports.local import (
    AnchorHead,
    Anchors,
    ExportFiles,
)
from pos.services.ports.months import (
    Months,
    Statements,
)
from pos.services.ports.providers import (
    BillSource,
    Checkpoints,
    Clock,
    KeyVault,
    PasswordHasher,
    PaymentProvider,
    SettingsStore,
    SpreadsheetReader,
)
from pos.services.ports.replica import ReportReplica
from pos.services.ports.reports import ReportQueries
from pos.services.ports.storage import (
    AccountRepository,
    AuditLog,
    Journal,
    OrgRepository,
    PrintQueue,
    SalesRepository,
    StaffRepository,
    TariffRepository,
    UnitOfWork,
    UnitOfWorkFactory,
)

__all__ = [
    "AccountRepository",
    "AnchorHead",
    "Anchors",
    "AuditLog",
    "BackupReport",
    "BillSource",
    "BusinessDays",
    "CardLedger",
    "CardProfile",
    "CardStation",
    "CardTerminal",
    "Checkpoints",
    "Clock",
    "CodeScanner",
    "CustomerDisplay",
    "DatabaseAdmin",
    "ExportFiles",
    "Journal",
    "KeyVault",
    "Lab",
    "Months",
    "OrgRepository",
    "PasswordHasher",
    "PaymentProvider",
    "PrintQueue",
    "ReceiptPrinter",
    "ReportQueries",
    "ReportReplica",
    "SalesRepository",
    "SchemaUpgrade",
    "SettingsStore",
    "SpreadsheetReader",
    "StaffRepository",
    "Statements",
    "TariffRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "VirtualCardControl",
    "Watch",
]
