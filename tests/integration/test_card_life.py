"""A card's whole life with the meter simulator: issue → sale → the meter loads and writes back
→ the counter sees it → a replayed image loads nothing → a pulled write-back reads as
interrupted and the next insertion repairs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.virtual.simulated_reader import SimulatedReader
from drivers.virtual.sle4442 import Pull, Sle4442
from pos.domain.cards.contents import MeterAlarm
from pos.domain.errors import BadInput, IntegrityFailure, Refused
from pos.domain.quantities import Volume
from pos.services.cards.maintenance import format_card, inspect_image
from pos.services.core.context import Services
from pos.services.demo.lab import load_meter
from pos.services.selling.card_view import read_and_settle
from tests.support.cards import PROFILE, issued_card, record
from tests.support.counter import Counter, check_invariants, open_counter


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    return open_counter(svc, tmp_path)


def codes(counter: Counter, reader: str | None = None) -> list[str]:
    return [c.code for c in read_and_settle(counter.svc, reader or counter.reader).checks]


def test_the_whole_life_of_a_card(counter: Counter) -> None:
    svc, reader = counter.svc, counter.reader
    assert codes(counter) == []
    counter.sell("450")
    assert codes(counter) == ["card.not_loaded"]
    visit = load_meter(svc, reader, use=Volume.m3(20))
    assert (visit.loaded, visit.remaining, visit.used) == (
        Volume.m3(450), Volume.m3(430), Volume.m3(20))
    view = read_and_settle(svc, reader)
    assert view.checks == ()
    assert view.reading.meter is not None
    assert view.reading.meter.remaining == Volume.m3(450)  # written back before the use
    assert load_meter(svc, reader).loaded == Volume(0)
    meter = read_and_settle(svc, reader).reading.meter
    assert meter is not None and meter.remaining == Volume.m3(430)
    check_invariants(svc, reader)


def test_a_replayed_card_image_loads_nothing(counter: Counter, tmp_path: Path) -> None:
    counter.sell("100")
    copy = tmp_path / "copy.bin"
    Sle4442.load(counter.card).save(copy)  # the customer copies the card before going home
    assert load_meter(counter.svc, counter.reader).loaded == Volume.m3(100)
    replay = load_meter(counter.svc, f"sim:{copy}")
    assert replay.loaded == Volume(0)
    assert replay.remaining == Volume.m3(100)


def test_the_meter_refuses_a_gap_and_over_stock(counter: Counter, tmp_path: Path) -> None:
    counter.sell("10")
    load_meter(counter.svc, counter.reader)
    gap = tmp_path / "gap.bin"
    Sle4442.load(counter.card).save(gap)
    with SimulatedReader(gap).session() as card:  # a purchase 3, skipping 2
        reading = PROFILE.read(card)
        PROFILE.write_record(card, record(3, "10", "20", card_no=reading.card_no,
                                          meter_no=reading.record.meter_no))
    visit = load_meter(counter.svc, f"sim:{gap}")
    assert visit.loaded == Volume(0)
    assert visit.refused is not None
    assert "expects purchase 2" in visit.refused.render("en")


def test_a_card_pulled_from_the_meter_mid_write_back_reads_interrupted_then_heals(
        counter: Counter) -> None:
    counter.sell("200")
    profile = counter.svc.cards.profile("open-sle4442-v1")
    with pytest.raises(Refused), SimulatedReader(counter.card, pull=Pull(4)).session() as card:
        counter.svc.lab.meter_insert(card, profile)
    view = read_and_settle(counter.svc, counter.reader)
    assert view.reading.interrupted_write
    assert {c.code for c in view.checks} == {"card.interrupted_write", "card.not_loaded"}
    visit = load_meter(counter.svc, counter.reader)
    assert visit.loaded == Volume(0)  # the gas went in the first time, never twice
    assert visit.remaining == Volume.m3(200)
    healed = read_and_settle(counter.svc, counter.reader)
    assert healed.checks == ()
    assert not healed.reading.interrupted_write


def test_an_empty_meter_reports_its_closed_valve(counter: Counter) -> None:
    counter.sell("5")
    load_meter(counter.svc, counter.reader, use=Volume.m3(99))
    meter = read_and_settle(counter.svc, counter.reader).reading.meter
    assert meter is not None and meter.alarms == frozenset()  # written back before the use
    load_meter(counter.svc, counter.reader)
    meter = read_and_settle(counter.svc, counter.reader).reading.meter
    assert meter is not None and MeterAlarm.VALVE_CLOSED in meter.alarms


def test_cards_that_are_not_ours_are_refused_politely(counter: Counter, tmp_path: Path) -> None:
    with pytest.raises(Refused) as blank:
        read_and_settle(counter.svc, f"sim:{tmp_path / 'new.bin'}")
    assert blank.value.code == "card.new"
    foreign = tmp_path / "foreign.bin"
    chip = Sle4442()
    chip.present(b"\xff\xff\xff")
    chip.write(8, b"ACME-METER-CARD")
    chip.save(foreign)
    with pytest.raises(IntegrityFailure) as refused:
        read_and_settle(counter.svc, f"sim:{foreign}")
    assert refused.value.code == "card.foreign"


def test_checks_name_every_reason_a_card_is_refused(counter: Counter, tmp_path: Path) -> None:
    stranger = issued_card(tmp_path / "stranger.bin", record(account_no="370402000077",
                                                         card_no="IC0000000077"))
    assert set(codes(counter, f"sim:{stranger}")) == {"card.unknown", "account.unknown"}
    moved = issued_card(tmp_path / "moved.bin", record(card_no="IC0000000009",
                                                      meter_no="CH99999999"))
    assert "card.meter_mismatch" in codes(counter, f"sim:{moved}")


def test_images_are_inspected_offline(counter: Counter) -> None:
    assert inspect_image(counter.svc, counter.card.read_bytes()).card_no == "IC0000000001"
    with pytest.raises(Refused):
        inspect_image(counter.svc, b"\xff" * 256)  # a new card: nothing to inspect
    with pytest.raises(BadInput) as short:
        inspect_image(counter.svc, b"\x00" * 100)
    assert short.value.code == "card.image_size"


def test_a_card_in_use_is_never_formatted(counter: Counter, tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        format_card(counter.svc, counter.clerk, counter.reader)
    assert refused.value.code == "card.in_use"
    spare = issued_card(tmp_path / "spare.bin", record(card_no="IC0000000005"))
    assert format_card(counter.svc, counter.clerk, f"sim:{spare}") == "IC0000000005"
