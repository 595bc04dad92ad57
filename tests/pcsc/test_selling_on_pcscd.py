"""The counter's day through the real PC/SC stack: issue → sell → refused before the meter
loads → the meter loads → sell across a tier boundary → void → replacement card → a sale
interrupted after payment → rewrite."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from drivers.virtual.vpcd import VirtualCard
from pos.domain.errors import Refused
from pos.domain.quantities import Volume
from pos.domain.sale.record import Channel, SaleRecord, SaleState
from pos.services.cards.issue import issue_card, replace_card
from pos.services.core.context import Services
from pos.services.demo.lab import load_meter
from pos.services.selling.card_view import read_and_settle
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import rewrite, void
from tests.support.counter import Counter, check_invariants, open_counter
from tests.support.faults import Crash, crash_at
from tests.support.pcscd import READER, wait_for_card

pytestmark = pytest.mark.usefixtures("pcscd")
PCSC = f"pcsc:{re.escape(READER)}"


class CardInReader:
    """Put a card file into the virtual reader, and take it out again."""

    def __init__(self, path: Path) -> None:
        self.card = VirtualCard(path)

    def __enter__(self) -> None:
        self.card.insert()
        wait_for_card(present=True)

    def __exit__(self, *exc: object) -> None:
        self.card.remove()
        wait_for_card(present=False)


def sale(svc: Services, counter: Counter, volume: int) -> SaleRecord:
    return sell(svc, counter.clerk, SaleRequest(
        PCSC, Volume.m3(volume), payment=PaymentPlan(Channel.CASH))).sale


def test_a_days_work_through_pcscd(svc: Services, tmp_path: Path) -> None:
    counter = open_counter(svc, tmp_path, issue=False)
    with CardInReader(counter.card):
        issue_card(svc, counter.clerk, "370402000001", PCSC)
        sale(svc, counter, 380)
        with pytest.raises(Refused) as refused:
            sale(svc, counter, 10)
        assert refused.value.code == "card.not_loaded"
        assert load_meter(svc, PCSC, use=Volume.m3(50)).loaded == Volume.m3(380)
        across = sale(svc, counter, 50)
        assert str(across.amount) == "156.80"
        void(svc, counter.clerk, counter.supervisor, across.order_no, PCSC, "改主意了")
        check_invariants(svc, PCSC)
    with CardInReader(tmp_path / "replacement.bin"):
        issued = replace_card(svc, counter.clerk, "370402000001", PCSC)
        assert issued.replaced == "IC0000000001"
        with pytest.raises(Crash):
            sell(replace(svc, checkpoints=crash_at("paid")), counter.clerk,
                 SaleRequest(PCSC, Volume.m3(20), payment=PaymentPlan(Channel.CASH)))
        pending = read_and_settle(svc, PCSC).unfinished
        assert pending is not None
        assert pending.state is SaleState.PENDING
        assert rewrite(svc, counter.clerk, pending.order_no, PCSC).state is SaleState.COMPLETED
        check_invariants(svc, PCSC)


def test_a_virtual_card_pulled_mid_write_leaves_a_sale_that_rewrite_finishes(
        svc: Services, tmp_path: Path) -> None:
    counter = open_counter(svc, tmp_path)  # issued on the simulated reader, then taken over
    card = VirtualCard(counter.card)
    card.pull_after(20)
    card.insert()
    wait_for_card(present=True)
    with pytest.raises(Refused) as refused:
        sale(svc, counter, 30)
    assert refused.value.code == "sale.card_not_written"
    card.remove()
    wait_for_card(present=False)
    with CardInReader(counter.card):
        view = read_and_settle(svc, PCSC)
        assert view.reading.interrupted_write
        assert view.unfinished is not None
        assert view.unfinished.state is SaleState.PENDING
        rewrite(svc, counter.clerk, view.unfinished.order_no, PCSC)
        check_invariants(svc, PCSC)
