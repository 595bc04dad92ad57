"""Money in 分, gas in 0.01 m³, unit prices in 0.0001 yuan per m³ — all exact integers.

The one rounding rule of the product lives here: :func:`cost` multiplies a volume by a unit
price exactly and rounds the product half-up to 分 (docs/design.md "The things").  Parsing takes
what a person types (full-width digits from a Chinese input method included) and refuses
nonsense — negative, not a number, too many decimals, absurd sizes — with a message that says
what to type."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar, Self

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message

# ASCII digits only: NFKC has already turned full-width digits (from a Chinese input method)
# into them; any other script's digits are refused, not read as numbers
_NUMBER = re.compile(r"(?P<whole>[0-9]+)(?:\.(?P<frac>[0-9]*))?")
_NOT_NUMBERS = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_MAX_WHOLE_DIGITS = 15

MAX_AMOUNT_FEN = 100_000_000  # 1,000,000.00 yuan: far above any counter payment
MAX_VOLUME_HUNDREDTHS = 10_000_000  # 100,000 m³: far above any meter's stock
MAX_UNIT_PRICE = 1_000_000  # 100.0000 yuan per m³

_WHAT = {
    "amount": N_("amount"),
    "volume": N_("volume"),
    "price": N_("unit price"),
}
_SUFFIXES = {
    "amount": ("元",),
    "volume": ("m³", "m3", "立方米", "立方", "方"),
    "price": ("元/m³", "元/m3", "元",),
}
_PREFIXES = ("¥", "￥")


def _clean(text: str, kind: str) -> str:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("。", ".")
    if kind != "volume":
        for prefix in _PREFIXES:
            cleaned = cleaned.removeprefix(prefix)
    for suffix in _SUFFIXES[kind]:
        if cleaned.lower().endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    return cleaned.strip()


def parse_fixed(text: str, *, places: int, limit: int, kind: str) -> int:
    """Parse a non-negative decimal with at most ``places`` decimals into integer units."""
    # plain ASCII digits (what files hold) need no cleaning: NFKC, spaces, signs and units
    # leave them as they are
    match = _NUMBER.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        match = _cleaned_number(text, kind)
    whole: str = match["whole"]
    frac: str = (match["frac"] or "").rstrip("0")
    if len(frac) > places:
        raise BadInput(
            f"{kind}.too_many_decimals",
            N_("The {what} “{text}” has more than {places} decimals."),
            text=text, what=Message(_WHAT[kind]), places=places,
        )
    if len(whole.lstrip("0")) > _MAX_WHOLE_DIGITS:
        raise BadInput(f"{kind}.too_large", N_("The {what} “{text}” is far too large."),
                       text=text, what=Message(_WHAT[kind]))
    scale: int = 10**places
    units = int(whole) * scale + int(frac.ljust(places, "0") or "0")
    if units > limit:
        raise BadInput(
            f"{kind}.too_large", N_("The {what} “{text}” is above the maximum of {limit}."),
            text=text, what=Message(_WHAT[kind]), limit=format_fixed(limit, places),
        )
    return units


def _cleaned_number(text: str, kind: str) -> re.Match[str]:
    """The number in ``text`` once cleaned of width, spaces, ``¥`` and units (or why not)."""
    what = Message(_WHAT[kind])
    if not isinstance(text, str):
        raise BadInput(f"{kind}.not_a_number", N_("The {what} must be a number."), what=what)
    cleaned = _clean(text, kind)
    if not cleaned:
        raise BadInput(f"{kind}.empty", N_("Enter the {what}."), what=what)
    if cleaned.lower() in _NOT_NUMBERS:
        raise BadInput(
            f"{kind}.not_a_number", N_("“{text}” is not a number: enter the {what} in digits."),
            text=text, what=what,
        )
    if cleaned.startswith("-"):
        raise BadInput(
            f"{kind}.negative", N_("The {what} “{text}” is negative: enter zero or more."),
            text=text, what=what,
        )
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise BadInput(
            f"{kind}.not_a_number", N_("“{text}” is not a number: enter the {what} in digits."),
            text=text, what=what,
        )
    return match


def format_fixed(units: int, places: int) -> str:
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}"


def _require_int(value: object, name: str) -> None:
    if type(value) is not int:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount of money in integer 分 (1/100 yuan); negative for refunds and reversals."""

    fen: int
    PLACES: ClassVar[int] = 2

    def __post_init__(self) -> None:
        _require_int(self.fen, "Money.fen")

    @classmethod
    def parse(cls, text: str, *, limit: int = MAX_AMOUNT_FEN) -> Self:
        return cls(parse_fixed(text, places=2, limit=limit, kind="amount"))

    @classmethod
    def zero(cls) -> Self:
        return cls(0)

    def __add__(self, other: Money) -> Money:
        return Money(self.fen + other.fen)

    def __sub__(self, other: Money) -> Money:
        return Money(self.fen - other.fen)

    def __neg__(self) -> Money:
        return Money(-self.fen)

    def __str__(self) -> str:
        return format_fixed(self.fen, 2)


@dataclass(frozen=True, order=True, slots=True)
class Volume:
    """A volume of gas in integer hundredths of a cubic metre (meters report 0.01 m³)."""

    hundredths: int

    def __post_init__(self) -> None:
        _require_int(self.hundredths, "Volume.hundredths")

    @classmethod
    def parse(cls, text: str, *, limit: int = MAX_VOLUME_HUNDREDTHS) -> Self:
        return cls(parse_fixed(text, places=2, limit=limit, kind="volume"))

    @classmethod
    def m3(cls, whole_m3: int) -> Self:
        return cls(whole_m3 * 100)

    @classmethod
    def zero(cls) -> Self:
        return cls(0)

    def __add__(self, other: Volume) -> Volume:
        return Volume(self.hundredths + other.hundredths)

    def __sub__(self, other: Volume) -> Volume:
        return Volume(self.hundredths - other.hundredths)

    def __neg__(self) -> Volume:
        return Volume(-self.hundredths)

    def __str__(self) -> str:
        return format_fixed(self.hundredths, 2)


@dataclass(frozen=True, order=True, slots=True)
class UnitPrice:
    """A price per m³ in integer 0.0001 yuan, so prices such as 2.745 yuan/m³ stay exact."""

    ten_thousandths: int

    def __post_init__(self) -> None:
        _require_int(self.ten_thousandths, "UnitPrice.ten_thousandths")
        if self.ten_thousandths < 0:
            raise ValueError("a unit price is never negative")

    @classmethod
    def parse(cls, text: str, *, limit: int = MAX_UNIT_PRICE) -> Self:
        return cls(parse_fixed(text, places=4, limit=limit, kind="price"))

    def __str__(self) -> str:
        """At least two decimals, more only when the price has them: 2.80, 2.745."""
        text = format_fixed(self.ten_thousandths, 4)
        whole, frac = text.split(".")
        return f"{whole}.{frac.rstrip('0').ljust(2, '0')}"


def cost(volume: Volume, price: UnitPrice) -> Money:
    """volume × price, exact, rounded half-up (away from zero) to 分 — the product's one rule.

    hundredths of m³ × ten-thousandths of a yuan = millionths of a yuan; 分 are 10,000 of those.
    """
    product = volume.hundredths * price.ten_thousandths
    fen, rest = divmod(abs(product), 10_000)
    if rest >= 5_000:
        fen += 1
    return Money(fen if product >= 0 else -fen)
