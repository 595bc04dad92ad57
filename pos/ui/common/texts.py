"""The counter app's words: the same gettext catalogue as the command line (pos/locale), so the
GUI and the CLI say the same thing; Qt's own words (OK, Cancel) come from Qt's translations."""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.errors import GasposError
from pos.domain.messages import N_, Message


@dataclass
class Texts:
    language: str

    def __call__(self, msgid: str, **params: object) -> str:
        return Message(msgid, params).render(self.language)

    def message(self, message: Message) -> str:
        return message.render(self.language)

    def error(self, error: BaseException) -> str:
        """What the clerk reads about a failure: ours in words, anything else generic."""
        if isinstance(error, GasposError):
            return error.render(self.language)
        return self(N_("Something went wrong; see the log for details, and ask the "
                       "supervisor before trying again."))
