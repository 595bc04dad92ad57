"""What every use case is handed: the ports and the settings they need (built by bootstrap)."""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: a front end may import Startup without the ports (--help)
    from pos.services.core.settings import ServiceSettings
    from pos.services.ports import (
        Anchors,
        BillSource,
        CardStation,
        CardTerminal,
        Checkpoints,
        Clock,
        CodeScanner,
        CustomerDisplay,
        DatabaseAdmin,
        ExportFiles,
        KeyVault,
        Lab,
        PasswordHasher,
        PaymentProvider,
        ReceiptPrinter,
        ReportReplica,
        SpreadsheetReader,
        UnitOfWork,
        UnitOfWorkFactory,
    )


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
    report_uow: ReportReplica | None = None  # database.report_url: a read-only standby
    scanner: CodeScanner | None = None  # [scanner] port: a serial payment-code scanner
    terminal: CardTerminal | None = None  # [terminal] kind: an integrated bank-card terminal
    bills: BillSource | None = None  # the providers' daily bills (gaspos statements fetch)
    # the pause between questions to a payment provider (tests: one that does not wait)
    sleep: Callable[[float], None] = _time.sleep

    def reading(self) -> UnitOfWork:
        """A read-only unit of work for reports and finance's views: on the replica when one
        is set (database.report_url; it may lag), else on the main database."""
        return (self.report_uow or self.uow)()

    def today(self) -> date:
        return self.clock.now().astimezone(self.settings.timezone).date()

    def start_of(self, day: date) -> datetime:
        """Local midnight at the start of ``day``, as an aware instant."""
        return datetime.combine(day, time(0), tzinfo=self.settings.timezone)


@dataclass(frozen=True)
class Startup:
    """How a front end asks bootstrap for its services (the global options of docs/cli.md)."""

    db_url: str | None = None  # --db / GASPOS_DB
    config_file: str | None = None  # --config / GASPOS_CONFIG
    counter_no: str | None = None  # --counter
    language: str | None = None  # --lang / GASPOS_LANG
    demo: bool = False  # --demo: demo database and simulated devices
    printer: str | None = None  # --printer file:PATH|tcp:HOST:PORT|none
    needs_schema: bool = True  # False only for commands that create or migrate the schema
