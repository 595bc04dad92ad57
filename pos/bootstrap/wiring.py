"""Wiring: the one place that builds everything.

settings → database engine → unit of work → (devices, as their issues land) → services.
``--demo`` swaps in the demo database (and simulated devices) here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event

from db.admin import SqlDatabaseAdmin
from db.anchor_file import AnchorFile
from db.engine import make_engine, safe_description
from db.replica import SqlReportReplica, make_report_engine
from db.unit_of_work import SqlUnitOfWorkFactory
from drivers.cards.profiles.open_sle4442 import OpenSle4442
from drivers.cards.station import Station
from drivers.display.pole import NoDisplay, PoleDisplay
from drivers.printer.connection import parse_connection
from drivers.printer.escpos_printer import EscposPrinter, PreviewPrinter, make_printer
from drivers.virtual.demo_slot import DemoSlot
from drivers.virtual.lab import Lab
from drivers.virtual.meter_sim import MeterSimulator
from drivers.virtual.sle4442 import Pull
from pos.adapters.clock import SystemClock
from pos.adapters.exports import ExportFiles
from pos.adapters.key_vault import DemoKeyVault, FileKeyVault
from pos.adapters.passwords import Argon2Passwords
from pos.adapters.spreadsheets import XlsxReader
from pos.bootstrap import config, faults, guidance, logs, paths
from pos.bootstrap.payment_devices import bank_terminal, payment_scanner
from pos.bootstrap.payments import Payments
from pos.domain.messages import normalise_language
from pos.services.core.context import Services, Startup
from pos.services.core.settings import ServiceSettings
from pos.services.demo import hall
from pos.services.ports import Clock, PasswordHasher
from receipts.profiles import profile


def build(startup: Startup, *, clock: Clock | None = None,
          passwords: PasswordHasher | None = None) -> Services:
    """Everything a front end needs.  ``clock`` and ``passwords`` are for tests: the system
    clock and argon2 with its recommended parameters otherwise."""
    settings = config.load(startup.config_file)
    logs.set_level(settings.log.level)
    url, source = _database(startup, settings)
    engine = make_engine(url, connect_timeout=settings.database.connect_timeout,
                         statement_timeout=settings.database.statement_timeout)
    kill_after = faults.kill_after_commit()
    if kill_after is not None:  # fault injection (tests only): die after the N-th commit
        event.listen(engine, "commit", faults.CommitKiller(kill_after))
    database = SqlDatabaseAdmin(engine, source=source)
    database.hold()  # a SQLite ledger in use by this process: no restore meanwhile (db.in_use)
    data_dir = paths.data_dir() / ("demo" if startup.demo else "")
    anchors = AnchorFile.for_database(paths.data_dir() / "anchors", safe_description(engine))
    timezone = ZoneInfo(settings.locale.timezone)
    checkpoints, power_cut_after = faults.from_environment()
    station, vault, lab = devices(settings, demo=startup.demo, power_cut_after=power_cut_after)
    clock = clock or SystemClock(timezone)
    counter_no = startup.counter_no or settings.counter.no
    payments = Payments(settings, data_dir, vault.load, clock, counter_no=counter_no,
                        demo=startup.demo)
    services = Services(
        uow=SqlUnitOfWorkFactory(engine, anchors=anchors),
        clock=clock,
        passwords=passwords or Argon2Passwords(),
        database=database,
        settings=ServiceSettings(
            counter_no=counter_no,
            timezone=timezone,
            language=normalise_language(startup.language or settings.locale.language),
            data_dir=data_dir,
            guidance=guidance.load(settings.receipt.guidance_file),
            sale=settings.sale,
            day=settings.day,
            receipt=settings.receipt,
            password=settings.password,
            payment_times=settings.payments.times,
            payment_codes=payments.code_channels,
        ),
        cards=station,
        keys=vault,
        lab=lab,
        payments=payments.provider,
        bills=payments.bills,
        checkpoints=checkpoints,
        printer=receipt_printer(settings, startup, data_dir),
        display=customer_display(settings),
        spreadsheets=XlsxReader(),
        anchors=anchors,
        files=ExportFiles(),
        report_uow=report_replica(settings, main_from_settings=source == str(
            settings.database_source) and not startup.demo),
        scanner=payment_scanner(settings),
        terminal=bank_terminal(settings, demo=startup.demo),
    )
    if startup.demo:  # the demo database looks after itself
        database.upgrade()
        hall.ensure_demo(services)
    elif startup.needs_schema:
        database.check_schema()
    return services


def report_replica(settings: config.Settings, *, main_from_settings: bool
                   ) -> SqlReportReplica | None:
    """database.report_url: reports read from this read-only standby — only when the main
    database is the settings' database.url too (a replica belongs to its primary: not under
    ``--db`` / ``GASPOS_DB``, not in the demo)."""
    url = settings.database.report_url
    return SqlReportReplica(make_report_engine(url)) if url and main_from_settings else None


def receipt_printer(settings: config.Settings, startup: Startup, data_dir: Path
                    ) -> EscposPrinter | PreviewPrinter:
    """``--printer`` over the settings; the demo prints PNG previews unless told otherwise."""
    spec = startup.printer or (f"preview:{data_dir / 'printouts'}" if startup.demo
                               else settings.printer.connection)
    printer = settings.printer
    paper = profile(printer.paper, chinese=printer.chinese, native_qr=printer.native_qr)
    return make_printer(parse_connection(spec), paper, answers=printer.answers,
                        drawer_pin=printer.drawer_pin, timeout=printer.timeout)


def customer_display(settings: config.Settings) -> PoleDisplay | NoDisplay:
    display = settings.display
    if not display.port:
        return NoDisplay()
    return PoleDisplay(display.port, display.baudrate, display.digits)


def devices(settings: config.Settings, *, demo: bool, power_cut_after: int | None = None
            ) -> tuple[Station, DemoKeyVault | FileKeyVault, Lab]:
    """Card station, keys and the lab (meter simulator, virtual cards) — the demo's keys are
    published demo keys."""
    vault: DemoKeyVault | FileKeyVault = DemoKeyVault() if demo else FileKeyVault(
        paths.key_file())
    fault = None if power_cut_after is None else Pull(power_cut_after, power_cut=True)
    slot = DemoSlot() if demo else None  # the demo counter's reader "demo"
    station = Station(vault.load, reader_pattern=settings.reader.pattern,
                      reader_model=settings.reader.model, fault=fault, demo_slot=slot)
    meters = MeterSimulator(paths.meters_dir(demo), OpenSle4442(vault.load), vault.load)
    return station, vault, Lab(meters, slot)


def _database(startup: Startup, settings: config.Settings) -> tuple[str, str]:
    """The database URL and where it came from (the app always says which).  The demo only
    ever touches its own database, whatever ``--db`` or ``GASPOS_DB`` say."""
    if startup.demo:
        return paths.demo_database_url(), "demo"
    if startup.db_url:
        return startup.db_url, "--db / GASPOS_DB"
    if settings.database.url:
        return settings.database.url, str(settings.database_source)
    return paths.default_database_url(), "default (user data dir)"
