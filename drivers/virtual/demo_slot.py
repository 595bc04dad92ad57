"""The demo counter's reader (``demo``): one slot that a demo card file is put into and taken out
of — by the counter app's demo dock — with card events like a PC/SC reader's.

A session on ``demo`` is a simulated-reader session on the card in the slot; with the slot
empty it is refused as a PC/SC reader without a card is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from pos.domain.cards.contents import no_card
from pos.domain.device_events import CardInserted, CardRemoved, DeviceEvent

NAME = "demo"


class DemoSlot:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._card: Path | None = None
        self._listeners: list[Callable[[DeviceEvent], None]] = []

    @property
    def card(self) -> Path | None:
        with self._lock:
            return self._card

    def path(self) -> Path:
        """The card in the slot (refused as ``card.absent`` when there is none)."""
        card = self.card
        if card is None:
            raise no_card()
        return card

    def insert(self, path: Path) -> None:
        """Put a card in; one already there comes out first."""
        if self.card is not None:
            self.remove()
        with self._lock:
            self._card = path
        self._tell(CardInserted(NAME))

    def remove(self) -> None:
        with self._lock:
            had, self._card = self._card, None
        if had is not None:
            self._tell(CardRemoved(NAME))

    def watch(self, deliver: Callable[[DeviceEvent], None]) -> SlotWatch:
        with self._lock:
            self._listeners.append(deliver)
        return SlotWatch(self, deliver)

    def _forget(self, deliver: Callable[[DeviceEvent], None]) -> None:
        with self._lock:
            if deliver in self._listeners:
                self._listeners.remove(deliver)

    def _tell(self, event: DeviceEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for deliver in listeners:
            deliver(event)


class SlotWatch:
    def __init__(self, slot: DemoSlot, deliver: Callable[[DeviceEvent], None]) -> None:
        self._slot = slot
        self._deliver = deliver

    def stop(self) -> None:
        self._slot._forget(self._deliver)
