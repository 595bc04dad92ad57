"""A virtual card for vpcd: the SLE4442 chip behind the ACS pseudo-APDU front, connected to
pcscd's vpcd driver, so pyscard talks to it through the real PC/SC stack as to a real reader.

The vpcd protocol (vsmartcard): the card is a TCP client of vpcd (127.0.0.1:35963 by default);
connected means inserted, closed means removed.  Every message either way is a 2-byte big-endian
length and a payload.  A 1-byte payload from vpcd is control — 0 power off, 1 power on, 2 reset,
4 "send your ATR" (only 4 expects an answer) — anything longer is a command APDU, answered with
response data + SW1 SW2.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time
from pathlib import Path

from drivers.cards.acs.card_side import AcsCardSide
from drivers.cards.acs.models import DEFAULT, ReaderModel
from drivers.virtual.sle4442 import ATR, CardPulled, Pull, Sle4442

log = logging.getLogger("gaspos.vpcd")

VPCD_PORT = 35963
# vpcd polls for its card every few hundred milliseconds; a card that comes back sooner after
# leaving (faster than any hand) is not noticed, so an insert waits out this gap.
REINSERT_GAP = 1.0
_left_at: dict[tuple[str, int], float] = {}  # per vpcd reader slot: when its last card left
POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


class VirtualCard:
    def __init__(self, path: Path, model: ReaderModel = DEFAULT, host: str = "127.0.0.1",
                 port: int = VPCD_PORT) -> None:
        self.path = path
        self.model = model
        self._address = (host, port)
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._pull: Pull | None = None
        self.pulled = threading.Event()

    @property
    def inserted(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def insert(self, timeout: float = 5.0) -> None:
        """Put the card in the reader: connect to vpcd and answer it until removed."""
        if self.inserted:
            return
        left = _left_at.get(self._address, 0.0)
        time.sleep(max(0.0, left + REINSERT_GAP - time.monotonic()))
        chip = Sle4442.load(self.path)
        chip.pull, self._pull = self._pull, None
        self.pulled.clear()
        connection = socket.create_connection(self._address, timeout=timeout)
        connection.settimeout(None)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = connection
        side = AcsCardSide(chip, self.model, on_change=lambda c: c.save(self.path))
        self._thread = threading.Thread(target=self._serve, args=(connection, side),
                                        name="virtual-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Take the card out of the reader."""
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)
            self._socket.close()
        if self._thread is not None:
            self._thread.join(5)
            _left_at[self._address] = time.monotonic()
        self._socket = self._thread = None

    def pull_after(self, written_bytes: int) -> None:
        """Fault injection: at the next insert, leave after so many bytes have been written."""
        self._pull = Pull(written_bytes)

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _serve(self, connection: socket.socket, side: AcsCardSide) -> None:
        try:
            while True:
                payload = _receive(connection)
                if len(payload) == 1:
                    if payload[0] == GET_ATR:
                        _send(connection, ATR)
                    elif payload[0] in (POWER_ON, RESET):
                        side.chip.power_on()
                    continue
                try:
                    _send(connection, side.answer(payload))
                except CardPulled:
                    log.info("virtual card %s pulled mid-write", self.path)
                    _left_at[self._address] = time.monotonic()
                    self.pulled.set()
                    return
        except (OSError, EOFError):
            return
        finally:
            connection.close()


def _receive(connection: socket.socket) -> bytes:
    (length,) = struct.unpack(">H", _exactly(connection, 2))
    return _exactly(connection, length)


def _exactly(connection: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        if hasattr(socket, "TCP_QUICKACK"):  # answer vpcd's split writes without delay
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _send(connection: socket.socket, payload: bytes) -> None:
    connection.sendall(struct.pack(">H", len(payload)) + payload)
