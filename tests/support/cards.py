"""Cards for tests: the demo-style key set, issuing and writing purchases through the real
profile on simulated cards (the sale issue's use cases will do this for real)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from drivers.cards.profiles.open_sle4442 import OpenSle4442
from drivers.virtual.simulated_reader import SimulatedReader
from pos.domain.cards.contents import CardRecord
from pos.domain.cards.keys import KeySet
from pos.domain.quantities import Volume

KEYS = KeySet("TEST", {1: hashlib.sha256(b"test master 1").digest(),
                       2: hashlib.sha256(b"test master 2").digest()}, 1,
              hashlib.sha256(b"test seal").digest())
PROFILE = OpenSle4442(lambda: KEYS)


def record(seq: int = 0, pending: str = "0", cumulative: str = "0", *,
           card_no: str = "IC0000000001", account_no: str = "370402000001",
           meter_no: str = "CH00000001", key_version: int = 1) -> CardRecord:
    return CardRecord(card_no, account_no, meter_no, seq, Volume.parse(pending),
                      Volume.parse(cumulative), key_version)


def issued_card(path: Path, first: CardRecord | None = None) -> Path:
    with SimulatedReader(path).session() as card:
        PROFILE.issue(card, first or record())
    return path


def write(path: Path, new: CardRecord) -> None:
    with SimulatedReader(path).session() as card:
        PROFILE.write_record(card, new)


def card_with_purchases(path: Path, purchases: int = 3, volume: str = "20") -> Path:
    """An issued card that has seen ``purchases`` purchases of ``volume`` m³ each."""
    issued_card(path)
    step = Volume.parse(volume)
    for seq in range(1, purchases + 1):
        write(path, record(seq, volume, str(Volume(step.hundredths * seq))))
    return path
