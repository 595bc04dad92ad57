"""The customer display (客显): a serial LED/VFD pole display facing the customer.

It speaks the small ESC/POS-like protocol of common Chinese pole displays (docs/receipts.md "The
customer display"):

* ``ESC @`` (``1B 40``) resets it;
* ``FF`` (``0C``) clears it;
* ``ESC s n`` (``1B 73 n``) lights label lamp ``n``, an ASCII digit: ``0`` off, ``1`` unit
  price 单价, ``2`` total 总计, ``3`` received 收款, ``4`` change 找零;
* ``ESC Q A <number> CR`` (``1B 51 41 … 0D``) shows a number: ASCII digits, at most one dot.

So ``show(DisplayLamp.TOTAL, "1288.00")`` sends ``b"\\x1bs2\\x1bQA1288.00\\r"``.

A number is shown exactly as the caller formatted it, or not at all: one that is not digits
with at most one dot, or that has more digits than the display (the dot rides on a digit's
decimal point and takes no place), raises :class:`DeviceFailure` and nothing is sent — a
truncated amount would tell the customer a wrong price.  The display then still shows what it
showed before; a caller that cannot show the new amount should :meth:`PoleDisplay.clear` it.

The port is opened on first use (``serial.serial_for_url``, so ``loop://`` and ``spy://`` work
too), 8N1 with exclusive access and no flow control; after any failure it is closed and opened
again on the next command, so a display unplugged and plugged back in works again without a
restart.  Modem lines (DTR/RTS) are left alone: their ioctls fail on ptys, and pyserial already
ignores that.  One lock serialises every command, since the GUI and a worker thread share it.
"""

from __future__ import annotations

import contextlib
import re
import threading
from typing import Any

import serial

from pos.domain.devices import DeviceFailure, DisplayLamp
from pos.domain.messages import N_

ESC = b"\x1b"
RESET = ESC + b"@"
CLEAR = b"\x0c"
LAMP = ESC + b"s"
NUMBER = ESC + b"QA"
END = b"\r"

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")

try:  # pyserial's flush() lets termios.error (not an OSError) out on a dead POSIX port
    import termios
except ImportError:  # Windows
    _PORT_ERRORS: tuple[type[Exception], ...] = (OSError, ValueError)
else:
    _PORT_ERRORS = (OSError, ValueError, termios.error)


class PoleDisplay:
    """A pole display on a serial port (a device path or a pyserial URL)."""

    def __init__(self, port: str, baudrate: int = 2400, digits: int = 8,
                 timeout: float = 1.0) -> None:
        self.port = port
        self.baudrate = baudrate
        self.digits = digits
        self.timeout = timeout
        self._serial: Any = None  # a pyserial port once opened (pyserial has no type hints)
        self._lock = threading.Lock()

    present = True

    def describe(self) -> str:
        return f"pole display on {self.port} at {self.baudrate} baud"

    def show(self, lamp: DisplayLamp, text: str) -> None:
        """Light ``lamp`` and show ``text``, a number the caller formatted ("1288.00")."""
        self._check(text)
        self._send(_lamp(lamp) + NUMBER + text.encode("ascii") + END)

    def clear(self) -> None:
        """Blank the number and put every lamp out."""
        self._send(CLEAR + _lamp(DisplayLamp.OFF))

    def reset(self) -> None:
        self._send(RESET)

    def close(self) -> None:
        """Let the port go; the next command opens it again."""
        with self._lock:
            self._drop()

    def _check(self, text: str) -> None:
        if not _NUMBER.fullmatch(text):
            raise DeviceFailure("display.not_a_number",
                                N_("The customer display cannot show “{text}”: it shows "
                                   "only digits with at most one decimal point."),
                                text=text)
        if len(text.replace(".", "")) > self.digits:
            raise DeviceFailure("display.too_long",
                                N_("The customer display shows at most {digits} digits: "
                                   "{text} does not fit."),
                                digits=self.digits, text=text)

    def _send(self, command: bytes) -> None:
        with self._lock:
            try:
                port = self._open()
                port.write(command)
                port.flush()
            except _PORT_ERRORS as error:
                self._drop()
                raise self._unavailable(error) from None

    def _open(self) -> Any:
        if self._serial is None:
            self._serial = serial.serial_for_url(
                self.port, baudrate=self.baudrate, bytesize=serial.EIGHTBITS,
                parity=serial.PARITY_NONE, stopbits=serial.STOPBITS_ONE, timeout=self.timeout,
                write_timeout=self.timeout, xonxoff=False, rtscts=False, dsrdtr=False,
                exclusive=True)
        return self._serial

    def _drop(self) -> None:
        port, self._serial = self._serial, None
        if port is None:
            return
        with contextlib.suppress(*_PORT_ERRORS):  # an unplugged port may fail to close
            port.close()

    def _unavailable(self, error: Exception) -> DeviceFailure:
        return DeviceFailure("display.unavailable",
                             N_("The customer display does not answer ({port}): check its "
                                "cable and power; selling goes on without it."),
                             detail=str(error), port=self.port)


class NoDisplay:
    """No customer display is installed: every command does nothing."""

    present = False

    def describe(self) -> str:
        return "no customer display"

    def show(self, lamp: DisplayLamp, text: str) -> None:
        pass

    def clear(self) -> None:
        pass

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass


def _lamp(lamp: DisplayLamp) -> bytes:
    return LAMP + str(int(lamp)).encode("ascii")
