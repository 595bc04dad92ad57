"""The journal's hash chain: any change, removal or insertion is found, at the right entry."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.journal import (
    GENESIS_HASH,
    EntryKind,
    JournalDraft,
    JournalEntry,
    canonical_bytes,
    seal,
    verify_chain,
)
from pos.domain.quantities import Money, Volume

AT = datetime(2026, 11, 27, 1, 30, tzinfo=UTC)


def chain(n: int) -> list[JournalEntry]:
    entries: list[JournalEntry] = []
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        draft = JournalDraft(kind=EntryKind.TEST, at=AT, business_date=date(2026, 11, 27),
                             counter_no="01", account_no="370402000001",
                             sale_no=f"GS20261127010{seq:05d}", amount=Money(100 * seq),
                             volume=Volume(1000 * seq), channel="cash", ref=None,
                             details={"note": "测试", "n": seq})
        entry = seal(draft, seq=seq, prev_hash=prev)
        entries.append(entry)
        prev = entry.hash
    return entries


def test_an_untouched_chain_verifies() -> None:
    entries = chain(5)
    report = verify_chain(entries)
    assert report.intact
    assert (report.entries, report.head_hash) == (5, entries[-1].hash)


def test_an_empty_journal_verifies_with_the_genesis_head() -> None:
    report = verify_chain([])
    assert report.intact and report.head_hash == GENESIS_HASH and report.entries == 0


def test_the_canonical_form_is_the_documented_one() -> None:
    draft = JournalDraft(kind=EntryKind.SALE, at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
                         amount=Money(128800), volume=Volume(45000), details={"b": 1, "a": "气"})
    expected = (
        '{"account":null,"amount_fen":128800,"at":"2026-11-27T09:30:00.000000+00:00",'
        '"business_date":null,"channel":null,"counter":null,"details":{"a":"气","b":1},'
        '"kind":"sale","prev":"' + GENESIS_HASH + '","ref":null,"sale":null,"seq":1,"v":1,'
        '"volume_m3x100":45000}'
    ).encode()
    assert canonical_bytes(draft, seq=1, prev_hash=GENESIS_HASH) == expected
    assert seal(draft, seq=1, prev_hash=GENESIS_HASH).hash == hashlib.sha256(expected).hexdigest()


@pytest.mark.parametrize("field", ["amount", "volume", "account_no", "kind", "at", "details"])
def test_a_changed_entry_is_named(field: str) -> None:
    entries = chain(6)
    changes = {"amount": Money(1), "volume": Volume(1), "account_no": "370402000002",
               "kind": EntryKind.REFUND, "at": datetime(2026, 1, 1, tzinfo=UTC),
               "details": {"note": "改过"}}
    entries[3] = dataclasses.replace(entries[3], **{field: changes[field]})
    report = verify_chain(entries)
    assert report.first_break is not None
    assert (report.first_break.seq, report.first_break.code) == (4, "journal.content_changed")
    assert report.entries == 3


def test_a_removed_entry_is_named() -> None:
    entries = chain(6)
    del entries[2]
    broken = verify_chain(entries).first_break
    assert broken is not None and (broken.seq, broken.code) == (4, "journal.sequence_gap")


def test_a_rewritten_link_is_named() -> None:
    entries = chain(4)
    entries[2] = dataclasses.replace(entries[2], prev_hash="f" * 64)
    broken = verify_chain(entries).first_break
    assert broken is not None and (broken.seq, broken.code) == (3, "journal.link_broken")


def test_recomputing_a_changed_entrys_hash_breaks_the_next_link() -> None:
    entries = chain(4)
    forged = dataclasses.replace(entries[1], amount=Money(1))
    entries[1] = seal(forged, seq=2, prev_hash=forged.prev_hash)
    broken = verify_chain(entries).first_break
    assert broken is not None and (broken.seq, broken.code) == (3, "journal.link_broken")


def test_naive_times_and_floats_never_enter_the_journal() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        JournalDraft(kind=EntryKind.TEST, at=datetime(2026, 11, 27))
    with pytest.raises(TypeError):
        JournalDraft(kind=EntryKind.TEST, at=AT, details={"rate": 0.2})  # type: ignore[dict-item]


@given(st.integers(min_value=0, max_value=9), st.binary(min_size=1, max_size=1))
def test_flipping_any_hash_character_is_found(index: int, noise: bytes) -> None:
    entries = chain(10)
    victim = entries[index]
    flipped = format(int(victim.hash[0], 16) ^ (noise[0] % 15 + 1), "x") + victim.hash[1:]
    entries[index] = dataclasses.replace(victim, hash=flipped)
    broken = verify_chain(entries).first_break
    assert broken is not None
    assert broken.seq in (index + 1, index + 2)
