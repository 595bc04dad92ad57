"""Imported statements and their lines; saved column mappings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from json.encoder import encode_basestring
from operator import add, itemgetter
from typing import Any, cast

from sqlalchemy import Row, Table, select, update
from sqlalchemy.orm import Session

from db.models import ColumnMappingRow, StatementImportRow, StatementLineRow
from db.repositories.bulk import bound_variables, insert_rows
from pos.domain.quantities import Money
from pos.domain.reconciliation.stored import ImportRecord
from pos.domain.statements.model import LineKind, Source, StatementLine

_CHUNK = 10_000  # identities asked about per query
_LINES: Table = StatementLineRow.metadata.tables["statement_lines"]


class SqlStatements:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, *, source: Source, format: str, encoding: str, file_name: str, sha256: str,
            content: bytes, at: datetime, by: str,
            lines: Sequence[StatementLine]) -> ImportRecord:
        known = self._known(source, [line.identity for line in lines])
        new = [line for line in lines if line.identity not in known]
        row = StatementImportRow(source=source.value, format=format, encoding=encoding,
                                 file_name=file_name[:255], sha256=sha256, content=content,
                                 imported_at=at, imported_by=by, lines_in_file=len(lines),
                                 lines_added=len(new))
        self._session.add(row)
        self._session.flush()
        insert_rows(self._session.connection(), _LINES,  # many rows to a statement
                    [_values(row.id, line) for line in new])
        return _record(row)

    def imports(self) -> list[ImportRecord]:
        rows = self._session.scalars(select(StatementImportRow).order_by(StatementImportRow.id))
        return [_record(r) for r in rows]

    def lines_between(self, first: date, last: date, *,
                      cells: bool = True) -> list[StatementLine]:
        columns = _READ if cells else _READ[:-1]
        rows = self._session.execute(  # plain rows: no ORM object per line
            select(*columns).where(_LINES.c.value_date >= first, _LINES.c.value_date <= last)
            .order_by(_LINES.c.source, _LINES.c.id)).all()
        if cells:
            return [_line(r) for r in rows]
        return [_bare_line(r) for r in rows]

    def save_mapping(self, name: str, definition: str, *, at: datetime, by: str) -> None:
        existing = self._session.scalars(select(ColumnMappingRow).where(
            ColumnMappingRow.name == name)).first()
        if existing is None:
            self._session.add(ColumnMappingRow(name=name, definition=definition, saved_at=at,
                                               saved_by=by))
        else:
            self._session.execute(update(ColumnMappingRow).where(
                ColumnMappingRow.id == existing.id).values(definition=definition, saved_at=at,
                                                           saved_by=by))

    def mapping(self, name: str) -> str | None:
        return self._session.scalars(select(ColumnMappingRow.definition).where(
            ColumnMappingRow.name == name)).first()

    def mapping_names(self) -> list[str]:
        return list(self._session.scalars(select(ColumnMappingRow.name).order_by(
            ColumnMappingRow.name)))

    def _known(self, source: Source, identities: list[str]) -> set[str]:
        known: set[str] = set()
        chunk = min(_CHUNK, bound_variables(self._session.connection()) - 1)
        for start in range(0, len(identities), chunk):
            known.update(self._session.execute(select(_LINES.c.identity).where(
                _LINES.c.source == source.value,
                _LINES.c.identity.in_(identities[start:start + chunk]))).scalars())
        return known


def _values(import_id: int, line: StatementLine) -> dict[str, object]:
    return {
        "import_id": import_id, "source": line.source.value, "identity": line.identity[:255],
        "line_no": line.line_no, "kind": line.kind.value, "value_date": line.value_date,
        "occurred_at": line.occurred_at, "amount_fen": line.amount.fen, "fee_fen": line.fee.fen,
        "status": line.status[:32], "order_no": line.order_no, "provider_ref": line.provider_ref,
        "refund_no": line.refund_no, "provider_refund_ref": line.provider_refund_ref,
        "counterparty": line.counterparty, "memo": (line.memo or None) and line.memo[:255],
        "terminal": line.terminal, "voucher": line.voucher,
        "balance_fen": None if line.balance is None else line.balance.fen,
        "raw": raw_json(line.raw),  # pairs as arrays
    }


def raw_json(pairs: tuple[tuple[str, str], ...]) -> str:
    """``json.dumps(pairs, ensure_ascii=False)``, the same text, built from the header's
    names encoded once per file (a line's cells are encoded by json's own C function)."""
    if not pairs:
        return "[]"
    names = tuple(map(_first, pairs))
    heads = _heads.get(names)
    if heads is None:
        if len(_heads) > _HEADS_KEPT:
            _heads.clear()
        heads = _heads[names] = ["[" + encode_basestring(name) + ", " for name in names]
    return "[" + "], ".join(map(add, heads, map(encode_basestring, map(_second, pairs)))) + "]]"


_first, _second = itemgetter(0), itemgetter(1)
_heads: dict[tuple[str, ...], list[str]] = {}
_HEADS_KEPT = 64


_READ = tuple(_LINES.c[name] for name in (
    "source", "line_no", "identity", "kind", "value_date", "occurred_at", "amount_fen",
    "fee_fen", "status", "order_no", "provider_ref", "refund_no", "provider_refund_ref",
    "counterparty", "memo", "terminal", "voucher", "balance_fen", "raw"))
_SOURCES = {source.value: source for source in Source}
_KINDS = {kind.value: kind for kind in LineKind}


def _bare_line(row: Row[Any]) -> StatementLine:
    """The line without its cells (``raw`` left empty), built as the frozen dataclass's own
    ``__init__`` would build it from the stored values (which were checked when imported)."""
    (source, line_no, identity, kind, value_date, occurred_at, amount_fen, fee_fen, status,
     order_no, provider_ref, refund_no, provider_refund_ref, counterparty, memo, terminal,
     voucher, balance_fen) = tuple(row)
    line: StatementLine = object.__new__(StatementLine)
    vars(line).update(
        source=_SOURCES[source], line_no=line_no, identity=identity, kind=_KINDS[kind],
        value_date=value_date, occurred_at=occurred_at, amount=Money(amount_fen),
        fee=Money(fee_fen), status=status, order_no=order_no, provider_ref=provider_ref,
        refund_no=refund_no, provider_refund_ref=provider_refund_ref,
        counterparty=counterparty, memo=memo, terminal=terminal, voucher=voucher,
        balance=None if balance_fen is None else Money(balance_fen), raw=())
    return line


def _line(row: Row[Any]) -> StatementLine:
    return StatementLine(
        source=Source(row.source), line_no=row.line_no, identity=row.identity,
        kind=LineKind(row.kind), value_date=row.value_date, occurred_at=row.occurred_at,
        amount=Money(row.amount_fen), fee=Money(row.fee_fen), status=row.status,
        order_no=row.order_no, provider_ref=row.provider_ref, refund_no=row.refund_no,
        provider_refund_ref=row.provider_refund_ref, counterparty=row.counterparty,
        memo=row.memo, terminal=row.terminal, voucher=row.voucher,
        balance=None if row.balance_fen is None else Money(row.balance_fen),
        raw=_pairs(json.loads(row.raw)))


def _pairs(stored: list[list[str]]) -> tuple[tuple[str, str], ...]:
    """The (header, cell) pairs as ``_values`` stored them: JSON strings, two to a pair."""
    return cast(tuple[tuple[str, str], ...], tuple(map(tuple, stored)))


def _record(row: StatementImportRow) -> ImportRecord:
    return ImportRecord(row.id, Source(row.source), row.format, row.file_name, row.sha256,
                        row.imported_at, row.imported_by, row.lines_in_file, row.lines_added)
