"""The receipt printer: ESC/POS bytes (receipts.escpos) over a python-escpos transport (the
connections are in drivers/printer/connection.py).

A printer that answers (TCP, serial, USB, unless ``answers = false``) is asked for its status
(``DLE EOT``) before a job — out of paper, cover open, offline: nothing is sent — and again
after it: an answer on the same connection proves it took every byte; no answer means the job
may be partly on paper (``maybe_done``), and the queue reprints it marked 补打.
One lock serialises everything sent to the printer.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from pathlib import Path
from typing import Any

from drivers.printer.connection import Connection
from pos.domain.devices import DeviceFailure, PrinterState
from pos.domain.messages import N_
from receipts.document import Document
from receipts.profiles import PaperProfile

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"


class EscposPrinter:
    def __init__(self, connection: Connection, paper: PaperProfile, *, answers: bool | None = None,
                 drawer_pin: int = 2, timeout: float = 5.0) -> None:
        self.connection = connection
        self.paper = paper
        self.answers = connection.kind in ("tcp", "serial", "usb") if answers is None else answers
        self._drawer_pin = drawer_pin
        self._timeout = timeout
        self._lock = threading.Lock()

    def describe(self) -> str:
        return f"{self.connection} ({self.paper.name})"

    def status(self) -> PrinterState:
        with self._lock:
            if self.connection.kind == "none":
                return PrinterState.NONE
            if not self.answers:
                return PrinterState.UNKNOWN
            try:
                with self._device() as device:
                    return _ask_status(device)
            except DeviceFailure as failure:
                log.info("printer %s: %s", self.connection, failure.detail)
                return PrinterState.OFFLINE

    def print(self, document: Document) -> None:
        from receipts.escpos import render  # python-escpos takes half a second to import

        self._send(render(document, self.paper), what="print")

    def open_drawer(self) -> None:
        from receipts.escpos import drawer_kick

        self._send(drawer_kick(self._drawer_pin), what="drawer")

    def _send(self, data: bytes, *, what: str) -> None:
        with self._lock, self._device() as device:
            if self.answers:
                state = _ask_status(device)
                if not state.can_print:
                    raise _refusal(state)
            try:
                device._raw(data)
            except (OSError, ValueError) as error:
                raise _lost(self.connection, error) from None
            if self.answers:
                try:
                    _ask_status(device)
                except DeviceFailure as failure:
                    raise _lost(self.connection, failure.detail) from None
            log.info("printer %s: %s, %d bytes", self.connection, what, len(data))

    def _device(self) -> _Open:
        return _Open(self.connection, self._timeout, self.paper)


class _Open:
    """A python-escpos device for one job: opened on entry, closed on exit."""

    def __init__(self, connection: Connection, timeout: float, paper: PaperProfile) -> None:
        self._connection = connection
        self._timeout = timeout
        self._paper = paper
        self._device: Any = None

    def __enter__(self) -> Any:
        kind = self._connection.kind
        if kind == "none":
            raise DeviceFailure("printer.none",
                                N_("No receipt printer is configured at this counter: the "
                                   "documents stay queued until one is (settings [printer])."),
                                detail="none")
        try:
            self._device = self._open(kind)
        except Exception as error:  # every transport has its own errors
            raise DeviceFailure("printer.offline",
                                N_("The receipt printer ({printer}) cannot be reached: check its "
                                   "power, paper and cable. The documents stay queued."),
                                detail=str(error), printer=str(self._connection)) from None
        return self._device

    def _open(self, kind: str) -> Any:
        from escpos.printer import Network, Serial, Usb

        target, profile = self._connection.target, self._paper.escpos_profile
        device: Any
        if kind == "file":
            return _AppendFile(Path(target).expanduser())
        if kind == "tcp":
            device = Network(target, self._connection.port, timeout=self._timeout,
                             profile=profile)
        elif kind == "serial":
            device = Serial(target, baudrate=self._connection.port, timeout=self._timeout,
                            dsrdtr=False, profile=profile)
        else:
            vendor, product = (int(part, 16) for part in target.split(":"))
            device = Usb(vendor, product, timeout=int(self._timeout * 1000), profile=profile)
        device.open()
        return device

    def __exit__(self, *exc: object) -> None:
        try:
            self._device.close()
        except Exception as error:
            log.debug("closing %s: %s", self._connection, error)


class _AppendFile:
    """A file or device the bytes are appended to (python-escpos's File truncates)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("ab")

    def _raw(self, data: bytes) -> None:
        self._file.write(data)
        self._file.flush()
        if self._file.name and Path(self._file.name).is_file():
            os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()


class PreviewPrinter:
    """The demo's printer: every document as a PNG (and its ESC/POS bytes) in a directory."""

    def __init__(self, directory: Path, paper: PaperProfile) -> None:
        self.connection = Connection("preview", str(directory))
        self.paper = paper
        self._directory = directory
        self._lock = threading.Lock()

    def describe(self) -> str:
        return f"{self.connection} ({self.paper.name})"

    def status(self) -> PrinterState:
        return PrinterState.READY

    def print(self, document: Document) -> None:
        from receipts.escpos import render
        from receipts.preview import as_image

        with self._lock:
            stem = self._next(document.kind.value)
            stem.with_suffix(".escpos").write_bytes(render(document, self.paper))
            as_image(document, self.paper).save(stem.with_suffix(".png"))
            log.info("printer preview: %s.png", stem)

    def open_drawer(self) -> None:
        log.info("printer preview: the cash drawer opens")

    def latest(self) -> Path | None:
        found = sorted(self._directory.glob("*.png"))
        return found[-1] if found else None

    def _next(self, kind: str) -> Path:
        self._directory.mkdir(parents=True, exist_ok=True)
        taken = [int(p.name[:5]) for p in self._directory.glob("*.escpos") if p.name[:5].isdigit()]
        return self._directory / f"{max(taken, default=0) + 1:05d}-{kind}"


def make_printer(connection: Connection, paper: PaperProfile, *, answers: bool | None = None,
                 drawer_pin: int = 2, timeout: float = 5.0) -> EscposPrinter | PreviewPrinter:
    if connection.kind == "preview":
        return PreviewPrinter(Path(connection.target).expanduser(), paper)
    return EscposPrinter(connection, paper, answers=answers, drawer_pin=drawer_pin,
                         timeout=timeout)


def _ask_status(device: Any) -> PrinterState:
    """``DLE EOT 1`` (printer), ``2`` (offline cause) and ``4`` (paper sensor), one byte each."""
    printer = _status_byte(device, 1)
    if not printer & 0x08:
        paper = _status_byte(device, 4)
        return PrinterState.PAPER_LOW if paper & 0x0C else PrinterState.READY
    cause = _status_byte(device, 2)
    if cause & 0x04:
        return PrinterState.COVER_OPEN
    if cause & 0x20:
        return PrinterState.PAPER_OUT
    return PrinterState.ERROR if cause & 0x40 else PrinterState.OFFLINE


def _status_byte(device: Any, n: int) -> int:
    try:
        _drain(device)
        device._raw(DLE_EOT + bytes([n]))
        reply = device._read()
    except (OSError, ValueError) as error:
        raise _silent(str(error)) from None
    if not reply:
        raise _silent("no answer to DLE EOT")
    byte = reply[-1]
    if byte & 0x93 != 0x12:  # fixed bits: 0xx1xx10
        raise _silent(f"not a status byte: {reply!r}")
    return int(byte)


def _drain(device: Any) -> None:
    """Forget bytes the printer sent unasked (a reply to a stray DLE EOT inside image data)."""
    sock = getattr(device, "device", None)
    if isinstance(sock, socket.socket):
        sock.setblocking(False)
        try:
            while sock.recv(64):
                pass
        except OSError:
            pass
        finally:
            sock.setblocking(True)
            sock.settimeout(getattr(device, "timeout", 5))


def _silent(detail: str) -> DeviceFailure:
    return DeviceFailure("printer.silent",
                         N_("The receipt printer does not answer. If it cannot report its status, "
                            "set answers = false in the [printer] settings."), detail=detail)


def _refusal(state: PrinterState) -> DeviceFailure:
    messages = {
        PrinterState.PAPER_OUT: N_("The receipt printer is out of paper: put in a new roll. "
                                   "The documents stay queued."),
        PrinterState.COVER_OPEN: N_("The receipt printer's cover is open: close it. The "
                                    "documents stay queued."),
    }
    return DeviceFailure(f"printer.{state.value}",
                         messages.get(state, N_("The receipt printer reports an error ({state}): "
                                                "check it. The documents stay queued.")),
                         detail=state.value, state=state.label)


def _lost(connection: Connection, error: object) -> DeviceFailure:
    return DeviceFailure("printer.lost",
                         N_("The receipt printer ({printer}) stopped during a print: part of it "
                            "may be on paper. It is printed again, marked as a copy, when the "
                            "printer is back."),
                         maybe_done=True, detail=str(error), printer=str(connection))
