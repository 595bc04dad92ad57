"""The counter app on a real PC/SC stack: pcscd with the vpcd driver and a virtual card
serving a demo card — the card panel fills from pyscard's own card events and empties when
the card leaves, and a sale is written through the real reader."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from drivers.virtual.vpcd import VirtualCard
from pos.domain.staff import Operator
from pos.services.core import auth
from pos.services.core.context import Services
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.counter.flow import Step
from pos.ui.counter.payment_dialog import PaymentDialog
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import Qt
from tests.gui.conftest import when_modal
from tests.support.pcscd import READER

pytestmark = pytest.mark.usefixtures("pcscd")


@pytest.fixture
def clerk(demo_services: Services) -> Operator:
    return auth.login(demo_services, "1001", "gaspos-demo")


@pytest.fixture
def pcsc_counter(qtbot: QtBot, demo_services: Services, tasks: Tasks, texts: Texts,
                 clerk: Operator) -> Iterator[CounterWindow]:
    # the counter's reader, as [reader] pattern names it (vpcd offers two)
    window = CounterWindow(demo_services, tasks, texts, clerk, reader=f"pcsc:{re.escape(READER)}")
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def test_a_card_on_a_real_reader_fills_the_panel_and_is_sold_to(
        qtbot: QtBot, pcsc_counter: CounterWindow, demo_services: Services) -> None:
    card = VirtualCard(demo_services.settings.data_dir / "demo-cards" / "IC0000000001.bin")
    card.insert()
    try:
        qtbot.waitUntil(lambda: pcsc_counter.card_panel.values["card_no"].text()
                        == "IC0000000001", timeout=30_000)
        qtbot.keyClicks(pcsc_counter.sale_panel.volume, "20")
        qtbot.waitUntil(lambda: pcsc_counter.sale_panel.quote is not None, timeout=20_000)

        def pay(dialog: object) -> None:
            assert isinstance(dialog, PaymentDialog)
            qtbot.keyClicks(dialog.tendered, "100")
            qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)

        when_modal(pay)  # type: ignore[arg-type]
        qtbot.keyClick(pcsc_counter.sale_panel.volume, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: pcsc_counter.flow.step is Step.SOLD, timeout=60_000)
        assert pcsc_counter.outcome is not None
        assert pcsc_counter.outcome.sale.purchase_seq == 1
    finally:
        card.remove()
    qtbot.waitUntil(lambda: pcsc_counter.flow.step is Step.NO_CARD, timeout=30_000)
    assert all(v.text() == "" for v in pcsc_counter.card_panel.values.values())
