"""Kill ``gaspos sell`` (SIGKILL) at every step boundary and right after each of its commits,
and cut the power in the middle of the card write; then recover as a clerk would — read the
card, list what is unfinished, rewrite or check it — and prove the invariants of docs/design.md
hold: the card's cumulative volume is the completed sales' sum, no sale is both on the card and
pending, the meter never loads a purchase twice, and the journal verifies."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from pos.adapters.key_vault import FileKeyVault
from pos.bootstrap.paths import key_file
from pos.domain.quantities import Volume
from pos.domain.sale.record import SaleState
from pos.services.core.context import Services
from pos.services.demo.lab import load_meter
from tests.support.cards import KEYS
from tests.support.command import gaspos
from tests.support.counter import check_invariants, open_counter
from tests.support.counter import load_meter as insert_card
from tests.support.services import TEST_PASSWORD, make_services

SELL = ("sell", "--volume", "20", "--pay", "cash", "--tendered", "100")


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Services, Path]:
    url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    svc = make_services(url, home=tmp_path / "counter")
    counter = open_counter(svc, tmp_path)
    counter.sell("30")  # a card with history: one purchase, loaded
    insert_card(counter)
    FileKeyVault(key_file()).install(KEYS)  # the gaspos processes' own copy of the keys
    monkeypatch.setenv("GASPOS_DB", url)
    monkeypatch.setenv("GASPOS_OPERATOR", counter.clerk.staff_no)
    monkeypatch.setenv("GASPOS_PASSWORD", TEST_PASSWORD)
    return svc, counter.card


def recover(card: Path) -> None:
    """What a clerk does on finding the card back in the reader after a crash."""
    assert gaspos("card", "read", "--reader", f"sim:{card}", "--json").code in (0, 1)
    for state in ("awaiting_payment", "pending"):
        listed = gaspos("sale", "list", "--state", state, "--json")
        assert listed.code == 0, listed.err
        for sale in listed.json():
            if state == "awaiting_payment":
                assert gaspos("sale", "check", sale["no"]).code in (0, 1)
            else:
                done = gaspos("sale", "rewrite", sale["no"], "--reader", f"sim:{card}")
                assert done.code == 0, done.err


def assert_sound(svc: Services, card: Path) -> None:
    check_invariants(svc, f"sim:{card}")
    with svc.uow() as uow:
        unfinished = [s for s in uow.sales.find()
                      if s.state in (SaleState.PENDING, SaleState.AWAITING_PAYMENT)]
    assert unfinished == []
    first = load_meter(svc, f"sim:{card}")
    again = load_meter(svc, f"sim:{card}")
    assert again.loaded == Volume(0)  # never the same purchase twice
    assert first.refused is None
    check_invariants(svc, f"sim:{card}")


@pytest.mark.parametrize("step", ["sale_started", "paid", "card_written", "completed"])
def test_killed_at_a_step_boundary(setup: tuple[Services, Path], step: str) -> None:
    svc, card = setup
    killed = gaspos(*SELL, "--reader", f"sim:{card}", GASPOS_FAULT=f"kill@{step}")
    assert killed.code == -signal.SIGKILL
    recover(card)
    assert_sound(svc, card)
    with svc.uow() as uow:
        states = [s.state for s in uow.sales.find()][1:]
    # before the money was taken the sale is cancelled; after, it is completed, never voided
    expected = SaleState.CANCELLED if step == "sale_started" else SaleState.COMPLETED
    assert states == [expected]


@pytest.mark.parametrize("after_bytes", [0, 1, 20, 53])  # a record is 54 bytes
def test_power_cut_in_the_middle_of_the_card_write(setup: tuple[Services, Path],
                                                   after_bytes: int) -> None:
    svc, card = setup
    cut = gaspos(*SELL, "--reader", f"sim:{card}",
                 GASPOS_FAULT=f"power_cut@card_write:{after_bytes}")
    assert cut.code == -signal.SIGKILL
    recover(card)
    assert_sound(svc, card)


# What the ledger holds of the sale when its process dies right after its N-th commit (the
# sale's transactions one by one; bench/run.py sale counts them): logging in and reading the
# card come first, then the sale started, the payment asked, confirmed, the sale paid, completed,
# its receipt claimed by the printer.
AFTER_COMMIT: dict[int, tuple[str, list[str]] | None] = {
    1: None, 2: None, 3: None,
    4: ("awaiting_payment", []),
    5: ("awaiting_payment", ["requested"]),
    6: ("awaiting_payment", ["confirmed"]),
    7: ("pending", ["confirmed"]),
    8: ("completed", ["confirmed"]),
    9: ("completed", ["confirmed"]),
}


@pytest.mark.parametrize("commit", sorted(AFTER_COMMIT))
def test_killed_after_each_commit(setup: tuple[Services, Path], commit: int) -> None:
    svc, card = setup
    killed = gaspos(*SELL, "--reader", f"sim:{card}", GASPOS_FAULT=f"kill@commit:{commit}")
    assert killed.code == -signal.SIGKILL
    sales = gaspos("sale", "list", "--json").json()[1:]  # the first is the setup's own sale
    reached = None if not sales else (sales[0]["state"],
                                      [p["state"] for p in sales[0]["payments"]])
    assert reached == AFTER_COMMIT[commit]
    recover(card)
    assert_sound(svc, card)
