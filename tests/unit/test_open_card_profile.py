"""``open-sle4442-v1``: issue, read, write, format — and what damage, forgery and torn writes
look like (never a crash, never a forged card taken for ours, never a torn write taken for a
forgery)."""

from __future__ import annotations

import contextlib
import dataclasses
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.cards.profiles.open_sle4442 import OpenSle4442, psc_for
from drivers.virtual.simulated_reader import SimulatedReader
from drivers.virtual.sle4442 import Pull, Sle4442
from pos.domain.cards.contents import CardReading, MeterReport
from pos.domain.cards.keys import KeySet
from pos.domain.errors import GasposError, IntegrityFailure, Refused
from pos.domain.quantities import Volume
from tests.support.cards import KEYS, PROFILE, card_with_purchases, issued_card, record, write

USED = 182


def read(path: Path) -> CardReading:
    with SimulatedReader(path).session() as card:
        return PROFILE.read(card)


def decode(memory: bytes) -> CardReading:
    return PROFILE.decode(memory)


@pytest.fixture
def card(tmp_path: Path) -> Path:
    return card_with_purchases(tmp_path / "card.bin", purchases=3)


def test_an_issued_card_carries_its_account_and_a_protected_number(tmp_path: Path) -> None:
    path = issued_card(tmp_path / "card.bin")
    reading = read(path)
    assert (reading.card_no, reading.utility_code, reading.profile) == (
        "IC0000000001", "TEST", "open-sle4442-v1")
    assert reading.record == record()
    assert reading.meter is None and not reading.interrupted_write
    chip = Sle4442.load(path)
    assert all(chip.protected[8:32])
    assert chip.psc == psc_for(KEYS.meter_key("CH00000001"))  # the meter's PSC, not factory


def test_purchases_follow_each_other_in_alternating_slots(card: Path) -> None:
    reading = read(card)
    assert (reading.record.purchase_seq, str(reading.record.cumulative_volume)) == (3, "60.00")
    assert reading.unloaded_volume == Volume.m3(20)
    assert not reading.last_purchase_loaded


def test_check_recognises_ours_and_politely_refuses_others(tmp_path: Path, card: Path) -> None:
    with SimulatedReader(card).session() as session:
        assert PROFILE.check(session)
    with SimulatedReader(tmp_path / "blank.bin").session() as session:
        assert not PROFILE.check(session)
    chip = Sle4442.load(card)
    assert chip.tries_left == 3  # checking and reading never present a PSC


def test_a_card_of_another_utilitys_keys_does_not_check(card: Path) -> None:
    other = OpenSle4442(lambda: dataclasses.replace(KEYS, masters={1: b"\x07" * 32}))
    with pytest.raises(IntegrityFailure) as refused:
        other.decode(card.read_bytes())
    assert refused.value.code == "card.tampered"


def test_format_wipes_the_records_and_keeps_the_number(card: Path) -> None:
    with SimulatedReader(card).session() as session:
        PROFILE.format(session)
    with pytest.raises(Refused) as refused:
        read(card)
    assert refused.value.code == "card.blank"
    assert Sle4442.load(card).psc == b"\xff\xff\xff"
    issued_card(card, record(card_no="IC0000000001", account_no="370402000099"))
    assert read(card).record.account_no == "370402000099"
    with SimulatedReader(card).session() as session, pytest.raises(Refused):
        PROFILE.issue(session, record(card_no="IC0000000002"))  # its number is for ever


def test_a_meter_change_gives_the_card_the_new_meters_psc(card: Path) -> None:
    write(card, record(4, "10", "70", meter_no="CH00000002"))
    assert Sle4442.load(card).psc == psc_for(KEYS.meter_key("CH00000002"))
    reading = read(card)
    assert (reading.record.meter_no, reading.meter) == ("CH00000002", None)


def test_a_rotated_key_version_rekeys_the_card(card: Path) -> None:
    write(card, record(4, "10", "70", key_version=2))
    assert read(card).record.key_version == 2
    assert Sle4442.load(card).psc == psc_for(KEYS.meter_key("CH00000001", 2))


def test_numbers_that_do_not_fit_the_layout_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GasposError) as refused:
        issued_card(tmp_path / "c.bin", record(card_no="IC-THIRTEEN-1"))
    assert refused.value.exit_code == 2


# --- torn writes ---------------------------------------------------------------------------

def test_a_purchase_torn_at_any_byte_leaves_the_previous_record_readable(card: Path) -> None:
    before = read(card)
    new = record(4, "15", "75")
    for after_bytes in range(0, 54):
        torn = card.with_name(f"torn{after_bytes}.bin")
        Sle4442.load(card).save(torn)
        with pytest.raises(Refused) as pulled, SimulatedReader(
                torn, pull=Pull(after_bytes)).session() as session:
            PROFILE.write_record(session, new)
        assert pulled.value.code == "card.removed"
        reading = read(torn)
        assert reading.record == before.record, after_bytes
        assert reading.interrupted_write is (after_bytes > 0), after_bytes


