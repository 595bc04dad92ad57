"""A pair of linked ptys from socat, for serial devices (docs/receipts.md "The customer display").

``pty_pair(directory)`` runs ``socat pty,raw,echo=0,link=DIR/app pty,raw,echo=0,link=DIR/display``:
the app opens ``DIR/app`` as its serial port and a :class:`DisplayReader` on ``DIR/display``
sees every byte the app sends.  Leaving the block stops socat (SIGTERM: socat removes its
links), which is what an unplugged device looks like; a new pair on the same directory is the
device plugged back in.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import serial

from tests.support.stacks import missing

START_TIMEOUT = 10.0


@contextmanager
def pty_pair(directory: Path | None = None) -> Iterator[tuple[Path, Path]]:
    """Yield ``(app_path, display_path)`` while socat links them; stop socat afterwards."""
    if shutil.which("socat") is None:
        missing("socat (Debian package socat)")
    with _directory(directory) as where:
        app, display = where / "app", where / "display"
        for link in (app, display):
            link.unlink(missing_ok=True)  # left behind by a socat that was SIGKILLed
        log_path = where / "socat.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                ["socat", "-d", "-d", f"pty,raw,echo=0,link={app}",
                 f"pty,raw,echo=0,link={display}"],
                stdout=subprocess.DEVNULL, stderr=log)
            try:
                _wait_for_links(process, (app, display), log_path)
                yield app, display
            finally:
                _stop(process)


@contextmanager
def _directory(directory: Path | None) -> Iterator[Path]:
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        yield directory
        return
    temporary = Path(tempfile.mkdtemp(prefix="gaspos-pty-"))
    try:
        yield temporary
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _wait_for_links(process: subprocess.Popen[bytes], links: tuple[Path, ...],
                    log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not all(link.exists() for link in links):
        if process.poll() is not None:
            raise RuntimeError(f"socat exited ({process.returncode}): {_tail(log_path)}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"socat made no ptys within {START_TIMEOUT} s: {_tail(log_path)}")
        time.sleep(0.01)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(log_path: Path) -> str:
    return log_path.read_text("utf-8", errors="replace")[-2000:]


class DisplayReader:
    """The device's end of the pair: reads what the app sent, for exact assertions."""

    def __init__(self, path: Path, timeout: float = 2.0) -> None:
        self._port: Any = serial.Serial(str(path), timeout=timeout)

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes: fewer only if they do not come within the timeout."""
        return bytes(self._port.read(size))

    def rest(self, quiet: float = 0.2) -> bytes:
        """Whatever else arrives until the line stays quiet for ``quiet`` seconds."""
        received = bytearray()
        timeout, self._port.timeout = self._port.timeout, quiet
        try:
            while chunk := self._port.read(256):
                received += chunk
        finally:
            self._port.timeout = timeout
        return bytes(received)

    def close(self) -> None:
        self._port.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
