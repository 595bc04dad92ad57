"""The journal: appended under a database-wide lock, streamed in order for verification.

The lock is ``pg_advisory_xact_lock`` on PostgreSQL (it needs no table privileges and ends with
the transaction) and the SQLite write lock, which a writing unit of work holds from its first
statement (``BEGIN IMMEDIATE``).  Counters sharing one database therefore cannot fork the chain;
the unique ``prev_hash`` would refuse a fork even if the lock were bypassed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, Table, func, insert, select, text
from sqlalchemy.orm import Session

from db.models import JournalRow, LedgerCheckpointRow
from db.repositories.bulk import insert_rows
from pos.domain.day.totals import MONEY_KINDS, EntrySum
from pos.domain.journal import (
    GENESIS_HASH,
    EntryKind,
    JournalDraft,
    JournalEntry,
    VerifyCheckpoint,
    canonical_details,
    seal,
    stored_canonical_bytes,
)
from pos.domain.quantities import Money, Volume
from pos.domain.reconciliation.ledger_side import JournalMoney

JOURNAL_LOCK_KEY = 0x67_61_73_70_6F_73  # "gaspos"
STREAM_BATCH = 10_000
BATCH_CACHE_KIB = 256 * 1024  # SQLite page cache for bulk appends (default 2 MiB spills)
_TABLE = JournalRow.__table__
_CORE_TABLE: Table = JournalRow.metadata.tables["journal_entries"]


# built once, parameters bound at each call (docs/performance.md, "Many counters")
_HEAD = select(JournalRow.seq, JournalRow.hash).order_by(JournalRow.seq.desc()).limit(1)


class SqlJournal:
    def __init__(self, session: Session, *, write: bool) -> None:
        self._session = session
        self._write = write
        self.last_appended: JournalEntry | None = None  # for the anchor file, after commit

    def append(self, draft: JournalDraft) -> JournalEntry:
        if not self._write:
            raise RuntimeError("the journal is appended only in a writing unit of work")
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(select(func.pg_advisory_xact_lock(JOURNAL_LOCK_KEY)))
        head = self._session.execute(_HEAD).first()
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        details = canonical_details(draft.details)
        entry = seal(draft, seq=seq, prev_hash=prev_hash, details_text=details)
        self._session.execute(insert(JournalRow).values(
            seq=entry.seq, kind=str(entry.kind), at=entry.at,
            business_date=entry.business_date, counter_no=entry.counter_no,
            account_no=entry.account_no, sale_no=entry.sale_no, amount_fen=entry.amount.fen,
            volume_m3x100=entry.volume.hundredths, channel=entry.channel, ref=entry.ref,
            details=details, prev_hash=entry.prev_hash, hash=entry.hash,
        ))
        self.last_appended = entry
        return entry

    def append_many(self, drafts: Sequence[JournalDraft]) -> list[JournalEntry]:
        """Append ``drafts`` in order as one batch: each sealed exactly as :meth:`append` seals
        it (the same canonical bytes and hash, chained from the head), written with one
        multi-row insert instead of a head query and an insert per entry."""
        if not self._write:
            raise RuntimeError("the journal is appended only in a writing unit of work")
        if not drafts:
            return []
        self.lock()
        if self._session.get_bind().dialect.name == "sqlite":  # a batch's index pages stay in
            self._session.execute(text(f"PRAGMA cache_size = -{BATCH_CACHE_KIB}"))  # memory
        seq, prev_hash = self.head()
        entries, rows = [], []
        for draft in drafts:
            seq += 1
            details = canonical_details(draft.details)
            entry = seal(draft, seq=seq, prev_hash=prev_hash, details_text=details)
            rows.append({
                "seq": seq, "kind": draft.kind.value, "at": draft.at,
                "business_date": draft.business_date, "counter_no": draft.counter_no,
                "account_no": draft.account_no, "sale_no": draft.sale_no,
                "amount_fen": draft.amount.fen, "volume_m3x100": draft.volume.hundredths,
                "channel": draft.channel, "ref": draft.ref, "details": details,
                "prev_hash": prev_hash, "hash": entry.hash})
            prev_hash = entry.hash
            entries.append(entry)
        insert_rows(self._session.connection(), _CORE_TABLE, rows)  # many to a statement
        self.last_appended = entries[-1]
        return entries

    def lock(self) -> None:
        """Hold the journal's lock until the transaction ends (a close reads a stable head)."""
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(select(func.pg_advisory_xact_lock(JOURNAL_LOCK_KEY)))

    def head(self) -> tuple[int, str]:
        """The last entry's ``seq`` and hash (0 and the genesis hash when empty)."""
        row = self._session.execute(_HEAD).first()
        return (row[0], row[1]) if row else (0, GENESIS_HASH)

    def hash_of(self, seq: int) -> str | None:
        return self._session.scalars(select(JournalRow.hash).where(JournalRow.seq == seq)).first()

    def entries(self) -> Iterator[JournalEntry]:
        result = self._session.execute(
            select(_TABLE).order_by(JournalRow.seq).execution_options(yield_per=STREAM_BATCH))
        for row in result:
            yield _entry(row)

    def between(self, first: date, last: date) -> Iterator[JournalEntry]:
        """Every entry of the business days from ``first`` to ``last``, in ``seq`` order."""
        result = self._session.execute(
            select(_TABLE).where(JournalRow.business_date >= first,
                                 JournalRow.business_date <= last)
            .order_by(JournalRow.seq).execution_options(yield_per=STREAM_BATCH))
        for row in result:
            yield _entry(row)

    def of_sale(self, order_no: str) -> list[JournalEntry]:
        """Every entry that names sale ``order_no``, in ``seq`` order."""
        result = self._session.execute(
            select(_TABLE).where(JournalRow.sale_no == order_no).order_by(JournalRow.seq))
        return [_entry(row) for row in result]

    def day_entries(self, counter_no: str, business_date: date) -> list[JournalEntry]:
        """One counter's day, in ``seq`` order."""
        result = self._session.execute(
            select(_TABLE).where(JournalRow.counter_no == counter_no,
                                 JournalRow.business_date == business_date)
            .order_by(JournalRow.seq))
        return [_entry(row) for row in result]

    def day_sums(self, counter_no: str, business_date: date) -> list[EntrySum]:
        """One counter's day summed by the database per kind, channel and sign of the amount
        (``totals_of_sums`` of them is ``day_totals`` of ``day_entries``, without a row
        crossing over)."""
        inflow = JournalRow.amount_fen >= 0
        result = self._session.execute(
            select(JournalRow.kind, JournalRow.channel, inflow, func.count(),
                   func.sum(JournalRow.amount_fen), func.sum(JournalRow.volume_m3x100),
                   func.max(JournalRow.seq))
            .where(JournalRow.counter_no == counter_no,
                   JournalRow.business_date == business_date)
            .group_by(JournalRow.kind, JournalRow.channel, inflow))
        # int(): PostgreSQL sums a bigint column as numeric
        return [EntrySum(kind, channel, bool(up), int(count), int(fen), int(volume), int(seq))
                for kind, channel, up, count, fen, volume, seq in result]

    def money_between(self, first: date, last: date) -> Iterator[JournalMoney]:
        """The entries of :meth:`between` that moved money through a channel (a money kind,
        a channel, an amount), in ``seq`` order, as plain rows of the columns the matching
        reads: the others never leave the database, and no entry is built."""
        c = _CORE_TABLE.c
        result = self._session.execute(
            select(c.seq, c.kind, c.at, c.business_date, c.counter_no, c.sale_no, c.amount_fen,
                   c.channel, c.ref, c.details)
            .where(c.business_date >= first, c.business_date <= last,
                   c.kind.in_(sorted(str(k) for k in MONEY_KINDS)),
                   c.channel.is_not(None), c.channel != "", c.amount_fen != 0)
            .order_by(c.seq).execution_options(yield_per=STREAM_BATCH))
        make = JournalMoney._make
        for row in result:
            yield make(row)

    # --- verification (ledger verify) ---------------------------------------------------------
    def stream(self, after: int = 0) -> Iterator[JournalEntry]:
        """Every entry after ``seq`` ``after``, in ``seq`` order, streamed from a raw cursor for
        ``ledger verify``: each entry carries the canonical bytes rebuilt from its stored text
        (``stored_bytes``, see :func:`pos.domain.journal.rehashes`), built without an ORM row
        or a JSON document per entry."""
        result = self._session.connection().execution_options(
            stream_results=True, yield_per=STREAM_BATCH).exec_driver_sql(
            _STREAM_SQL + " WHERE seq > " + str(int(after)) + " ORDER BY seq")
        for row in result:
            yield _stored_entry(row)

    def entry(self, seq: int) -> JournalEntry | None:
        """Entry ``seq`` as stored (with its stored canonical bytes), if there is one."""
        row = self._session.connection().exec_driver_sql(
            _STREAM_SQL + " WHERE seq = " + str(int(seq))).first()
        return None if row is None else _stored_entry(row)

    def of_sales(self, order_nos: Collection[str]) -> Iterator[JournalEntry]:
        """Every entry naming one of ``order_nos``, in ``seq`` order within each batch."""
        names = sorted(order_nos)
        for first in range(0, len(names), _IN_BATCH):
            result = self._session.execute(
                select(_TABLE).where(JournalRow.sale_no.in_(names[first:first + _IN_BATCH]))
                .order_by(JournalRow.seq))
            for row in result:
                yield _entry(row)

    def checkpoint(self) -> VerifyCheckpoint | None:
        """The newest checkpoint a verify left, if any."""
        row = self._session.scalars(
            select(LedgerCheckpointRow).order_by(LedgerCheckpointRow.id.desc()).limit(1)
        ).first()
        if row is None:
            return None
        return VerifyCheckpoint(row.seq, row.hash, row.verified_at, row.verified_by,
                                row.counter_no, row.full)

    def add_checkpoint(self, checkpoint: VerifyCheckpoint) -> None:
        if not self._write:
            raise RuntimeError("a checkpoint is added only in a writing unit of work")
        self._session.execute(insert(LedgerCheckpointRow).values(
            seq=checkpoint.seq, hash=checkpoint.hash, verified_at=checkpoint.at,
            verified_by=checkpoint.by[:64], counter_no=checkpoint.counter_no,
            full=checkpoint.full))


