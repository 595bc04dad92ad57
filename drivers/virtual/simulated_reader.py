"""The simulated reader ``sim:PATH``: the card is the 256-byte image at PATH with its security
state in ``PATH.state.json`` (a PATH that does not exist yet is a new blank card).

Commands go through the same ACS pseudo-APDU front as the virtual card, and every change the
chip makes is saved at once, so a killed process leaves the file as a pulled card would be.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from drivers.cards.acs.card_side import AcsCardSide
from drivers.cards.acs.models import DEFAULT, ReaderModel
from drivers.cards.session import ReaderSession
from drivers.virtual.sle4442 import ATR, CardPulled, Pull, Sle4442
from pos.domain.cards.contents import card_removed
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reasons import reason_of


class SimulatedReader:
    def __init__(self, path: Path, model: ReaderModel = DEFAULT,
                 pull: Pull | None = None) -> None:
        self.path = path
        self.model = model
        self.pull = pull  # fault injection: the card leaves after so many written bytes
        self.name = f"sim:{path}"

    @contextmanager
    def session(self) -> Iterator[ReaderSession]:
        chip = load_image(self.path)
        chip.pull = self.pull  # shared: a Pull fires once, in whichever session writes first
        saved = chip.files() if self.path.exists() else None

        def save(changed: Sle4442) -> None:
            """Every change saved at once; a file the change left as it was is not rewritten
            (a correct security code restores the error counter it took)."""
            nonlocal saved
            saved = changed.save_changes(self.path, saved)

        side = AcsCardSide(chip, self.model, on_change=save)
        pulled = False

        def transmit(apdu: bytes) -> tuple[bytes, int, int]:
            nonlocal pulled
            if pulled:
                raise card_removed()
            try:
                reply = side.answer(apdu)
            except CardPulled as pull:
                pulled = True
                if pull.args and pull.args[0]:  # the power went: the torn card is saved
                    os.kill(os.getpid(), signal.SIGKILL)
                raise card_removed() from None
            return reply[:-2], reply[-2], reply[-1]

        session = ReaderSession(self.name, lambda: ATR, transmit, self.model)
        session.memory_card().select_sle4442()
        yield session


def load_image(path: Path) -> Sle4442:
    if path.is_dir():
        raise BadInput("card.image_unreadable", N_("{path} is a directory, not a card image."),
                       path=str(path))
    try:
        return Sle4442.load(path)
    except (ValueError, OSError) as error:
        raise BadInput("card.image_unreadable",
                       N_("{path} is not a card image (256 bytes): {reason}"),
                       path=str(path), reason=reason_of(error)) from None
