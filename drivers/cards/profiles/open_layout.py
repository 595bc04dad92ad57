"""The bytes of ``open-sle4442-v1`` (docs/card-format.md is the same table in prose).

::

    0–7      the chip maker's bytes (ATR header, manufacturer codes): never touched
    8–9      magic "GP"            10  layout version 1
    11–14    utility code (ASCII)  15–26  card number (ASCII, 0-padded)   27  reserved
    28–31    CRC-32 of bytes 8–27          — bytes 8–31 are write-protected at issue
    32–85    counter record, slot A        86–139   counter record, slot B
    140–160  meter report, slot C          161–181  meter report, slot D
    182–255  unused

A slot's first byte is its generation (mod 256), written first; its last 8 bytes are the first
8 of an HMAC-SHA256 with the meter's key over a label, the card number and the slot's other
bytes.  A slot of all zero bytes is blank (generation 0, counts as valid).
"""

from __future__ import annotations

import hmac
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from pos.domain.cards.contents import (
    CardRecord,
    MeterAlarm,
    MeterReport,
    foreign_card,
    tampered_card,
)
from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Volume

MAGIC, VERSION = b"GP", 1
HEADER, HEADER_END = 8, 32
RECORD_SLOTS, RECORD_SIZE = (32, 86), 54
REPORT_SLOTS, REPORT_SIZE = (140, 161), 21
USED_END = 182
CARD_NO_LEN, NUMBER_LEN, UTILITY_LEN = 12, 16, 4
MAC_LEN = 8
FACTORY_PSC = b"\xff\xff\xff"
RECORD_LABEL = b"gaspos card record|"
REPORT_LABEL = b"gaspos meter report|"
MAX_UINT32 = 0xFFFF_FFFF

# generation, account no, meter no, purchase seq, pending, cumulative, key version, flags,
# reserved — 46 bytes, then the 8-byte MAC
_RECORD = struct.Struct(">B16s16sHIIBBB")
# generation, status bits, meter seq, remaining, cumulative use, reserved — 13 bytes + MAC
_REPORT = struct.Struct(">BBHIIB")
_ALARM_BITS = {MeterAlarm.VALVE_CLOSED: 1, MeterAlarm.LOW_BATTERY: 2,
               MeterAlarm.MAGNETIC_TAMPER: 4, MeterAlarm.OTHER_TAMPER: 8}


@dataclass(frozen=True)
class RecordFields:
    meter_no: str
    key_version: int


@dataclass(frozen=True)
class Slot:
    generation: int
    body: bytes

    @property
    def blank(self) -> bool:
        return not any(self.body)

    def mac_ok(self, key: bytes, label: bytes, card_no: str) -> bool:
        if self.blank:
            return True
        return hmac.compare_digest(mac(key, label, card_no, self.body[:-MAC_LEN]),
                                   self.body[-MAC_LEN:])

    def record_fields(self) -> RecordFields | None:
        fields = _RECORD.unpack(self.body[:_RECORD.size])
        meter_no = _text(fields[2])
        return None if meter_no is None else RecordFields(meter_no, fields[6])

    def record(self, card_no: str) -> CardRecord:
        _, account, meter, seq, pending, cumulative, key_version, _, _ = _RECORD.unpack(
            self.body[:_RECORD.size])
        account_no, meter_no = _text(account), _text(meter)
        if account_no is None or meter_no is None:
            raise tampered_card(N_("a record's numbers"))
        return CardRecord(card_no, account_no, meter_no, seq, Volume(pending),
                          Volume(cumulative), key_version)

    def report(self) -> MeterReport | None:
        if self.blank:
            return None
        _, status, seq, remaining, used, _ = _REPORT.unpack(self.body[:_REPORT.size])
        alarms = frozenset(a for a, bit in _ALARM_BITS.items() if status & bit)
        return MeterReport(seq, Volume(remaining), Volume(used), alarms)


@dataclass(frozen=True)
class Image:
    utility_code: str
    card_no: str
    records: tuple[Slot, Slot]
    reports: tuple[Slot, Slot]


def parse(memory: bytes) -> Image:
    """Split a card's bytes into header and slots; refuse a foreign or damaged header."""
    header = parse_header(memory[HEADER:HEADER_END])
    records = (_slot(memory, RECORD_SLOTS[0], RECORD_SIZE),
               _slot(memory, RECORD_SLOTS[1], RECORD_SIZE))
    reports = (_slot(memory, REPORT_SLOTS[0], REPORT_SIZE),
               _slot(memory, REPORT_SLOTS[1], REPORT_SIZE))
    return Image(header.utility_code, header.card_no, records, reports)


