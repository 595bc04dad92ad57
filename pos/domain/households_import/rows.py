"""A previous system's export read through its mapping: one typed household per row.

Line numbers are the file's own (the header's line is counted, blank lines are skipped but
counted).  A bad value is refused naming its line and column; so is a second row for the same
account, meter or card.  A row's empty card columns mean the household has no card yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import TypeVar

from pos.domain.accounts import (
    AccountStatus,
    CardState,
    check_address,
    check_household_size,
    check_name,
    check_number,
    check_phone,
)
from pos.domain.categories import Category
from pos.domain.errors import BadInput, GasposError
from pos.domain.households_import.mapping import REQUIRED, HouseholdMapping
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, Volume, parse_fixed

DEFAULT_MAX_STOCK = Volume.m3(1000)
DEFAULT_ALARM = Volume.m3(5)
DEFAULT_PROFILE = "open-sle4442-v1"
MAX_CUMULATIVE = 10**12  # 0.01 m³: ten thousand million m³, beyond any meter's life
MAX_SEQ = 1_000_000
MAX_KEY_VERSION = 255

T = TypeVar("T")


@dataclass(frozen=True)
class AccountPart:
    account_no: str
    name: str
    phone: str
    id_number: str
    address: str
    category: Category
    household_size: int
    status: AccountStatus
    card_seq: int  # the opening purchase sequence (the card's, or the meter's next − 1)
    card_cumulative: Volume  # the opening cumulative volume on the card
    opening_cycle_volume: Volume  # bought in the current tier cycle before go-live
    opening_balance: Money  # prepaid with the utility (+) or owed by the household (−)


@dataclass(frozen=True)
class MeterPart:
    meter_no: str
    account_no: str
    meter_vendor: str
    meter_model: str
    meter_key_version: int | None
    meter_installed: date | None
    meter_reading: Volume | None
    meter_max_stock: Volume
    meter_alarm: Volume


@dataclass(frozen=True)
class CardPart:
    card_no: str
    account_no: str
    card_meter_no: str
    card_state: CardState
    card_key_version: int
    card_profile: str
    card_pending: Volume = field(default=Volume(0), compare=False)  # the meter's business


@dataclass(frozen=True)
class HouseholdRow:
    line: int
    account: AccountPart
    meter: MeterPart
    card: CardPart | None


def read_households(rows: Iterable[Sequence[str]], mapping: HouseholdMapping,
                    *, default_profile: str = DEFAULT_PROFILE) -> list[HouseholdRow]:
    """Every household in ``rows`` (the header first), or BadInput naming a line and column."""
    lines = iter(enumerate(rows, start=1))
    header: dict[str, int] = {}
    for _number, row in lines:
        cells = [c.strip().lstrip("\ufeff") for c in row]
        if any(cells):
            header = {f: cells.index(mapping.header_of(f)) for f in mapping.fields
                      if mapping.header_of(f) in cells}
            break
    missing = [f for f in REQUIRED if f not in header]
    if missing:
        raise BadInput("households.header", N_(
            "The file has no column “{header}” ({field}): check the header row and the column "
            "mapping."), header=mapping.header_of(missing[0]), field=missing[0])
    households: list[HouseholdRow] = []
    seen: dict[str, dict[str, int]] = {"account_no": {}, "meter_no": {}, "card_no": {}}
    for number, row in lines:
        if not any(c.strip() for c in row):
            continue
        household = _household(_Cells(number, row, header, mapping), default_profile)
        for name, value in (("account_no", household.account.account_no),
                            ("meter_no", household.meter.meter_no),
                            ("card_no", household.card.card_no if household.card else None)):
            if value is None:
                continue
            if value in seen[name]:
                raise BadInput("households.duplicate", N_(
                    "Line {line}, column “{column}”: {value} is already on line {first}; each "
                    "account, meter and card comes once. Nothing was imported."),
                    line=number, column=mapping.header_of(name), value=value,
                    first=seen[name][value])
            seen[name][value] = number
        households.append(household)
    return households


class _Cells:
    def __init__(self, line: int, row: Sequence[str], header: dict[str, int],
                 mapping: HouseholdMapping) -> None:
        self.line, self._row, self._header, self.mapping = line, row, header, mapping

    def text(self, name: str) -> str:
        index = self._header.get(name)
        if index is None or index >= len(self._row):
            return ""
        return str(self._row[index]).strip()

    def parse(self, name: str, read: Callable[[str], T], default: T) -> T:
        text = self.text(name)
        if not text:
            if name in REQUIRED:
                raise self._bad(name, text, Message(N_("It is empty.")))
            return default
        try:
            return read(text)
        except GasposError as error:
            raise self._bad(name, text, error.message) from None
        except ValueError:
            raise self._bad(name, text, Message(N_("It is not a value this column takes."))
                            ) from None

    def _bad(self, name: str, text: str, why: Message) -> BadInput:
        return BadInput("households.value", N_(
            "Line {line}, column “{column}” (“{text}”): {why} Nothing was imported: correct the "
            "file and import it again."), line=self.line, column=self.mapping.header_of(name),
            text=text, why=why)


def _household(cells: _Cells, default_profile: str) -> HouseholdRow:
    m = cells.mapping
    account_no = cells.parse("account_no", lambda t: check_number(t, N_("account number")), "")
    meter_no = cells.parse("meter_no", lambda t: check_number(t, N_("meter number")), "")
    account = AccountPart(
        account_no=account_no,
        name=cells.parse("name", check_name, ""),
        phone=cells.parse("phone", check_phone, ""),
        id_number=cells.parse("id_number", lambda t: check_number(t, N_("ID number")), ""),
        address=cells.parse("address", check_address, ""),
        category=cells.parse("category", lambda t: Category.parse(m.value("category", t)),
                             Category.RESIDENTIAL),
        household_size=cells.parse("household_size", lambda t: check_household_size(int(t)), 1),
        status=cells.parse("status", lambda t: _status(m.value("status", t)),
                           AccountStatus.ACTIVE),
        card_seq=cells.parse("card_seq", lambda t: _whole(t, MAX_SEQ), 0),
        card_cumulative=cells.parse("card_cumulative", _cumulative, Volume(0)),
        opening_cycle_volume=cells.parse("opening_cycle_volume", _cumulative, Volume(0)),
        opening_balance=cells.parse("opening_balance", _signed_money, Money(0)),
    )
    meter_key = cells.parse("meter_key_version", lambda t: _whole(t, MAX_KEY_VERSION), None)
    meter = MeterPart(
        meter_no=meter_no, account_no=account_no,
        meter_vendor=cells.text("meter_vendor")[:60], meter_model=cells.text("meter_model")[:60],
        meter_key_version=meter_key,
        meter_installed=cells.parse("meter_installed", lambda t: _date(t, m.date_format), None),
        meter_reading=cells.parse("meter_reading", _cumulative, None),
        meter_max_stock=cells.parse("meter_max_stock", _volume, DEFAULT_MAX_STOCK),
        meter_alarm=cells.parse("meter_alarm", _volume, DEFAULT_ALARM),
    )
    card_no = cells.parse("card_no", lambda t: check_number(t, N_("card number")), "")
    card = None
    if card_no:
        bound = cells.parse("card_meter_no", lambda t: check_number(t, N_("meter number")),
                            meter_no)
        if bound != meter_no:
            raise cells._bad("card_meter_no", bound, Message(N_(
                "The card is bound to another meter than the household's ({meter_no})."),
                {"meter_no": meter_no}))
        card = CardPart(
            card_no=card_no, account_no=account_no, card_meter_no=bound,
            card_state=cells.parse("card_state", lambda t: CardState(m.value("card_state", t)),
                                   CardState.ACTIVE),
            card_key_version=cells.parse("card_key_version",
                                         lambda t: _whole(t, MAX_KEY_VERSION),
                                         meter_key if meter_key is not None else 1),
            card_profile=cells.parse("card_profile", lambda t: t[:32], default_profile),
            card_pending=cells.parse("card_pending", _volume, Volume(0)),
        )
    return HouseholdRow(cells.line, account, meter, card)


def _status(text: str) -> AccountStatus:
    return AccountStatus(text.strip().lower())


def _whole(text: str, limit: int) -> int:
    value = int(text.strip())
    if not 0 <= value <= limit:
        raise BadInput("households.range", N_("It must be a whole number from 0 to {limit}."),
                       limit=limit)
    return value


@lru_cache(maxsize=8192)  # exports repeat their volumes and dates a great deal
def _cumulative(text: str) -> Volume:
    return Volume(parse_fixed(text, places=2, limit=MAX_CUMULATIVE, kind="volume"))


@lru_cache(maxsize=8192)
def _volume(text: str) -> Volume:
    return Volume.parse(text)


@lru_cache(maxsize=8192)
def _signed_money(text: str) -> Money:
    cleaned = text.strip()
    if cleaned.startswith("-"):
        return -Money.parse(cleaned[1:], limit=MAX_CUMULATIVE)
    return Money.parse(cleaned, limit=MAX_CUMULATIVE)


@lru_cache(maxsize=8192)
def _date(text: str, pattern: str) -> date:
    return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a calendar date
