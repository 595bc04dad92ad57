"""A real pcscd with the vpcd driver, for the test session (docs/card-readers.md "A real PC/SC
stack without hardware").

pcscd runs in the foreground with a config directory holding one vpcd entry; vpcd listens on
127.0.0.1:35963 for virtual cards and shows readers "Virtual PCD 00 00" and "… 00 01".  Only one
pcscd can run per machine (its socket is fixed under /run/pcscd), so it is started once per
session, stopped with SIGTERM and waited for — after SIGKILL a stale socket blocks a restart.
"""

from __future__ import annotations

import fcntl
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READER = "Virtual PCD 00 00"
LOCK = Path(tempfile.gettempdir()) / "gaspos-pcscd.lock"
CONFIG = """FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      {driver}
CHANNELID    0x8C7B
"""


def available() -> bool:
    return shutil.which("pcscd") is not None and VPCD_DRIVER.exists()


def _readers() -> list[str]:
    from smartcard.System import readers

    try:
        return [str(r) for r in readers()]
    except Exception:
        return []


@contextmanager
def running_pcscd() -> Iterator[None]:
    with _machine_lock(), _pcscd():
        yield


@contextmanager
def _machine_lock() -> Iterator[None]:
    """One test process at a time on the machine's pcscd: a second one fails at once and says
    why, rather than both failing later on each other's cards."""
    with LOCK.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(
                "another test process is using pcscd: with pytest-xdist every pcscd test must "
                "run on one worker (--dist loadgroup; pytest 9.2 breaks that grouping — see "
                "docs/development.md), and two test runs cannot share one machine") from None
        yield


@contextmanager
def _pcscd() -> Iterator[None]:
    if READER in _readers():  # a pcscd with vpcd is already up (a developer's machine)
        yield
        return
    directory = Path(tempfile.mkdtemp(prefix="gaspos-pcscd-"))
    (directory / "vpcd").write_text(CONFIG.format(driver=VPCD_DRIVER), encoding="utf-8")
    log = (directory / "pcscd.log").open("w")
    process = subprocess.Popen(["pcscd", "--foreground", "--config", str(directory)],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while READER not in _readers():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("pcscd did not start: " +
                                   (directory / "pcscd.log").read_text(errors="replace")[-2000:])
            time.sleep(0.05)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(directory, ignore_errors=True)


def wait_for_card(present: bool, reader: str = READER, timeout: float = 10.0) -> None:
    """Wait until pcscd has seen the card arrive (or leave) — a person never reinserts a card
    within the few hundred milliseconds pcscd takes to notice."""
    from smartcard.scard import (
        SCARD_S_SUCCESS,
        SCARD_SCOPE_USER,
        SCARD_STATE_PRESENT,
        SCARD_STATE_UNAWARE,
        SCardEstablishContext,
        SCardGetStatusChange,
        SCardReleaseContext,
    )

    _, context = SCardEstablishContext(SCARD_SCOPE_USER)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result, states = SCardGetStatusChange(context, 100, [(reader, SCARD_STATE_UNAWARE)])
            if result == SCARD_S_SUCCESS and bool(states[0][1] & SCARD_STATE_PRESENT) is present:
                return
            time.sleep(0.05)
        raise TimeoutError(f"pcscd did not see the card {'arrive' if present else 'leave'}")
    finally:
        SCardReleaseContext(context)
