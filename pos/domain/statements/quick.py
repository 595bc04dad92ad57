"""The common case of a statement row, read without a checked object per cell.

A bill of 100,000 rows states a few dozen distinct amounts and at most one date per day: each
distinct text is read once (through the same :mod:`.values` functions) and remembered for the
rest of the file.  Times in the one layout the providers use (``2025-03-01 08:31:02``) are
taken apart by position.  Whatever does not fit — a cell that is not an amount, another date
layout, an impossible date, a short row — is not decided here: the caller reads that row the
careful way (``Record``), which gives the same values, or refuses it with the message naming
its line and column.  So the fast reading can only agree with the careful one or step aside.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, tzinfo
from decimal import Decimal
from typing import TypeVar

from pos.domain.statements.text import Row
from pos.domain.statements.values import exact, fee_money, money

Line = TypeVar("Line")


def each_row(details: Sequence[Row], width: int,
                   quick: Callable[[int, tuple[str, ...]], Line | None],
                   careful: Callable[[Row], Line]) -> list[Line]:
    """Each row's line: a row of the header's width read at once by ``quick`` (its cells with
    the empty cell a missing column reads as appended), any row it steps aside from — or of
    another width — by ``careful``, which reads it or refuses it with its line and column."""
    lines: list[Line] = []
    add = lines.append
    for row in details:
        cells = row.cells
        line = quick(row.line, (*cells, "")) if len(cells) == width else None
        add(line if line is not None else careful(row))
    return lines


class Cells:
    """What a file's distinct texts mean: amounts in 分, fees in 分, moments."""

    def __init__(self, tz: tzinfo) -> None:
        self._tz = tz
        self._fen: dict[str, int | None] = {}
        self._fee: dict[str, int | None] = {}
        self._days: dict[str, date | None] = {}
        self._times: dict[str, time | None] = {}

    def fen(self, text: str) -> int | None:
        """An amount of at most 2 decimals in 分, or None (read that row carefully)."""
        try:
            return self._fen[text]
        except KeyError:
            value = exact(text, 2)
            found = money(value).fen if isinstance(value, Decimal) else None
            self._fen[text] = found
            return found

    def fee(self, text: str) -> int | None:
        """A fee of at most 5 decimals in 分 (``fee_money``), or None."""
        try:
            return self._fee[text]
        except KeyError:
            value = exact(text, 5)
            found = fee_money(value).fen if isinstance(value, Decimal) else None
            self._fee[text] = found
            return found

    def moment(self, text: str) -> tuple[date, datetime] | None:
        """``YYYY-MM-DD HH:MM:SS`` as its day and its timezone-aware moment, or None."""
        if len(text) != 19 or text[10] != " ":
            return None
        day_text, time_text = text[:10], text[11:]
        if day_text in self._days:
            day = self._days[day_text]
        else:
            day = self._days[day_text] = _day(day_text)
        if time_text in self._times:
            at = self._times[time_text]
        else:
            at = self._times[time_text] = _time(time_text)
        if day is None or at is None:
            return None
        return day, datetime.combine(day, at, tzinfo=self._tz)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _day(text: str) -> date | None:
    year, month, day = text[:4], text[5:7], text[8:]
    if text[4] != "-" or text[7] != "-" or not _digits(year + month + day):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _time(text: str) -> time | None:
    hour, minute, second = text[:2], text[3:5], text[6:]
    if text[2] != ":" or text[5] != ":" or not _digits(hour + minute + second):
        return None
    try:
        return time(int(hour), int(minute), int(second))
    except ValueError:
        return None


def column_sum(cells: Iterable[str], places: int = 2) -> Decimal | None:
    """The sum of the non-empty amount cells, each distinct text read once; None when one is
    not an amount (the caller sums the careful way, which names it)."""
    total = Decimal(0)
    for text, times in Counter(cells).items():
        if not text:
            continue
        value = exact(text, places)
        if not isinstance(value, Decimal):
            return None
        total += value * times
    return total


def pairs(names: tuple[str, ...], cells: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``Record.raw``: (header, cell) for every column, and any non-empty cell beyond."""
    width = len(names)
    found = tuple(zip(names, cells[:width], strict=False))
    return found if len(cells) <= width else found + tuple(
        ("", cell) for cell in cells[width:] if cell)
