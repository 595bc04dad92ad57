"""The meter simulator: plays the customer's prepaid meter for demos and tests.

Like a real IC-card meter it loads a purchase only when the card's purchase sequence is the
next one it expects and the card's integrity codes check with its own key; it refuses gas that
would exceed its stock limit; it writes back (回写) its last loaded sequence, remaining gas,
cumulative use and alarms; and it keeps its own state (per meter number, a JSON file) so the
same card image replayed loads nothing.  Its own memory is updated before the write-back, so a
card pulled mid-write-back reads as interrupted and the next insertion repairs the report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from drivers.cards.profiles.open_sle4442 import OpenSle4442
from drivers.cards.session import ReaderSession
from drivers.files import replace_file
from pos.domain.cards.contents import MeterAlarm, MeterReport, MeterVisit
from pos.domain.cards.keys import KeySet
from pos.domain.messages import N_, Message
from pos.domain.quantities import Volume

DEFAULT_MAX_STOCK = Volume.m3(1000)


@dataclass
class MeterState:
    meter_no: str
    last_seq: int = 0
    remaining: int = 0  # 0.01 m³
    cumulative_use: int = 0  # 0.01 m³
    max_stock: int = DEFAULT_MAX_STOCK.hundredths
    alarms: list[str] = field(default_factory=list)  # set from outside: low battery, tamper

    def report(self) -> MeterReport:
        alarms = {MeterAlarm(a) for a in self.alarms}
        if self.remaining == 0:
            alarms.add(MeterAlarm.VALVE_CLOSED)  # no gas left: the valve closes
        return MeterReport(self.last_seq, Volume(self.remaining), Volume(self.cumulative_use),
                           frozenset(alarms))


class MeterSimulator:
    def __init__(self, directory: Path, profile: OpenSle4442,
                 keys: Callable[[], KeySet]) -> None:
        self._directory = directory
        self._profile = profile
        self._keys = keys

    def state(self, meter_no: str) -> MeterState:
        path = self._path(meter_no)
        if not path.exists():
            return MeterState(meter_no)
        return MeterState(**json.loads(path.read_text("utf-8")))

    def _state_for(self, meter_no: str, seq: int, pending: bool) -> MeterState:
        """A meter seen for the first time was just installed: it expects the card's pending
        purchase (or the next one), as a new meter bound to an existing card does."""
        if self._path(meter_no).exists():
            return self.state(meter_no)
        return MeterState(meter_no, last_seq=seq - 1 if pending else seq)

    def install(self, meter_no: str, *, expects_seq: int, max_stock: Volume = DEFAULT_MAX_STOCK
                ) -> MeterState:
        """A new meter, expecting the purchase after ``expects_seq - 1`` (a meter change)."""
        state = MeterState(meter_no, last_seq=expects_seq - 1, max_stock=max_stock.hundredths)
        self._save(state)
        return state

    def insert(self, card: ReaderSession, *, use: Volume | None = None) -> MeterVisit:
        """The customer puts the card into its meter (and then, optionally, uses gas)."""
        record = self._profile.read(card).record
        state = self._state_for(record.meter_no, record.purchase_seq,
                                bool(record.pending_volume.hundredths))
        loaded, refused = Volume(0), None
        if record.purchase_seq == state.last_seq + 1 and record.pending_volume.hundredths:
            if state.remaining + record.pending_volume.hundredths > state.max_stock:
                refused = Message(N_("the meter would hold more than its limit of {limit} m³"),
                                  {"limit": Volume(state.max_stock)})
            else:
                state.remaining += record.pending_volume.hundredths
                state.last_seq = record.purchase_seq
                loaded = record.pending_volume
        elif record.purchase_seq > state.last_seq + 1:
            refused = Message(N_("the meter expects purchase {expected}, the card has {found}"),
                              {"expected": state.last_seq + 1, "found": record.purchase_seq})
        elif record.purchase_seq == state.last_seq + 1:
            state.last_seq = record.purchase_seq  # a purchase of nothing: just acknowledge it
        self._save(state)  # the meter's own memory first: the gas is in the meter now
        key = self._keys().meter_key(record.meter_no, record.key_version)
        self._profile.write_report(card, state.report(), key)
        used = Volume(0)
        if use is not None:
            used = Volume(min(use.hundredths, state.remaining))
            state.remaining -= used.hundredths
            state.cumulative_use += used.hundredths
            self._save(state)
        return MeterVisit(record.meter_no, loaded, refused, state.last_seq,
                          Volume(state.remaining), Volume(state.cumulative_use), used)

    def _path(self, meter_no: str) -> Path:
        return self._directory / f"{meter_no}.json"

    def _save(self, state: MeterState) -> None:
        replace_file(self._path(state.meter_no), json.dumps(asdict(state), indent=1).encode())
