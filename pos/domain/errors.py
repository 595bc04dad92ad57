"""The three ways an operation can fail, each with its exit code (docs/cli.md).

* :class:`BadInput` — a typo, an unreadable file, a malformed option: nothing changed (exit 2).
* :class:`Refused` — the request is understood but the rules say no (exit 1).
* :class:`IntegrityFailure` — tampered, forged or foreign data (exit 3).

Each carries a stable ``code`` for scripts and a translatable :class:`Message` for people.
"""

from __future__ import annotations

from pos.domain.messages import DEFAULT_LANGUAGE, Message


class GasposError(Exception):
    exit_code = 1

    def __init__(self, code: str, msgid: str, **params: object) -> None:
        self.code = code
        self.message = Message(msgid, params)
        super().__init__(f"{code}: {self.message.render('en')}")

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.message.render(language)


class BadInput(GasposError):
    exit_code = 2


class Refused(GasposError):
    exit_code = 1


class NotFound(Refused):
    pass


class PermissionDenied(Refused):
    pass


class IntegrityFailure(GasposError):
    exit_code = 3
