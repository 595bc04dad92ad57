"""The SLE4442 memory chip, modelled after its data sheet: one model for the simulated reader,
the virtual card and the meter simulator.

* 256 bytes of main memory; reads never need the PSC.
* Bytes 0–31 can be write-protected bit by bit, for ever; protecting a byte only succeeds when
  the data given equals the byte in memory (the chip compares).
* A 3-byte programmable security code (PSC) with an error counter of three tries: each
  presentation spends a try first; a correct PSC gives all three back; after three wrong ones
  the card is locked for ever.  Writes, protection and PSC changes need a correct PSC since the
  card was last powered on.
* A write to a protected byte, or without a correct PSC, silently does nothing (as on the real
  chip: the reader still answers 90 00) — so writers must read back and compare.
* Factory state: the ATR header A2 13 10 91 and manufacturer bytes in 0–7 (protected), the rest
  FF, PSC FF FF FF.

A card can be "pulled" after a number of written bytes (:class:`Pull`), leaving a torn write
exactly as a real card pulled mid-write would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from drivers.files import replace_file

SIZE = 256
PROTECTABLE = 32
ATR = bytes.fromhex("3B04A2131091")  # as ACS readers report an SLE4442 (3B 04 + chip header)
FACTORY_HEADER = bytes.fromhex("A2131091FFFF8115")
FACTORY_PSC = b"\xff\xff\xff"
FACTORY_PROTECTED = 8  # bytes 0–7 come protected from the factory


class CardPulled(Exception):
    """The card left the reader (or the meter) in the middle of a command."""


@dataclass
class Pull:
    """Fault injection: pull the card after ``after_bytes`` more bytes have been written —
    or, with ``power_cut``, cut the whole counter's power there (the process dies)."""

    after_bytes: int
    power_cut: bool = False
    fired: bool = False


@dataclass
class Sle4442:
    memory: bytearray = field(default_factory=lambda: bytearray(
        FACTORY_HEADER + b"\xff" * (SIZE - len(FACTORY_HEADER))))
    protected: list[bool] = field(default_factory=lambda: [
        i < FACTORY_PROTECTED for i in range(PROTECTABLE)])
    psc: bytes = FACTORY_PSC
    tries_left: int = 3
    authenticated: bool = False
    pull: Pull | None = None

    def power_on(self) -> None:
        self.authenticated = False

    # --- reading: always allowed -------------------------------------------------------
    def read(self, address: int, length: int) -> bytes:
        _check_range(address, length)
        return bytes(self.memory[address:address + length])

    def protection_bits(self) -> bytes:
        """Four bytes, bit i of byte i//8 (LSB first) is 1 while byte i is still writable."""
        value = sum(1 << i for i, p in enumerate(self.protected) if not p)
        return value.to_bytes(4, "little")

    def error_counter(self) -> int:
        """The counter as the chip shows it: 0b111 = three tries left, 0 = locked."""
        return (1 << self.tries_left) - 1

    # --- the security code ---------------------------------------------------------------
    def present(self, psc: bytes) -> bool:
        if self.tries_left == 0:
            return False
        self.tries_left -= 1  # the try is spent before the comparison, as on the chip
        if psc == self.psc:
            self.tries_left = 3
            self.authenticated = True
            return True
        self.authenticated = False
        return False

    def change_psc(self, new: bytes) -> None:
        if self.authenticated and len(new) == 3:
            self.psc = bytes(new)

    # --- writing: needs the PSC ------------------------------------------------------------
    def write(self, address: int, data: bytes) -> None:
        _check_range(address, len(data))
        if not self.authenticated:
            return
        for offset, value in enumerate(data):
            self._tick()
            where = address + offset
            if where < PROTECTABLE and self.protected[where]:
                continue
            self.memory[where] = value

    def protect(self, address: int, data: bytes) -> None:
        _check_range(address, len(data))
        if not self.authenticated or address + len(data) > PROTECTABLE:
            return
        for offset, value in enumerate(data):
            if self.memory[address + offset] == value:
                self.protected[address + offset] = True

    def _tick(self) -> None:
        if self.pull is None or self.pull.fired:
            return
        if self.pull.after_bytes <= 0:
            self.pull.fired = True
            power_cut, self.pull = self.pull.power_cut, None
            raise CardPulled(power_cut)
        self.pull.after_bytes -= 1

    # --- a card as files: PATH (256 bytes) and PATH.state.json -----------------------------
    @classmethod
    def load(cls, path: Path) -> Sle4442:
        """The card at ``path``; a path that does not exist yet is a new blank card."""
        if not path.exists():
            return cls()
        memory = path.read_bytes()
        if len(memory) != SIZE:
            raise ValueError(f"{path} holds {len(memory)} bytes, not an SLE4442's {SIZE}")
        state_path = state_file(path)
        state = json.loads(state_path.read_text("utf-8")) if state_path.exists() else {}
        protected = [i < FACTORY_PROTECTED for i in range(PROTECTABLE)]
        if "protected" in state:
            protected = [i in set(state["protected"]) for i in range(PROTECTABLE)]
        return cls(bytearray(memory), protected, bytes.fromhex(state.get("psc", "ffffff")),
                   int(state.get("tries_left", 3)))

    def save(self, path: Path) -> None:
        """Write the image and its security state, each replaced atomically."""
        self.save_changes(path, None)

    def save_changes(self, path: Path, saved: tuple[bytes, bytes] | None
                     ) -> tuple[bytes, bytes]:
        """As :meth:`save`, but a file that already holds what ``saved`` says (what the last
        save wrote) is not rewritten.  Returns what the files now hold."""
        files = self.files()
        if saved is None or files[0] != saved[0]:
            replace_file(path, files[0])
        if saved is None or files[1] != saved[1]:
            replace_file(state_file(path), files[1])
        return files

    def files(self) -> tuple[bytes, bytes]:
        """The image and the security state, as their files hold them."""
        state = {"psc": self.psc.hex(), "tries_left": self.tries_left,
                 "protected": [i for i, p in enumerate(self.protected) if p]}
        return bytes(self.memory), json.dumps(state, indent=1).encode()


def state_file(path: Path) -> Path:
    return path.with_name(path.name + ".state.json")


def _check_range(address: int, length: int) -> None:
    if address < 0 or length < 0 or address + length > SIZE:
        raise IndexError(f"bytes {address}..{address + length} are outside the card")

