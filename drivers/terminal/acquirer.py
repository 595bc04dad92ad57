"""The simulated acquirer: the bank behind the simulated terminal, for the demo and tests.

:class:`Acquirer` decides: a charge whose fen end in 44 is declined (51, insufficient funds),
every other is approved with a new reference and voucher number; the same order number asked
again gets the same answer (nothing is charged twice); a refund of a known reference for no
more than it charged is approved.  :class:`AcquirerOnPort` puts it at the far end of a serial
port (one end of a pty pair in the tests), speaking pos's frames (drivers.terminal.framing).
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from typing import Any

import serial

from drivers.terminal.framing import ACK, APPROVED, NAK, FrameError, frame, read_frame

TERMINAL_ID = "SIM00001"
DECLINE_FEN = 44  # an amount ending in ¥…0.44 is declined, like a card without the funds


@dataclass
class Acquirer:
    terminal_id: str = TERMINAL_ID
    charges: dict[str, tuple[str, ...]] = field(default_factory=dict)  # order → answer
    paid: dict[str, int] = field(default_factory=dict)  # reference → fen still refundable
    _voucher: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, fields: list[str]) -> tuple[str, ...]:
        with self._lock:
            match fields:
                case ["C", order_no, fen] if fen.isdigit():
                    if order_no not in self.charges:
                        self.charges[order_no] = self._charge(int(fen))
                    return self.charges[order_no]
                case ["R", _order_no, fen, reference] if fen.isdigit():
                    return self._refund(int(fen), reference)
                case _:
                    return ("A", "30", "", "", "format error")

    def _charge(self, fen: int) -> tuple[str, ...]:
        if fen <= 0 or fen % 100 == DECLINE_FEN:
            return ("A", "51", "", "", "insufficient funds")
        self._voucher += 1
        reference = f"{880000000000 + self._voucher:012d}"
        self.paid[reference] = fen
        return ("A", APPROVED, reference, self.terminal_id, f"{self._voucher:06d}")

    def _refund(self, fen: int, reference: str) -> tuple[str, ...]:
        if self.paid.get(reference, 0) < fen:
            return ("A", "25", "", "", "no such charge to refund")
        self.paid[reference] -= fen
        self._voucher += 1
        return ("A", APPROVED, reference, self.terminal_id, f"{self._voucher:06d}")


class AcquirerOnPort:
    """The acquirer answering on a serial port until stopped (a thread)."""

    def __init__(self, port: str, acquirer: Acquirer | None = None) -> None:
        self.acquirer = acquirer or Acquirer()
        self._port: Any = serial.serial_for_url(port, baudrate=9600, timeout=0.2)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="sim-acquirer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(5)
        with contextlib.suppress(OSError, serial.SerialException):
            self._port.close()

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                fields = read_frame(self._port)
            except FrameError:
                continue
            except (OSError, serial.SerialException):
                return
            if fields is None:
                self._port.write(bytes([NAK]))
                continue
            self._port.write(bytes([ACK]))
            self._port.write(frame(*self.acquirer.answer(fields)))
            self._port.flush()
