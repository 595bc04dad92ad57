"""A serial (virtual COM) payment-code scanner at the demo counter: the code it sends on a pty
(socat) reaches the open payment dialog and the sale completes with no key pressed; a code
scanned with no payment open is dropped with a word in the status bar."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import serial
from pytestqt.qtbot import QtBot

from drivers.scanner.serial_scanner import ScannerWatch, SerialScanner
from pos.services.core.context import Services
from pos.ui.counter.payment_dialog import PaymentDialog, PayStep
from pos.ui.counter.window import CounterWindow
from tests.gui.test_counter_payments import WECHAT_CODE, sell_20
from tests.support.serial_pty import pty_pair


@pytest.fixture
def scanner_pty(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    with pty_pair(tmp_path / "pty") as pair:
        yield pair


@pytest.fixture
def demo_services(demo_services: Services, scanner_pty: tuple[Path, Path]) -> Services:
    """The demo stack with [scanner] port set to the app's end of the pty pair."""
    return dataclasses.replace(demo_services,
                               scanner=SerialScanner(str(scanner_pty[0]), retry=0.05))


@pytest.fixture
def scanner(qtbot: QtBot, counter: CounterWindow, scanner_pty: tuple[Path, Path]
            ) -> Iterator[Any]:
    """The scanner's end of the line, once the counter has its port open."""
    watch = counter.scans._watch  # the test waits for its port to be open
    assert isinstance(watch, ScannerWatch)
    qtbot.waitUntil(watch.opened.is_set, timeout=10_000)
    port = serial.Serial(str(scanner_pty[1]), timeout=1)
    yield port
    port.close()


def test_a_serial_scan_pays_in_the_open_dialog(qtbot: QtBot, counter: CounterWindow,
                                               scanner: Any) -> None:
    def pay(dialog: PaymentDialog) -> None:
        scanner.write(WECHAT_CODE.encode("ascii") + b"\r\n")
        scanner.flush()
        qtbot.waitUntil(lambda: dialog.step is PayStep.TAKING, timeout=10_000)

    sell_20(qtbot, counter, pay)
    assert counter.outcome is not None and counter.outcome.sale.channel == "wechat"


def test_a_serial_scan_with_no_payment_open_is_dropped(qtbot: QtBot, counter: CounterWindow,
                                                       scanner: Any) -> None:
    scanner.write(WECHAT_CODE.encode("ascii") + b"\r")
    scanner.flush()
    qtbot.waitUntil(lambda: "已忽略" in counter.status.currentMessage(), timeout=10_000)
    assert counter.outcome is None
