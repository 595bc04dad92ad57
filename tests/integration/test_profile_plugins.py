"""The multi-vendor seam: a utility installs a package that registers its own card profile
through the ``gaspos.card_profiles`` entry-point group, and the counter reads both kinds."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from drivers.cards.profiles.registry import Profiles
from drivers.virtual.simulated_reader import SimulatedReader
from drivers.virtual.sle4442 import Sle4442
from pos.services.core.context import Services
from pos.services.selling.card_view import read_and_settle
from tests.support.cards import KEYS, issued_card

# A deliberately different layout: magic "XO" at 8, a 10-digit card number, one record at 64
# with an XOR checksum, no key at all — the shape of many a vendor's old card.
PLUGIN = '''
from pos.domain.cards import CardReading, CardRecord, tampered_card
from pos.domain.quantities import Volume


class AcmeXorProfile:
    name = "acme-xor-v0"
    priority = 5

    def __init__(self, keys):
        self._keys = keys

    def check(self, card):
        return card.memory_card().read(8, 2) == b"XO"

    def read(self, card):
        data = card.memory_card().read(8, 80)
        body = data[56:70]
        check = 0
        for byte in body:
            check ^= byte
        if check != data[70]:
            raise tampered_card("acme checksum")
        card_no = data[2:12].decode()
        seq = int.from_bytes(body[0:2], "big")
        pending = int.from_bytes(body[2:6], "big")
        return CardReading(self.name, card_no, "ACME",
                           CardRecord(card_no, body[6:14].decode(), "ACME-" + card_no, seq,
                                      Volume(pending), Volume(pending)), None)

    def check_writable(self, card):
        return None

    def issue(self, card, record):
        raise NotImplementedError

    def write_record(self, card, record):
        raise NotImplementedError

    def format(self, card):
        raise NotImplementedError
'''


@pytest.fixture
def acme_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    (site / "acme_gaspos-1.0.dist-info").mkdir(parents=True)
    (site / "acme_gaspos.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    (site / "acme_gaspos-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-gaspos\nVersion: 1.0\n", encoding="utf-8")
    (site / "acme_gaspos-1.0.dist-info" / "entry_points.txt").write_text(
        "[gaspos.card_profiles]\nacme-xor-v0 = acme_gaspos:AcmeXorProfile\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield
    sys.modules.pop("acme_gaspos", None)


def acme_card(path: Path) -> Path:
    chip = Sle4442()
    chip.present(b"\xff\xff\xff")
    body = (7).to_bytes(2, "big") + (2500).to_bytes(4, "big") + b"A0000042"
    check = 0
    for byte in body:
        check ^= byte
    chip.write(8, b"XO" + b"8800000042")
    chip.write(64, body + bytes([check]))
    chip.save(path)
    return path


def test_installed_profiles_are_found_by_entry_point(acme_installed: None) -> None:
    names = [p.name for p in Profiles(lambda: KEYS).all()]
    assert names == ["open-sle4442-v1", "acme-xor-v0"]  # by priority


def test_each_card_is_read_by_the_profile_that_recognises_it(
        acme_installed: None, tmp_path: Path, svc: Services) -> None:
    profiles = Profiles(lambda: KEYS)
    ours = issued_card(tmp_path / "ours.bin")
    theirs = acme_card(tmp_path / "acme.bin")
    with SimulatedReader(ours).session() as card:
        assert profiles.identify(card).name == "open-sle4442-v1"
    with SimulatedReader(theirs).session() as card:
        profile = profiles.identify(card)
        assert profile.name == "acme-xor-v0"
        reading = profile.read(card)
    assert (reading.card_no, reading.record.purchase_seq, str(reading.record.pending_volume)) == (
        "8800000042", 7, "25.00")
    view = read_and_settle(svc, f"sim:{theirs}")  # the counter's own use case, unchanged
    assert view.reading.profile == "acme-xor-v0"
    assert "card.unknown" in {c.code for c in view.checks}


def test_a_broken_plugin_does_not_stop_the_counter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "broken"
    (site / "broken_gaspos-1.0.dist-info").mkdir(parents=True)
    (site / "broken_gaspos-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: broken-gaspos\nVersion: 1.0\n", encoding="utf-8")
    (site / "broken_gaspos-1.0.dist-info" / "entry_points.txt").write_text(
        "[gaspos.card_profiles]\nbroken = no_such_module:Nothing\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    assert [p.name for p in Profiles(lambda: KEYS).all()] == ["open-sle4442-v1"]
