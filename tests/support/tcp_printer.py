"""A network receipt printer on the loopback: it takes ESC/POS bytes on a TCP port as a real one
does on 9100, answers ``DLE EOT`` status requests in real time (ready, out of paper, cover
open), keeps what each connection sent, and can be switched off — also in the middle of a job,
after a given number of bytes, the way a printer whose plug is pulled drops its connection.
"""

from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

READY = {1: 0x12, 2: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x72}  # offline, because the paper ran out
COVER_OPEN = {1: 0x1A, 2: 0x16, 4: 0x12}


@dataclass
class Connection:
    received: bytearray = field(default_factory=bytearray)


class LoopbackPrinter:
    def __init__(self, port: int = 0, *, die_after: int | None = None) -> None:
        self.status = dict(READY)
        self.die_after = die_after  # bytes of one connection, then the power goes
        self.connections: list[Connection] = []
        self._port = port
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def port(self) -> int:
        return self._port

    @property
    def spec(self) -> str:
        return f"tcp:127.0.0.1:{self._port}"

    def received(self) -> bytes:
        """Everything sent to the printer, over every connection, in order."""
        return b"".join(bytes(c.received) for c in self.connections)

    def start(self) -> Self:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._port))
        listener.listen(4)
        listener.settimeout(0.1)
        self._port = listener.getsockname()[1]
        self._listener = listener
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="loopback-printer",
                                        daemon=True)
        self._thread.start()
        return self

    def power_off(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._listener is not None:
            self._listener.close()
        self._listener = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.power_off()

    def _serve(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with client:
                if not self._talk(client):
                    self._die()
                    return

    def _talk(self, client: socket.socket) -> bool:
        """One connection; False when the power went in the middle of it."""
        connection = Connection()
        self.connections.append(connection)
        client.settimeout(0.1)
        tail = b""
        while not self._stop.is_set():
            try:
                chunk = client.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return True
            if not chunk:
                return True
            if self.die_after is not None and len(connection.received) + len(chunk) >= (
                    self.die_after):
                connection.received += chunk[:self.die_after - len(connection.received)]
                _reset(client)
                return False
            connection.received += chunk
            tail = self._answer(client, tail + chunk)
        return True

    def _answer(self, client: socket.socket, data: bytes) -> bytes:
        """Answer every complete ``DLE EOT n`` at once (a real-time command); keep a partial
        one for the next chunk."""
        start = 0
        while (found := data.find(b"\x10\x04", start)) != -1:
            if found + 2 >= len(data):
                return data[found:]
            n = data[found + 2]
            if n in self.status:
                client.sendall(bytes([self.status[n]]))
            start = found + 3
        return data[-1:] if data.endswith(b"\x10") else b""

    def _die(self) -> None:
        if self._listener is not None:
            self._listener.close()
        self._listener = None


def _reset(client: socket.socket) -> None:
    """Drop the connection the hard way (RST), as a printer losing power does."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
