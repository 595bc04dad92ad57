"""The settings the use cases read, in the shape of the settings file (docs/configuration.md).

Each section is a frozen dataclass whose fields are the file's keys: the field's default is the
setting's default and its metadata carries the parser that checks a value from the file.  The
settings reader (pos.bootstrap.config) and the counter app's settings dialog both check with
these parsers, so a new setting is one line here and one in the docs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos.domain.quantities import Money, Volume
from pos.domain.sale.purchase import PurchaseLimits
from pos.domain.sale.record import Channel
from pos.domain.staff import PasswordRules

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Parser = Callable[[object], Any]


def setting(default: Any, parse: Parser) -> Any:
    """A setting: its default and the parser that checks a value from the file."""
    return field(default=default, metadata={"parse": parse})


def keys(section: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(known.name for known in fields(section))


def parser(section: type[DataclassInstance], key: str) -> Parser | None:
    """The parser of ``key`` in a section class (None: no such setting)."""
    found = next((known for known in fields(section) if known.name == key), None)
    return None if found is None else found.metadata.get("parse")


def text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def money(value: object) -> Money:
    return Money.parse(text(value))


def optional_money(value: object) -> Money | None:
    return None if value == "" else money(value)


def volume(value: object) -> Volume:
    parsed = Volume.parse(text(value))
    if parsed.hundredths <= 0:
        raise ValueError("must be more than 0 m³")
    return parsed


def existing_file(value: object) -> Path | None:
    given = text(value).strip()
    if not given:
        return None
    path = Path(given).expanduser()
    if not path.is_file():
        raise ValueError(f"no such file: {path}")
    return path


def jiao_rounding(value: object) -> bool:
    """``cash_rounding``: "none" or "jiao" (抹零: a cash-only payment drops the fen)."""
    given = text(value).lower()
    if given not in ("none", "jiao"):
        raise ValueError("use none or jiao")
    return given == "jiao"


@dataclass(frozen=True)
class SaleSettings:
    """[sale]"""

    min_volume: Volume = setting(Volume.m3(1), volume)
    max_volume: Volume = setting(Volume.m3(1000), volume)
    step: Volume = setting(Volume.m3(1), volume)
    replacement_fee: Money = setting(Money(0), money)  # 补卡 fee, paid in cash

    @property
    def limits(self) -> PurchaseLimits:
        return PurchaseLimits(self.min_volume, self.max_volume, self.step)


@dataclass(frozen=True)
class DaySettings:
    """[day]"""

    over_short_threshold: Money = setting(Money(1000), money)  # 长短款 above: a supervisor
    explicit_open: bool = setting(False, flag)  # a cashier opens each day; postings never do
    opening_float: Money | None = setting(None, optional_money)  # None: the last close's
    cash_rounding: bool = setting(False, jiao_rounding)  # 抹零 on cash-only payments
    adjust_finance_above: Money = setting(Money(50_000), money)  # above: finance approves


@dataclass(frozen=True)
class ReceiptSettings:
    """[receipt]"""

    seal_image: Path | None = setting(None, existing_file)  # the charge seal (收费专用章)
    guidance_file: Path | None = setting(None, existing_file)  # default: docs/receipts.md


def whole_number(low: int, high: int) -> Parser:
    def parse(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value
    return parse


@dataclass(frozen=True)
class PasswordSettings:
    """[password] — the rules for a new password and how long one lasts (docs/staff.md)."""

    min_length: int = setting(8, whole_number(6, 64))
    letters_and_digits: bool = setting(False, flag)  # must contain letters and digits
    expiry_days: int = setting(0, whole_number(0, 3650))  # 0: never expires

    @property
    def rules(self) -> PasswordRules:
        return PasswordRules(self.min_length, self.letters_and_digits, self.expiry_days)


@dataclass(frozen=True)
class PaymentTimes:
    """How long the counter waits for a payment-code payment (docs/payments.md): a question
    every ``poll_seconds`` while the customer is still paying, up to the channel's budget;
    then the order is reversed, asked about again up to ``reverse_tries`` times."""

    poll_seconds: float = 5.0
    wechat_budget: float = 45.0
    alipay_budget: float = 60.0
    refund_budget: float = 30.0  # following a refund the provider is still processing
    reverse_tries: int = 3

    def budget(self, channel: Channel) -> float:
        return self.alipay_budget if channel is Channel.ALIPAY else self.wechat_budget


@dataclass(frozen=True)
class ServiceSettings:
    """What the use cases are handed: the sections above, and this installation's facts."""

    counter_no: str  # this installation's counter
    timezone: tzinfo
    language: str
    data_dir: Path  # where this installation keeps its files (demo cards, simulated meters)
    guidance: str = ""  # the first-use guidance text ({hotline} … filled in when printed)
    sale: SaleSettings = SaleSettings()
    day: DaySettings = DaySettings()
    receipt: ReceiptSettings = ReceiptSettings()
    payment_patience: float = 1.0  # scales the pauses before asking a provider again
    payment_times: PaymentTimes = PaymentTimes()
    # the channels whose provider takes the customer's scanned payment code (not the
    # transaction id a clerk types from the merchant app): their codes are checked, single-use
    payment_codes: frozenset[Channel] = frozenset({Channel.WECHAT, Channel.ALIPAY})
    password: PasswordSettings = PasswordSettings()
