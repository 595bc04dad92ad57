"""The simulated bank-card terminal: the first plug-in of ``gaspos.card_terminals``.

With ``[terminal] port`` empty (the demo) it asks an in-process simulated acquirer
(drivers.terminal.acquirer); with a port it speaks the framed line protocol of
drivers.terminal.framing to whatever answers there — the simulated acquirer at the other end
of a pty pair in the tests, or a terminal speaking the same frames.  Either way it obeys the
contract of pos.domain.sale.card_terminal: approved → CONFIRMED with the slip's reference,
terminal and voucher; a bank's refusal → DECLINED with its code; silence or a broken line →
UNKNOWN (the clerk looks at the terminal itself).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

import serial

from drivers.terminal.acquirer import Acquirer
from drivers.terminal.framing import ACK, APPROVED, FrameError, frame, read_ack, read_frame
from pos.domain.quantities import Money
from pos.domain.sale.card_terminal import TerminalAnswer
from pos.domain.sale.record import PaymentState

log = logging.getLogger("gaspos.terminal")

SENDS = 3  # a frame NAKed is sent again, this many times in all
ACK_TIMEOUT = 2.0  # seconds for the terminal to acknowledge a frame


class SimulatedTerminal:
    def __init__(self, *, port: str = "", baudrate: int = 9600,
                 answer_timeout: float = 90.0, ack_timeout: float = ACK_TIMEOUT) -> None:
        self.port, self.baudrate, self.answer_timeout = port, baudrate, answer_timeout
        self.ack_timeout = ack_timeout
        self._acquirer = None if port else Acquirer()
        self._lock = threading.Lock()  # one conversation at a time

    def describe(self) -> str:
        where = f"on {self.port} at {self.baudrate} baud" if self.port else "in process"
        return f"simulated bank-card terminal {where}"

    def charge(self, amount: Money, order_no: str) -> TerminalAnswer:
        return self._ask("C", order_no, str(amount.fen))

    def refund(self, amount: Money, order_no: str, reference: str) -> TerminalAnswer:
        return self._ask("R", order_no, str(amount.fen), reference)

    def _ask(self, *fields: str) -> TerminalAnswer:
        with self._lock:
            if self._acquirer is not None:
                return _answer(list(self._acquirer.answer(list(fields))))
            try:
                return _answer(self._over_the_line(fields))
            except (FrameError, OSError, ValueError, serial.SerialException) as error:
                log.warning("terminal %s: %s", self.port, error)
                return TerminalAnswer(PaymentState.UNKNOWN, detail=str(error))

    def _over_the_line(self, fields: tuple[str, ...]) -> list[str]:
        port: Any = serial.serial_for_url(self.port, baudrate=self.baudrate,
                                          timeout=self.ack_timeout)
        try:
            for _attempt in range(SENDS):
                port.write(frame(*fields))
                port.flush()
                if read_ack(port):
                    break
            else:
                raise FrameError("the terminal refused the frame")
            port.timeout = self.answer_timeout  # the customer presents the card, the PIN
            answer = read_frame(port)
            if answer is None:  # the slip's numbers garbled: the terminal's display says
                raise FrameError("the terminal's answer was damaged")
            port.write(bytes([ACK]))
            port.flush()
            return answer
        finally:
            with contextlib.suppress(OSError, serial.SerialException):
                port.close()


def _answer(fields: list[str]) -> TerminalAnswer:
    match fields:
        case ["A", code, reference, terminal, voucher] if code == APPROVED:
            return TerminalAnswer(PaymentState.CONFIRMED, reference, terminal, voucher)
        case ["A", code, _, _, text]:
            return TerminalAnswer(PaymentState.DECLINED, detail=f"{code} {text}".strip())
        case _:
            return TerminalAnswer(PaymentState.UNKNOWN, detail="|".join(fields))
