"""Accounts (用户/户), their meters (燃气表) and IC cards (IC卡), and the checks on their numbers.

One household or business is one account; it has one active meter at a time (meters are
replaced over the years, 换表) and at most one active card bound to that meter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pos.domain.categories import Category
from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, Volume

_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}")
_PHONE = re.compile(r"\+?[0-9][0-9 -]{2,22}")
MAX_NAME_LENGTH = 60
MAX_ADDRESS_LENGTH = 200
MAX_HOUSEHOLD_SIZE = 30


class AccountStatus(StrEnum):
    ACTIVE = "active"
    SAFETY_HOLD = "safety_hold"  # 安全停气: selling needs a supervisor's override
    CLOSED = "closed"  # 销户

    @property
    def label(self) -> Message:
        return Message(_ACCOUNT_LABELS[self])


class MeterState(StrEnum):
    ACTIVE = "active"
    REMOVED = "removed"  # replaced by a meter change (换表)

    @property
    def label(self) -> Message:
        return Message(_METER_LABELS[self])


class CardState(StrEnum):
    ACTIVE = "active"
    LOST = "lost"  # reported lost (挂失)
    REPLACED = "replaced"  # a replacement card (补卡) superseded it
    BLACKLISTED = "blacklisted"

    @property
    def label(self) -> Message:
        return Message(_CARD_LABELS[self])


@dataclass(frozen=True)
class Meter:
    meter_no: str
    vendor: str
    model: str
    max_stock: Volume  # 充值上限: the most gas the meter can hold
    alarm_level: Volume  # 报警气量: the meter warns below this
    state: MeterState = MeterState.ACTIVE
    installed_at: datetime | None = None


@dataclass(frozen=True)
class Card:
    card_no: str
    meter_no: str
    chip: str
    profile: str
    state: CardState
    issued_at: datetime


@dataclass(frozen=True)
class Account:
    account_no: str
    name: str
    category: Category
    address: str = ""
    phone: str = ""
    id_number: str = ""
    household_size: int = 1
    status: AccountStatus = AccountStatus.ACTIVE
    opening_cumulative_volume: Volume = Volume(0)  # brought from a previous system
    created_at: datetime | None = None
    # the opening position from a previous system (docs/going-live.md): bought in the tier
    # cycle that contains ``opening_as_of``; a prepaid balance (+) or arrears (−)
    opening_cycle_volume: Volume = Volume(0)
    opening_as_of: date | None = None
    opening_balance: Money = Money(0)


def check_number(text: str, what: str) -> str:
    """Account, meter, card and staff numbers: letters, digits and '-', up to 32.

    ``what`` is a msgid naming the number (``N_("account number")``), shown translated.
    """
    value = text.strip()
    if not _NUMBER.fullmatch(value):
        raise BadInput(
            "number.invalid",
            N_("“{text}” is not a valid {what}: use letters, digits and “-”, at most 32."),
            text=text, what=Message(what),
        )
    return value


def check_name(text: str) -> str:
    value = " ".join(text.split())
    if not value or len(value) > MAX_NAME_LENGTH:
        raise BadInput(
            "name.invalid", N_("A name must have 1 to {max} characters."), max=MAX_NAME_LENGTH,
        )
    return value


def check_address(text: str) -> str:
    value = " ".join(text.split())
    if len(value) > MAX_ADDRESS_LENGTH:
        raise BadInput(
            "address.invalid", N_("An address has at most {max} characters."),
            max=MAX_ADDRESS_LENGTH,
        )
    return value


def check_phone(text: str) -> str:
    value = text.strip()
    if value and not _PHONE.fullmatch(value):
        raise BadInput(
            "phone.invalid", N_("“{text}” is not a phone number: use digits, spaces and “-”."),
            text=text,
        )
    return value


def check_household_size(size: int) -> int:
    if not 1 <= size <= MAX_HOUSEHOLD_SIZE:
        raise BadInput(
            "household_size.invalid",
            N_("The household size must be 1 to {max} people, not {size}."),
            max=MAX_HOUSEHOLD_SIZE, size=size,
        )
    return size


# One table per enum: members of different StrEnums with the same value are equal keys.
_ACCOUNT_LABELS = {
    AccountStatus.ACTIVE: N_("active"),
    AccountStatus.SAFETY_HOLD: N_("on safety hold"),
    AccountStatus.CLOSED: N_("closed"),
}
_METER_LABELS = {
    MeterState.ACTIVE: N_("in service"),
    MeterState.REMOVED: N_("removed"),
}
_CARD_LABELS = {
    CardState.ACTIVE: N_("valid"),
    CardState.LOST: N_("reported lost"),
    CardState.REPLACED: N_("replaced"),
    CardState.BLACKLISTED: N_("blacklisted"),
}
