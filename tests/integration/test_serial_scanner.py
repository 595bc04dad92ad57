"""The serial payment-code scanner against a real pty pair (socat): each line it sends is one
code, whatever the line ending; noise is dropped; a scanner plugged in after the counter
started is read once it appears (docs/payments.md "At the counter")."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import serial

from drivers.scanner.serial_scanner import ScannerWatch, SerialScanner
from tests.support.serial_pty import pty_pair

WAIT = 5.0


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    with pty_pair(tmp_path / "pty") as paths:
        yield paths


@pytest.fixture
def codes() -> queue.Queue[str]:
    return queue.Queue()


@pytest.fixture
def watching(pair: tuple[Path, Path], codes: queue.Queue[str]) -> Iterator[ScannerWatch]:
    watch = SerialScanner(str(pair[0]), retry=0.05).watch(codes.put)
    assert watch.opened.wait(WAIT)
    yield watch
    watch.stop()


@pytest.fixture
def device(pair: tuple[Path, Path]) -> Iterator[Any]:
    port = serial.Serial(str(pair[1]), timeout=1)
    yield port
    port.close()


def test_each_line_is_a_code_whatever_its_ending(watching: ScannerWatch, device: Any,
                                                 codes: queue.Queue[str]) -> None:
    device.write(b"134567890123454321\r287654321098765432\n" b"134567890123450000\r\n")
    device.flush()
    assert [codes.get(timeout=WAIT) for _ in range(3)] == [
        "134567890123454321", "287654321098765432", "134567890123450000"]


def test_a_code_in_pieces_is_one_code_and_noise_is_dropped(
        watching: ScannerWatch, device: Any, codes: queue.Queue[str]) -> None:
    for piece in (b"\r\n  \r\n1345678", b"9012345\x00\xff4321", b"\r"):
        device.write(piece)
        device.flush()
    assert codes.get(timeout=WAIT) == "134567890123454321"
    assert codes.empty()


def test_a_scanner_plugged_in_later_is_read(tmp_path: Path, codes: queue.Queue[str]) -> None:
    where = tmp_path / "late"
    watch = SerialScanner(str(where / "app"), retry=0.05).watch(codes.put)
    try:
        assert not watch.opened.is_set()  # nothing there yet: it keeps trying
        with pty_pair(where) as (_app, scanner_end):
            assert watch.opened.wait(WAIT)
            with serial.Serial(str(scanner_end), timeout=1) as device:
                device.write(b"134567890123454321\r\n")
                device.flush()
                assert codes.get(timeout=WAIT) == "134567890123454321"
    finally:
        watch.stop()
