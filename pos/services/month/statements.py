"""``gaspos statements import``: a bank or payment provider's statement into the ledger's store.

The file is recognised (format and encoding), parsed, checked against its own footer, and then
kept whole — the raw bytes and their SHA-256 — with the lines whose identity is new for their
source.  All or nothing: a bad file changes nothing and says which line and why; the same file,
or a file overlapping one imported before, adds nothing twice.  A line in a locked month is
refused: a locked month never changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput, NotFound, Refused
from pos.domain.mapping_file import mapping_document
from pos.domain.messages import N_
from pos.domain.reconciliation.month import MonthState
from pos.domain.reconciliation.stored import ImportRecord
from pos.domain.staff import Operator, Permission
from pos.domain.statements.detect import parse_rows, parse_statement
from pos.domain.statements.mapping import ColumnMapping
from pos.domain.statements.model import StatementFile
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.bulk import without_cycle_collection
from pos.services.core.context import Services
from pos.services.month import layouts

XLSX_MAGIC = b"PK\x03\x04"
MAX_FILE = 64 * 1024 * 1024
FORMATS = ("auto", "wechat", "alipay", "bank", "csv")


@dataclass(frozen=True)
class Imported:
    record: ImportRecord
    statement: StatementFile

    @property
    def skipped(self) -> int:
        """Lines already in the ledger's store (from this file or an overlapping one)."""
        return self.record.lines_in_file - self.record.lines_added


def import_statement(svc: Services, operator: Operator, data: bytes, file_name: str, *,
                     format: str = "auto", mapping: str | None = None,
                     layout: ColumnMapping | None = None) -> Imported:
    """``layout``: a mapping made on the screen for this file, saved (under the bank's name)
    only once it has read the file; otherwise a saved mapping named ``mapping``, or, for a
    file no built-in format recognises, the saved layout whose header row the file has."""
    authorize(svc, operator, Permission.RECONCILE, file_name)
    if format not in FORMATS:
        raise BadInput("statement.format_option", N_(
            "Unknown format “{format}”: use auto, wechat, alipay, bank or csv."), format=format)
    if not data:
        raise BadInput("statement.empty", N_("The file {name} is empty."), name=file_name)
    if len(data) > MAX_FILE:
        raise BadInput("statement.too_large", N_(
            "The file {name} is larger than 64 MB: split it by month."), name=file_name)
    column_mapping = layout or (load_mapping(svc, mapping) if mapping else None)
    with without_cycle_collection():  # a line and its cells: hundreds of thousands of objects
        return _imported(svc, operator, data, file_name, format, column_mapping, layout)


def _imported(svc: Services, operator: Operator, data: bytes, file_name: str, format: str,
              column_mapping: ColumnMapping | None, layout: ColumnMapping | None) -> Imported:
    statement = _parse(svc, data, format, column_mapping)
    with svc.uow(write=True) as uow:
        days = {line.value_date for line in statement.lines}  # a few dozen: each named once
        months = {day.strftime("%Y-%m") for day in days}
        locked = sorted(m for m in months if uow.months.state(m) is MonthState.LOCKED)
        if locked:
            raise Refused("statement.month_locked", N_(
                "The file has lines in {month}, which is locked: a locked month never "
                "changes."), month=", ".join(locked))
        record = uow.statements.add(
            source=statement.source, format=statement.format, encoding=statement.encoding,
            file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), content=data,
            at=svc.clock.now(), by=operator.staff_no, lines=statement.lines)
        if layout is not None:  # it has read its file: kept with the import, or not at all
            layouts.keep(svc, uow, operator, layout)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.STATEMENT_IMPORTED,
                           file_name, source=statement.source.value, sha256=record.sha256,
                           lines=record.lines_in_file, added=record.lines_added)
        uow.commit()
    return Imported(record, statement)


def save_mapping(svc: Services, operator: Operator, name: str, definition: bytes) -> str:
    """Keep a column mapping (JSON, docs/reconciliation.md) under ``name`` for later imports."""
    authorize(svc, operator, Permission.RECONCILE, name)
    document = mapping_document(definition)
    document.setdefault("name", name)
    mapping = ColumnMapping.from_dict(document)
    with svc.uow(write=True) as uow:
        layouts.keep(svc, uow, operator, mapping)
        uow.commit()
    return mapping.name


def load_mapping(svc: Services, name: str) -> ColumnMapping:
    with svc.uow() as uow:
        text = uow.statements.mapping(name)
        known = uow.statements.mapping_names()
    if text is None:
        raise NotFound("mapping.unknown", N_(
            "There is no saved column mapping “{name}” (saved: {known})."), name=name,
            known=", ".join(known) or "—")
    return ColumnMapping.from_dict(json.loads(text))


def _parse(svc: Services, data: bytes, format: str,
           mapping: ColumnMapping | None) -> StatementFile:
    tz = svc.settings.timezone
    if format == "csv" and mapping is None:
        raise BadInput("statement.mapping_missing", N_(
            "A generic CSV or XLSX needs its column mapping: --mapping NAME."))
    try:
        if data.startswith(XLSX_MAGIC):
            return parse_rows(svc.spreadsheets.rows(data), format=format, mapping=mapping, tz=tz)
        return parse_statement(data, format=format, mapping=mapping, tz=tz)
    except BadInput as error:
        if format != "auto" or mapping is not None or not layouts.is_unrecognised(error):
            raise
        known = layouts.fitting(svc, data)
        if known is None:
            raise
        return _parse(svc, data, format, known)
