"""Finding the bank-card terminal named by ``[terminal] kind``: every entry point in the
``gaspos.card_terminals`` group (pos.domain.sale.card_terminal says what a plug-in offers).
The simulated terminal is one of them (``simulated``, in gaspos's own pyproject.toml)."""

from __future__ import annotations

from importlib.metadata import entry_points

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.sale.card_terminal import CardTerminal

GROUP = "gaspos.card_terminals"


def terminal_kinds() -> list[str]:
    return sorted(point.name for point in entry_points(group=GROUP))


def card_terminal(kind: str, *, port: str, baudrate: int) -> CardTerminal:
    """The plug-in ``kind``, made for ``port``; BadInput if no installed plug-in has that name."""
    for point in entry_points(group=GROUP, name=kind):
        made: CardTerminal = point.load()(port=port, baudrate=baudrate)
        return made
    raise BadInput("settings.terminal_kind",
                   N_("No bank-card terminal plug-in is called “{kind}” (installed: {kinds}): "
                      "check the settings file (docs/configuration.md)."),
                   kind=kind, kinds=", ".join(terminal_kinds()) or "-")