def test_a_write_back_torn_by_pulling_the_card_from_the_meter_reads_interrupted(
        card: Path) -> None:
    key = KEYS.meter_key("CH00000001")
    with SimulatedReader(card).session() as session:
        PROFILE.write_report(session, MeterReport(3, Volume.m3(60), Volume.m3(0)), key)
    with pytest.raises(Refused), SimulatedReader(card, pull=Pull(5)).session() as session:
        PROFILE.write_report(session, MeterReport(3, Volume.m3(50), Volume.m3(10)), key)
    reading = read(card)
    assert reading.interrupted_write
    assert reading.meter == MeterReport(3, Volume.m3(60), Volume.m3(0))


# --- damage and forgery --------------------------------------------------------------------

def reported(memory: bytes) -> str | CardReading:
    try:
        return decode(memory)
    except IntegrityFailure:
        return "tampered"
    except Refused as refused:  # damage that reads as a newer key set: refused all the same
        if refused.code != "keys.unknown_version":
            raise
        return "tampered"


def test_any_single_byte_changed_is_tampering_or_harmless_or_an_interrupted_write(
        card: Path) -> None:
    key = KEYS.meter_key("CH00000001")
    with SimulatedReader(card).session() as session:
        PROFILE.write_report(session, MeterReport(2, Volume.m3(40), Volume.m3(3)), key)
        PROFILE.write_report(session, MeterReport(3, Volume.m3(55), Volume.m3(5)), key)
    original = card.read_bytes()
    current = decode(original)
    previous_records = {record(2, "20", "40"), current.record}
    previous_reports = {MeterReport(2, Volume.m3(40), Volume.m3(3)), current.meter}
    outcomes = {"tampered": 0, "same": 0, "interrupted": 0}
    for position in range(256):
        for value in range(256):
            if value == original[position]:
                continue
            changed = bytearray(original)
            changed[position] = value
            result = reported(bytes(changed))
            if result == "tampered":
                outcomes["tampered"] += 1
            elif result == current:
                outcomes["same"] += 1
            else:
                assert isinstance(result, CardReading)
                assert result.interrupted_write, (position, value, result)
                assert result.record in previous_records, (position, value)
                assert result.meter in previous_reports, (position, value)
                assert result.card_no == current.card_no
                outcomes["interrupted"] += 1
    assert all(outcomes.values()), outcomes  # every kind of outcome really happens


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=st.dictionaries(st.integers(8, 255), st.integers(0, 255), min_size=2, max_size=12))
def test_random_damage_never_passes_as_a_different_genuine_card(
        card: Path, damage: dict[int, int]) -> None:
    original = card.read_bytes()
    changed = bytearray(original)
    for position, value in damage.items():
        changed[position] = value
    result = reported(bytes(changed))
    if isinstance(result, CardReading) and result != decode(original):
        assert result.interrupted_write
        assert result.record.account_no == "370402000001"
        assert result.record.purchase_seq in (2, 3)


@settings(max_examples=500, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(memory=st.binary(min_size=256, max_size=256), keep_header=st.booleans())
def test_decoding_never_crashes_on_any_256_bytes(card: Path, memory: bytes,
                                                  keep_header: bool) -> None:
    if keep_header:  # our genuine header in front of random records: the deeper paths
        memory = card.read_bytes()[:32] + memory[32:]
    with contextlib.suppress(GasposError):
        decode(memory)


def test_records_copied_from_another_card_are_refused(card: Path) -> None:
    """The integrity codes bind each record to its card number: no cloning of credit."""
    other = card_with_purchases(card.with_name("other.bin"), purchases=5)
    issued = bytearray(card.read_bytes())
    donor = other.read_bytes()
    assert decode(donor).record.purchase_seq == 5
    memory = bytearray(donor)
    memory[8:32] = issued[8:32]  # our header (card number), the other card's records
    memory[15:27] = b"IC0000000002"
    memory[28:32] = zlib.crc32(bytes(memory[8:28])).to_bytes(4, "big")
    assert reported(bytes(memory)) == "tampered"


def test_keys_can_be_missing_a_version(card: Path) -> None:
    write(card, record(4, "1", "61", key_version=2))
    only_one = OpenSle4442(lambda: KeySet("TEST", {1: KEYS.masters[1]}, 1, KEYS.seal_key))
    reading = only_one.decode(card.read_bytes())
    assert reading.unknown_key_version == 2  # said plainly, not passed off as a torn write
    assert reading.record.purchase_seq == 3
    assert PROFILE.decode(card.read_bytes()).unknown_key_version is None


def test_a_card_written_with_a_newer_key_set_asks_for_the_keys_not_forgery(
        tmp_path: Path) -> None:
    newer = KeySet("TEST", {**KEYS.masters, 3: b"\x33" * 32}, 3, KEYS.seal_key)
    path = tmp_path / "newer.bin"
    with SimulatedReader(path).session() as card:
        OpenSle4442(lambda: newer).issue(card, record(key_version=3))
    with pytest.raises(Refused) as refused:
        read(path)
    assert refused.value.code == "keys.unknown_version"
    assert "gaspos keys import" in refused.value.render("zh_CN")
