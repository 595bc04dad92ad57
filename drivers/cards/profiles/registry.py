"""Finding card profiles: every entry point in the ``gaspos.card_profiles`` group.

A utility adds a vendor's layout by installing a package that declares, in its
``pyproject.toml``::

    [project.entry-points."gaspos.card_profiles"]
    acme-4442 = "acme_gaspos:AcmeProfile"

where ``AcmeProfile(keys)`` takes a callable returning the utility's :class:`KeySet` and offers
``name``, ``priority``, ``check``, ``read``, ``check_writable``, ``issue``, ``write_record``
and ``format``
(pos.domain.cards.profile.CardProfile).  When a card is inserted, profiles are asked in order of
priority whether the card is theirs (``check`` only reads, never presents a PSC).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from pos.domain.cards.contents import foreign_card
from pos.domain.cards.keys import KeySet
from pos.domain.cards.profile import CardProfile

log = logging.getLogger("gaspos.cards")

GROUP = "gaspos.card_profiles"


class Profiles:
    def __init__(self, keys: Callable[[], KeySet]) -> None:
        self._keys = keys
        self._loaded: list[CardProfile] | None = None

    def all(self) -> list[CardProfile]:
        if self._loaded is None:
            found: list[CardProfile] = []
            for point in entry_points(group=GROUP):
                try:
                    found.append(point.load()(self._keys))
                except Exception:  # a broken plug-in must not stop the counter
                    log.exception("card profile %s could not be loaded", point.name)
            self._loaded = sorted(found, key=lambda p: (-p.priority, p.name))
        return self._loaded

    def named(self, name: str) -> CardProfile:
        for profile in self.all():
            if profile.name == name:
                return profile
        raise KeyError(f"no card profile named {name!r}")

    def identify(self, card: Any) -> CardProfile:
        """The profile that recognises the card, or a polite refusal of a foreign card."""
        for profile in self.all():
            if profile.check(card):
                return profile
        raise foreign_card("no profile recognises the card")
