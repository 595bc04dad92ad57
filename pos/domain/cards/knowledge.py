"""What the ledger knows of a card, and whether a card in the reader agrees with it.

A memory card can be copied and its old image written back by anyone with a reader, so the
card is never believed alone (docs/security.md).  The ledger keeps, per card:

* the **proven record** — the purchase sequence, cumulative volume, pending volume and meter of
  the last record the counter wrote and read back on that card (or issued onto it);
* the **open writes** — a write the ledger recorded *before* the card was touched (a sale's
  purchase, a void, a restore, a meter change's rekey) and has not yet seen proven;
* the **newest meter report** read from the card for its meter (the meter's write-back).

A card whose record is older than the proven one, or whose meter report is older than one the
ledger already read from it, is a **rolled-back image**: a copy written back after the gas
reached the meter.  It is refused for everything but inspection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pos.domain.cards.contents import CardReading, CardRecord, MeterReport
from pos.domain.quantities import Volume


class WritePurpose(StrEnum):
    SALE = "sale"  # a purchase (or a meter change's credit), written by a sale or a rewrite
    VOID = "void"  # 冲正: the purchase before, written back
    RESTORE = "restore"  # the ledger's known record, written back by a supervisor
    REKEY = "rekey"  # a meter change without gas to carry: the same record, the new meter


@dataclass(frozen=True)
class KnownRecord:
    """A record as the ledger expects it on the card."""

    seq: int
    cumulative: Volume
    pending: Volume
    meter_no: str

    @classmethod
    def of(cls, record: CardRecord) -> KnownRecord:
        return cls(record.purchase_seq, record.cumulative_volume, record.pending_volume,
                   record.meter_no)

    def matches(self, record: CardRecord) -> bool:
        """The card carries this record (its pending volume is the meter's business)."""
        return (record.purchase_seq == self.seq and record.cumulative_volume == self.cumulative
                and record.meter_no == self.meter_no)

    def on_card(self, card_no: str, account_no: str, key_version: int) -> CardRecord:
        return CardRecord(card_no, account_no, self.meter_no, self.seq, self.pending,
                          self.cumulative, key_version)


@dataclass(frozen=True)
class CardWrite:
    """A write the ledger recorded before the card was touched."""

    id: int
    purpose: WritePurpose
    target: KnownRecord
    order_no: str | None = None
    started_at: datetime | None = None


@dataclass(frozen=True)
class CardKnowledge:
    card_no: str
    proven: KnownRecord | None  # None: a card from before the ledger kept this
    writes: tuple[CardWrite, ...] = ()  # open, oldest first
    newest_report: MeterReport | None = None  # from this card, for its current meter
    rolled_back_at: datetime | None = None  # first seen as a restored copy


class Standing(StrEnum):
    AS_KNOWN = "as_known"  # the card carries the proven record
    WRITE_LANDED = "write_landed"  # it carries the target of an open write
    ROLLED_BACK = "rolled_back"  # older than the ledger knows: a copy written back
    UNKNOWN = "unknown"  # neither: not a record the counter wrote
    UNPROVEN = "unproven"  # the ledger proved nothing on this card yet


@dataclass(frozen=True)
class Judgement:
    standing: Standing
    write: CardWrite | None = None  # the open write the card carries (WRITE_LANDED)
    why: str = ""  # for the audit log: which fact was older

    @property
    def rolled_back(self) -> bool:
        return self.standing is Standing.ROLLED_BACK


def judge(reading: CardReading, knowledge: CardKnowledge) -> Judgement:
    """The card in the reader against everything the ledger knows of it."""
    report_problem = _older_report(reading.meter, knowledge.newest_report)
    if report_problem:
        return Judgement(Standing.ROLLED_BACK, why=report_problem)
    record = reading.record
    landed = next((w for w in reversed(knowledge.writes) if w.target.matches(record)), None)
    if landed is not None:
        return Judgement(Standing.WRITE_LANDED, landed)
    proven = knowledge.proven
    if proven is None:
        return Judgement(Standing.UNPROVEN)
    if proven.matches(record):
        return Judgement(Standing.AS_KNOWN)
    if record.purchase_seq < proven.seq or (
            record.purchase_seq == proven.seq and record.cumulative_volume == proven.cumulative):
        return Judgement(Standing.ROLLED_BACK, why=(
            f"card shows purchase {record.purchase_seq} ({record.cumulative_volume} m³, meter "
            f"{record.meter_no}); the ledger proved {proven.seq} ({proven.cumulative} m³, meter "
            f"{proven.meter_no})"))
    return Judgement(Standing.UNKNOWN)


def _older_report(shown: MeterReport | None, newest: MeterReport | None) -> str:
    """Why the meter report on the card is older than one already read from it ("" if not).
    A meter's loaded sequence and cumulative use only ever grow."""
    if newest is None:
        return ""
    if shown is None:
        return f"the card shows no meter report; the ledger read meter sequence {newest.meter_seq}"
    if (shown.meter_seq, shown.cumulative_use) < (newest.meter_seq, newest.cumulative_use):
        return (f"the card's meter report (sequence {shown.meter_seq}, {shown.cumulative_use} "
                f"m³ used) is older than one read before (sequence {newest.meter_seq}, "
                f"{newest.cumulative_use} m³ used)")
    return ""


def stock_bound(newest: MeterReport | None, sold_since: Volume) -> Volume:
    """The most gas the meter can hold now, as far as the ledger knows: what it reported it had
    (any card's write-back of that meter) plus everything sold onto it after that report —
    loaded since or still on the card (gas only leaves a meter by being used)."""
    return (newest.remaining if newest is not None else Volume(0)) + sold_since
