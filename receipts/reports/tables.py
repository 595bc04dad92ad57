"""A workbook of plain tables (XLSX, openpyxl): a title, headers and rows per sheet, amounts
as exact numbers with two decimals, values only (no formulas), so finance's tools read what
was stored.  Used by the month's reconciliation export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pos.domain.quantities import Money

Cell = str | int | Decimal | Money | None


@dataclass(frozen=True)
class Table:
    title: str  # the sheet's name (at most 31 characters are kept)
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    heading: Sequence[str] = field(default_factory=tuple)  # lines above the table


def workbook(tables: Sequence[Table], *, title: str = "") -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in tables:
        sheet = book.create_sheet(_title(table.title))
        for line in table.heading:
            sheet.append([line])
        header_row = len(table.heading) + 1
        sheet.append(list(table.headers))
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_value(v) for v in row])
            for index, value in enumerate(row, start=1):
                if isinstance(value, Money):
                    sheet.cell(sheet.max_row, index).number_format = "0.00"
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        for index, header in enumerate(table.headers, start=1):
            widest = max([len(str(header))] + [len(str(r[index - 1])) for r in table.rows
                                               if index - 1 < len(r)])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, widest * 1.3 + 2)
    book.properties.title = title
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _value(value: Cell) -> str | int | Decimal | None:
    if isinstance(value, Money):
        return Decimal(value.fen).scaleb(-2)
    return value


def _title(text: str) -> str:
    return "".join(c for c in text if c not in "[]:*?/\\").strip()[:31] or "Sheet"
