"""Demo and development: putting a card into its (simulated) meter."""

from __future__ import annotations

from pos.domain.cards.contents import MeterVisit
from pos.domain.quantities import Volume
from pos.services.core.card_access import card_in
from pos.services.core.context import Services


def load_meter(svc: Services, reader: str, *, use: Volume | None = None) -> MeterVisit:
    """The customer inserts the card into the meter: it loads the pending purchase if it is the
    next one, writes back, and then (optionally) the household uses ``use`` m³."""
    with card_in(svc, reader) as card:
        return svc.lab.meter_insert(card.session, card.profile, use=use)