_IN_BATCH = 500
_STREAM_SQL = ("SELECT seq, kind, at, business_date, counter_no, account_no, sale_no, amount_fen,"
               " volume_m3x100, channel, ref, details, prev_hash, hash FROM journal_entries")
_KINDS = {kind.value: kind for kind in EntryKind}


_SCAN: Callable[[str, int], tuple[Any, int]] = (  # what json.loads runs, less the checks
    json.JSONDecoder().scan_once)  # type: ignore[attr-defined]  # around it


def _details(text: str) -> Any:
    """``json.loads(text)``, faster for the plain stored form (no surrounding whitespace)."""
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        return json.loads(text)  # raises as json.loads does
    return value if end == len(text) else json.loads(text)


def _stored_entry(row: Sequence[Any]) -> JournalEntry:
    """An entry from a raw row (SQLite: times and dates as text; PostgreSQL: as objects)."""
    (seq, kind, at, business_date, counter_no, account_no, sale_no, amount_fen, volume,
     channel, ref, details, prev_hash, hash_) = row
    day_text: str | None
    if type(at) is str:
        at_text, at = at, datetime.fromisoformat(at).astimezone(UTC)
    else:
        at = at.astimezone(UTC)
        at_text = at.isoformat(timespec="microseconds")
    if type(business_date) is str:
        day_text, business_date = business_date, date.fromisoformat(business_date)
    else:
        day_text = None if business_date is None else business_date.isoformat()
    entry: JournalEntry = object.__new__(JournalEntry)
    vars(entry).update(  # the frozen dataclass's fields, plus the bytes as stored
        seq=seq, kind=_KINDS.get(kind) or EntryKind(kind), at=at,
        business_date=business_date, counter_no=counter_no, account_no=account_no,
        sale_no=sale_no, amount=Money(amount_fen), volume=Volume(volume), channel=channel,
        ref=ref, details=_details(details), prev_hash=prev_hash, hash=hash_,
        stored_bytes=stored_canonical_bytes(
            seq=seq, prev_hash=prev_hash, kind=kind, at=at_text, business_date=day_text,
            counter_no=counter_no, account_no=account_no, sale_no=sale_no,
            amount_fen=amount_fen, volume=volume, channel=channel, ref=ref, details=details))
    return entry


def _entry(row: Row[Any]) -> JournalEntry:
    return JournalEntry(
        seq=row.seq, kind=EntryKind(row.kind), at=row.at,
        business_date=row.business_date, counter_no=row.counter_no,
        account_no=row.account_no, sale_no=row.sale_no, amount=Money(row.amount_fen),
        volume=Volume(row.volume_m3x100), channel=row.channel, ref=row.ref,
        details=json.loads(row.details), prev_hash=row.prev_hash, hash=row.hash,
    )

