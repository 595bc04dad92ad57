"""A barcode scanner on a serial port (RS-232, or a USB scanner set to virtual COM mode).

Such a scanner sends each code it reads as one line of ASCII ended by CR, LF or CR LF
(docs/payments.md "At the counter").  :meth:`SerialScanner.watch` reads the port on its own
thread and hands every non-empty line to ``deliver``, stripped; bytes that are not ASCII
printable are dropped from a line rather than guessed at.  The port is opened with
``serial.serial_for_url`` (so ``loop://`` works too), 8N1, no flow control; if it fails —
unplugged, not there yet — the thread closes it and tries again every ``retry`` seconds until
stopped, so a scanner plugged in later works without a restart.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

import serial

log = logging.getLogger("gaspos.scanner")

READ_TIMEOUT = 0.2  # how often the reading thread looks whether it was stopped
LONGEST_LINE = 256  # a line longer than this is noise, not a code


class SerialScanner:
    def __init__(self, port: str, baudrate: int = 9600, retry: float = 1.0) -> None:
        self.port, self.baudrate, self.retry = port, baudrate, retry

    def describe(self) -> str:
        return f"payment-code scanner on {self.port} at {self.baudrate} baud"

    def watch(self, deliver: Callable[[str], None]) -> ScannerWatch:
        return ScannerWatch(self, deliver)

    def open(self) -> Any:
        return serial.serial_for_url(
            self.port, baudrate=self.baudrate, bytesize=serial.EIGHTBITS,
            parity=serial.PARITY_NONE, stopbits=serial.STOPBITS_ONE, timeout=READ_TIMEOUT,
            xonxoff=False, rtscts=False, dsrdtr=False)


class ScannerWatch:
    """The reading thread of one watch; :meth:`stop` ends it and lets the port go."""

    def __init__(self, scanner: SerialScanner, deliver: Callable[[str], None]) -> None:
        self._scanner, self._deliver = scanner, deliver
        self._stopped = threading.Event()
        self.opened = threading.Event()  # set while the port is open (tests wait on it)
        self._thread = threading.Thread(target=self._run, name="gaspos-scanner", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                port = self._scanner.open()
            except (OSError, ValueError, serial.SerialException) as error:
                log.info("scanner port %s not open: %s", self._scanner.port, error)
                self._stopped.wait(self._scanner.retry)
                continue
            try:
                self.opened.set()
                self._read(port)
            except (OSError, ValueError, serial.SerialException) as error:
                log.warning("scanner port %s failed: %s", self._scanner.port, error)
                self._stopped.wait(self._scanner.retry)
            finally:
                self.opened.clear()
                with contextlib.suppress(OSError, ValueError, serial.SerialException):
                    port.close()

    def _read(self, port: Any) -> None:
        line = bytearray()
        while not self._stopped.is_set():
            for byte in bytes(port.read(max(1, port.in_waiting))):
                if byte in (0x0D, 0x0A):
                    self._line(bytes(line))
                    line.clear()
                elif 0x20 <= byte < 0x7F and len(line) < LONGEST_LINE:
                    line.append(byte)

    def _line(self, raw: bytes) -> None:
        code = raw.decode("ascii").strip()
        if code:
            try:
                self._deliver(code)
            except Exception:  # a listener's failure must not stop the scanner
                log.exception("a scanned code could not be delivered")
