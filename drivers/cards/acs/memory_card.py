"""The host side: a memory card reached through an ACS reader's pseudo-APDUs.

Rules the code keeps whatever the caller asks (docs/card-readers.md): it never guesses a PSC, reads
the error counter before presenting one, never spends the last try (it presents only with at
least two tries left, and logs a warning with exactly two), and never writes without reading
back and comparing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from drivers.cards.acs.models import PresentReply, ReaderModel
from pos.domain.cards.contents import (
    card_locked,
    psc_tries_low,
    reader_error,
    write_not_verified,
    wrong_psc,
)

log = logging.getLogger("gaspos.cards")

Transmit = Callable[[bytes], tuple[bytes, int, int]]
CHUNK = 128  # bytes per READ or WRITE command
SW_OK = (0x90, 0x00)


class AcsMemoryCard:
    def __init__(self, transmit: Transmit, model: ReaderModel, reader_name: str = "") -> None:
        self._transmit = transmit
        self.model = model
        self.reader_name = reader_name

    def select_sle4442(self) -> None:
        self._command(bytes.fromhex("FFA4000001") + b"\x06")

    def read(self, address: int, length: int) -> bytes:
        out = bytearray()
        for start in range(address, address + length, CHUNK):
            count = min(CHUNK, address + length - start)
            data = self._command(bytes([0xFF, 0xB0, 0x00, start, count]))
            if self.model.read_appends_protection and start < 32 and len(data) == count + 4:
                data = data[:count]
            if len(data) != count:
                raise reader_error(f"read {count} bytes, got {len(data)}")
            out += data
        return bytes(out)

    def tries_left(self) -> int:
        counter = self._command(bytes.fromhex("FFB1000004"))[:1]
        return bin(counter[0] & 0b111).count("1") if counter else 0

    def present_psc(self, psc: bytes) -> None:
        tries = self.tries_left()
        if tries == 0:
            raise card_locked()
        if tries < 2:
            log.warning("card in %s has %d PSC try left; not presenting", self.reader_name, tries)
            raise psc_tries_low(tries)
        if tries == 2:
            log.warning("card in %s shows a spent PSC try: someone tried a wrong code",
                        self.reader_name)
        data, sw1, sw2 = self._transmit(bytes.fromhex("FF20000003") + psc)
        if self.model.present_reply is PresentReply.COUNTER_IN_SW2:
            if sw1 != 0x90:
                raise reader_error(f"{sw1:02X} {sw2:02X}")
            counter = sw2
        else:
            if (sw1, sw2) != SW_OK or not data:
                raise reader_error(f"{sw1:02X} {sw2:02X}")
            counter = data[0]
        left = bin(counter & 0b111).count("1")
        if left != 3:
            log.warning("card in %s refused the PSC; %d tries left", self.reader_name, left)
            raise wrong_psc(left)

    def write(self, address: int, data: bytes) -> None:
        """Write, then read back and compare."""
        for start in range(0, len(data), CHUNK):
            chunk = data[start:start + CHUNK]
            self._command(bytes([0xFF, 0xD0, 0x00, address + start, len(chunk)]) + chunk)
        back = self.read(address, len(data))
        if back != data:
            first = next(i for i, (a, b) in enumerate(zip(back, data, strict=True)) if a != b)
            raise write_not_verified(address + first)

    def protection(self) -> list[bool]:
        """For bytes 0–31: True where the byte is write-protected for ever."""
        bits = int.from_bytes(self._command(bytes.fromhex("FFB2000004"))[:4], "little")
        return [not (bits >> i) & 1 for i in range(32)]

    def protect(self, address: int, data: bytes) -> None:
        self._command(bytes([0xFF, 0xD1, 0x00, address, len(data)]) + data)
        if not all(self.protection()[address:address + len(data)]):
            raise write_not_verified(address)

    def change_psc(self, new: bytes) -> None:
        self._command(bytes.fromhex("FFD2000103") + new)

    def _command(self, apdu: bytes) -> bytes:
        data, sw1, sw2 = self._transmit(apdu)
        if (sw1, sw2) != SW_OK:
            raise reader_error(f"{sw1:02X} {sw2:02X}")
        return data
