"""Settings: TOML files, typed and checked at start-up, every setting with a default.

Layers, later ones winning key by key: the defaults below, the machine-wide file (the
installation's: which database, which counter), then the user's file — or, instead of the
user's file, the one named by ``--config`` / ``GASPOS_CONFIG``.  An unknown section or key, or
a value of the wrong kind, is refused with the file and key named (a typo must not silently
fall back to a default).  docs/configuration.md lists every setting.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from drivers.printer_connection import parse_connection
from pos.bootstrap import paths
from pos.domain.accounts import check_number
from pos.domain.errors import BadInput, GasposError
from pos.domain.messages import LANGUAGES, N_, normalise_language
from pos.domain.quantities import Money, Volume
from receipts.profiles import PROFILES


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _counter(value: object) -> str:
    return check_number(_text(value), N_("counter number"))


def _language(value: object) -> str:
    text = _text(value)
    if not text.lower().startswith(("zh", "en")):
        raise ValueError(f"use one of {', '.join(LANGUAGES)}")
    return normalise_language(text)


def _timezone(value: object) -> str:
    text = _text(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {text!r}") from None
    return text


def _reader_model(value: object) -> str:
    text = _text(value)
    if text not in READER_MODELS:
        raise ValueError(f"use one of {', '.join(READER_MODELS)}")
    return text


def _pattern(value: object) -> str:
    text = _text(value)
    try:
        re.compile(text)
    except re.error as error:
        raise ValueError(f"not a regular expression: {error}") from None
    return text


def _volume(value: object) -> Volume:
    volume = Volume.parse(_text(value))
    if volume.hundredths <= 0:
        raise ValueError("must be more than 0 m³")
    return volume


def _money(value: object) -> Money:
    return Money.parse(_text(value))


def _provider(value: object) -> str:
    text = _text(value)
    if text not in PROVIDERS:
        raise ValueError(f"use one of {', '.join(PROVIDERS)}")
    return text


def _printer(value: object) -> str:
    text = _text(value)
    parse_connection(text)  # refuses what it cannot use, naming the forms it takes
    return text


def _paper(value: object) -> str:
    text = _text(value)
    if text not in PROFILES:
        raise ValueError(f"use one of {', '.join(PROFILES)}")
    return text


def _drawer_pin(value: object) -> int:
    if value not in (2, 5):
        raise ValueError("the drawer is on pin 2 or pin 5 of the printer's drawer port")
    return 2 if value == 2 else 5


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def _answers(value: object) -> bool | None:
    if value == "auto":
        return None
    return _flag(value)


def _whole(low: int, high: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value
    return parse


def _seconds(value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 120:
        raise ValueError("expected seconds, more than 0 and at most 120")
    return float(value)


def _file(value: object) -> Path | None:
    text = _text(value).strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValueError(f"no such file: {path}")
    return path


def _rounding(value: object) -> str:
    text = _text(value).lower()
    if text not in ROUNDINGS:
        raise ValueError("use none or jiao")
    return text


def _log_level(value: object) -> str:
    text = _text(value).upper()
    if text not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ValueError("use DEBUG, INFO, WARNING or ERROR")
    return text


# section → key → (attribute, parser)
SCHEMA: dict[str, dict[str, tuple[str, Callable[[object], object]]]] = {
    "database": {"url": ("database_url", _text)},
    "counter": {"no": ("counter_no", _counter)},
    "locale": {"language": ("language", _language), "timezone": ("timezone", _timezone)},
    "log": {"level": ("log_level", _log_level)},
    "reader": {"pattern": ("reader_pattern", _pattern), "model": ("reader_model", _reader_model)},
    "sale": {"min_volume": ("min_volume", _volume), "max_volume": ("max_volume", _volume),
             "step": ("volume_step", _volume), "replacement_fee": ("replacement_fee", _money)},
    "payments": {"provider": ("payment_provider", _provider)},
    "printer": {"connection": ("printer", _printer), "paper": ("paper", _paper),
                "chinese": ("printer_chinese", _flag), "native_qr": ("native_qr", _flag),
                "answers": ("printer_answers", _answers),
                "drawer_pin": ("drawer_pin", _drawer_pin),
                "timeout": ("printer_timeout", _seconds)},
    "display": {"port": ("display_port", _text),
                "baudrate": ("display_baudrate", _whole(300, 115200)),
                "digits": ("display_digits", _whole(4, 20))},
    "receipt": {"seal_image": ("seal_image", _file), "guidance_file": ("guidance_file", _file)},
    "day": {"over_short_threshold": ("over_short_threshold", _money),
            "explicit_open": ("explicit_open", _flag), "opening_float": ("opening_float", _money),
            "cash_rounding": ("cash_rounding", _rounding),
            "adjust_finance_above": ("adjust_finance_above", _money)},
}
PROVIDERS = ("manual", "simulated")
ROUNDINGS = ("none", "jiao")
READER_MODELS = ("auto", "acs-ccid", "acr38x", "acr38-legacy")


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None
    counter_no: str = "01"
    language: str = "zh_CN"
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    reader_pattern: str | None = None  # which PC/SC reader is the counter's (regex)
    reader_model: str = "auto"  # how it answers memory-card commands (drivers/acs/models.py)
    min_volume: Volume = Volume.m3(1)
    max_volume: Volume = Volume.m3(1000)
    volume_step: Volume = Volume.m3(1)
    replacement_fee: Money = Money(0)
    payment_provider: str = "manual"  # WeChat/Alipay: clerk-confirmed, or the simulated one
    printer: str = "none"  # drivers/printer.py: tcp:HOST:PORT, serial:DEV, usb:VID:PID, file:PATH
    paper: str = "58mm"
    printer_chinese: bool = True
    native_qr: bool = False
    printer_answers: bool | None = None  # None: TCP, serial and USB printers are asked
    drawer_pin: int = 2
    printer_timeout: float = 5.0
    display_port: str = ""  # "": no customer display
    display_baudrate: int = 2400
    display_digits: int = 8
    seal_image: Path | None = None  # the charge seal (收费专用章), printed on sale receipts
    guidance_file: Path | None = None  # the first-use guidance (default: see docs/receipts.md)
    over_short_threshold: Money = Money(1000)  # 长短款 above this needs a supervisor
    explicit_open: bool = False  # True: a cashier opens each day (`day open`); no auto-open
    opening_float: Money | None = None  # None: the float the last close kept
    cash_rounding: str = "none"  # 抹零: "jiao" drops the fen of a cash-only payment
    adjust_finance_above: Money = Money(50_000)  # a larger adjustment needs finance's approval
    sources: tuple[Path, ...] = field(default=())
    database_source: Path | None = None  # the file that named the database


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
    values: dict[str, Any] = {}
    sources = []
    for path in layers:
        if path.is_file():
            layer = _read(path)
            if "database_url" in layer:
                values["database_source"] = path
            values.update(layer)
            sources.append(path)
    settings = Settings(**values, sources=tuple(sources))
    _consistent(settings)
    return settings


def _consistent(settings: Settings) -> None:
    """Settings that are each fine but wrong together: refused with both named."""
    where = ", ".join(str(p) for p in settings.sources) or "defaults"
    if settings.min_volume > settings.max_volume:
        raise _invalid(Path(where), "sale.min_volume", (
            f"{settings.min_volume} m³ is above sale.max_volume ({settings.max_volume} m³): no "
            "purchase could ever be made"))
    if settings.volume_step > settings.max_volume:
        raise _invalid(Path(where), "sale.step", (
            f"{settings.volume_step} m³ is above sale.max_volume ({settings.max_volume} m³)"))


def _read(path: Path) -> dict[str, object]:
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
    values: dict[str, object] = {}
    for section, table in document.items():
        known = SCHEMA.get(section)
        if known is None or not isinstance(table, Mapping):
            raise _invalid(path, section, f"unknown section (known: {', '.join(SCHEMA)})")
        for key, raw in table.items():
            if key not in known:
                raise _invalid(path, f"{section}.{key}",
                               f"unknown setting (known: {', '.join(known)})")
            attribute, parse = known[key]
            try:
                values[attribute] = parse(raw)
            except GasposError as error:
                raise _invalid(path, f"{section}.{key}", error.render("en")) from None
            except (TypeError, ValueError) as error:
                raise _invalid(path, f"{section}.{key}", str(error)) from None
    return values


def _invalid(path: Path, key: str, problem: str) -> BadInput:
    return BadInput("config.invalid", N_("Setting “{key}” in {path}: {problem}."),
                    key=key, path=str(path), problem=problem)
