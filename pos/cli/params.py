"""Option types that parse with the domain's own rules, so a typo gets the domain's message
(in the clerk's language) and exit code 2, and never reaches a use case."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from pos.domain.categories import Category
from pos.domain.day.cash_count import CashCount
from pos.domain.errors import BadInput
from pos.domain.messages import N_, normalise_language
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel
from pos.domain.staff import Role
from pos.domain.tariff import parse_allowance, parse_tiers

if TYPE_CHECKING:
    _ParamBase = click.ParamType[Any]
else:
    _ParamBase = click.ParamType  # not subscriptable before click 8.5


class DomainParam(_ParamBase):
    def __init__(self, name: str, parse: Callable[[str], Any]) -> None:
        self.name = name
        self._parse = parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self._parse(value)
        except BadInput as error:
            language = None
            if ctx is not None and ctx.find_root().obj is not None:
                language = ctx.find_root().obj.language
            self.fail(error.render(normalise_language(language)), param, ctx)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput("date.invalid", N_("“{text}” is not a date: write it as YYYY-MM-DD."),
                       text=text) from None


def parse_count(text: str) -> int:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned.isascii() or not cleaned.isdigit():
        raise BadInput("count.invalid", N_("“{text}” is not a whole number."), text=text)
    return int(cleaned)


def parse_month(text: str) -> int:
    month = parse_count(text)
    if not 1 <= month <= 12:
        raise BadInput("tariff.cycle_month", N_("The cycle start month must be 1 to 12, not "
                                                 "{month}."), month=text)
    return month


def parse_days(text: str) -> list[tuple[str | None, date]]:
    """``"2025-03-01,02:2025-03-01"``: dates of this counter, or COUNTER:DATE."""
    days: list[tuple[str | None, date]] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        counter, _, when = item.rpartition(":")
        days.append((counter.strip() or None, parse_date(when)))
    if not days:
        raise BadInput("days.empty", N_("Name at least one business day (YYYY-MM-DD)."))
    return days


def parse_signed_amount(text: str) -> Money:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned.startswith(("-", "−")):
        return -Money.parse(cleaned[1:])
    return Money.parse(cleaned.removeprefix("+"))


def parse_channel(text: str) -> Channel:
    try:
        return Channel(text.strip().lower())
    except ValueError:
        raise BadInput("channel.unknown", N_(
            "“{text}” is not a payment channel: cash, unionpay, wechat or alipay."),
            text=text) from None


VOLUME = DomainParam("volume", Volume.parse)
AMOUNT = DomainParam("amount", Money.parse)
DATE = DomainParam("date", parse_date)
COUNT = DomainParam("count", parse_count)
MONTH = DomainParam("month", parse_month)
CATEGORY = DomainParam("category", Category.parse)
ROLE = DomainParam("role", Role.parse)
TIERS = DomainParam("tiers", parse_tiers)
ALLOWANCE = DomainParam("allowance", parse_allowance)
CASH_COUNT = DomainParam("count", CashCount.parse)
DAY_LIST = DomainParam("days", parse_days)
SIGNED_AMOUNT = DomainParam("amount", parse_signed_amount)
CHANNEL = DomainParam("channel", parse_channel)
