"""Settings: TOML files, typed and checked at start-up, every setting with a default.

Layers, later ones winning key by key: the defaults below, the machine-wide file (the
installation's: which database, which counter), then the user's file — or, instead of the
user's file, the one named by ``--config`` / ``GASPOS_CONFIG``.  An unknown section or key, or
a value of the wrong kind, is refused with the file and key named (a typo must not silently
fall back to a default).  docs/configuration.md lists every setting.

One model: :class:`Settings` has a field per section, each section a frozen dataclass of its
keys with their defaults and parsers (``setting(default, parser)``).  The sections the use cases
read are pos.services.core.settings's and reach them as they are; the rest are here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, get_type_hints
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from drivers.printer.connection import parse_connection
from pos.bootstrap import paths
from pos.domain.accounts import check_number
from pos.domain.errors import BadInput, GasposError
from pos.domain.messages import LANGUAGES, N_, normalise_language
from pos.domain.sale.record import Channel
from pos.services.core.settings import (
    DaySettings,
    Parser,
    PasswordSettings,
    PaymentTimes,
    ReceiptSettings,
    SaleSettings,
    flag,
    keys,
    parser,
    setting,
    text,
)
from receipts.profiles import PROFILES

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

PROVIDERS = ("manual", "simulated")  # payments.provider, the deprecated key: both channels
CHANNEL_PROVIDERS = ("", "manual", "simulated", "live")  # "": as payments.provider says
READER_MODELS = ("auto", "acs-ccid", "acr38x", "acr38-legacy")


def _counter(value: object) -> str:
    return check_number(text(value), N_("counter number"))


def _language(value: object) -> str:
    given = text(value)
    if not given.lower().startswith(("zh", "en")):
        raise ValueError(f"use one of {', '.join(LANGUAGES)}")
    return normalise_language(given)


def _timezone(value: object) -> str:
    given = text(value)
    try:
        ZoneInfo(given)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {given!r}") from None
    return given


def _log_level(value: object) -> str:
    given = text(value).upper()
    if given not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ValueError("use DEBUG, INFO, WARNING or ERROR")
    return given


def _pattern(value: object) -> str:
    given = text(value)
    try:
        re.compile(given)
    except re.error as error:
        raise ValueError(f"not a regular expression: {error}") from None
    return given


def _one_of(*choices: str) -> Parser:
    def parse(value: object) -> str:
        given = text(value)
        if given not in choices:
            raise ValueError(f"use one of {', '.join(choices)}")
        return given
    return parse


def _printer(value: object) -> str:
    given = text(value)
    parse_connection(given)  # refuses what it cannot use, naming the forms it takes
    return given


def _drawer_pin(value: object) -> int:
    if value not in (2, 5):
        raise ValueError("the drawer is on pin 2 or pin 5 of the printer's drawer port")
    return 2 if value == 2 else 5


def _answers(value: object) -> bool | None:
    if value == "auto":
        return None
    return flag(value)


def _whole(low: int, high: int) -> Parser:
    def parse(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value
    return parse


def _seconds(value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 120:
        raise ValueError("expected seconds, more than 0 and at most 120")
    return float(value)


def _https_url(value: object) -> str:
    given = text(value).rstrip("/")
    parts = urlsplit(given)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("expected an https:// address, e.g. https://api.mch.weixin.qq.com")
    return given


def _optional_text(value: object) -> str | None:
    return text(value) or None


@dataclass(frozen=True)
class DatabaseSettings:
    """[database]"""

    url: str | None = setting(None, _optional_text)
    connect_timeout: float = setting(5.0, _seconds)  # PostgreSQL: give up connecting after
    statement_timeout: float = setting(30.0, _seconds)  # PostgreSQL: cancel a statement after
    report_url: str | None = setting(None, _optional_text)  # a read-only standby for reports


@dataclass(frozen=True)
class CounterSettings:
    """[counter]"""

    no: str = setting("01", _counter)


@dataclass(frozen=True)
class LocaleSettings:
    """[locale]"""

    language: str = setting("zh_CN", _language)
    timezone: str = setting("Asia/Shanghai", _timezone)


@dataclass(frozen=True)
class LogSettings:
    """[log]"""

    level: str = setting("INFO", _log_level)


@dataclass(frozen=True)
class ReaderSettings:
    """[reader]"""

    pattern: str | None = setting(None, _pattern)  # which PC/SC reader is the counter's
    model: str = setting("auto", _one_of(*READER_MODELS))  # drivers/cards/acs/models.py


def _wait(low: int, high: int) -> Parser:
    def parse(value: object) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool) or not (
                low <= value <= high):
            raise ValueError(f"expected seconds, from {low} to {high}")
        return float(value)
    return parse


@dataclass(frozen=True)
class PaymentSettings:
    """[payments] — who takes each channel's payments, and how long the counter waits
    (docs/payments.md)."""

    provider: str = setting("manual", _one_of(*PROVIDERS))  # deprecated: both channels
    wechat: str = setting("", _one_of(*CHANNEL_PROVIDERS))  # manual, simulated or live
    alipay: str = setting("", _one_of(*CHANNEL_PROVIDERS))
    poll_seconds: float = setting(5.0, _wait(1, 30))  # between questions while one pays
    budget_wechat: float = setting(45.0, _wait(10, 300))  # then the order is reversed
    budget_alipay: float = setting(60.0, _wait(10, 300))
    budget_refund: float = setting(30.0, _wait(5, 300))  # following a refund in progress

    # WeChat Pay APIv3 (docs/payments.md "WeChat Pay"); the merchant's keys are in the key file
    wechat_url: str = setting("https://api.mch.weixin.qq.com", _https_url)
    wechat_timeout: float = setting(15.0, _seconds)  # seconds to wait for an answer
    wechat_ca_file: str | None = setting(None, _optional_text)  # the only CA trusted, if set
    wechat_device_ip: str = setting("", text)  # "": this computer's own address
    wechat_store_id: str = setting("", text)  # WeChat Pay's id of the hall, if it has one
    wechat_store_out_id: str = setting("", text)  # the utility's own code of the hall
    # Alipay's gateway (docs/payments.md "Alipay"): production, the sandbox or the simulator
    alipay_url: str = setting("https://openapi.alipay.com/gateway.do", _https_url)
    alipay_timeout: float = setting(15.0, _seconds)  # per request: connect, send, answer
    alipay_store_id: str = setting("", text)  # the hall's store code, shown in Alipay's bill

    def choice(self, channel: Channel) -> str:
        """manual, simulated or live: the channel's own key, else the deprecated provider."""
        own = self.wechat if channel is Channel.WECHAT else self.alipay
        return own or self.provider

    @property
    def times(self) -> PaymentTimes:
        return PaymentTimes(poll_seconds=self.poll_seconds, wechat_budget=self.budget_wechat,
                            alipay_budget=self.budget_alipay, refund_budget=self.budget_refund)


