"""The canonical bytes ``ledger verify`` rebuilds from an entry's stored text are exactly
``canonical_bytes`` (docs/journal.md), for any text a column may hold."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from pos.domain.journal import (
    GENESIS_HASH,
    EntryKind,
    JournalDraft,
    canonical_bytes,
    canonical_details,
    canonical_document,
    seal,
    stored_canonical_bytes,
    verify_chain,
)
from pos.domain.quantities import Money, Volume

TEXT = st.text(max_size=12)  # quotes, backslashes, control characters, any script
OPTIONAL = st.none() | TEXT
DETAILS = st.dictionaries(TEXT, st.none() | st.booleans() | st.integers() | TEXT, max_size=4)


@st.composite
def drafts(draw: st.DrawFn) -> JournalDraft:
    at = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                           timezones=st.just(timezone(timedelta(hours=8)))))
    return JournalDraft(
        kind=draw(st.sampled_from(list(EntryKind))), at=at,
        business_date=draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1))),
        counter_no=draw(OPTIONAL), account_no=draw(OPTIONAL), sale_no=draw(OPTIONAL),
        amount=Money(draw(st.integers(-10**12, 10**12))),
        volume=Volume(draw(st.integers(-10**9, 10**9))), channel=draw(OPTIONAL),
        ref=draw(OPTIONAL), details=draw(DETAILS))


@given(drafts(), st.integers(1, 10**9))
def test_the_stored_form_gives_the_canonical_bytes(draft: JournalDraft, seq: int) -> None:
    stored = stored_canonical_bytes(
        seq=seq, prev_hash=GENESIS_HASH, kind=draft.kind.value,
        at=draft.at.astimezone(UTC).isoformat(timespec="microseconds"),
        business_date=draft.business_date.isoformat() if draft.business_date else None,
        counter_no=draft.counter_no, account_no=draft.account_no, sale_no=draft.sale_no,
        amount_fen=draft.amount.fen, volume=draft.volume.hundredths, channel=draft.channel,
        ref=draft.ref, details=json.dumps(dict(draft.details), sort_keys=True,
                                          separators=(",", ":"), ensure_ascii=False))
    assert stored == canonical_bytes(draft, seq=seq, prev_hash=GENESIS_HASH)


@given(drafts(), st.integers(1, 10**9), st.sampled_from([GENESIS_HASH, "ab" * 32]))
def test_the_canonical_bytes_are_the_json_of_the_canonical_document(
        draft: JournalDraft, seq: int, prev: str) -> None:
    """``canonical_bytes`` joins strings; what it must equal is the documented JSON."""
    document = json.dumps(canonical_document(draft, seq=seq, prev_hash=prev), sort_keys=True,
                          separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert canonical_bytes(draft, seq=seq, prev_hash=prev) == document


NESTED = st.recursive(st.none() | st.booleans() | st.integers() | TEXT,
                      lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8)


@given(st.dictionaries(TEXT, NESTED, max_size=5))
def test_canonical_details_are_the_json_of_the_details(details: dict[str, object]) -> None:
    expected = json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_details(details) == expected  # type: ignore[arg-type]


def test_values_of_other_types_are_encoded_as_json_encodes_them() -> None:
    """A channel given as a ``StrEnum`` (a ``str`` subclass) takes the JSON path: same bytes."""
    draft = JournalDraft(kind=EntryKind.ADVANCE_RECEIPT, at=datetime(2026, 1, 2, tzinfo=UTC),
                         channel=EntryKind.SALE, details={"a": [1, {"b": None}]})
    document = json.dumps(canonical_document(draft, seq=3, prev_hash=GENESIS_HASH),
                          sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert canonical_bytes(draft, seq=3, prev_hash=GENESIS_HASH) == document


def test_bytes_that_do_not_hash_right_are_judged_by_the_json_form() -> None:
    """Stored bytes are only a shortcut: wrong ones never make a good entry look broken, and
    never make a changed one look intact."""
    entry = seal(JournalDraft(kind=EntryKind.TEST, at=datetime(2026, 11, 27, tzinfo=UTC),
                              amount=Money(100)), seq=1, prev_hash=GENESIS_HASH)
    vars(entry)["stored_bytes"] = b"not the canonical bytes"
    assert verify_chain([entry]).intact
    changed = seal(JournalDraft(kind=EntryKind.TEST, at=datetime(2026, 11, 27, tzinfo=UTC),
                                amount=Money(101)), seq=1, prev_hash=GENESIS_HASH)
    vars(changed).update(hash=entry.hash, stored_bytes=b"x")
    report = verify_chain([changed])
    assert report.first_break is not None and report.first_break.code == "journal.content_changed"
