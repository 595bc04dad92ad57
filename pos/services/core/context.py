"""What every use case is handed: the ports and the settings they need (built by bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path

from pos.domain.quantities import Money
from pos.domain.sale.purchase import PurchaseLimits
from pos.services.ports import (
    Anchors,
    CardStation,
    Checkpoints,
    Clock,
    CustomerDisplay,
    DatabaseAdmin,
    ExportFiles,
    KeyVault,
    Lab,
    PasswordHasher,
    PaymentProvider,
    ReceiptPrinter,
    SpreadsheetReader,
    UnitOfWorkFactory,
)


@dataclass(frozen=True)
class ReceiptSettings:
    guidance: str = ""  # the first-use guidance: the company's text ({hotline} … filled in)
    seal_image: str | None = None  # the charge seal (收费专用章) image, where configured


@dataclass(frozen=True)
class DaySettings:
    over_short_threshold: Money = Money(1000)  # 长短款 above this needs a supervisor's approval
    explicit_open: bool = False  # a cashier must open each day; postings never open one
    opening_float: Money | None = None  # the float of an opened day; None: what the last close kept
    cash_rounding: bool = False  # 抹零: a cash-only payment drops the fen; the difference booked
    adjust_finance_above: Money = Money(50_000)  # an adjustment above this: finance approves


@dataclass(frozen=True)
class ServiceSettings:
    counter_no: str  # this installation's counter
    timezone: tzinfo
    language: str
    data_dir: Path  # where this installation keeps its files (demo cards, simulated meters)
    limits: PurchaseLimits = PurchaseLimits()
    replacement_fee: Money = Money(0)  # 补卡 fee, paid in cash
    payment_patience: float = 1.0  # scales the pauses before asking a provider again
    receipt: ReceiptSettings = ReceiptSettings()
    day: DaySettings = DaySettings()


@dataclass(frozen=True)
class Services:
    uow: UnitOfWorkFactory
    clock: Clock
    passwords: PasswordHasher
    database: DatabaseAdmin
    settings: ServiceSettings
    cards: CardStation
    keys: KeyVault
    lab: Lab
    payments: PaymentProvider
    checkpoints: Checkpoints
    printer: ReceiptPrinter
    display: CustomerDisplay
    spreadsheets: SpreadsheetReader
    anchors: Anchors  # the journal heads this installation wrote, outside the database
    files: ExportFiles  # reports and exports on this machine's disk

    def today(self) -> date:
        return self.clock.now().astimezone(self.settings.timezone).date()

    def start_of(self, day: date) -> datetime:
        """Local midnight at the start of ``day``, as an aware instant."""
        return datetime.combine(day, time(0), tzinfo=self.settings.timezone)


@dataclass(frozen=True)
class Startup:
    """How a front end asks bootstrap for its services (global options of CLI.md)."""

    db_url: str | None = None  # --db / GASPOS_DB
    config_file: str | None = None  # --config / GASPOS_CONFIG
    counter_no: str | None = None  # --counter
    language: str | None = None  # --lang / GASPOS_LANG
    demo: bool = False  # --demo: demo database and simulated devices
    printer: str | None = None  # --printer file:PATH|tcp:HOST:PORT|none
    needs_schema: bool = True  # False only for commands that create or migrate the schema
