"""The card in a reader, powered for one job, with the profile that recognised it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pos.domain.cards.contents import CardReading, CardRecord
from pos.domain.cards.profile import CardProfile
from pos.services.core.context import Services


@dataclass(frozen=True)
class CardInReader:
    session: Any  # opaque: only the profile knows what it is
    profile: CardProfile

    def read(self) -> CardReading:
        return self.profile.read(self.session)

    def check_writable(self) -> None:
        self.profile.check_writable(self.session)

    def write_record(self, record: CardRecord) -> None:
        self.profile.write_record(self.session, record)

    def format(self) -> None:
        self.profile.format(self.session)


@contextmanager
def card_in(svc: Services, reader: str) -> Iterator[CardInReader]:
    """The card in ``reader`` and its profile (a foreign or blank card is refused)."""
    with svc.cards.session(reader) as session:
        yield CardInReader(session, svc.cards.identify(session))


def read_card(svc: Services, reader: str) -> CardReading:
    """What the card in ``reader`` carries — read only, nothing settled."""
    with card_in(svc, reader) as card:
        return card.read()
