"""Counting the drawer by denomination (点钞): what the cashier or a handing-over clerk enters.

The denominations are those of the renminbi in circulation: notes of 100, 50, 20, 10, 5 and 1
yuan, 5, 2 and 1 jiao, and the fen coins below.  A count is typed as ``"100:12,50:3,0.5:1"``
(denomination:pieces) or entered in the settle wizard's grid; the total is exact in 分.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money

# value in 分, largest first
DENOMINATIONS: tuple[int, ...] = (10000, 5000, 2000, 1000, 500, 100, 50, 20, 10, 5, 2, 1)
MAX_PIECES = 100_000
_ITEM = re.compile(r"(?P<value>\d+(?:\.\d+)?)\s*[:：=xX×*]\s*(?P<pieces>\d+)", re.ASCII)


def denomination_label(fen: int) -> str:
    """``10000`` → ``"100"``, ``50`` → ``"0.5"``, ``5`` → ``"0.05"``."""
    whole, part = divmod(fen, 100)
    if part == 0:
        return str(whole)
    return f"{whole}.{part:02d}".rstrip("0")


@dataclass(frozen=True)
class CashCount:
    """Pieces per denomination (分 value → pieces); only the denominations counted are kept."""

    pieces: tuple[tuple[int, int], ...]
    unitemised: int = 0  # fen counted without denominations (a migrated past day's count)

    @classmethod
    def of(cls, pieces: Mapping[int, int]) -> CashCount:
        for value, count in pieces.items():
            _check(value, count, denomination_label(value) if value > 0 else str(value))
        return cls(tuple((v, pieces[v]) for v in DENOMINATIONS if pieces.get(v, 0)))

    @classmethod
    def parse(cls, text: str) -> CashCount:
        cleaned = unicodedata.normalize("NFKC", text or "").strip()
        if not cleaned:
            raise BadInput("count.empty", N_(
                "Enter the count as denomination:pieces, e.g. 100:12,50:3,0.5:1."))
        found: dict[int, int] = {}
        for raw in re.split(r"[,，;；\s]+", cleaned):
            if not raw:
                continue
            match = _ITEM.fullmatch(raw)
            if match is None:
                raise BadInput("count.malformed", N_(
                    "\"{item}\" is not denomination:pieces (e.g. 100:12 for twelve 100-yuan "
                    "notes)."), item=raw)
            value = _denomination(match["value"])
            if value in found:
                raise BadInput("count.repeated", N_(
                    "The denomination {value} appears twice in the count."), value=match["value"])
            found[value] = int(match["pieces"])
            _check(value, found[value], match["value"])
        return cls.of(found)

    @classmethod
    def unitemised_total(cls, total: Money) -> CashCount:
        """A count known only by its total (history from a previous system)."""
        return cls((), total.fen)

    @classmethod
    def from_storage(cls, text: str) -> CashCount:
        """What :meth:`as_text` stored (``"100:2,50:1"``, or ``"=56.60"`` without pieces)."""
        if text.startswith("="):
            return cls.unitemised_total(Money.parse(text[1:]))
        return cls.parse(text) if text else cls(())

    @property
    def total(self) -> Money:
        return Money(sum(value * count for value, count in self.pieces) + self.unitemised)

    def lines(self) -> Iterable[tuple[str, int, Money]]:
        """(denomination, pieces, subtotal) for every denomination counted."""
        for value, count in self.pieces:
            yield denomination_label(value), count, Money(value * count)

    def as_text(self) -> str:
        if self.unitemised:
            return f"={Money(self.unitemised)}"
        return ",".join(f"{denomination_label(v)}:{c}" for v, c in self.pieces)


def _denomination(text: str) -> int:
    whole, _, frac = text.partition(".")
    if len(frac) > 2 or len(whole) > 6:
        value = -1
    else:
        value = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
    if value not in DENOMINATIONS:
        raise BadInput("count.denomination", N_(
            "{value} yuan is not a denomination; use 100, 50, 20, 10, 5, 1, 0.5, 0.2, 0.1, "
            "0.05, 0.02 or 0.01."), value=text)
    return value


def _check(value: int, count: int, label: str) -> None:
    if value not in DENOMINATIONS:
        raise BadInput("count.denomination", N_(
            "{value} yuan is not a denomination; use 100, 50, 20, 10, 5, 1, 0.5, 0.2, 0.1, "
            "0.05, 0.02 or 0.01."), value=label)
    if not 0 <= count <= MAX_PIECES:
        raise BadInput("count.pieces", N_(
            "The number of {value}-yuan pieces must be between 0 and {limit}."),
            value=label, limit=MAX_PIECES)
