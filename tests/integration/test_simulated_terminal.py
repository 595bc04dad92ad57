"""The simulated bank-card terminal, the first ``gaspos.card_terminals`` plug-in: over a pty
pair (socat) to the simulated acquirer, framed with an LRC, as an acquirer's terminal protocol
is; and in process as the demo has it.  Both obey pos.domain.sale.card_terminal's contract."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import serial

from drivers.terminal.acquirer import AcquirerOnPort
from drivers.terminal.framing import ACK, NAK, frame, read_frame
from drivers.terminal.registry import card_terminal
from drivers.terminal.simulated import SimulatedTerminal
from pos.domain.errors import BadInput
from pos.domain.quantities import Money
from pos.domain.sale.card_terminal import CardTerminal
from pos.domain.sale.record import PaymentState
from tests.support.serial_pty import pty_pair


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    with pty_pair(tmp_path / "pty") as paths:
        yield paths


@pytest.fixture(params=["serial", "in-process"])
def terminal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CardTerminal]:
    if request.param == "in-process":
        yield card_terminal("simulated", port="", baudrate=9600)  # as [terminal] names it
        return
    with pty_pair(tmp_path / "pty") as (app, far):
        acquirer = AcquirerOnPort(str(far))
        try:
            yield SimulatedTerminal(port=str(app), answer_timeout=5, ack_timeout=2)
        finally:
            acquirer.stop()


def test_a_charge_answers_with_the_slips_numbers(terminal: CardTerminal) -> None:
    answer = terminal.charge(Money.parse("56.00"), "T0120261127093000")
    assert answer.state is PaymentState.CONFIRMED
    assert answer.terminal == "SIM00001" and answer.voucher == "000001"
    assert answer.reference is not None and len(answer.reference) == 12
    again = terminal.charge(Money.parse("56.00"), "T0120261127093000")
    assert again == answer  # the same order asked twice: charged once
    other = terminal.charge(Money.parse("12.00"), "T0120261127093100")
    assert other.voucher == "000002" and other.reference != answer.reference


def test_the_bank_declines_and_nothing_is_taken(terminal: CardTerminal) -> None:
    answer = terminal.charge(Money.parse("56.44"), "T0120261127093000")
    assert answer.state is PaymentState.DECLINED and answer.reference is None
    assert answer.detail == "51 insufficient funds"


def test_a_refund_of_a_charge_and_no_more(terminal: CardTerminal) -> None:
    charged = terminal.charge(Money.parse("56.00"), "T01")
    assert charged.reference is not None
    refund = terminal.refund(Money.parse("56.00"), "T01", charged.reference)
    assert refund.state is PaymentState.CONFIRMED and refund.reference == charged.reference
    again = terminal.refund(Money.parse("0.01"), "T01", charged.reference)
    assert again.state is PaymentState.DECLINED


def test_silence_on_the_line_is_unknown(pair: tuple[Path, Path]) -> None:
    """Nobody answers (the terminal is off): not declined — the clerk must look at it."""
    mute = SimulatedTerminal(port=str(pair[0]), answer_timeout=0.3, ack_timeout=0.3)
    answer = mute.charge(Money.parse("56.00"), "T01")
    assert answer.state is PaymentState.UNKNOWN and "acknowledge" in answer.detail


def test_the_frames_on_the_wire(pair: tuple[Path, Path]) -> None:
    """The acquirer's side of the protocol byte by byte: a damaged frame is NAKed, a good one
    ACKed and answered."""
    acquirer = AcquirerOnPort(str(pair[1]))
    port: Any = serial.Serial(str(pair[0]), timeout=2)
    try:
        damaged = bytearray(frame("C", "T01", "5600"))
        damaged[-1] ^= 0xFF
        port.write(bytes(damaged))
        assert port.read(1) == bytes([NAK])
        port.write(frame("C", "T01", "5600"))
        assert port.read(1) == bytes([ACK])
        assert read_frame(port) == ["A", "00", "880000000001", "SIM00001", "000001"]
        assert frame("A", "00") == b"\x02A|00\x03" + bytes([0x41 ^ 0x7C ^ 0x30 ^ 0x30 ^ 0x03])
    finally:
        port.close()
        acquirer.stop()


def test_a_kind_nobody_installed_is_refused_in_words() -> None:
    with pytest.raises(BadInput) as refused:
        card_terminal("acme-pos", port="", baudrate=9600)
    assert refused.value.code == "settings.terminal_kind"
