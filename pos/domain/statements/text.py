"""Bytes → text → rows: the encoding of a statement file and its CSV rows, numbered as a text
editor numbers lines.

Encodings: a UTF-8 byte-order mark means UTF-8 (``utf-8-sig``); a UTF-16 mark means UTF-16;
otherwise strict UTF-8 is tried, then GBK, then GB18030 (its superset).  A file that decodes
under none of them is refused, naming the line of the first byte that is not text.

Cells are cleaned the one way every format needs: surrounding whitespace (the tab Alipay puts
after its IDs included) and the backtick WeChat puts before every cell (so that a spreadsheet
keeps long numbers as text) are removed.  Nothing else is touched.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

from pos.domain.errors import BadInput
from pos.domain.messages import N_

AUTO_ENCODINGS = "UTF-8, GBK, GB18030"
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BOM = "\ufeff"


@dataclass(frozen=True)
class Row:
    """One row of a statement: its 1-based line (or spreadsheet row) and its cleaned cells.
    ``complete`` is False for a spreadsheet's rows, which may leave out trailing empty cells."""

    line: int
    cells: tuple[str, ...]
    complete: bool = True

    @property
    def blank(self) -> bool:
        return not any(self.cells)

    @property
    def first(self) -> str:
        """The first non-empty cell ("" for a blank row)."""
        return next((cell for cell in self.cells if cell), "")

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""


def clean(cell: str) -> str:
    """A cell as a person means it: no surrounding whitespace or tabs, no WeChat backtick."""
    text = (cell.replace(_BOM, "") if _BOM in cell else cell).strip()
    if text[:1] == "`":
        text = text[1:].strip()
    return text


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding (detected unless ``encoding`` is given).

    A file whose only flaw is a character cut off at its very end was cut off in transfer:
    ``statement.truncated``."""
    if encoding is not None:
        return _decode_as(data, encoding), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith(_UTF16_MARKS):
        return _decode_as(data, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        _check_cut(error)
    for name in ("gbk", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError as error:
            if name == "gb18030":
                _check_cut(error)
                raise BadInput(
                    "statement.encoding",
                    N_("Line {line} holds bytes that are not text in any of {encodings}: the "
                       "file is damaged or is not a statement. Download or export it again."),
                    line=_line_of(error.object, error.start), encodings=AUTO_ENCODINGS,
                ) from None
    raise AssertionError("unreachable: gb18030 either decodes or raises")  # pragma: no cover


def _check_cut(error: UnicodeDecodeError) -> None:
    """Positions are in ``error.object`` (for utf-8-sig: the bytes after the mark)."""
    seen = error.object
    cut = error.reason in ("unexpected end of data", "incomplete multibyte sequence")
    if cut and error.end >= len(seen) and error.start >= len(seen) - 4 and error.start > 0:
        raise BadInput(
            "statement.truncated",
            N_("The file ends in the middle of a character (line {line}): the download was cut "
               "off. Download it again."),
            line=_line_of(seen, error.start),
        )


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise BadInput(
            "statement.encoding",
            N_("“{encoding}” is not an encoding this program knows: give one such as {examples}, "
               "or leave it out to have it detected."),
            encoding=encoding, examples=AUTO_ENCODINGS,
        ) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        _check_cut(error)
        raise BadInput(
            "statement.encoding",
            N_("Line {line} cannot be read as {encoding}: the file is in another encoding or is "
               "damaged. Leave the encoding out to have it detected, or give the right one."),
            line=_line_of(error.object, error.start), encoding=encoding,
        ) from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def csv_rows(text: str) -> list[Row]:
    """The CSV records of ``text`` with the line each starts on; blank lines are kept (as blank
    rows) so that numbering never drifts."""
    source = io.StringIO(text, newline="")
    reader = csv.reader(source, strict=False)
    rows: list[Row] = []
    marks = _BOM in text  # else each cell is :func:`clean`-ed inline: strip, then the backtick
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return rows
        except csv.Error:
            raise BadInput(
                "statement.row",
                N_("Line {line} is not a readable CSV row (a stray quote or an endless cell): "
                   "the file is damaged. Download or export it again."),
                line=start,
            ) from None
        if marks:
            rows.append(Row(start, tuple(map(clean, record))))
            continue
        # strip, one backtick off, strip again (a no-op without the backtick): all in C
        rows.append(Row(start, tuple(map(str.strip, map(
            str.removeprefix, map(str.strip, record), repeat("`"))))))


def text_rows(rows: Sequence[Sequence[str]]) -> list[Row]:
    """Rows handed over as cells (a spreadsheet's), numbered 1, 2, … and cleaned alike."""
    return [Row(number, tuple("" if cell is None else clean(str(cell)) for cell in cells),
                complete=False)
            for number, cells in enumerate(rows, start=1)]
