"""A bank's own layout, mapped once on finance's screen and used again: the file's first rows
for the mapping screen, the saved layout that fits a file (by its header row), and a mapping
made on the screen tried on its file, saved under the bank's name and the file imported — all
or nothing: a mapping that cannot read its file is not saved."""

from __future__ import annotations

import json

from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput
from pos.domain.staff import Operator, Permission
from pos.domain.statements.detect import FORMATS
from pos.domain.statements.layouts import matching, preview
from pos.domain.statements.mapping import ColumnMapping
from pos.domain.statements.text import Row, csv_rows, decode, text_rows
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork

XLSX_MAGIC = b"PK\x03\x04"
UNKNOWN = "statement.format_unknown"
assert "csv" in FORMATS  # a saved layout is read as the format "csv"


def rows_of(svc: Services, data: bytes) -> list[Row]:
    """The file's rows as the parsers see them (an XLSX's main sheet, or the decoded CSV)."""
    if data.startswith(XLSX_MAGIC):
        return text_rows(svc.spreadsheets.rows(data))
    text, _ = decode(data)
    return csv_rows(text)


def first_rows(svc: Services, data: bytes) -> list[Row]:
    """What the mapping screen shows: the first rows with content."""
    return preview(rows_of(svc, data))


def saved(svc: Services) -> list[ColumnMapping]:
    with svc.uow() as uow:
        texts = [uow.statements.mapping(name) for name in uow.statements.mapping_names()]
    return [ColumnMapping.from_dict(json.loads(text)) for text in texts if text]


def fitting(svc: Services, data: bytes) -> ColumnMapping | None:
    """The saved layout whose header row the file has, if any."""
    layouts = [mapping for mapping in saved(svc) if mapping.header]
    return matching(rows_of(svc, data), layouts) if layouts else None


def is_unrecognised(error: object) -> bool:
    return isinstance(error, BadInput) and error.code == UNKNOWN


def keep(svc: Services, uow: UnitOfWork, operator: Operator, mapping: ColumnMapping) -> None:
    """Store a mapping in ``uow`` (the caller commits), audited: it decides how later files
    are read."""
    text = json.dumps(mapping.to_dict(), ensure_ascii=False, sort_keys=True)
    uow.statements.save_mapping(mapping.name, text, at=svc.clock.now(), by=operator.staff_no)
    audit_trail.record(svc, uow, operator.staff_no, AuditAction.MAPPING_SAVED, mapping.name,
                       source=mapping.source.value, columns=len(mapping.columns),
                       header=" | ".join(mapping.header))


def save_layout(svc: Services, operator: Operator, mapping: ColumnMapping) -> None:
    authorize(svc, operator, Permission.RECONCILE, mapping.name)
    with svc.uow(write=True) as uow:
        keep(svc, uow, operator, mapping)
        uow.commit()
