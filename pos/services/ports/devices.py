"""The device ports: the card station and card profiles, the lab (meter simulator, virtual
cards), the receipt printer, the customer display, the serial payment-code scanner and the
integrated bank-card terminal — as ``typing.Protocol``, implemented by ``drivers``.
pos.services.ports re-exports them with the other ports, and the terminal's contract, which
is the domain's (pos.domain.sale.card_terminal) so that a plug-in needs nothing else.

A card session is opaque here (``Any``): only the card profile (pos.domain.cards.profile) that
recognised the card knows what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from pos.domain.cards.contents import MeterVisit
from pos.domain.cards.profile import CardProfile
from pos.domain.device_events import DeviceEvent
from pos.domain.devices import DisplayLamp, PrinterState
from pos.domain.quantities import Volume
from receipts.document import Document


class Watch(Protocol):
    def stop(self) -> None: ...


class CardStation(Protocol):
    def readers(self) -> Sequence[str]:
        """The PC/SC readers present."""
        ...

    def session(self, reader: str) -> AbstractContextManager[Any]:
        """The card in ``reader`` (``sim:PATH`` or ``pcsc[:PATTERN]``), powered for one job."""
        ...

    def image(self, memory: bytes) -> AbstractContextManager[Any]:
        """A 256-byte card image, read offline."""
        ...

    def identify(self, card: Any) -> CardProfile: ...

    def profile(self, name: str) -> CardProfile: ...

    def watch(self, reader: str, deliver: Callable[[DeviceEvent], None]) -> Watch:
        """Card and reader events for ``reader``, delivered on the device's thread."""
        ...


class VirtualCardControl(Protocol):
    def insert(self, timeout: float = ...) -> None: ...

    def remove(self) -> None: ...

    def wait(self) -> None: ...


class Lab(Protocol):
    """Demo and development controls: the meter simulator and virtual cards."""

    def meter_insert(self, card: Any, profile: CardProfile, *, use: Volume | None = None
                     ) -> MeterVisit: ...

    def meter_install(self, meter_no: str, *, expects_seq: int) -> None: ...

    def virtual_card(self, path: Path, model: str = ...) -> VirtualCardControl: ...

    def blank_card(self, path: Path) -> None:
        """Put a new blank card at ``path`` (a simulated card file), replacing what was there."""
        ...

    def insert_demo_card(self, path: Path) -> None:
        """Put a demo card file into the demo counter's reader ``demo`` (which then tells its
        watchers: CardInserted)."""
        ...

    def remove_demo_card(self) -> None: ...

    def demo_card(self) -> Path | None: ...


class ReceiptPrinter(Protocol):
    """The receipt printer (ESC/POS), whatever its cable.  Its commands are serialised."""

    def describe(self) -> str: ...

    def status(self) -> PrinterState:
        """Asked of the printer itself where it answers (never raises)."""
        ...

    def print(self, document: Document) -> None:
        """Print all of ``document`` or raise :class:`~pos.domain.devices.DeviceFailure`,
        whose ``maybe_done`` says whether any of it may have reached the paper."""
        ...

    def open_drawer(self) -> None:
        """Pulse the cash drawer on the printer's drawer port (DeviceFailure if it cannot)."""
        ...


class CustomerDisplay(Protocol):
    """The pole display facing the customer (客显)."""

    @property
    def present(self) -> bool:
        """Whether a display is configured at this counter."""
        ...

    def describe(self) -> str: ...

    def show(self, lamp: DisplayLamp, text: str) -> None:
        """A number (``"1288.00"``) under a label lamp (DeviceFailure if it cannot)."""
        ...

    def clear(self) -> None: ...


class CodeScanner(Protocol):
    """A barcode scanner on a serial (or virtual COM) port: each code it reads, one line.
    (A keyboard-wedge scanner needs no port: it types into the payment dialog.)"""

    def describe(self) -> str: ...

    def watch(self, deliver: Callable[[str], None]) -> Watch:
        """Every code read from now on, delivered on the scanner's own thread."""
        ...
