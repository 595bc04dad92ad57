"""A test composition root: the real database adapters and argon2, with a clock the test sets.

Argon2 runs with light parameters so that hundreds of logins stay quick; the algorithm and
the code path are the production ones.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from db.admin import SqlDatabaseAdmin
from db.anchor_file import AnchorFile
from db.engine import make_engine
from db.unit_of_work import SqlUnitOfWorkFactory
from drivers.cards.profiles.open_sle4442 import OpenSle4442
from drivers.cards.station import Station
from drivers.display.pole import NoDisplay
from drivers.printer.connection import Connection
from drivers.printer.escpos_printer import make_printer
from drivers.virtual.lab import Lab
from drivers.virtual.meter_sim import MeterSimulator
from pos.adapters.exports import ExportFiles
from pos.adapters.key_vault import FileKeyVault
from pos.adapters.passwords import Argon2Passwords
from pos.adapters.payments import SimulatedProvider
from pos.adapters.spreadsheets import XlsxReader
from pos.bootstrap import guidance
from pos.bootstrap.faults import NoCheckpoints
from pos.domain.org import Company, Counter, Hall
from pos.domain.staff import Operator, Role, Staff
from pos.services.core.context import Services
from pos.services.core.settings import ServiceSettings
from pos.services.ports import Clock, CustomerDisplay, ReceiptPrinter
from receipts.profiles import profile
from tests.support.cards import KEYS
from tests.support.clock import SHANGHAI, FixedClock

TEST_PASSWORD = "correct horse"
FAST_ARGON2 = Argon2Passwords(time_cost=1, memory_cost=1024, parallelism=1)


def make_services(url: str, clock: Clock | None = None, *, counter_no: str = "01",
                  upgrade: bool = True, home: Path | None = None,
                  printer: ReceiptPrinter | None = None,
                  display: CustomerDisplay | None = None,
                  statement_timeout: float | None = None) -> Services:
    """Services on ``url`` with the test key set installed in ``home`` (a fresh temporary
    directory by default), simulated meters there too, and real card readers; the receipt
    printer is a file printer at ``home/printer.escpos`` unless another is given;
    ``statement_timeout`` (seconds) replaces PostgreSQL's default."""
    engine = (make_engine(url) if statement_timeout is None
              else make_engine(url, statement_timeout=statement_timeout))
    home = home or Path(tempfile.mkdtemp(prefix="gaspos-test-home-"))
    vault = FileKeyVault(home / "keys.json")
    vault.install(KEYS)
    station = Station(vault.load)
    lab = Lab(MeterSimulator(home / "meters", OpenSle4442(vault.load), vault.load))
    anchors = AnchorFile.for_database(home / "anchors", str(engine.url))
    services = Services(
        uow=SqlUnitOfWorkFactory(engine, anchors=anchors),
        clock=clock or FixedClock(),
        passwords=FAST_ARGON2,
        database=SqlDatabaseAdmin(engine, source="test"),
        settings=ServiceSettings(counter_no=counter_no, timezone=SHANGHAI, language="zh_CN",
                                 data_dir=home, payment_patience=0.0,
                                 guidance=guidance.default_text()),
        cards=station,
        keys=vault,
        lab=lab,
        payments=SimulatedProvider(home / "payments-simulated.json"),
        checkpoints=NoCheckpoints(),
        printer=printer or make_printer(Connection("file", str(home / "printer.escpos")),
                                        profile("58mm")),
        display=display or NoDisplay(),
        spreadsheets=XlsxReader(),
        anchors=anchors,
        files=ExportFiles(),
    )
    if upgrade:
        services.database.upgrade()
    return services


def add_hall(svc: Services) -> None:
    with svc.uow(write=True) as uow:
        uow.org.add_company(Company("TEST", "测试燃气有限公司"))
        uow.org.add_hall(Hall("H1", "测试营业厅"))
        for no in ("01", "02"):
            uow.org.add_counter(Counter(no, f"{no}号窗口", "H1"))
        uow.commit()


def add_staff(svc: Services, staff_no: str, role: Role, name: str = "测试员") -> Operator:
    with svc.uow(write=True) as uow:
        uow.staff.add(Staff(staff_no, name, role, FAST_ARGON2.hash(TEST_PASSWORD)),
                      at=svc.clock.now())
        uow.commit()
    return Operator(staff_no, name, role)
