"""``open-sle4442-v1``: gaspos's own, openly documented SLE4442 card layout (docs/card-format.md).

The card number lives in the write-protected header; the counter's record and the meter's
report each live in two slots with a one-byte generation that the chip writes first, so a write
torn by a pulled card leaves the previous slot intact and the torn one recognisable
("interrupted"), never mistaken for a forgery.  The PSC and every integrity code use the key of
the meter the card is bound to (pos.domain.cards.keys).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from drivers.cards.acs.memory_card import AcsMemoryCard
from drivers.cards.profiles.open_layout import (
    FACTORY_PSC,
    HEADER,
    HEADER_END,
    MAGIC,
    RECORD_LABEL,
    RECORD_SLOTS,
    REPORT_LABEL,
    REPORT_SIZE,
    REPORT_SLOTS,
    USED_END,
    VERSION,
    Image,
    Slot,
    choose,
    header_bytes,
    parse,
    parse_header,
    record_bytes,
    report_bytes,
)
from drivers.cards.session import ReaderSession
from pos.domain.cards.contents import (
    CardReading,
    CardRecord,
    MeterReport,
    tampered_card,
    unknown_key_version,
)
from pos.domain.cards.keys import KeySet
from pos.domain.errors import IntegrityFailure, Refused
from pos.domain.messages import N_

NAME = "open-sle4442-v1"


def psc_for(meter_key: bytes) -> bytes:
    psc = hmac.new(meter_key, b"gaspos psc", hashlib.sha256).digest()[:3]
    return psc if psc != FACTORY_PSC else b"\xff\xff\xfe"


class OpenSle4442:
    """The five operations of a vendor kit — check, read, issue, write purchase, format —
    and the meter's side (write back), which the meter simulator plays."""

    name = NAME
    priority = 10

    def __init__(self, keys: Callable[[], KeySet]) -> None:
        self._keys = keys

    # --- check: read-only, never presents a PSC --------------------------------------------
    def check(self, card: ReaderSession) -> bool:
        header = card.memory_card().read(HEADER, HEADER_END - HEADER)
        return header[:3] == MAGIC + bytes([VERSION])

    def numbered(self, card: ReaderSession) -> str | None:
        """The card number the card already carries for ever, if it is one of our layout."""
        header = card.memory_card().read(HEADER, HEADER_END - HEADER)
        if header[:3] != MAGIC + bytes([VERSION]):
            return None
        try:
            return parse_header(header).card_no
        except IntegrityFailure:
            return None

    # --- read --------------------------------------------------------------------------------
    def read(self, card: ReaderSession) -> CardReading:
        return self.decode(card.memory_card().read(0, USED_END))

    def decode(self, memory: bytes) -> CardReading:
        """The newest complete record and meter report on the card, or a refusal."""
        image = parse(memory)
        try:
            record_slot, record_torn = choose(image.records, self._record_valid(image.card_no))
        except IntegrityFailure:
            versions = {f.key_version for f in (s.record_fields() for s in image.records)
                        if f is not None}
            known = self._keys().masters
            if versions and not versions & known.keys():  # every record under a newer key set
                raise unknown_key_version(max(versions)) from None
            raise
        if record_slot is None:
            raise Refused("card.blank", N_("This card carries no account (new or formatted): "
                                           "issue it to an account first."))
        record = record_slot.record(image.card_no)
        meter_key = self._keys().meter_key(record.meter_no, record.key_version)
        report_slot, report_torn = choose(image.reports, _report_valid(image.card_no, meter_key))
        report = None if report_slot is None else report_slot.report()
        return CardReading(NAME, image.card_no, image.utility_code, record, report,
                           interrupted_write=record_torn or report_torn,
                           unknown_key_version=self._unknown_version(image, record_slot)
                           if record_torn else None)

    def check_writable(self, card: ReaderSession) -> None:
        """Present the card's security code now — never its last try: a card locked, tried
        with a wrong code or keyed for a meter key this counter lacks is refused before any
        money is asked for, not after (the PSC stays presented for this session)."""
        memory = card.memory_card()
        image = parse(memory.read(0, USED_END))
        active, _ = choose(image.records, self._record_valid(image.card_no))
        if active is None:
            raise tampered_card(N_("no complete record to write after"))
        current = active.record(image.card_no)
        memory.present_psc(psc_for(self._keys().meter_key(current.meter_no,
                                                          current.key_version)))

    # --- issue, write, format --------------------------------------------------------------
    def issue(self, card: ReaderSession, record: CardRecord) -> None:
        """Make a new (or formatted) card this account's card; its number is protected for
        ever before anything else is written."""
        keys = self._keys()
        memory = card.memory_card()
        header = header_bytes(keys.utility_code, record.card_no)
        written = memory.read(HEADER, HEADER_END - HEADER)
        numbered = all(memory.protection()[HEADER:HEADER_END])
        if numbered and written != header:
            raise Refused("card.already_numbered",
                          N_("This card already carries card number {card_no} for ever; issue "
                             "it under that number."), card_no=parse_header(written).card_no)
        if numbered and self._has_record(memory):
            raise Refused("card.not_blank",
                          N_("This card still carries an account; format it before issuing "
                             "it again."))
        memory.present_psc(FACTORY_PSC)
        if not numbered:
            memory.write(HEADER, header)
            memory.protect(HEADER, header)
        meter_key = keys.meter_key(record.meter_no, record.key_version)
        memory.write(RECORD_SLOTS[1], record_bytes(record, 0, meter_key))
        memory.write(RECORD_SLOTS[0], record_bytes(record, 1, meter_key))
        memory.write(REPORT_SLOTS[0], bytes(2 * REPORT_SIZE))
        _change_psc(memory, psc_for(meter_key))

    def write_record(self, card: ReaderSession, record: CardRecord) -> None:
        """Write a new record (a purchase, a rewrite, a reversal) into the older slot.

        When the meter or the key version changes, the card also gets the new meter's PSC and
        its meter reports are cleared (they were the old meter's)."""
        memory = card.memory_card()
        image = parse(memory.read(0, USED_END))
        if image.card_no != record.card_no:
            raise Refused("card.wrong_card", N_("This is card {found}, not card {expected}."),
                          found=image.card_no, expected=record.card_no)
        active, _ = choose(image.records, self._record_valid(image.card_no))
        if active is None:
            raise tampered_card(N_("no complete record to follow"))
        keys = self._keys()
        current = active.record(image.card_no)
        old_key = keys.meter_key(current.meter_no, current.key_version)
        new_key = keys.meter_key(record.meter_no, record.key_version)
        target = 1 if active is image.records[0] else 0
        memory.present_psc(psc_for(old_key))
        memory.write(RECORD_SLOTS[target],
                     record_bytes(record, (active.generation + 1) % 256, new_key))
        if new_key != old_key:
            memory.write(REPORT_SLOTS[0], bytes(2 * REPORT_SIZE))
            _change_psc(memory, psc_for(new_key))

    def format(self, card: ReaderSession) -> None:
        """Wipe records and reports and give the card its factory PSC back (the card number
        stays: it is protected for ever)."""
        memory = card.memory_card()
        current = self.decode(memory.read(0, USED_END))
        key = self._keys().meter_key(current.record.meter_no, current.record.key_version)
        memory.present_psc(psc_for(key))
        memory.write(RECORD_SLOTS[0], bytes(USED_END - RECORD_SLOTS[0]))
        _change_psc(memory, FACTORY_PSC)

    # --- the meter's side --------------------------------------------------------------------
    def write_report(self, card: ReaderSession, report: MeterReport, meter_key: bytes) -> None:
        """What a meter does after loading (or refusing) a purchase: write back (回写)."""
        memory = card.memory_card()
        image = parse(memory.read(0, USED_END))
        active, _ = choose(image.reports, _report_valid(image.card_no, meter_key))
        generation = 0 if active is None else active.generation
        target = 1 if active is image.reports[0] and not active.blank else 0
        memory.present_psc(psc_for(meter_key))
        memory.write(REPORT_SLOTS[target],
                     report_bytes(report, (generation + 1) % 256, image.card_no, meter_key))

    # --- helpers -----------------------------------------------------------------------------
    def _record_valid(self, card_no: str) -> Callable[[Slot], bool]:
        keys = self._keys()
        derived: dict[tuple[str, int], bytes | None] = {}  # both slots usually share a meter

        def valid(slot: Slot) -> bool:
            fields = slot.record_fields()
            if fields is None:
                return False
            which = (fields.meter_no, fields.key_version)
            if which not in derived:
                try:
                    derived[which] = keys.meter_key(*which)
                except Refused:
                    derived[which] = None
            key = derived[which]
            return key is not None and slot.mac_ok(key, RECORD_LABEL, card_no)

        return valid

    def _unknown_version(self, image: Image, chosen: Slot) -> int | None:
        other = image.records[1] if chosen is image.records[0] else image.records[0]
        fields = other.record_fields()
        known = self._keys().masters
        return fields.key_version if fields and fields.key_version not in known else None

    def _has_record(self, memory: AcsMemoryCard) -> bool:
        image = parse(memory.read(0, USED_END))
        return not all(slot.blank for slot in image.records)


def _report_valid(card_no: str, meter_key: bytes) -> Callable[[Slot], bool]:
    return lambda slot: slot.mac_ok(meter_key, REPORT_LABEL, card_no)


def _change_psc(memory: AcsMemoryCard, new: bytes) -> None:
    """Change the PSC and prove it took, by presenting it (which also restores the tries)."""
    memory.change_psc(new)
    memory.present_psc(new)
