"""A statement's header row and the cells of the rows below it, looked up by column name.

Header names are compared folded (NFKC, so full-width brackets match; spaces dropped; the
currency suffix ``(元)`` removed): ``商家实收（元）`` and ``商家实收`` are the same column.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.statements.text import Row
from pos.domain.statements.values import Where, decimal, exact


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace(" ", "").replace("\u3000", "")
    for suffix in ("(元)", "[元]"):
        text = text.removesuffix(suffix)
    return text.rstrip("：:")


@dataclass(frozen=True)
class Header:
    """The header row: which column holds which name."""

    row: Row
    kind: Message  # what file this is the header of, for messages

    @property
    def line(self) -> int:
        return self.row.line

    def index(self, *names: str) -> int | None:
        """The column of the first of ``names`` the header has, or None."""
        folded = [fold(cell) for cell in self.row.cells]
        for name in names:
            wanted = fold(name)
            if wanted in folded:
                return folded.index(wanted)
        return None

    def has(self, *names: str) -> bool:
        return self.index(*names) is not None

    def require(self, *names: str) -> int:
        """The column of the first of ``names``; refused when the header has none of them."""
        found = self.index(*names)
        if found is None:
            raise BadInput(
                "statement.column_missing",
                N_("Line {line}: the header has no column {column}, which a {kind} must have. "
                   "Download or export the full file (all columns) again."),
                line=self.line, column=" / ".join(names), kind=self.kind,
            )
        return found

    @property
    def width(self) -> int:
        return len(self.row.cells)


@dataclass(frozen=True)
class Record:
    """A row below the header, read through it."""

    header: Header
    row: Row

    @property
    def line(self) -> int:
        return self.row.line

    def get(self, index: int | None) -> str:
        if index is None:
            return ""
        cells = self.row.cells  # Row.cell, inline: read for every column of every row
        return cells[index] if 0 <= index < len(cells) else ""

    def where(self, index: int | None) -> Where:
        column = self.header.row.cell(index) if index is not None else ""
        return Where(self.row.line, column)

    def decimal(self, index: int | None, *, places: int = 2) -> Decimal:
        """:func:`~pos.domain.statements.values.decimal` of the cell (its place is worked out
        only for the message when it is not an amount)."""
        text = self.get(index)
        value = exact(text, places)
        return value if isinstance(value, Decimal) else decimal(text, self.where(index),
                                                                 places=places)

    def raw(self) -> tuple[tuple[str, str], ...]:
        """(header, cell) for every column, and any non-empty cell beyond the header."""
        names, cells = self.header.row.cells, self.row.cells
        width = len(names)
        pairs = tuple(zip(names, cells[:width], strict=False))  # a short row: its cells
        return pairs if len(cells) <= width else pairs + tuple(
            ("", cell) for cell in cells[width:] if cell)


def check_width(header: Header, rows: Iterable[Row]) -> None:
    """Each row has as many cells as the header (extra cells only when empty)."""
    for row in rows:
        width = len(row.cells)
        extra = row.cells[header.width:]
        if (width < header.width and row.complete) or any(extra):
            raise BadInput(
                "statement.row",
                N_("Line {line} has {found} cells where the header (line {header_line}) has "
                   "{expected}: the row is cut short or has extra separators. Download or "
                   "export the file again."),
                line=row.line, found=width, header_line=header.line, expected=header.width,
            )


def none_if_empty(text: str, *nothing: str) -> str | None:
    """``None`` for an empty cell or one of the format's ways of saying "none" (WeChat's 0)."""
    return None if not text or text in nothing else text


def header_row(rows: Sequence[Row], found: Callable[[Row], bool], *, kind: str, first: str,
               encoding: str) -> int:
    """The index of the header row (``found``), or BadInput saying what was looked for."""
    at = next((i for i, row in enumerate(rows) if found(row)), None)
    if at is None:
        raise BadInput(
            "statement.header_missing",
            N_("The header row of the {kind} (a row starting with {first}) was not found: the "
               "file is not this kind of statement, or was read in the wrong encoding "
               "({encoding})."),
            kind=Message(kind), first=first, encoding=encoding,
        )
    return at
