"""The rules of one purchase: limits, the meter's stock, the card's next record, and how the
card and the ledger compare (which decides completion, rewrite or refusal)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos.domain.cards.contents import CardRecord
from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_
from pos.domain.quantities import Volume
from pos.domain.sale.record import SaleRecord, SaleState


@dataclass(frozen=True)
class PurchaseLimits:
    minimum: Volume = Volume.m3(1)
    maximum: Volume = Volume.m3(1000)
    step: Volume = Volume.m3(1)

    def check(self, volume: Volume) -> Volume:
        if volume < self.minimum:
            raise BadInput("sale.volume_below_minimum",
                           N_("At least {minimum} m³ per purchase."), minimum=self.minimum)
        if volume > self.maximum:
            raise BadInput("sale.volume_above_maximum",
                           N_("At most {maximum} m³ per purchase."), maximum=self.maximum)
        if volume.hundredths % self.step.hundredths:
            raise BadInput("sale.volume_step",
                           N_("Purchases go in steps of {step} m³; {volume} m³ is not one."),
                           step=self.step, volume=volume)
        return volume


def sale_record_on_card(sale: SaleRecord, key_version: int) -> CardRecord:
    """The record a sale writes onto its card: its sequence, its gas pending for the meter,
    and the cumulative volume the ledger expects once it is there."""
    assert sale.card_no is not None and sale.meter_no is not None
    return CardRecord(sale.card_no, sale.account_no, sale.meter_no, sale.purchase_seq,
                      sale.volume, sale.cumulative_after, key_version)


def check_stock(in_meter: Volume, volume: Volume, max_stock: Volume) -> None:
    """The meter must be able to hold what it may have now and this purchase; ``in_meter`` is
    the most it may have as far as the ledger knows — its last write-back (from any card of
    that meter) plus every purchase sold onto it since (pos.domain.cards.knowledge.stock_bound):
    a new card that has never been in the meter says nothing about it."""
    if in_meter + volume > max_stock:
        room = max_stock - in_meter
        raise Refused("sale.max_stock",
                      N_("The meter holds at most {limit} m³ and may have {in_meter} m³ (its "
                         "last report and the gas bought since): at most {room} m³ can be "
                         "bought now."),
                      limit=max_stock, in_meter=in_meter, room=max(room, Volume(0)))


class CardVersusLedger(StrEnum):
    CONSISTENT = "consistent"  # the card carries the ledger's latest purchase, finished
    PROVES_UNFINISHED = "proves_unfinished"  # it carries the unfinished sale: complete it
    LACKS_LATEST = "lacks_latest"  # it carries the purchase before the ledger's latest
    MISMATCH = "mismatch"  # neither: an old copy, another card, or data from elsewhere


@dataclass(frozen=True)
class LedgerPosition:
    """What the ledger knows of an account's purchases: its latest sale that holds gas."""

    last_seq: int  # (or the opening sequence brought from a previous system)
    cumulative: Volume  # what the card says once that sale is on it
    last_volume: Volume = Volume(0)
    last_order_no: str | None = None
    last_state: SaleState | None = None

    @property
    def unfinished(self) -> bool:
        return self.last_state in (SaleState.PENDING, SaleState.SUSPENDED)


def compare(record: CardRecord, ledger: LedgerPosition) -> CardVersusLedger:
    if (record.purchase_seq == ledger.last_seq
            and record.cumulative_volume == ledger.cumulative):
        return (CardVersusLedger.PROVES_UNFINISHED if ledger.unfinished
                else CardVersusLedger.CONSISTENT)
    if (ledger.last_order_no is not None and record.purchase_seq == ledger.last_seq - 1
            and record.cumulative_volume == ledger.cumulative - ledger.last_volume):
        return CardVersusLedger.LACKS_LATEST
    return CardVersusLedger.MISMATCH


def previous_record(current: CardRecord, volume: Volume) -> CardRecord:
    """The record before a purchase of ``volume``: what a void (冲正) writes back."""
    return CardRecord(current.card_no, current.account_no, current.meter_no,
                      current.purchase_seq - 1, Volume(0),
                      current.cumulative_volume - volume, current.key_version)
