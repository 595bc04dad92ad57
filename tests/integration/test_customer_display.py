"""The customer display driver against a real pty pair (socat): the exact bytes a pole display
receives, refused numbers, an unplugged and replugged display, and pyserial URLs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import serial

from drivers.display.pole import NoDisplay, PoleDisplay
from pos.domain.devices import DeviceFailure, DisplayLamp
from tests.support.serial_pty import DisplayReader, pty_pair


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    with pty_pair(tmp_path / "pty") as paths:
        yield paths


@pytest.fixture
def reader(pair: tuple[Path, Path]) -> Iterator[DisplayReader]:
    with DisplayReader(pair[1]) as opened:
        yield opened


@pytest.fixture
def display(pair: tuple[Path, Path]) -> Iterator[PoleDisplay]:
    pole = PoleDisplay(str(pair[0]))
    yield pole
    pole.close()


def assert_received(reader: DisplayReader, expected: bytes) -> None:
    assert reader.read(len(expected)) == expected
    assert reader.rest() == b""


def test_a_total_is_its_lamp_then_the_number(display: PoleDisplay,
                                             reader: DisplayReader) -> None:
    display.show(DisplayLamp.TOTAL, "1288.00")
    assert_received(reader, b"\x1bs2\x1bQA1288.00\r")


@pytest.mark.parametrize(("lamp", "digit"), [
    (DisplayLamp.OFF, b"0"), (DisplayLamp.PRICE, b"1"), (DisplayLamp.TOTAL, b"2"),
    (DisplayLamp.RECEIVED, b"3"), (DisplayLamp.CHANGE, b"4"),
])
def test_each_lamp(display: PoleDisplay, reader: DisplayReader, lamp: DisplayLamp,
                   digit: bytes) -> None:
    display.show(lamp, "2.80")
    assert_received(reader, b"\x1bs" + digit + b"\x1bQA2.80\r")


def test_clear_blanks_the_number_and_puts_the_lamps_out(display: PoleDisplay,
                                                        reader: DisplayReader) -> None:
    display.clear()
    assert_received(reader, b"\x0c\x1bs0")


def test_reset(display: PoleDisplay, reader: DisplayReader) -> None:
    display.reset()
    assert_received(reader, b"\x1b@")


def test_a_sale_in_order(display: PoleDisplay, reader: DisplayReader) -> None:
    display.reset()
    display.show(DisplayLamp.PRICE, "2.80")
    display.show(DisplayLamp.TOTAL, "56.00")
    display.show(DisplayLamp.RECEIVED, "100")
    display.show(DisplayLamp.CHANGE, "44.00")
    display.clear()
    assert_received(reader, b"\x1b@" b"\x1bs1\x1bQA2.80\r" b"\x1bs2\x1bQA56.00\r"
                            b"\x1bs3\x1bQA100\r" b"\x1bs4\x1bQA44.00\r" b"\x0c\x1bs0")


@pytest.mark.parametrize("text", [
    "", ".", ".5", "5.", "12.3.4", "-5", "+5", "1,288.00", "12a", " 12", "12 ", "12\n",
    "１２", "١٢", "1e3",
])
def test_a_malformed_number_is_refused_and_nothing_is_sent(
        display: PoleDisplay, reader: DisplayReader, text: str) -> None:
    with pytest.raises(DeviceFailure) as refused:
        display.show(DisplayLamp.TOTAL, text)
    assert refused.value.code == "display.not_a_number"
    assert reader.rest() == b""


@pytest.mark.parametrize("text", ["123456789", "1234567.89", "000000000", "99999999.9"])
def test_a_number_too_long_is_refused_not_truncated(display: PoleDisplay,
                                                    reader: DisplayReader, text: str) -> None:
    with pytest.raises(DeviceFailure) as refused:
        display.show(DisplayLamp.TOTAL, text)
    assert refused.value.code == "display.too_long"
    assert "8 digits" in refused.value.render("en")
    assert reader.rest() == b""


@pytest.mark.parametrize("text", ["12345678", "123456.78", "0.00"])
def test_eight_digits_fit_the_dot_takes_no_place(display: PoleDisplay, reader: DisplayReader,
                                                 text: str) -> None:
    display.show(DisplayLamp.TOTAL, text)
    assert_received(reader, b"\x1bs2\x1bQA" + text.encode() + b"\r")


def test_the_width_follows_the_display(pair: tuple[Path, Path], reader: DisplayReader) -> None:
    narrow = PoleDisplay(str(pair[0]), digits=6)
    try:
        with pytest.raises(DeviceFailure):
            narrow.show(DisplayLamp.TOTAL, "12345.67")
        narrow.show(DisplayLamp.TOTAL, "1234.56")
    finally:
        narrow.close()
    assert_received(reader, b"\x1bs2\x1bQA1234.56\r")


def test_unplugged_then_plugged_back_in(tmp_path: Path) -> None:
    where = tmp_path / "pty"
    with pty_pair(where) as (app, end), DisplayReader(end) as reader:
        pole = PoleDisplay(str(app))
        pole.show(DisplayLamp.TOTAL, "10.00")
        assert_received(reader, b"\x1bs2\x1bQA10.00\r")
    # socat is gone: the port the driver holds is dead, and its path is gone too
    for _ in range(2):
        with pytest.raises(DeviceFailure) as unplugged:
            pole.show(DisplayLamp.TOTAL, "20.00")
        assert unplugged.value.code == "display.unavailable"
        assert unplugged.value.detail
    with pty_pair(where) as (again, end), DisplayReader(end) as reader:
        assert again == app
        pole.show(DisplayLamp.TOTAL, "30.00")
        assert_received(reader, b"\x1bs2\x1bQA30.00\r")
    pole.close()


def test_a_port_that_does_not_exist(tmp_path: Path) -> None:
    missing = str(tmp_path / "ttyUSB9")
    pole = PoleDisplay(missing)  # nothing is opened yet
    with pytest.raises(DeviceFailure) as failed:
        pole.clear()
    error = failed.value
    assert error.code == "display.unavailable"
    assert not error.maybe_done
    assert error.detail
    assert missing in error.render("en")
    assert "selling goes on without it" in error.render("en")
    assert error.__cause__ is None
    assert error.__suppress_context__


def test_the_port_is_held_exclusively(pair: tuple[Path, Path], display: PoleDisplay,
                                      reader: DisplayReader) -> None:
    display.reset()
    other = PoleDisplay(str(pair[0]))
    with pytest.raises(DeviceFailure) as busy:
        other.reset()
    assert busy.value.code == "display.unavailable"
    display.close()
    other.reset()
    other.close()
    assert_received(reader, b"\x1b@\x1b@")


def test_threads_never_interleave_commands(display: PoleDisplay, reader: DisplayReader) -> None:
    rounds = 50

    def sell(lamp: DisplayLamp, text: str) -> None:
        for _ in range(rounds):
            display.show(lamp, text)

    threads = [threading.Thread(target=sell, args=(DisplayLamp.TOTAL, "1288.00")),
               threading.Thread(target=sell, args=(DisplayLamp.CHANGE, "12.00"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total, change = b"\x1bs2\x1bQA1288.00\r", b"\x1bs4\x1bQA12.00\r"
    received = reader.read(rounds * (len(total) + len(change))) + reader.rest()
    commands = [part + b"\r" for part in received.split(b"\r")[:-1]]
    assert sorted(commands) == sorted([total] * rounds + [change] * rounds)


def test_no_display_does_nothing(reader: DisplayReader) -> None:
    none = NoDisplay()
    none.reset()
    none.show(DisplayLamp.TOTAL, "1288.00")
    none.show(DisplayLamp.TOTAL, "not a number at all")
    none.clear()
    none.close()
    assert none.describe() == "no customer display"
    assert reader.rest() == b""


def test_describe() -> None:
    assert PoleDisplay("/dev/ttyUSB0").describe() == "pole display on /dev/ttyUSB0 at 2400 baud"
    assert PoleDisplay("COM3", baudrate=9600).describe() == "pole display on COM3 at 9600 baud"


def test_a_pyserial_loop_url(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []
    real = serial.serial_for_url

    def recording(*args: Any, **kwargs: Any) -> Any:
        port = real(*args, **kwargs)
        opened.append(port)
        return port

    monkeypatch.setattr(serial, "serial_for_url", recording)
    pole = PoleDisplay("loop://", timeout=0.5)
    pole.show(DisplayLamp.RECEIVED, "100.00")
    pole.clear()
    [port] = opened  # opened once, on first use, and kept
    assert (port.baudrate, port.bytesize, port.parity, port.stopbits) == (2400, 8, "N", 1)
    assert port.read(64) == b"\x1bs3\x1bQA100.00\r\x0c\x1bs0"
    pole.close()
    assert not port.is_open
    pole.reset()  # opened again after close
    assert len(opened) == 2
    assert opened[1].read(2) == b"\x1b@"
    pole.close()


def test_a_pyserial_spy_url_records_the_traffic(pair: tuple[Path, Path], reader: DisplayReader,
                                               tmp_path: Path) -> None:
    log = tmp_path / "spy.log"
    pole = PoleDisplay(f"spy://{pair[0]}?file={log}")
    pole.show(DisplayLamp.TOTAL, "1288.00")
    pole.close()
    assert_received(reader, b"\x1bs2\x1bQA1288.00\r")
    assert "1B 73 32 1B 51 41" in log.read_text()
