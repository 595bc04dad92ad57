"""A card's whole life with the meter simulator: issue → purchase → the meter loads and writes
back → the counter sees it → a replayed image loads nothing → a pulled write-back reads as
interrupted and the next insertion repairs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.readers.simulated import SimulatedReader
from drivers.sle4442 import Pull, Sle4442
from pos.domain.accounts import Card, CardState
from pos.domain.cards import MeterAlarm
from pos.domain.categories import Category
from pos.domain.errors import BadInput, IntegrityFailure, Refused
from pos.domain.quantities import Volume
from pos.domain.staff import Role
from pos.services.accounts import add_account
from pos.services.cards import format_card, inspect_image, read_card
from pos.services.context import Services
from pos.services.lab import load_meter
from tests.support.cards import issued_card, record, write
from tests.support.services import add_hall, add_staff


@pytest.fixture
def counter(svc: Services) -> Services:
    add_hall(svc)
    admin = add_staff(svc, "9001", Role.ADMIN)
    add_account(svc, admin, account_no="370402000001", name="张三", meter_no="CH00000001",
                category=Category.RESIDENTIAL)
    return svc


def register(svc: Services, card_no: str = "IC0000000001") -> None:
    with svc.uow(write=True) as uow:
        uow.accounts.add_card("370402000001", Card(card_no, "CH00000001", "sle4442",
                                                   "open-sle4442-v1", CardState.ACTIVE,
                                                   svc.clock.now()), key_version=1)
        uow.commit()


def codes(svc: Services, reader: str) -> list[str]:
    return [c.code for c in read_card(svc, reader).checks]


def test_the_whole_life_of_a_card(counter: Services, tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin")
    reader = f"sim:{path}"
    assert codes(counter, reader) == ["card.unknown"]
    register(counter)
    assert codes(counter, reader) == []
    write(path, record(1, "450", "450"))  # the purchase (the sale issue's job)
    assert codes(counter, reader) == ["card.not_loaded"]
    visit = load_meter(counter, reader, use=Volume.m3(20))
    assert (visit.loaded, visit.remaining, visit.used) == (
        Volume.m3(450), Volume.m3(430), Volume.m3(20))
    view = read_card(counter, reader)
    assert view.checks == ()
    assert view.reading.meter is not None
    assert view.reading.meter.remaining == Volume.m3(450)  # written back before the use
    again = load_meter(counter, reader)
    assert again.loaded == Volume(0)
    assert read_card(counter, reader).reading.meter.remaining == Volume.m3(430)  # type: ignore[union-attr]


def test_a_replayed_card_image_loads_nothing(counter: Services, tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin")
    write(path, record(1, "100", "100"))
    copy = tmp_path / "copy.bin"
    Sle4442.load(path).save(copy)  # the customer copies the card before going home
    assert load_meter(counter, f"sim:{path}").loaded == Volume.m3(100)
    replay = load_meter(counter, f"sim:{copy}")
    assert replay.loaded == Volume(0)
    assert replay.remaining == Volume.m3(100)


def test_the_meter_refuses_a_gap_and_over_stock(counter: Services, tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin")
    write(path, record(2, "10", "10"))  # purchase 2 without purchase 1
    visit = load_meter(counter, f"sim:{path}")
    assert visit.loaded == Volume(0)
    assert visit.refused is not None
    assert "expects purchase 1" in visit.refused.render("en")
    other = issued_card(tmp_path / "big.bin", record(card_no="IC0000000002"))
    write(other, record(1, "1200", "1200", card_no="IC0000000002"))
    refused = load_meter(counter, f"sim:{other}")
    assert refused.loaded == Volume(0)
    assert refused.refused is not None and "limit" in refused.refused.render("en")


def test_a_card_pulled_from_the_meter_mid_write_back_reads_interrupted_then_heals(
        counter: Services, tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin")
    register(counter)
    write(path, record(1, "200", "200"))
    profile = counter.cards.profile("open-sle4442-v1")
    with pytest.raises(Refused), SimulatedReader(path, pull=Pull(4)).session() as card:
        counter.lab.meter_insert(card, profile)
    view = read_card(counter, f"sim:{path}")
    assert view.reading.interrupted_write
    assert {c.code for c in view.checks} == {"card.interrupted_write", "card.not_loaded"}
    visit = load_meter(counter, f"sim:{path}")
    assert visit.loaded == Volume(0)  # the gas went in the first time, never twice
    assert visit.remaining == Volume.m3(200)
    healed = read_card(counter, f"sim:{path}")
    assert healed.checks == ()
    assert not healed.reading.interrupted_write


def test_an_empty_meter_reports_its_closed_valve(counter: Services, tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin")
    write(path, record(1, "5", "5"))
    load_meter(counter, f"sim:{path}", use=Volume.m3(99))
    meter = read_card(counter, f"sim:{path}").reading.meter
    assert meter is not None and meter.alarms == frozenset()  # written back before the use
    load_meter(counter, f"sim:{path}")
    meter = read_card(counter, f"sim:{path}").reading.meter
    assert meter is not None and MeterAlarm.VALVE_CLOSED in meter.alarms


def test_cards_that_are_not_ours_are_refused_politely(counter: Services, tmp_path: Path) -> None:
    with pytest.raises(Refused) as blank:
        read_card(counter, f"sim:{tmp_path / 'new.bin'}")
    assert blank.value.code == "card.new"
    foreign = tmp_path / "foreign.bin"
    chip = Sle4442()
    chip.present(b"\xff\xff\xff")
    chip.write(8, b"ACME-METER-CARD")
    chip.save(foreign)
    with pytest.raises(IntegrityFailure) as refused:
        read_card(counter, f"sim:{foreign}")
    assert refused.value.code == "card.foreign"


def test_checks_name_every_reason_a_card_is_refused(counter: Services, tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin", record(account_no="370402000077"))
    assert set(codes(counter, f"sim:{path}")) == {"card.unknown", "account.unknown"}
    moved = issued_card(tmp_path / "moved.bin", record(card_no="IC0000000009",
                                                      meter_no="CH99999999"))
    assert "card.meter_mismatch" in codes(counter, f"sim:{moved}")


def test_images_are_inspected_offline(counter: Services, tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin")
    assert inspect_image(counter, path.read_bytes()).card_no == "IC0000000001"
    with pytest.raises(Refused):
        inspect_image(counter, b"\xff" * 256)  # a new card: nothing to inspect
    with pytest.raises(BadInput) as short:
        inspect_image(counter, b"\x00" * 100)
    assert short.value.code == "card.image_size"


def test_a_card_in_use_is_never_formatted(counter: Services, tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin")
    register(counter)
    clerk = add_staff(counter, "1001", Role.CLERK)
    with pytest.raises(Refused) as refused:
        format_card(counter, clerk, f"sim:{path}")
    assert refused.value.code == "card.in_use"
    spare = issued_card(tmp_path / "spare.bin", record(card_no="IC0000000005"))
    assert format_card(counter, clerk, f"sim:{spare}") == "IC0000000005"
