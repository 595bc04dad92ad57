"""Translatable messages for people: refusals, errors and labels.

Every text a clerk or an administrator reads is a :class:`Message`: an English msgid (the key
into the gettext catalogues under ``pos/locale``) plus named parameters.  Chinese is the default
language; English is the msgid itself.  ``N_`` only marks a string for extraction
(``pybabel extract -k N_``); translation happens when the message is shown, so the CLI and the
GUI say the same words.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DOMAIN = "gaspos"
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def N_(msgid: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``msgid`` for extraction without translating it now."""
    return msgid


@dataclass(frozen=True)
class Message:
    """A msgid with its parameters, translated only when shown."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        template = translator(language).gettext(self.msgid)
        if not self.params:
            return template
        return template.format_map({k: _show(v, language) for k, v in self.params.items()})


def _show(value: object, language: str) -> str:
    if isinstance(value, Message):
        return value.render(language)
    return str(value)


def normalise_language(language: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_CN.UTF-8``, ``en_US`` … onto a supported language."""
    if not language:
        return DEFAULT_LANGUAGE
    base = language.split(".")[0].replace("-", "_")
    if base.lower().startswith("zh"):
        return "zh_CN"
    if base.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


@cache
def translator(language: str = DEFAULT_LANGUAGE) -> gettext.NullTranslations:
    lang = normalise_language(language)
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def tr(msgid: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Translate a label or a sentence at once (front ends use this for their own words)."""
    return Message(msgid, params).render(language)
