"""The card side of the pseudo-APDUs: an SLE4442 chip behind an ACS reader, answering as the
chosen reader model does.  It serves the simulated reader in-process and the virtual card
through vpcd, so the host code meets the same bytes either way."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from drivers.cards.acs.models import PresentReply, ReaderModel
from drivers.virtual.sle4442 import PROTECTABLE, Sle4442

OK = b"\x90\x00"
WRONG_LENGTH = b"\x67\x00"
WRONG_PARAMETERS = b"\x6b\x00"
UNKNOWN_INSTRUCTION = b"\x6d\x00"
UNKNOWN_CLASS = b"\x6e\x00"
SLE4442_TYPE = 0x06


class Command(NamedTuple):
    p1: int
    p2: int  # the byte address for READ, WRITE and PROTECT
    lc: int  # length of data sent, or of data expected (READ)
    body: bytes


class AcsCardSide:
    def __init__(self, chip: Sle4442, model: ReaderModel,
                 on_change: Callable[[Sle4442], None] | None = None) -> None:
        self.chip = chip
        self.model = model
        self._on_change = on_change or (lambda _chip: None)
        self._selected = False

    def answer(self, apdu: bytes) -> bytes:
        """One command APDU in, response data + SW1 SW2 out; raises CardPulled mid-write."""
        if len(apdu) < 5:
            return WRONG_LENGTH
        cla, ins, p1, p2, lc = apdu[:5]
        body = apdu[5:]
        if cla != 0xFF:
            return UNKNOWN_CLASS
        handler = {0xA4: self._select, 0xB0: self._read, 0xB1: self._error_counter,
                   0xB2: self._protection, 0x20: self._present, 0xD0: self._write,
                   0xD1: self._protect, 0xD2: self._change_psc}.get(ins)
        if handler is None:
            return UNKNOWN_INSTRUCTION
        return handler(Command(p1, p2, lc, body))

    def _select(self, c: Command) -> bytes:
        if c.lc != 1 or c.body[:1] != bytes([SLE4442_TYPE]):
            return WRONG_PARAMETERS
        self.chip.power_on()
        self._selected = True
        return OK

    def _read(self, c: Command) -> bytes:
        count = c.lc or 256
        if c.p1 != 0 or c.p2 + count > 256:
            return WRONG_PARAMETERS
        data = self.chip.read(c.p2, count)
        if self.model.read_appends_protection and c.p2 < PROTECTABLE:
            data += self.chip.protection_bits()
        return data + OK

    def _error_counter(self, c: Command) -> bytes:
        return bytes([self.chip.error_counter(), 0, 0, 0])[: c.lc or 4] + OK

    def _protection(self, c: Command) -> bytes:
        return self.chip.protection_bits()[: c.lc or 4] + OK

    def _present(self, c: Command) -> bytes:
        if c.lc != 3 or len(c.body) != 3:
            return WRONG_LENGTH
        self.chip.present(c.body)
        self._on_change(self.chip)  # the error counter is on the card: it survives a pull
        counter = self.chip.error_counter()
        if self.model.present_reply is PresentReply.COUNTER_IN_SW2:
            return bytes([0x90, counter])
        code = c.body if counter == 0b111 else b"\x00\x00\x00"
        return bytes([counter]) + code + OK

    def _write(self, c: Command) -> bytes:
        if c.p1 != 0 or c.lc != len(c.body) or c.p2 + c.lc > 256:
            return WRONG_PARAMETERS
        try:
            self.chip.write(c.p2, c.body)
        finally:
            self._on_change(self.chip)  # a torn write stays on the card
        return OK

    def _protect(self, c: Command) -> bytes:
        if c.lc != len(c.body) or c.p2 + c.lc > PROTECTABLE:
            return WRONG_PARAMETERS
        self.chip.protect(c.p2, c.body)
        self._on_change(self.chip)
        return OK

    def _change_psc(self, c: Command) -> bytes:
        if c.lc != 3 or len(c.body) != 3:
            return WRONG_LENGTH
        self.chip.change_psc(c.body)
        self._on_change(self.chip)
        return OK
