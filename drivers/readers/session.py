"""One card in one reader, from power-on to power-off: what card profiles work with."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.acs.memory_card import AcsMemoryCard, Transmit
from drivers.acs.models import ReaderModel


@dataclass
class ReaderSession:
    reader_name: str
    atr: bytes
    transmit: Transmit
    model: ReaderModel

    def memory_card(self) -> AcsMemoryCard:
        return AcsMemoryCard(self.transmit, self.model, self.reader_name)
