"""An XLSX workbook → rows of the text a person sees in its cells (for the statement parsers).

The sheet read is the one with the most non-empty rows (the first on a tie).  Row ``n`` of the
result is the sheet's row ``n + 1``: blank rows are kept, so line numbers in messages are the
spreadsheet's own.  Cells become text without float noise: ``169.46`` stays ``169.46`` (never
``169.46000000000001``), a whole number has no decimals, a date is ``YYYY-MM-DD``, a date and
time ``YYYY-MM-DD HH:MM:SS``, a time ``HH:MM:SS``, an empty cell ``""``.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime, time
from decimal import Decimal

from pos.domain.errors import BadInput
from pos.domain.messages import N_

_FEN = Decimal("0.01")


def xlsx_rows(data: bytes) -> list[list[str]]:
    """The rows of the workbook's main sheet as text; BadInput when it cannot be read."""
    from openpyxl import load_workbook  # imported when a spreadsheet comes, not at start-up

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = [[[cell_text(value) for value in row] for row in sheet.iter_rows(
                values_only=True)] for sheet in book.worksheets]
        finally:
            book.close()
    except Exception as error:  # openpyxl raises anything from zipfile, lxml, KeyError …
        raise BadInput(
            "statement.xlsx_unreadable",
            N_("The spreadsheet cannot be read ({why}): it is damaged or is not an {kind} "
               "workbook. Open it in a spreadsheet program, save it again as {kind}, and "
               "import that file."),
            why=type(error).__name__, kind="XLSX",
        ) from error
    if not sheets:
        return []
    filled = [sum(1 for row in rows if any(row)) for rows in sheets]
    rows = sheets[filled.index(max(filled))]
    return [_trim(row) for row in rows]


def _trim(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row.pop()
    return row


def cell_text(value: object) -> str:
    """What a person sees in a cell holding ``value``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = _number(value)
    elif isinstance(value, datetime):
        shown = "%Y-%m-%d" if value.time() == time(0) else "%Y-%m-%d %H:%M:%S"
        text = value.strftime(shown)
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, time):
        text = value.strftime("%H:%M:%S")
    else:  # int, str, timedelta …
        text = str(value)
    return text


def _number(value: float) -> str:
    if not math.isfinite(value):
        return repr(value)
    exact = Decimal(repr(value))
    if exact == exact.to_integral_value():
        return str(int(exact))
    if exact == exact.quantize(_FEN):
        return str(exact.quantize(_FEN))
    return repr(value)


class XlsxReader:
    """The services' spreadsheet port: an XLSX statement's main sheet as rows of text."""

    def rows(self, data: bytes) -> list[list[str]]:
        return xlsx_rows(data)
