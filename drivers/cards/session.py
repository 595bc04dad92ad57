"""One card in one reader, from power-on to power-off: what card profiles work with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from drivers.cards.acs.memory_card import AcsMemoryCard, Transmit
from drivers.cards.acs.models import ReaderModel


@dataclass
class ReaderSession:
    reader_name: str
    read_atr: Callable[[], bytes]  # asked only when needed: on PC/SC it is a round trip
    transmit: Transmit
    model: ReaderModel

    @cached_property
    def atr(self) -> bytes:
        return self.read_atr()

    def memory_card(self) -> AcsMemoryCard:
        return AcsMemoryCard(self.transmit, self.model, self.reader_name)
