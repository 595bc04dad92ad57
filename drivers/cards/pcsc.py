"""PC/SC readers through pyscard (pcscd on Linux, WinSCard on Windows).

The counter's reader is chosen by name pattern — never "the first reader" — and a missing,
ambiguous or unreachable reader is a clear refusal.  Connecting retries on "no card" and "card
unpowered" (both happen right after a card is inserted); a card pulled mid-command becomes the
domain's ``card.removed`` refusal, never a hang.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from smartcard.Exceptions import CardConnectionException, NoCardException, SmartcardException
from smartcard.pcsc.PCSCExceptions import BaseSCardException
from smartcard.scard import (
    SCARD_E_NO_SMARTCARD,
    SCARD_W_REMOVED_CARD,
    SCARD_W_RESET_CARD,
    SCARD_W_UNPOWERED_CARD,
)
from smartcard.System import readers as pcsc_readers

from drivers.cards.acs import models
from drivers.cards.session import ReaderSession
from pos.domain.cards.contents import card_removed, no_card
from pos.domain.errors import Refused
from pos.domain.messages import N_

log = logging.getLogger("gaspos.readers")

RETRY_HRESULTS = {SCARD_W_UNPOWERED_CARD, SCARD_W_RESET_CARD, SCARD_W_REMOVED_CARD,
                  SCARD_E_NO_SMARTCARD}
CONNECT_ATTEMPTS = 8
CONNECT_PAUSE = 0.15


def reader_names() -> list[str]:
    return [str(reader) for reader in _readers()]


def _readers() -> list[Any]:
    try:
        return list(pcsc_readers())
    except (BaseSCardException, SmartcardException) as error:
        log.warning("PC/SC unavailable: %s", error)
        raise Refused("reader.pcsc_unavailable",
                      N_("The PC/SC service is not running (pcscd): start it, then plug the "
                         "card reader in again.")) from None


def choose(pattern: str | None) -> str:
    """The name of the one reader matching ``pattern`` (a regular expression, any case)."""
    return str(_choose(pattern))


def _choose(pattern: str | None) -> Any:
    readers = _readers()
    names = [str(r) for r in readers]
    matching = [r for r in readers if pattern is None or re.search(pattern, str(r), re.I)]
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise Refused("reader.missing",
                      N_("No card reader matches “{pattern}”; readers present: {readers}. "
                         "Plug the counter's reader in, or set its name in the settings."),
                      pattern=pattern or "*", readers=", ".join(names) or "—")
    raise Refused("reader.ambiguous",
                  N_("Several readers match “{pattern}”: {readers}. Set the counter's reader "
                     "name in the settings ([reader] pattern)."),
                  pattern=pattern or "*", readers=", ".join(map(str, matching)))


class PcscReader:
    def __init__(self, pattern: str | None, model: models.ReaderModel | None = None) -> None:
        self.pattern = pattern
        self.model = model

    @contextmanager
    def session(self) -> Iterator[ReaderSession]:
        reader = _choose(self.pattern)
        name = str(reader)
        connection = reader.createConnection()
        model = self.model or models.for_reader(name)

        def transmit(apdu: bytes) -> tuple[bytes, int, int]:
            try:
                data, sw1, sw2 = connection.transmit(list(apdu))
            except (CardConnectionException, NoCardException) as error:
                log.info("card left %s mid-command: %s", name, error)
                raise card_removed() from None
            return bytes(data), sw1, sw2

        try:
            _connect(connection)
            session = ReaderSession(name, lambda: bytes(connection.getATR()), transmit, model)
            session.memory_card().select_sle4442()
            yield session
        finally:
            _close(connection, name)


def _connect(connection: object) -> None:
    for attempt in range(CONNECT_ATTEMPTS):
        try:
            connection.connect()  # type: ignore[attr-defined]
            return
        except NoCardException:
            pass
        except CardConnectionException as error:
            if getattr(error, "hresult", None) not in RETRY_HRESULTS:
                log.warning("connecting failed: %s", error)
                raise no_card() from None
        time.sleep(CONNECT_PAUSE * (attempt + 1) / 2)
    raise no_card()


def _close(connection: object, name: str) -> None:
    """Power the card off and release the PC/SC context now, not in a finaliser later."""
    for step in ("disconnect", "release"):
        try:
            getattr(connection, step, lambda: None)()
        except SmartcardException:
            log.debug("%s on %s failed (card or service already gone)", step, name)
