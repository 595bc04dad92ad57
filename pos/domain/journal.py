"""The journal: the append-only, hash-chained record of every movement of money and gas.

Each entry carries the hash of the entry before it, so changing, removing or inserting any
entry breaks the chain from there on; :func:`verify_chain` recomputes it and names the first
broken entry.  The canonical form that is hashed is stated once, here (docs/journal.md):

    UTF-8 JSON, keys sorted, no whitespace (``separators=(",", ":")``), non-ASCII kept, of
    ``{"v": 1, "seq", "prev", "kind", "at", "business_date", "counter", "account", "sale",
    "amount_fen", "volume_m3x100", "channel", "ref", "details"}`` where ``at`` is the UTC time
    as ISO 8601 with microseconds and ``+00:00``, ``business_date`` ISO 8601 or null, and the
    entry's hash is the lowercase hex SHA-256 of those bytes.  The first entry's ``prev`` is
    64 zeros.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import TypeAlias

from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, Volume

GENESIS_HASH = "0" * 64
CANONICAL_VERSION = 1

DetailValue: TypeAlias = "str | int | bool | list[DetailValue] | dict[str, DetailValue] | None"


class EntryKind(StrEnum):
    ADVANCE_RECEIPT = "advance_receipt"  # 预收: money taken for a sale not yet on the card
    SALE = "sale"  # the advance becomes a sale once the card proves the purchase
    REVERSAL = "reversal"  # 冲正 of a completed sale
    REFUND = "refund"  # money given back
    FEE = "fee"  # e.g. a replacement-card fee
    ADJUSTMENT = "adjustment"  # a correction of an earlier entry
    CASH_OVER_SHORT = "cash_over_short"  # 长短款 found when the day is settled
    ROUNDING = "rounding"  # 抹零: the booked cash-rounding difference
    METER_CREDIT = "meter_credit"  # 换表补气: gas carried from a removed meter
    SUSPENSION = "suspension"  # 挂起: no money moves; the advance stays held, on record
    TEST = "test"  # entries written by diagnostics and tests, never by a sale

    @property
    def label(self) -> Message:
        return Message(_KIND_LABELS[self])


_KIND_LABELS = {
    EntryKind.ADVANCE_RECEIPT: N_("advance receipt"),
    EntryKind.SALE: N_("sale"),
    EntryKind.REVERSAL: N_("reversal"),
    EntryKind.REFUND: N_("refund"),
    EntryKind.FEE: N_("fee"),
    EntryKind.ADJUSTMENT: N_("adjustment"),
    EntryKind.CASH_OVER_SHORT: N_("cash over/short"),
    EntryKind.ROUNDING: N_("cash rounding"),
    EntryKind.METER_CREDIT: N_("meter change credit"),
    EntryKind.SUSPENSION: N_("suspension"),
    EntryKind.TEST: N_("test"),
}


@dataclass(frozen=True, kw_only=True)
class JournalDraft:
    """What a use case asks to append; the journal gives it its place and its hash."""

    kind: EntryKind
    at: datetime
    business_date: date | None = None
    counter_no: str | None = None
    account_no: str | None = None
    sale_no: str | None = None
    amount: Money = Money(0)
    volume: Volume = Volume(0)
    channel: str | None = None
    ref: str | None = None
    details: Mapping[str, DetailValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("journal times must be timezone-aware")
        _check_details(self.details)


@dataclass(frozen=True, kw_only=True)
class JournalEntry(JournalDraft):
    seq: int
    prev_hash: str
    hash: str


def utc_text(at: datetime) -> str:
    """``at`` as the canonical form writes it: UTC, ISO 8601 with microseconds and ``+00:00``
    (also how SQLite stores a time).  Remembered for the last few instants: an imported sale's
    time is written six times (its two entries, its row, its payment)."""
    return _utc_text(at, at.fold)  # equal times of one zone differ by fold alone (DST)


@lru_cache(maxsize=1024)
def _utc_text(at: datetime, _fold: int) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_document(draft: JournalDraft, *, seq: int, prev_hash: str) -> dict[str, object]:
    """The document whose JSON (module docstring) is hashed: the canonical form's definition."""
    return {
        "v": CANONICAL_VERSION,
        "seq": seq,
        "prev": prev_hash,
        "kind": str(draft.kind),
        "at": utc_text(draft.at),
        "business_date": draft.business_date.isoformat() if draft.business_date else None,
        "counter": draft.counter_no,
        "account": draft.account_no,
        "sale": draft.sale_no,
        "amount_fen": draft.amount.fen,
        "volume_m3x100": draft.volume.hundredths,
        "channel": draft.channel,
        "ref": draft.ref,
        "details": dict(draft.details),
    }


