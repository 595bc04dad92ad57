"""The card profile: what a card layout (a vendor's card kit) must do for the counter.

A utility adds a layout as a plug-in (docs/card-readers.md); drivers find the plug-ins, services use
them through this protocol.  A card session is opaque (``Any``): only the profile that
recognised the card knows what it is — a memory card behind an ACS reader today, an APDU
channel for a CPU card tomorrow.
"""

from __future__ import annotations

from typing import Any, Protocol

from pos.domain.cards.contents import CardReading, CardRecord


class CardProfile(Protocol):
    """One card layout: the operations of a vendor's card kit."""

    @property
    def name(self) -> str: ...

    @property
    def priority(self) -> int:
        """Profiles are asked in falling priority whether a card is theirs."""
        ...

    def check(self, card: Any) -> bool:
        """Is this card mine?  Reads only; never presents a PSC."""
        ...

    def numbered(self, card: Any) -> str | None:
        """The number a card of this layout already carries for ever (None on a new card)."""
        ...

    def read(self, card: Any) -> CardReading: ...

    def check_writable(self, card: Any) -> None:
        """Refuse, before any money is taken, a card that could not be written now (its
        security code wrong or down to its last try, its key unknown)."""
        ...

    def issue(self, card: Any, record: CardRecord) -> None: ...

    def write_record(self, card: Any, record: CardRecord) -> None:
        """A purchase, a rewrite or a reversal: the card's new record, read back and compared."""
        ...

    def format(self, card: Any) -> None: ...
