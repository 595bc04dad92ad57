"""A meter's write-back as the counter read it: which meter, from which card, when
(docs/households.md "The household file")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos.domain.cards.contents import MeterReport


@dataclass(frozen=True)
class ReadMeterReport:
    meter_no: str
    card_no: str
    report: MeterReport
    read_at: datetime
