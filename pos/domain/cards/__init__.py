"""Cards: what a card carries, what the ledger knows of it, the checks before a sale.

This package's own names are the API for card-profile plug-ins (docs/card-readers.md): a
vendor's layout imports them from ``pos.domain.cards`` and nowhere deeper, so they stay put
when the modules behind them move.
"""

from pos.domain.cards.contents import (
    CardReading,
    CardRecord,
    MeterAlarm,
    MeterReport,
    card_locked,
    card_removed,
    foreign_card,
    no_card,
    psc_tries_low,
    reader_error,
    tampered_card,
    unknown_key_version,
    write_not_verified,
    wrong_psc,
)
from pos.domain.cards.keys import KeySet
from pos.domain.cards.profile import CardProfile

__all__ = [
    "CardProfile",
    "CardReading",
    "CardRecord",
    "KeySet",
    "MeterAlarm",
    "MeterReport",
    "card_locked",
    "card_removed",
    "foreign_card",
    "no_card",
    "psc_tries_low",
    "reader_error",
    "tampered_card",
    "unknown_key_version",
    "write_not_verified",
    "wrong_psc",
]
