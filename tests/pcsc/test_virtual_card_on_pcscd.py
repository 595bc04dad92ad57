"""Cards through the real PC/SC stack: pyscard → pcscd → vpcd → our virtual card (the SLE4442
model behind the ACS pseudo-APDU front), exactly as with a reader on the counter."""

from __future__ import annotations

import queue
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.cards.acs import models
from drivers.cards.pcsc import PcscReader, choose
from drivers.cards.pcsc_events import PcscWatcher
from drivers.virtual.simulated_reader import SimulatedReader
from drivers.virtual.sle4442 import Sle4442
from drivers.virtual.vpcd import VirtualCard
from pos.domain.device_events import CardInserted, CardRemoved, DeviceEvent
from pos.domain.errors import Refused
from tests.support.cards import PROFILE, card_with_purchases, record
from tests.support.pcscd import READER, wait_for_card

pytestmark = pytest.mark.usefixtures("pcscd")
EXACT = re.escape(READER)


@pytest.fixture
def card_file(tmp_path: Path) -> Path:
    return card_with_purchases(tmp_path / "card.bin", purchases=3)


@pytest.fixture
def virtual(card_file: Path) -> Iterator[VirtualCard]:
    card = VirtualCard(card_file)
    yield card
    card.remove()
    wait_for_card(present=False)  # the next test starts with an empty reader


def test_the_counters_reader_is_chosen_by_name() -> None:
    assert choose(EXACT) == READER
    with pytest.raises(Refused) as refused:
        choose("Virtual PCD")  # two readers match: never guess
    assert refused.value.code == "reader.ambiguous"
    with pytest.raises(Refused) as missing:
        choose("ACR39")
    assert missing.value.code == "reader.missing"


def test_no_card_in_the_reader_is_a_clear_refusal() -> None:
    wait_for_card(present=False)  # whatever test ran before on this pcscd has taken its card
    with pytest.raises(Refused) as refused, PcscReader(EXACT).session():
        pass
    assert refused.value.code == "card.absent"


def test_read_and_write_through_pcscd(virtual: VirtualCard, card_file: Path) -> None:
    virtual.insert()
    with PcscReader(EXACT).session() as session:
        assert session.atr == bytes.fromhex("3B04A2131091")
        assert PROFILE.check(session)
        assert PROFILE.read(session).record.purchase_seq == 3
        PROFILE.write_record(session, record(4, "25", "85"))
        assert PROFILE.read(session).record == record(4, "25", "85")
    virtual.remove()
    with SimulatedReader(card_file).session() as session:  # the same bytes, on the card file
        assert PROFILE.read(session).record.purchase_seq == 4


@pytest.mark.parametrize("model", models.MODELS, ids=lambda m: m.name)
def test_each_reader_models_answers_work_on_the_real_stack(
        card_file: Path, model: models.ReaderModel) -> None:
    card = VirtualCard(card_file, model)
    card.insert()
    try:
        with PcscReader(EXACT, model).session() as session:
            PROFILE.write_record(session, record(4, "5", "65"))
            assert PROFILE.read(session).record.purchase_seq == 4
    finally:
        card.remove()
        wait_for_card(present=False)


def test_a_wrong_psc_counts_down_and_the_last_try_is_never_spent(
        virtual: VirtualCard, card_file: Path) -> None:
    virtual.insert()
    with PcscReader(EXACT).session() as session:
        memory = session.memory_card()
        for expected_left in (2, 1):
            with pytest.raises(Refused) as wrong:
                memory.present_psc(b"\x00\x00\x00")
            assert wrong.value.code == "card.wrong_psc"
            assert memory.tries_left() == expected_left
        with pytest.raises(Refused) as refused:
            PROFILE.write_record(session, record(4, "5", "65"))
        assert refused.value.code == "card.psc_tries_low"
        assert memory.tries_left() == 1
    virtual.remove()
    assert Sle4442.load(card_file).tries_left == 1  # the card is not locked


def test_insert_and_remove_arrive_as_plain_events(virtual: VirtualCard) -> None:
    events: queue.Queue[DeviceEvent] = queue.Queue()
    watcher = PcscWatcher(EXACT, events.put)
    watcher.start()
    try:
        virtual.insert()
        assert _next(events, CardInserted) == CardInserted(READER)
        virtual.remove()
        assert _next(events, CardRemoved) == CardRemoved(READER)
    finally:
        watcher.stop()


def _next(events: queue.Queue[DeviceEvent], kind: type) -> DeviceEvent:
    while True:
        event = events.get(timeout=10)
        if isinstance(event, kind):
            return event


def test_a_card_pulled_mid_write_is_a_clear_error_and_still_reads(
        virtual: VirtualCard, card_file: Path) -> None:
    before = SimulatedReader(card_file)
    with before.session() as session:
        previous = PROFILE.read(session).record
    virtual.pull_after(20)
    virtual.insert()
    with pytest.raises(Refused) as pulled, PcscReader(EXACT).session() as session:
        PROFILE.write_record(session, record(4, "30", "90"))
    assert pulled.value.code == "card.removed"
    assert virtual.pulled.is_set()
    virtual.remove()
    wait_for_card(present=False)
    virtual.insert()  # put back into the reader
    with PcscReader(EXACT).session() as session:
        reading = PROFILE.read(session)
    assert reading.interrupted_write
    assert reading.record == previous
