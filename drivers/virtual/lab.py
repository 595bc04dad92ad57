"""Demo and development controls: the meter simulator and virtual cards for vpcd."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drivers.cards.acs import models
from drivers.virtual.demo_slot import DemoSlot
from drivers.virtual.meter_sim import MeterSimulator
from drivers.virtual.sle4442 import state_file
from drivers.virtual.vpcd import VPCD_PORT, VirtualCard
from pos.domain.cards.contents import MeterVisit
from pos.domain.cards.profile import CardProfile
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.quantities import Volume


class Lab:
    def __init__(self, meters: MeterSimulator, demo_slot: DemoSlot | None = None) -> None:
        self._meters = meters
        self._slot = demo_slot

    def insert_demo_card(self, path: Path) -> None:
        """Put a demo card file into the demo counter's reader (``demo``)."""
        self._demo_slot().insert(path)

    def remove_demo_card(self) -> None:
        self._demo_slot().remove()

    def demo_card(self) -> Path | None:
        """The demo card in the reader, if any."""
        return None if self._slot is None else self._slot.card

    def _demo_slot(self) -> DemoSlot:
        if self._slot is None:
            raise Refused("demo.only", N_("Demo cards go into the demo counter's reader only "
                                          "(gaspos --demo)."))
        return self._slot

    def meter_insert(self, card: Any, profile: CardProfile, *, use: Volume | None = None
                     ) -> MeterVisit:
        if profile.name != "open-sle4442-v1":
            raise Refused("meter.unsupported_card",
                          N_("The meter simulator plays meters for open-sle4442-v1 cards only."))
        return self._meters.insert(card, use=use)

    def meter_install(self, meter_no: str, *, expects_seq: int) -> None:
        self._meters.install(meter_no, expects_seq=expects_seq)

    def blank_card(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        state_file(path).unlink(missing_ok=True)

    def virtual_card(self, path: Path, model: str = "acs-ccid", port: int = VPCD_PORT
                     ) -> VirtualCard:
        return VirtualCard(path, models.by_name(model), port=port)
