"""An item's evidence kept as data and rendered only when a person looks at it.

A month of 200,000 movements has some 130,000 items, each with two to four sentences of
evidence; rendering every one in both languages when the month is reconciled cost more than
the matching itself.  The evidence is stored as its messages instead — msgid and parameters,
as JSON — and rendered (:func:`render`) in the language of whoever reads it.  Rendering one
gives exactly what ``Message.render`` gives: a parameter that is not a message is shown as
``str(value)``, which does not depend on the language, so it is kept as that text (money as
its 分, turned into the same text when shown).

Items stored before this form kept each sentence rendered, ``{language: text}``; they render
as they were kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pos.domain.messages import Message, translator
from pos.domain.quantities import Money, format_fixed

_MSGID, _PARAMS, _FEN = "m", "p", "fen"


def stored(evidence: Message | str) -> Any:
    """``evidence`` as JSON-ready data (a string stays a string)."""
    return evidence if isinstance(evidence, str) else _message(evidence)


def _message(message: Message) -> dict[str, Any]:
    if not message.params:
        return {_MSGID: message.msgid}
    return {_MSGID: message.msgid, _PARAMS: {key: _param(value)
                                             for key, value in message.params.items()}}


def _param(value: object) -> Any:
    if isinstance(value, Message):
        return _message(value)
    if isinstance(value, Money):
        return {_FEN: value.fen}
    return str(value)


def render(kept: Any, language: str) -> str:
    """The stored evidence as ``language`` shows it."""
    if isinstance(kept, str):
        return kept
    if _MSGID not in kept:  # rendered when it was stored: {language: text}
        return str(kept.get(language, ""))
    template = translator(language).gettext(kept[_MSGID])
    params: Mapping[str, Any] | None = kept.get(_PARAMS)
    if not params:
        return template
    return template.format_map({key: _show(value, language) for key, value in params.items()})


def _show(value: Any, language: str) -> str:
    if isinstance(value, str):
        return value
    if _FEN in value:
        return format_fixed(int(value[_FEN]), Money.PLACES)
    return render(value, language)
