"""Kill ``gaspos sell`` (SIGKILL) right after a payment code was charged and before the answer
was kept; ``gaspos sale check`` in a new process then completes the sale if the customer paid,
or reverses the order if not — never a sale without its money, never money without its sale
(docs/payments.md)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from pos.adapters.key_vault import FileKeyVault
from pos.bootstrap.paths import key_file
from pos.domain.journal import EntryKind
from pos.domain.sale.record import PaymentState, SaleState
from pos.services.core.context import Services
from pos.services.demo.lab import load_meter
from tests.support.cards import KEYS
from tests.support.command import gaspos
from tests.support.counter import check_invariants, open_counter
from tests.support.counter import load_meter as insert_card
from tests.support.services import TEST_PASSWORD, make_services


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Services, Path]:
    url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    svc = make_services(url, home=tmp_path / "counter")
    counter = open_counter(svc, tmp_path)
    counter.sell("30")
    insert_card(counter)
    FileKeyVault(key_file()).install(KEYS)
    settings = tmp_path / "gaspos.toml"  # the gaspos processes take codes: simulated WeChat
    settings.write_text('[payments]\nwechat = "simulated"\npoll_seconds = 1\n'
                        "budget_wechat = 10\n", encoding="utf-8")
    monkeypatch.setenv("GASPOS_CONFIG", str(settings))
    monkeypatch.setenv("GASPOS_DB", url)
    monkeypatch.setenv("GASPOS_OPERATOR", counter.clerk.staff_no)
    monkeypatch.setenv("GASPOS_PASSWORD", TEST_PASSWORD)
    return svc, counter.card


@pytest.mark.parametrize(("code", "then"), [
    ("134567890123451234", SaleState.COMPLETED),  # the customer paid: the sale goes on
    ("134567890123458888", SaleState.CANCELLED),  # never paid: reversed, nothing kept
])
def test_killed_between_the_charge_and_its_answer(setup: tuple[Services, Path], code: str,
                                                  then: SaleState) -> None:
    svc, card = setup
    killed = gaspos("sell", "--reader", f"sim:{card}", "--volume", "20", "--pay", "wechat",
                    "--ref", code, GASPOS_FAULT="kill@payment_charged")
    assert killed.code == -signal.SIGKILL
    [listed] = gaspos("sale", "list", "--state", "awaiting_payment", "--json").json()
    assert listed["payments"][0]["state"] == "requested"
    checked = gaspos("sale", "check", listed["no"])
    assert checked.code == 0, checked.err
    if then is SaleState.COMPLETED:
        done = gaspos("sale", "rewrite", listed["no"], "--reader", f"sim:{card}")
        assert done.code == 0, done.err
    with svc.uow() as uow:
        sale = uow.sales.get(listed["no"])
        kinds = [e.kind for e in uow.journal.entries() if e.sale_no == listed["no"]]
    assert sale is not None and sale.state is then
    if then is SaleState.COMPLETED:
        assert sale.payments[0].state is PaymentState.CONFIRMED
        assert kinds == [EntryKind.ADVANCE_RECEIPT, EntryKind.SALE]
    else:
        assert sale.payments[0].state is PaymentState.DECLINED and kinds == []
    load_meter(svc, f"sim:{card}")  # the next sale is not held up by the card
    again = gaspos("sell", "--reader", f"sim:{card}", "--volume", "20", "--pay", "wechat",
                   "--ref", code)  # the code was tried once: refused before any call
    assert again.code == 1 and "该付款码已使用过" in again.err
    check_invariants(svc, f"sim:{card}")
