"""What the counter's printer, cash drawer and customer display can be, and how they fail.

Pure vocabulary shared by the ports (pos.services.ports) and the drivers that implement them.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from pos.domain.errors import GasposError
from pos.domain.messages import N_, Message


class PrinterState(StrEnum):
    READY = "ready"
    PAPER_LOW = "paper_low"  # prints, but the roll is nearly out
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"  # the printer reports an error (cutter jam, overheating)
    OFFLINE = "offline"  # it does not answer or cannot be reached
    UNKNOWN = "unknown"  # reachable, but it cannot say (a file, a one-way port)
    NONE = "none"  # no printer configured

    @property
    def can_print(self) -> bool:
        return self in (PrinterState.READY, PrinterState.PAPER_LOW, PrinterState.UNKNOWN)

    @property
    def label(self) -> Message:
        return Message(_PRINTER_STATE_LABELS[self])


_PRINTER_STATE_LABELS = {
    PrinterState.READY: N_("ready"),
    PrinterState.PAPER_LOW: N_("paper low"),
    PrinterState.PAPER_OUT: N_("out of paper"),
    PrinterState.COVER_OPEN: N_("cover open"),
    PrinterState.ERROR: N_("printer error"),
    PrinterState.OFFLINE: N_("offline"),
    PrinterState.UNKNOWN: N_("status unknown"),
    PrinterState.NONE: N_("no printer"),
}


class DisplayLamp(IntEnum):
    """The label lamps of a Chinese pole display (客显): ``ESC s n``."""

    OFF = 0
    PRICE = 1  # 单价
    TOTAL = 2  # 总计
    RECEIVED = 3  # 收款
    CHANGE = 4  # 找零


class DeviceFailure(GasposError):
    """A device did not do what it was asked.  ``maybe_done`` says whether any of it may have
    happened anyway (bytes that left for a printer whose connection then died)."""

    exit_code = 1

    def __init__(self, code: str, msgid: str, *, maybe_done: bool = False, detail: str = "",
                 **params: object) -> None:
        super().__init__(code, msgid, **params)
        self.maybe_done = maybe_done
        self.detail = detail
