"""The counter's card station: readers by name, card profiles, and offline card images.

A reader is named ``sim:PATH`` (a simulated SLE4442 card in a file), ``pcsc[:PATTERN]`` (a
PC/SC reader whose name matches PATTERN; without one, the configured pattern) or ``demo`` (the
demo counter's slot, drivers/virtual/demo_slot.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from drivers.cards import pcsc
from drivers.cards.acs import models
from drivers.cards.acs.card_side import AcsCardSide
from drivers.cards.pcsc_events import PcscWatcher
from drivers.cards.profiles.registry import Profiles
from drivers.cards.session import ReaderSession
from drivers.virtual.demo_slot import NAME as DEMO
from drivers.virtual.demo_slot import DemoSlot
from drivers.virtual.simulated_reader import SimulatedReader
from drivers.virtual.sle4442 import ATR, SIZE, Pull, Sle4442
from pos.domain.cards.keys import KeySet
from pos.domain.cards.profile import CardProfile
from pos.domain.device_events import DeviceEvent
from pos.domain.errors import BadInput, IntegrityFailure, Refused
from pos.domain.messages import N_

BLANK = 0xFF


class NoWatch:
    def stop(self) -> None:
        return None


class Station:
    def __init__(self, keys: Callable[[], KeySet], *, reader_pattern: str | None = None,
                 reader_model: str | None = None, fault: Pull | None = None,
                 demo_slot: DemoSlot | None = None) -> None:
        self.profiles = Profiles(keys)
        self.demo_slot = demo_slot
        self._fault = fault  # for tests: a simulated card leaves (or the power goes) mid-write
        self._pattern = reader_pattern
        self._model = None if reader_model in (None, "auto") else models.by_name(reader_model)

    def readers(self) -> list[str]:
        return pcsc.reader_names()

    @contextmanager
    def session(self, reader: str) -> Iterator[ReaderSession]:
        kind, _, rest = reader.partition(":")
        if reader == DEMO and self.demo_slot is not None:
            kind, rest = "sim", str(self.demo_slot.path())
        if kind == "sim" and rest:
            simulated = SimulatedReader(Path(rest).expanduser(), self._model or models.DEFAULT,
                                        self._fault)
            with simulated.session() as card:
                yield card
        elif kind == "pcsc":
            with pcsc.PcscReader(rest or self._pattern, self._model).session() as card:
                yield card
        else:
            raise BadInput("reader.spec",
                           N_("“{reader}” names no reader: use sim:PATH or pcsc[:NAME_PATTERN]."),
                           reader=reader)

    @contextmanager
    def image(self, memory: bytes) -> Iterator[ReaderSession]:
        """A 256-byte card image, read offline through the same front as a real card."""
        if len(memory) != SIZE:
            raise BadInput("card.image_size",
                           N_("A card image has 256 bytes; this one has {size}."),
                           size=len(memory))
        side = AcsCardSide(Sle4442(bytearray(memory)), models.DEFAULT)

        def transmit(apdu: bytes) -> tuple[bytes, int, int]:
            reply = side.answer(apdu)
            return reply[:-2], reply[-2], reply[-1]

        yield ReaderSession("image", lambda: ATR, transmit, models.DEFAULT)

    def identify(self, card: ReaderSession) -> CardProfile:
        try:
            return self.profiles.identify(card)
        except IntegrityFailure as error:
            if _blank(card):
                raise Refused("card.new", N_("This is a new, blank card: issue it to an "
                                             "account first.")) from error
            raise

    def profile(self, name: str) -> CardProfile:
        return self.profiles.named(name)

    def watch(self, reader: str, deliver: Callable[[DeviceEvent], None]) -> Any:
        kind, _, rest = reader.partition(":")
        if reader == DEMO and self.demo_slot is not None:
            return self.demo_slot.watch(deliver)
        if kind != "pcsc":
            return NoWatch()
        watcher = PcscWatcher(rest or self._pattern, deliver)
        watcher.start()
        return watcher


def _blank(card: ReaderSession) -> bool:
    return all(b == BLANK for b in card.memory_card().read(8, SIZE - 8))