def canonical_details(details: Mapping[str, DetailValue]) -> str:
    """An entry's details as the canonical JSON text the journal stores and the hash covers:
    ``json.dumps`` with sorted keys, no whitespace, non-ASCII kept; a flat object of plain
    strings, integers, booleans and nulls (what entries carry) is joined directly, to the same
    text (a property test pins it)."""
    if type(details) is dict:
        parts = []
        for key in sorted(details):
            value = details[key]
            kind = type(value)
            if type(key) is not str:
                break
            if kind is str:
                text = _quote(value)
            elif kind is int:
                text = int.__repr__(value)
            elif kind is bool:
                text = "true" if value else "false"
            elif value is None:
                text = "null"
            else:
                break
            parts.append(f"{_quote(key)}:{text}")
        else:
            return "{" + ",".join(parts) + "}"
    return json.dumps(dict(details), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_bytes(draft: JournalDraft, *, seq: int, prev_hash: str,
                    details_text: str | None = None) -> bytes:
    """The UTF-8 JSON of :func:`canonical_document`, built by string joins when every value is
    of its plain type (:func:`stored_canonical_bytes`, byte for byte the same: a property test
    pins it) and by ``json.dumps`` of the document otherwise.  ``details_text``, when given, is
    :func:`canonical_details` of the draft's details (the caller stores it too)."""
    stored = stored_canonical_bytes(
        seq=seq, prev_hash=prev_hash, kind=draft.kind.value, at=utc_text(draft.at),
        business_date=draft.business_date.isoformat() if draft.business_date else None,
        counter_no=draft.counter_no, account_no=draft.account_no, sale_no=draft.sale_no,
        amount_fen=draft.amount.fen, volume=draft.volume.hundredths, channel=draft.channel,
        ref=draft.ref,
        details=canonical_details(draft.details) if details_text is None else details_text)
    if stored is not None:
        return stored
    return json.dumps(canonical_document(draft, seq=seq, prev_hash=prev_hash), sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(draft: JournalDraft, *, seq: int, prev_hash: str,
               details_text: str | None = None) -> str:
    return hashlib.sha256(canonical_bytes(draft, seq=seq, prev_hash=prev_hash,
                                          details_text=details_text)).hexdigest()


def seal(draft: JournalDraft, *, seq: int, prev_hash: str,
         details_text: str | None = None) -> JournalEntry:
    """Give ``draft`` its place after the entry whose hash is ``prev_hash``.

    The draft's time and details were checked when it was made, so the entry is built without
    checking them again (a bulk append seals hundreds of thousands).  ``details_text``: as for
    :func:`canonical_bytes` (the journal's append passes the text it stores)."""
    entry: JournalEntry = object.__new__(JournalEntry)
    vars(entry).update(  # what the frozen dataclass's own __init__ sets, less the checks
        seq=seq, prev_hash=prev_hash,
        hash=entry_hash(draft, seq=seq, prev_hash=prev_hash, details_text=details_text),
        kind=draft.kind, at=draft.at, business_date=draft.business_date,
        counter_no=draft.counter_no, account_no=draft.account_no, sale_no=draft.sale_no,
        amount=draft.amount, volume=draft.volume, channel=draft.channel, ref=draft.ref,
        details=draft.details)
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    code: str
    message: Message


@dataclass(frozen=True)
class ChainReport:
    entries: int  # how many entries this walk checked
    head_hash: str
    first_break: ChainBreak | None
    head_seq: int = 0  # the last entry checked (or the one the walk started after)

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify_chain(entries: Iterable[JournalEntry], *, after: int = 0,
                 after_hash: str = GENESIS_HASH) -> ChainReport:
    """Recompute the chain over entries in ``seq`` order; stop at the first broken one.

    ``after`` and ``after_hash`` start the walk behind an entry already proven (an incremental
    verify: the entry its last checkpoint names, recomputed first by the caller)."""
    expected_seq, prev, count = after + 1, after_hash, 0
    for entry in entries:
        broken = _check_link(entry, expected_seq, prev)
        if broken is not None:
            return ChainReport(count, prev, broken, expected_seq - 1)
        count, expected_seq, prev = count + 1, entry.seq + 1, entry.hash
    return ChainReport(count, prev, None, expected_seq - 1)


def _check_link(entry: JournalEntry, expected_seq: int, prev: str) -> ChainBreak | None:
    if entry.seq != expected_seq:
        return ChainBreak(entry.seq, "journal.sequence_gap", Message(
            N_("Entry {seq} follows entry {before}: entries are missing or were inserted."),
            {"seq": entry.seq, "before": expected_seq - 1}))
    if entry.prev_hash != prev:
        return ChainBreak(entry.seq, "journal.link_broken", Message(
            N_("Entry {seq} does not point to the entry before it: the chain was rewritten."),
            {"seq": entry.seq}))
    if not rehashes(entry):
        return ChainBreak(entry.seq, "journal.content_changed", Message(
            N_("Entry {seq} was changed after it was written: its hash no longer matches."),
            {"seq": entry.seq}))
    return None


def rehashes(entry: JournalEntry) -> bool:
    """Whether ``entry``'s recomputed hash is its stored one.  An entry read for verification
    may carry the canonical bytes rebuilt from its stored text (:func:`stored_canonical_bytes`):
    when they hash to the stored hash they *are* its canonical bytes (the builder quotes every
    string and splices only the stored details, so no other columns can produce them); when
    they do not, the entry is judged by :func:`entry_hash` as always."""
    stored = getattr(entry, "stored_bytes", None)
    if stored is not None and hashlib.sha256(stored).hexdigest() == entry.hash:
        return True
    return entry_hash(entry, seq=entry.seq, prev_hash=entry.prev_hash) == entry.hash


_quote = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes a str as


def stored_canonical_bytes(*, seq: object, prev_hash: object, kind: object, at: object,
                           business_date: object, counter_no: object, account_no: object,
                           sale_no: object, amount_fen: object, volume: object,
                           channel: object, ref: object, details: object) -> bytes | None:
    """The canonical bytes of an entry as stored, built by string joins instead of a JSON
    document: ``at`` as its stored UTC text, ``business_date`` as ISO text, ``details`` as its
    stored canonical JSON text.  ``None`` when a value is not of the plain stored form (the
    caller then uses :func:`canonical_bytes`); equal to it for every entry the journal wrote
    (a test pins that)."""
    if (type(seq) is not int or type(amount_fen) is not int or type(volume) is not int
            or type(details) is not str or type(at) is not str or type(prev_hash) is not str
            or type(kind) is not str):
        return None
    texts = [_quote(value) if type(value) is str else "null" if value is None else None
             for value in (account_no, business_date, channel, counter_no, ref, sale_no)]
    if None in texts:
        return None
    account, day, chan, counter, reference, sale = texts
    return (f'{{"account":{account},"amount_fen":{amount_fen},"at":{_quote(at)},'
            f'"business_date":{day},"channel":{chan},"counter":{counter},"details":{details},'
            f'"kind":{_quote(kind)},"prev":{_quote(prev_hash)},"ref":{reference},'
            f'"sale":{sale},"seq":{seq},"v":{CANONICAL_VERSION},"volume_m3x100":{volume}}}'
            ).encode()


@dataclass(frozen=True)
class VerifyCheckpoint:
    """Where a ``ledger verify`` that found everything intact stopped (docs/journal.md): the
    next incremental verify proves entry ``seq`` still hashes to ``hash`` and walks on from
    there."""

    seq: int
    hash: str
    at: datetime
    by: str
    counter_no: str | None
    full: bool


_FLAT = frozenset({str, int, bool, type(None)})


def _check_details(value: object, depth: int = 0) -> None:
    if depth > 8:
        raise ValueError("journal details nest too deeply")
    if type(value) is dict:  # the usual: a flat object, seen at a glance
        for key, item in value.items():
            if type(key) is not str or type(item) not in _FLAT:
                break
        else:
            return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("journal detail keys are strings")
            _check_details(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_details(item, depth + 1)
    elif value is not None and not isinstance(value, str | int | bool):
        raise TypeError(f"journal details hold no {type(value).__name__}: use str or int")