@dataclass(frozen=True)
class PrinterSettings:
    """[printer]"""

    connection: str = setting("none", _printer)  # tcp:HOST:PORT, serial:DEV, usb:…, file:…
    paper: str = setting("58mm", _one_of(*PROFILES))
    chinese: bool = setting(True, flag)
    native_qr: bool = setting(False, flag)
    answers: bool | None = setting(None, _answers)  # None: TCP, serial and USB are asked
    drawer_pin: int = setting(2, _drawer_pin)
    timeout: float = setting(5.0, _seconds)


@dataclass(frozen=True)
class DisplaySettings:
    """[display]"""

    port: str = setting("", text)  # "": no customer display
    baudrate: int = setting(2400, _whole(300, 115200))
    digits: int = setting(8, _whole(4, 20))


@dataclass(frozen=True)
class ScannerSettings:
    """[scanner] a payment-code scanner on a serial port (a keyboard-wedge one needs none)"""

    port: str = setting("", text)  # "": none
    baudrate: int = setting(9600, _whole(300, 115200))


@dataclass(frozen=True)
class TerminalSettings:
    """[terminal] an integrated bank-card terminal (drivers/terminal/registry.py)"""

    kind: str = setting("none", text)  # none, simulated, or a gaspos.card_terminals plug-in
    port: str = setting("", text)
    baudrate: int = setting(9600, _whole(300, 115200))


