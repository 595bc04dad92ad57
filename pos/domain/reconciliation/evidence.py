"""An item's evidence kept as data and rendered only when a person looks at it.

A month of 200,000 movements has some 130,000 items, each with two to four sentences of
evidence; rendering every one in both languages when the month is reconciled cost more than
the matching itself.  The evidence is stored as its messages instead — msgid and parameters,
as JSON (:func:`json_default` turns a message into ``{"m": msgid, "p": params}`` while the
item's document is encoded) — and rendered (:func:`render`) in the language of whoever reads
it.  Rendering one gives exactly what ``Message.render`` gives: a parameter that is not a
message is shown as ``str(value)``, which does not depend on the language, so it is kept as
that text (money as its 分, turned into the same text when shown).

Items stored before this form kept each sentence rendered, ``{language: text}``; they render
as they were kept.
"""

from __future__ import annotations

from typing import Any

from pos.domain.messages import Message, translator
from pos.domain.quantities import Money, format_fixed

_MSGID, _PARAMS, _FEN = "m", "p", "fen"


def json_default(value: object) -> Any:
    """For ``json.dumps(…, default=json_default)``: a message, an amount, or any other
    parameter (a date: its text) as JSON."""
    if isinstance(value, Message):
        if not value.params:
            return {_MSGID: value.msgid}
        return {_MSGID: value.msgid, _PARAMS: dict(value.params)}
    if isinstance(value, Money):
        return {_FEN: value.fen}
    return str(value)


def render(kept: Any, language: str) -> str:
    """Evidence as stored (or the message itself, not yet stored) as ``language`` shows it."""
    if isinstance(kept, str):
        return kept
    if isinstance(kept, Message):
        return kept.render(language)
    if _MSGID not in kept:  # rendered when it was stored: {language: text}
        return str(kept.get(language, ""))
    template = translator(language).gettext(kept[_MSGID])
    params: dict[str, Any] | None = kept.get(_PARAMS)
    if not params:
        return template
    return template.format_map({key: _show(value, language) for key, value in params.items()})


def _show(value: Any, language: str) -> str:
    if not isinstance(value, dict):
        return str(value)  # as Message.render shows it (JSON keeps str, int, bool, None)
    if _FEN in value:
        return format_fixed(int(value[_FEN]), Money.PLACES)
    return render(value, language)
