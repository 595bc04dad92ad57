"""Cells → exact values: amounts (as :class:`~decimal.Decimal`, then 分), dates and times.

Amounts are read exactly as stated: an optional sign (``-``, ``+``, ``−``, or parentheses),
digits with optional thousands separators in their proper places, optional decimals; full-width
digits are folded.  Never a float.  An amount with more decimals than a format allows is
refused, except fees (WeChat states 5 decimals): a fee is rounded half-up (away from zero) to
分 only when its stated value is not a whole number of 分 — ``0.11000`` is exactly 11 分.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money

_AMOUNT = re.compile(r"(?P<sign>[-+]?)(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?",
                     re.ASCII)
_LOOSE_GROUPS = re.compile(r"[-+]?[\d,]+(?:\.\d+)?", re.ASCII)
_MAX_WHOLE_DIGITS = 15
_FEN = Decimal("0.01")

_DATE = re.compile(
    r"(?P<y>\d{4})(?:(?P<m8>\d{2})(?P<d8>\d{2})"
    r"|[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?)"
    r"(?:[ T]+(?P<time>.+))?", re.ASCII)
_TIME = re.compile(r"(?P<h>\d{1,2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2}))?(?:\.\d+)?", re.ASCII)
_DATE_WHAT = N_("date")
_TIME_WHAT = N_("time")


@dataclass(frozen=True)
class Where:
    """Where a cell is: its line and its column's header, for messages."""

    line: int
    column: str


def _amount_error(text: str, where: Where, why: Message) -> BadInput:
    return BadInput(
        "statement.amount",
        N_("Line {line}, column {column}: “{text}” is not an amount ({why}). Correct the cell, "
           "or download or export the file again."),
        line=where.line, column=where.column, text=text, why=why,
    )


def decimal(text: str, where: Where, *, places: int = 2) -> Decimal:
    """The exact value of an amount cell; at most ``places`` decimals."""
    value = exact(text, places)
    if isinstance(value, Message):
        raise _amount_error(text, where, value)
    return value


@lru_cache(maxsize=1 << 16)
def exact(text: str, places: int = 2) -> Decimal | Message:
    """:func:`decimal` of a cell wherever it is, or why it is not an amount.  A statement states
    the same few amounts (prices, fees, ``0.00``) thousands of times: each is read once."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace(" ", "")
    for prefix in ("¥", "￥"):
        cleaned = cleaned.removeprefix(prefix)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        return _not_an_amount(cleaned)
    frac = match["frac"] or ""
    if len(frac.rstrip("0")) > places:
        return Message(N_("it has more than {places} decimals"), {"places": places})
    whole = match["whole"].replace(",", "")
    if len(whole.lstrip("0")) > _MAX_WHOLE_DIGITS:
        return Message(N_("it is far too large"))
    value = Decimal(f"{whole}.{frac or '0'}")
    if negative and match["sign"]:
        return Message(N_("it is not a number"))
    return -value if negative or match["sign"] == "-" else value


def _not_an_amount(cleaned: str) -> Message:
    if not cleaned:
        return Message(N_("the cell is empty"))
    if _LOOSE_GROUPS.fullmatch(cleaned):
        return Message(N_("its thousands separators are in the wrong places"))
    return Message(N_("it is not a number"))


def money(value: Decimal) -> Money:
    """An exact amount of at most 2 decimals in 分."""
    return Money(int(value * 100))


def fee_money(value: Decimal) -> Money:
    """A fee in 分: exact when the stated value is whole 分, else rounded half-up (away from 0)."""
    return Money(int(value.quantize(_FEN, rounding=ROUND_HALF_UP) * 100))


def amount(text: str, where: Where) -> Money:
    return money(decimal(text, where))


def optional_amount(text: str, where: Where) -> Money | None:
    return None if not text.strip() else amount(text, where)


def _date_error(text: str, where: Where, what: str, example: str) -> BadInput:
    return BadInput(
        "statement.date",
        N_("Line {line}, column {column}: “{text}” is not a valid {what} (such as {example}). "
           "Correct the cell, or download or export the file again."),
        line=where.line, column=where.column, text=text, what=Message(what), example=example,
    )


def date_and_time(text: str, where: Where) -> tuple[date, time | None]:
    """A date (``20250301``, ``2025-03-01``, ``2025/3/1``, ``2025年03月01日``), optionally
    followed by a time of day."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    match = _DATE.fullmatch(cleaned)
    if match is None:
        raise _date_error(text, where, _DATE_WHAT, "2025-03-01")
    month, day = (match["m8"], match["d8"]) if match["m8"] else (match["m"], match["d"])
    try:
        found = date(int(match["y"]), int(month), int(day))
    except ValueError:
        raise _date_error(text, where, _DATE_WHAT, "2025-03-01") from None
    if match["time"] is None:
        return found, None
    return found, time_of_day(match["time"], where)


def time_of_day(text: str, where: Where) -> time:
    """A time of day: ``10:29:01``, ``102901``, ``10:29``."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    match = _TIME.fullmatch(cleaned)
    if match is None:
        raise _date_error(text, where, _TIME_WHAT, "10:29:01")
    try:
        return time(int(match["h"]), int(match["mi"]), int(match["s"] or 0))
    except ValueError:
        raise _date_error(text, where, _TIME_WHAT, "10:29:01") from None


def moment(day: date, at: time | None, tz: tzinfo) -> datetime | None:
    return None if at is None else datetime.combine(day, at, tzinfo=tz)


def _count_error(text: str, where: Where, why: Message) -> BadInput:
    return BadInput(
        "statement.count",
        N_("Line {line}, column {column}: “{text}” is not a count of rows ({why}). Correct the "
           "cell, or download or export the file again."),
        line=where.line, column=where.column, text=text, why=why,
    )


def count(text: str, where: Where) -> int:
    """A stated number of rows (笔数): digits, optionally ``笔`` after them, thousands separators,
    or a whole number written as a spreadsheet writes it (``45.0``) — never a fraction."""
    cleaned = unicodedata.normalize("NFKC", text).strip().removesuffix("笔").replace(",", "")
    whole, dot, fraction = cleaned.partition(".")
    if dot and fraction and fraction.isascii() and fraction.isdigit() and not fraction.strip("0"):
        cleaned = whole
    elif dot and whole.isascii() and whole.isdigit() and fraction.isascii() and fraction.isdigit():
        raise _count_error(text, where, Message(N_("a count is a whole number")))
    if not cleaned:
        raise _count_error(text, where, Message(N_("the cell is empty")))
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > _MAX_WHOLE_DIGITS:
        raise _count_error(text, where, Message(N_("it is not a number")))
    return int(cleaned)
