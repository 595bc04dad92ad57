"""How the counter's devices and database are, for the status bar: asked, never assumed.

Each answer is taken off the GUI thread and never raises: a device that cannot be asked is
reported as such, with the reason in the log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from pos.domain.devices import PrinterState
from pos.services.core.context import Services

log = logging.getLogger(__name__)


class Health(StrEnum):
    GOOD = "good"
    BAD = "bad"
    UNKNOWN = "unknown"
    ABSENT = "absent"  # none configured at this counter


@dataclass(frozen=True)
class Status:
    health: Health
    detail: str  # what the status bar says after the device's name


@dataclass(frozen=True)
class CounterHealth:
    reader: Status
    printer: Status
    display: Status
    database: Status
    waiting_prints: int


def check(svc: Services, reader: str) -> CounterHealth:
    return CounterHealth(_reader(svc, reader), _printer(svc), _display(svc), _database(svc),
                         _waiting(svc))


def _reader(svc: Services, reader: str) -> Status:
    try:
        if reader == "demo":
            card = svc.lab.demo_card()
            return Status(Health.GOOD, "demo: " + (card.stem if card else "—"))
        names = list(svc.cards.readers())
    except Exception as error:
        log.warning("reader status: %r", error)
        return Status(Health.BAD, "PC/SC")
    return Status(Health.GOOD, names[0]) if names else Status(Health.BAD, "—")


def _printer(svc: Services) -> Status:
    try:
        state = svc.printer.status()
    except Exception as error:
        log.warning("printer status: %r", error)
        state = PrinterState.OFFLINE
    if state in (PrinterState.READY, PrinterState.PAPER_LOW):
        health = Health.GOOD
    elif state is PrinterState.UNKNOWN:
        health = Health.UNKNOWN
    else:
        health = Health.BAD
    return Status(health, state.value)


def _display(svc: Services) -> Status:
    if not svc.display.present:
        return Status(Health.ABSENT, "—")
    return Status(Health.GOOD, svc.display.describe())


def _database(svc: Services) -> Status:
    try:
        svc.database.check_schema()
    except Exception as error:
        log.warning("database status: %r", error)
        return Status(Health.BAD, svc.database.describe())
    return Status(Health.GOOD, svc.database.describe())


def _waiting(svc: Services) -> int:
    try:
        with svc.uow() as uow:
            return len(list(uow.prints.waiting(svc.settings.counter_no)))
    except Exception as error:
        log.warning("print queue: %r", error)
        return 0
