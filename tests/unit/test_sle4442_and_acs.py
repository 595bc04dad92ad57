"""The SLE4442 chip model and the ACS pseudo-APDUs, both sides, for every reader model."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from drivers.cards.acs import models
from drivers.cards.acs.card_side import AcsCardSide
from drivers.cards.acs.memory_card import AcsMemoryCard
from drivers.virtual.sle4442 import CardPulled, Pull, Sle4442
from pos.domain.errors import Refused

PSC = b"\x12\x34\x56"


def chip_with_psc() -> Sle4442:
    chip = Sle4442()
    assert chip.present(b"\xff\xff\xff")
    chip.change_psc(PSC)
    chip.power_on()
    return chip


def host(chip: Sle4442, model: models.ReaderModel = models.DEFAULT) -> AcsMemoryCard:
    side = AcsCardSide(chip, model)

    def transmit(apdu: bytes) -> tuple[bytes, int, int]:
        reply = side.answer(apdu)
        return reply[:-2], reply[-2], reply[-1]

    card = AcsMemoryCard(transmit, model, "test reader")
    card.select_sle4442()
    return card


# --- the chip ------------------------------------------------------------------------------

def test_reads_are_free_and_writes_need_the_psc() -> None:
    chip = chip_with_psc()
    assert chip.read(0, 4) == bytes.fromhex("A2131091")
    chip.write(40, b"\x01\x02")
    assert chip.read(40, 2) == b"\xff\xff"  # ignored without the PSC, as on the real chip
    assert chip.present(PSC)
    chip.write(40, b"\x01\x02")
    assert chip.read(40, 2) == b"\x01\x02"
    chip.power_on()
    chip.write(40, b"\x09")
    assert chip.read(40, 1) == b"\x01"  # power-off forgets the PSC


def test_three_wrong_codes_lock_the_card_for_ever() -> None:
    chip = chip_with_psc()
    assert not chip.present(b"\x00\x00\x00")
    assert chip.tries_left == 2
    assert chip.present(PSC)
    assert chip.tries_left == 3  # a correct code gives the tries back
    for _ in range(3):
        assert not chip.present(b"\x00\x00\x00")
    assert chip.error_counter() == 0
    assert not chip.present(PSC)  # not even the right code, ever again


def test_protection_is_for_ever_and_compares_the_data() -> None:
    chip = chip_with_psc()
    chip.present(PSC)
    chip.write(10, b"\x55")
    chip.protect(10, b"\x66")  # wrong data: not protected
    chip.protect(10, b"\x55")
    chip.write(10, b"\x77")
    assert chip.read(10, 1) == b"\x55"
    assert not chip.protection_bits()[1] & 0b100  # byte 10 → bit 2 of the second byte


def test_a_pull_tears_a_write_after_so_many_bytes(tmp_path: Path) -> None:
    chip = chip_with_psc()
    chip.present(PSC)
    chip.pull = Pull(3)
    with pytest.raises(CardPulled):
        chip.write(100, b"\x01\x02\x03\x04\x05")
    assert chip.read(100, 5) == b"\x01\x02\x03\xff\xff"


def test_a_card_file_keeps_memory_and_security_state(tmp_path: Path) -> None:
    path = tmp_path / "card.bin"
    chip = chip_with_psc()
    chip.present(b"\x00\x00\x00")
    chip.save(path)
    again = Sle4442.load(path)
    assert (again.memory, again.psc, again.tries_left) == (chip.memory, PSC, 2)
    assert Sle4442.load(tmp_path / "new.bin").read(8, 4) == b"\xff" * 4  # new = blank
    (tmp_path / "short.bin").write_bytes(b"\x00" * 10)
    with pytest.raises(ValueError, match="10 bytes"):
        Sle4442.load(tmp_path / "short.bin")


# --- the pseudo-APDUs, for every reader model ----------------------------------------------

@pytest.mark.parametrize("model", models.MODELS, ids=lambda m: m.name)
def test_every_reader_model_reads_presents_writes_and_protects(model: models.ReaderModel) -> None:
    card = host(chip_with_psc(), model)
    assert card.read(0, 256)[:4] == bytes.fromhex("A2131091")
    assert card.read(8, 30) == b"\xff" * 30  # appended protection bytes are stripped
    assert card.tries_left() == 3
    card.present_psc(PSC)
    card.write(20, b"\x42" * 12)
    card.protect(20, b"\x42" * 12)
    assert all(card.protection()[20:32])
    assert not any(card.protection()[8:20])


@pytest.mark.parametrize("model", models.MODELS, ids=lambda m: m.name)
def test_a_wrong_code_is_refused_and_the_last_try_is_never_spent(
        model: models.ReaderModel, caplog: pytest.LogCaptureFixture) -> None:
    chip = chip_with_psc()
    card = host(chip, model)
    with pytest.raises(Refused) as refused:
        card.present_psc(b"\x00\x00\x00")
    assert refused.value.code == "card.wrong_psc"
    assert card.tries_left() == 2
    with caplog.at_level(logging.WARNING), pytest.raises(Refused):
        card.present_psc(b"\x00\x00\x01")  # allowed with two left, but logged
    assert "spent PSC try" in caplog.text
    assert card.tries_left() == 1
    with pytest.raises(Refused) as refused:
        card.present_psc(PSC)  # even the right code: never with one try left
    assert refused.value.code == "card.psc_tries_low"
    assert chip.tries_left == 1  # untouched


def test_a_locked_card_is_named_so() -> None:
    chip = chip_with_psc()
    chip.tries_left = 0
    with pytest.raises(Refused) as refused:
        host(chip).present_psc(PSC)
    assert refused.value.code == "card.locked"


def test_a_write_the_card_did_not_keep_is_caught_by_the_read_back() -> None:
    card = host(chip_with_psc())
    card.present_psc(PSC)
    with pytest.raises(Refused) as refused:
        card.write(2, b"\x00")  # byte 2 is factory-protected: the chip ignores it
    assert refused.value.code == "card.write_not_verified"


def test_status_words_become_clear_errors() -> None:
    side = AcsCardSide(Sle4442(), models.DEFAULT)
    assert side.answer(bytes.fromhex("00B0000010")) == b"\x6e\x00"
    assert side.answer(bytes.fromhex("FF99000000")) == b"\x6d\x00"
    assert side.answer(bytes.fromhex("FFB000F020")) == b"\x6b\x00"  # past the end
    assert side.answer(b"\xff") == b"\x67\x00"

    def transmit(apdu: bytes) -> tuple[bytes, int, int]:
        reply = side.answer(apdu)
        return reply[:-2], reply[-2], reply[-1]

    with pytest.raises(Refused) as refused:
        AcsMemoryCard(transmit, models.DEFAULT).read(250, 10)
    assert refused.value.code == "card.reader_error"
    assert "6B 00" in refused.value.render("en")


def test_reader_models_are_chosen_by_name() -> None:
    assert models.for_reader("ACS ACR39U ICC Reader 00 00").name == "acs-ccid"
    assert models.for_reader("ACS ACR 38U-CCID 00 00").name == "acr38x"
    assert models.for_reader("ACS ACR38U 00 00").name == "acr38-legacy"
    assert models.for_reader("Virtual PCD 00 00").name == "acs-ccid"
    with pytest.raises(KeyError):
        models.by_name("acr99")
