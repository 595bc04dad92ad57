"""What an IC gas card carries, as the counter and the meter see it (docs/design.md "The things").

The counter writes a :class:`CardRecord` (account, meter, purchase sequence, gas not yet
loaded, cumulative purchased volume); the meter writes back a :class:`MeterReport` (the last
sequence it loaded, its remaining gas and cumulative use, alarms).  A :class:`CardReading` is
one read of a card, decoded by its card profile, with ``interrupted_write`` set when a write was
torn (a card pulled mid-write) and the previous complete record was read instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos.domain.errors import IntegrityFailure, Refused
from pos.domain.messages import N_, Message
from pos.domain.quantities import Volume


class MeterAlarm(StrEnum):
    VALVE_CLOSED = "valve_closed"
    LOW_BATTERY = "low_battery"
    MAGNETIC_TAMPER = "magnetic_tamper"
    OTHER_TAMPER = "other_tamper"

    @property
    def label(self) -> Message:
        return Message(_ALARM_LABELS[self])


@dataclass(frozen=True)
class CardRecord:
    """The counter's record on the card."""

    card_no: str
    account_no: str
    meter_no: str
    purchase_seq: int  # 购气次数: +1 with every purchase written to the card
    pending_volume: Volume  # the last purchase's gas, for the meter to load
    cumulative_volume: Volume  # 累计购气量: every purchase ever written
    key_version: int = 1


@dataclass(frozen=True)
class MeterReport:
    """What the meter wrote back when the card was last in it (回写)."""

    meter_seq: int  # the last purchase sequence the meter loaded
    remaining: Volume
    cumulative_use: Volume
    alarms: frozenset[MeterAlarm] = frozenset()


@dataclass(frozen=True)
class CardReading:
    profile: str
    card_no: str
    utility_code: str
    record: CardRecord
    meter: MeterReport | None  # None: never been in a meter
    interrupted_write: bool = False  # a torn write was found; the last complete data was read
    # the newer slot uses a key version this counter lacks (import the current key file):
    # it cannot be told apart from a torn write until the key is there
    unknown_key_version: int | None = None

    @property
    def last_purchase_loaded(self) -> bool:
        """Whether the meter has loaded the purchase now on the card."""
        if self.record.purchase_seq == 0 or self.record.pending_volume.hundredths == 0:
            return True
        return self.meter is not None and self.meter.meter_seq >= self.record.purchase_seq

    @property
    def unloaded_volume(self) -> Volume:
        return Volume(0) if self.last_purchase_loaded else self.record.pending_volume


def foreign_card(detail: str = "") -> IntegrityFailure:
    return IntegrityFailure(
        "card.foreign",
        N_("This is not a gas card of ours (unknown format or another utility's card); "
           "give it back to the customer and ask for the card of this account."),
        detail=detail,
    )


def tampered_card(detail: str) -> IntegrityFailure:
    """``detail`` is an ``N_`` msgid naming what failed (translated when shown)."""
    return IntegrityFailure(
        "card.tampered",
        N_("The card's data does not check out ({detail}): it may be forged or damaged. Do not "
           "sell onto it; ask a supervisor."),
        detail=Message(detail),
    )


def card_removed() -> Refused:
    return Refused("card.removed",
                   N_("The card was taken out during the operation; put it back into the "
                      "reader and try again."))


def no_card() -> Refused:
    return Refused("card.absent", N_("No card in the reader: insert the customer's IC card."))


_ALARM_LABELS = {
    MeterAlarm.VALVE_CLOSED: N_("valve closed"),
    MeterAlarm.LOW_BATTERY: N_("low battery"),
    MeterAlarm.MAGNETIC_TAMPER: N_("magnetic tampering"),
    MeterAlarm.OTHER_TAMPER: N_("tampering alarm"),
}


def unknown_key_version(version: int) -> Refused:
    return Refused("keys.unknown_version",
                   N_("The card was written with key version {version}, which this counter does "
                      "not have: import the utility's current key file (gaspos keys import)."),
                   version=version)


def card_locked() -> Refused:
    return Refused("card.locked",
                   N_("The card's security code is locked after three wrong tries; the card "
                      "cannot be written any more. Issue a replacement card (补卡)."))


def psc_tries_low(tries_left: int) -> Refused:
    return Refused(
        "card.psc_tries_low",
        N_("Only {tries} try of the card's security code is left: gaspos never spends the last "
           "one. Someone has tried this card with a wrong code; ask a supervisor."),
        tries=tries_left,
    )


def wrong_psc(tries_left: int) -> Refused:
    return Refused(
        "card.wrong_psc",
        N_("The card refused its security code ({tries} tries left): the card does not belong "
           "to the meter on record, or was tampered with. Ask a supervisor."),
        tries=tries_left,
    )


def write_not_verified(address: int) -> Refused:
    return Refused(
        "card.write_not_verified",
        N_("The card did not keep what was written (checked at byte {address}): keep the card "
           "in the reader and try again; if it repeats, the card is faulty."),
        address=address,
    )


def reader_error(status: str) -> Refused:
    return Refused("card.reader_error",
                   N_("The card reader answered with an error ({status}); take the card out, "
                      "put it back and try again."), status=status)


@dataclass(frozen=True)
class MeterVisit:
    """What happened when a card went into its meter (the meter simulator's answer)."""

    meter_no: str
    loaded: Volume  # gas loaded from the card this time (0: nothing new, or refused)
    refused: Message | None  # why the meter would not load, if it would not
    meter_seq: int
    remaining: Volume
    cumulative_use: Volume
    used: Volume  # gas consumed after the write-back (--use)
