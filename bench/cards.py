"""Card reading and writing through the real PC/SC stack (pcscd + vpcd + the virtual card),
against the floor: the same APDUs exchanged with bare pyscard, nothing decoded or checked."""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from drivers.cards.pcsc import PcscReader
from drivers.cards.session import ReaderSession
from drivers.cards.station import Station
from drivers.virtual.vpcd import VirtualCard
from tests.support.cards import KEYS, PROFILE, card_with_purchases, record
from tests.support.pcscd import READER, running_pcscd

ROUNDS = 100
SELECT = bytes.fromhex("FFA400000106")
EXACT = re.escape(READER)


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as directory, running_pcscd():
        card = VirtualCard(card_with_purchases(Path(directory) / "card.bin", purchases=3))
        card.insert()
        try:
            return _measure()
        finally:
            card.remove()


def _measure() -> list[dict[str, object]]:
    station = Station(lambda: KEYS, reader_pattern=EXACT)
    seq = [3]

    def read_and_settle() -> None:
        with station.session("pcsc") as card:
            station.identify(card).read(card)

    def write_purchase() -> None:
        with station.session("pcsc") as card:
            seq[0] += 1
            PROFILE.write_record(card, record(seq[0], "10", str(30 + 10 * (seq[0] - 3))))

    rows = []
    for what, ours in (("read + decode a card", read_and_settle),
                       ("write + verify a purchase", write_purchase)):
        apdus = _apdus_of(ours)
        ours_time, floor_time = _interleaved(ours, lambda apdus=apdus: _bare(apdus))
        rows.append({"what": f"{what} ({len(apdus)} APDUs)", "value": ours_time * 1000,
                     "unit": "ms", "floor": floor_time * 1000,
                     "floor_what": "same APDUs, bare pyscard"})
    return rows


def _apdus_of(action: Callable[[], None]) -> list[bytes]:
    """The APDUs one run of ``action`` sends (recorded around the session's transmit)."""
    sent: list[bytes] = []
    original = PcscReader.session

    def recording(self: PcscReader):  # type: ignore[no-untyped-def]
        context = original(self)
        session: ReaderSession = context.__enter__()
        inner = session.transmit

        def transmit(apdu: bytes) -> tuple[bytes, int, int]:
            sent.append(apdu)
            return inner(apdu)

        session.transmit = transmit

        class Wrapped:
            def __enter__(self) -> ReaderSession:
                return session

            def __exit__(self, *exc: object) -> None:
                context.__exit__(*exc)

        return Wrapped()

    PcscReader.session = recording  # type: ignore[method-assign]
    try:
        action()
    finally:
        PcscReader.session = original  # type: ignore[method-assign]
    return sent


def _bare(apdus: list[bytes]) -> None:
    from smartcard.System import readers

    reader = next(r for r in readers() if str(r) == READER)
    connection = reader.createConnection()
    connection.connect()
    connection.transmit(list(SELECT))  # the session's own first command
    for apdu in apdus:
        connection.transmit(list(apdu))
    connection.disconnect()
    connection.release()


def _interleaved(ours: Callable[[], None], floor: Callable[[], None]) -> tuple[float, float]:
    """Median seconds of each, run turn about so that drift in pcscd's polling hits both."""
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(ROUNDS):
        for action, into in ((ours, timings[0]), (floor, timings[1])):
            start = time.perf_counter()
            action()
            into.append(time.perf_counter() - start)
    return statistics.median(timings[0]), statistics.median(timings[1])