@dataclass(frozen=True)
class Settings:
    """The whole settings file: one field per section, each section a dataclass of its keys."""

    database: DatabaseSettings = DatabaseSettings()
    counter: CounterSettings = CounterSettings()
    locale: LocaleSettings = LocaleSettings()
    log: LogSettings = LogSettings()
    reader: ReaderSettings = ReaderSettings()
    sale: SaleSettings = SaleSettings()
    payments: PaymentSettings = PaymentSettings()
    printer: PrinterSettings = PrinterSettings()
    display: DisplaySettings = DisplaySettings()
    scanner: ScannerSettings = ScannerSettings()
    terminal: TerminalSettings = TerminalSettings()
    receipt: ReceiptSettings = ReceiptSettings()
    day: DaySettings = DaySettings()
    password: PasswordSettings = PasswordSettings()
    sources: tuple[Path, ...] = ()
    database_source: Path | None = None  # the file that named the database


SECTIONS: dict[str, type[DataclassInstance]] = {
    name: kind for name, kind in get_type_hints(Settings).items()
    if isinstance(kind, type) and is_dataclass(kind)}


def key_parser(section: str, key: str) -> Parser | None:
    """The parser of ``section.key`` (None: no such setting)."""
    known = SECTIONS.get(section)
    return None if known is None else parser(known, key)


def load(config_file: str | None = None) -> Settings:
    """Read the machine-wide file, then the user's (or ``config_file``), over the defaults."""
    layers = [paths.machine_config_file()]
    if config_file:
        explicit = Path(config_file).expanduser()
        if not explicit.is_file():
            raise BadInput("config.missing", N_("The settings file {path} does not exist."),
                           path=str(explicit))
        layers.append(explicit)
    else:
        layers.append(paths.user_config_file())
    values: dict[str, dict[str, object]] = {}
    sources = []
    database_source = None
    for path in layers:
        if path.is_file():
            for section, keys in _read(path).items():
                values.setdefault(section, {}).update(keys)
                if section == "database" and "url" in keys:
                    database_source = path
            sources.append(path)
    settings = Settings(**{section: replace(getattr(Settings(), section), **keys)
                           for section, keys in values.items()},
                        sources=tuple(sources), database_source=database_source)
    _consistent(settings)
    return settings


def _consistent(settings: Settings) -> None:
    """Settings that are each fine but wrong together: refused with both named."""
    where = ", ".join(str(p) for p in settings.sources) or "defaults"
    if settings.database.report_url and not settings.database.url:
        raise _invalid(Path(where), "database.report_url", (
            "a report replica copies the database of database.url, which is not set"))
    sale = settings.sale
    if sale.min_volume > sale.max_volume:
        raise _invalid(Path(where), "sale.min_volume", (
            f"{sale.min_volume} m³ is above sale.max_volume ({sale.max_volume} m³): no "
            "purchase could ever be made"))
    if sale.step > sale.max_volume:
        raise _invalid(Path(where), "sale.step", (
            f"{sale.step} m³ is above sale.max_volume ({sale.max_volume} m³)"))


def _read(path: Path) -> dict[str, dict[str, object]]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput("config.unreadable", N_("The settings file {path} cannot be read: "
                                               "{reason}"), path=str(path), reason=str(error)
                       ) from None
    except tomllib.TOMLDecodeError as error:
        raise BadInput("config.syntax", N_("The settings file {path} is not valid TOML: "
                                           "{reason}"), path=str(path), reason=str(error)
                       ) from None
    values: dict[str, dict[str, object]] = {}
    for section, table in document.items():
        known = SECTIONS.get(section)
        if known is None or not isinstance(table, Mapping):
            raise _invalid(path, section, f"unknown section (known: {', '.join(SECTIONS)})")
        for key, raw in table.items():
            parse = parser(known, key)
            if parse is None:
                raise _invalid(path, f"{section}.{key}", "unknown setting (known: "
                               f"{', '.join(keys(known))})")
            try:
                values.setdefault(section, {})[key] = parse(raw)
            except GasposError as error:
                raise _invalid(path, f"{section}.{key}", error.render("en")) from None
            except (TypeError, ValueError) as error:
                raise _invalid(path, f"{section}.{key}", str(error)) from None
    return values


def _invalid(path: Path, key: str, problem: str) -> BadInput:
    return BadInput("config.invalid", N_("Setting “{key}” in {path}: {problem}."),
                    key=key, path=str(path), problem=problem)