@dataclass(frozen=True)
class Header:
    utility_code: str
    card_no: str


def parse_header(header: bytes) -> Header:
    if header[:2] != MAGIC or header[2] != VERSION:
        raise foreign_card("magic")
    if zlib.crc32(header[:-4]).to_bytes(4, "big") != header[-4:]:
        raise tampered_card(N_("the card header's checksum"))
    utility, card_no = _text(header[3:7]), _text(header[7:19])
    if utility is None or not card_no:
        raise tampered_card(N_("the card header's numbers"))
    return Header(utility.strip(), card_no)


def choose(slots: tuple[Slot, Slot], valid: Callable[[Slot], bool]) -> tuple[Slot | None, bool]:
    """The newest complete slot, and whether a newer write was torn.

    Legitimate states: two valid slots with consecutive generations (the newer one wins), or
    one valid slot and one whose generation is exactly one newer but whose bytes do not check
    — a write torn by a pulled card: the valid slot is the last complete data.  Anything else
    is damage or tampering.  Two blank slots: nothing written yet (None).
    """
    first, second = slots
    ok_first, ok_second = valid(first), valid(second)
    if first.blank and second.blank:
        return None, False
    if ok_first and ok_second:
        if first.generation == (second.generation + 1) % 256:
            return first, False
        if second.generation == (first.generation + 1) % 256:
            return second, False
        raise tampered_card(N_("two records that do not follow each other"))
    if ok_first != ok_second:
        good, torn = (first, second) if ok_first else (second, first)
        if torn.generation == (good.generation + 1) % 256:
            return (None if good.blank else good), True
    raise tampered_card(N_("an integrity code"))


def mac(key: bytes, label: bytes, card_no: str, body: bytes) -> bytes:
    message = label + card_no.encode("ascii").ljust(CARD_NO_LEN, b"\0") + body
    return hmac.digest(key, message, "sha256")[:MAC_LEN]


def header_bytes(utility_code: str, card_no: str) -> bytes:
    utility = _ascii(utility_code, UTILITY_LEN, N_("utility code")).ljust(UTILITY_LEN, b" ")
    body = MAGIC + bytes([VERSION]) + utility + _ascii(card_no, CARD_NO_LEN, N_("card number")
                                                       ).ljust(CARD_NO_LEN, b"\0") + b"\0"
    return body + zlib.crc32(body).to_bytes(4, "big")


def record_bytes(record: CardRecord, generation: int, key: bytes) -> bytes:
    for volume in (record.pending_volume, record.cumulative_volume):
        if not 0 <= volume.hundredths <= MAX_UINT32:
            raise ValueError("volume out of the card's range")
    body = _RECORD.pack(
        generation, _ascii(record.account_no, NUMBER_LEN, N_("account number")),
        _ascii(record.meter_no, NUMBER_LEN, N_("meter number")), record.purchase_seq % 65536,
        record.pending_volume.hundredths, record.cumulative_volume.hundredths,
        record.key_version, 0, 0)
    return body + mac(key, RECORD_LABEL, record.card_no, body)


def report_bytes(report: MeterReport, generation: int, card_no: str, key: bytes) -> bytes:
    status = sum(bit for alarm, bit in _ALARM_BITS.items() if alarm in report.alarms)
    body = _REPORT.pack(generation, status, report.meter_seq % 65536,
                        report.remaining.hundredths, report.cumulative_use.hundredths, 0)
    return body + mac(key, REPORT_LABEL, card_no, body)


def _slot(memory: bytes, address: int, size: int) -> Slot:
    body = bytes(memory[address:address + size])
    return Slot(body[0], body)


_PRINTABLE = re.compile(rb"[\x21-\x7e]*")


def _text(raw: bytes) -> str | None:
    value = raw.rstrip(b"\0")
    return value.decode("ascii") if _PRINTABLE.fullmatch(value) else None


def _ascii(text: str, length: int, what: str) -> bytes:
    if not text.isascii() or len(text) > length or not text.isprintable() or " " in text:
        raise BadInput("card.number_too_long",
                       N_("The {what} “{text}” does not fit this card layout (at most {length} "
                          "letters and digits)."), what=Message(what), text=text, length=length)
    return text.encode("ascii")
