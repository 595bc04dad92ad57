"""What an attacker at the counter does with their own card, and how a test sees that nothing
changed: copying the card's image (its memory and security state), writing an old copy back,
and a fingerprint of everything a refused operation must leave as it was — the card, the meter,
the journal, the sales and payments."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from drivers.cards.profiles.open_sle4442 import OpenSle4442
from drivers.virtual.meter_sim import MeterSimulator, MeterState
from drivers.virtual.sle4442 import Sle4442, state_file
from pos.domain.sale.record import SaleState
from pos.services.core.context import Services
from tests.support.cards import KEYS


def copy_card(card: Path, copy: Path) -> Path:
    """The customer copies their card with any reader (memory, PSC state and all)."""
    Sle4442.load(card).save(copy)
    return copy


def restore_copy(copy: Path, card: Path) -> None:
    """…and later writes the old copy back onto the card."""
    Sle4442.load(copy).save(card)


def meter(svc: Services, meter_no: str) -> MeterState:
    return MeterSimulator(svc.settings.data_dir / "meters", OpenSle4442(lambda: KEYS),
                          lambda: KEYS).state(meter_no)


@dataclass(frozen=True)
class Snapshot:
    card: str
    meters: str
    journal: tuple[int, str]
    sales: tuple[tuple[str, str, int, int], ...]
    payments: tuple[tuple[str, str, int], ...]


def snapshot(svc: Services, card: Path) -> Snapshot:
    """Everything a refused operation must not change."""
    digest = hashlib.sha256(card.read_bytes())
    if state_file(card).exists():
        digest.update(state_file(card).read_bytes())
    meters = svc.settings.data_dir / "meters"
    states = {p.name: json.loads(p.read_text("utf-8")) for p in sorted(meters.glob("*.json"))}
    with svc.uow() as uow:
        sales = list(uow.sales.find())
        head = uow.journal.head()
    return Snapshot(
        digest.hexdigest(), json.dumps(states, sort_keys=True), head,
        tuple((s.order_no, s.state.value, s.amount.fen, s.volume.hundredths) for s in sales),
        tuple((s.order_no, p.state, p.amount.fen) for s in sales for p in s.payments))


def sales_in(svc: Services, state: SaleState) -> list[str]:
    with svc.uow() as uow:
        return [s.order_no for s in uow.sales.find(state=state)]
