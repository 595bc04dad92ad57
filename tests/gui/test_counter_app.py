"""Whole sales through the counter app by keyboard, in demo mode: the card goes in from the
demo dock, the clerk types the volume, Enter, the payment, Enter — and the card, the ledger
and the receipt roll say what happened; taking the card out leaves nothing on screen."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from pos.domain.devices import DisplayLamp
from pos.domain.errors import Refused
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel, SaleState
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.selling import recovery
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.ui.counter.flow import Step
from pos.ui.counter.payment_dialog import PaymentDialog
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import QApplication, Qt, QWidget
from tests.gui.conftest import when_modal

FIRST_CARD = "IC0000000001"
ACCOUNT = "370402000001"


def insert_first_card(qtbot: QtBot, counter: CounterWindow) -> None:
    dock = counter.demo_dock
    assert dock is not None
    qtbot.waitUntil(lambda: dock.cards.count() > 0, timeout=20_000)
    dock.cards.setCurrentRow(0)
    dock.cards.setFocus()
    qtbot.keyClick(dock.cards, Qt.Key.Key_Return)  # Enter puts the card into the reader
    qtbot.waitUntil(lambda: counter.flow.step is Step.CARD_SHOWN, timeout=20_000)


def buy(qtbot: QtBot, counter: CounterWindow, volume: str, pay: callable) -> None:  # type: ignore[valid-type]
    qtbot.keyClick(counter, Qt.Key.Key_F2)
    qtbot.keyClicks(counter.sale_panel.volume, volume)
    qtbot.waitUntil(lambda: counter.sale_panel.quote is not None, timeout=20_000)
    when_modal(pay)
    qtbot.keyClick(counter.sale_panel.volume, Qt.Key.Key_Return)  # Enter: to the payment
    qtbot.waitUntil(lambda: counter.flow.step is Step.SOLD, timeout=30_000)


def test_a_cash_sale_with_change_by_keyboard(qtbot: QtBot, counter: CounterWindow) -> None:
    insert_first_card(qtbot, counter)
    panel = counter.card_panel.values
    assert panel["account_no"].text() == ACCOUNT and panel["card_no"].text() == FIRST_CARD
    assert "*" in panel["name"].text()  # personal data masked
    seen: dict[str, str] = {}

    def pay_cash(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        qtbot.keyClicks(dialog.tendered, "1300")
        seen["change"] = dialog.change.text()
        qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)

    buy(qtbot, counter, "450", pay_cash)
    assert "2.80" in counter.sale_panel.parts.text() and "3.36" in counter.sale_panel.parts.text()
    assert seen["change"] == "¥12.00"
    assert counter.width() <= 1280 and counter.height() <= 800  # fits a 1280×800 counter PC
    outcome = counter.outcome
    assert outcome is not None and str(outcome.sale.amount) == "1288.00"
    assert str(outcome.change) == "12.00" and "找零：￥12.00" in counter.progress.text()
    qtbot.waitUntil(lambda: counter.pole_dock.number.text() == "12.00")  # the customer sees
    assert counter.pole_dock.lit is DisplayLamp.CHANGE  # 找零 lit
    qtbot.waitUntil(lambda: len(counter.receipts.shown) == 2, timeout=20_000)  # + guidance
    assert counter.receipts.shown[0].kind.value == "sale_receipt"


def test_taking_the_card_out_clears_every_field(qtbot: QtBot, counter: CounterWindow) -> None:
    insert_first_card(qtbot, counter)
    qtbot.keyClicks(counter.sale_panel.volume, "20")
    qtbot.waitUntil(lambda: counter.sale_panel.quote is not None, timeout=20_000)
    assert ACCOUNT in counter.card_panel.text()
    qtbot.keyClick(counter, Qt.Key.Key_F8)  # demo: the card comes out of the reader
    qtbot.waitUntil(lambda: counter.flow.step is Step.NO_CARD, timeout=20_000)
    assert all(value.text() == "" for value in counter.card_panel.values.values())
    assert ACCOUNT not in counter.card_panel.text() and "请插入" in counter.card_panel.text()
    sale = counter.sale_panel
    assert (sale.volume.text(), sale.parts.text(), sale.total.text()) == ("", "", "")
    assert not sale.volume.isEnabled() and counter.receipts.shown == []
    qtbot.waitUntil(lambda: counter.pole_dock.number.text() == "")  # the display too


def test_wechat_and_a_second_sale_refused_until_the_meter_has_loaded(
        qtbot: QtBot, counter: CounterWindow) -> None:
    insert_first_card(qtbot, counter)

    def pay_wechat(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_F3)  # F3: WeChat Pay
        qtbot.keyClicks(dialog.ref, "134567890123454321")
        qtbot.keyClick(dialog.ref, Qt.Key.Key_Return)

    buy(qtbot, counter, "20", pay_wechat)
    assert counter.outcome is not None and counter.outcome.sale.channel == "wechat"
    qtbot.keyClick(counter, Qt.Key.Key_F8)
    insert_first_card(qtbot, counter)  # the customer comes back before using the meter
    assert not counter.sale_panel.volume.isEnabled()
    assert "✗" in counter.card_panel.verdict.text()
    qtbot.keyClick(counter, Qt.Key.Key_F9)  # the card goes into the meter, then comes back
    assert counter.demo_dock is not None
    qtbot.waitUntil(lambda: "20.00" in counter.demo_dock.result.text(), timeout=20_000)
    insert_first_card(qtbot, counter)
    assert counter.sale_panel.volume.isEnabled()


class Crash(Exception):
    """The process dies here: nothing after this step of the sale runs."""


class CrashAt:
    def __init__(self, step: str) -> None:
        self.step = step

    def reached(self, step: str) -> None:
        if step == self.step:
            raise Crash(step)


@pytest.fixture
def crashed_sale(demo_services: Services) -> str:
    """A sale paid in cash whose process died before the card was written (state pending)."""
    svc = demo_services
    card = svc.settings.data_dir / "demo-cards" / f"{FIRST_CARD}.bin"
    clerk = auth.login(svc, "1001", "gaspos-demo")
    svc.lab.insert_demo_card(card)
    request = SaleRequest("demo", volume=Volume.parse("20"),
                          payment=PaymentPlan(Channel.CASH, tendered=Money.parse("100")))
    with pytest.raises(Crash):
        sell(replace(svc, checkpoints=CrashAt("paid")), clerk, request)
    svc.lab.remove_demo_card()
    [pending] = recovery.unfinished_sales(svc)
    assert pending.state is SaleState.PENDING
    return pending.order_no


def test_a_pending_sale_is_shown_at_start_and_recovered_when_its_card_is_read(
        qtbot: QtBot, crashed_sale: str, counter: CounterWindow) -> None:
    qtbot.waitUntil(lambda: counter.recovery is not None and counter.recovery.isVisible(),
                    timeout=20_000)
    dialog = counter.recovery
    assert dialog is not None and [s.order_no for s in dialog.shown] == [crashed_sale]
    qtbot.keyClick(dialog.sales, Qt.Key.Key_Escape)  # later: it stays unfinished
    qtbot.waitUntil(lambda: not dialog.isVisible())
    insert_first_card(qtbot, counter)
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)  # the card's own pending sale
    assert not counter.sale_panel.volume.isEnabled()
    qtbot.keyClick(dialog.sales, Qt.Key.Key_F5)  # rewrite the card (补写卡)
    qtbot.waitUntil(lambda: dialog.changed and dialog.shown == [], timeout=20_000)
    assert recovery.get_sale(counter.svc, crashed_sale).state is SaleState.COMPLETED
    qtbot.keyClick(dialog.sales, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: counter.card_panel.values["purchase_seq"].text() == "1",
                    timeout=20_000)  # read again: the card carries the purchase now
    assert counter.card_panel.values["pending"].text().startswith("20.00")


def test_a_card_swapped_while_paying_is_not_sold_the_first_customers_gas(
        qtbot: QtBot, counter: CounterWindow) -> None:
    insert_first_card(qtbot, counter)
    qtbot.keyClicks(counter.sale_panel.volume, "30")
    qtbot.waitUntil(lambda: counter.sale_panel.quote is not None, timeout=20_000)
    second = counter.svc.settings.data_dir / "demo-cards" / "IC0000000002.bin"

    def swap_then_pay(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        qtbot.keyClicks(dialog.tendered, "100")
        counter.svc.lab.insert_demo_card(second)  # another card, the dialog still open

    when_modal(swap_then_pay)
    qtbot.keyClick(counter.sale_panel.volume, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.flow.step is Step.CARD_SHOWN
                    and counter.card_panel.values["card_no"].text() == "IC0000000002",
                    timeout=20_000)
    assert counter.outcome is None and recovery.find_sales(counter.svc) == []  # nothing sold
    assert counter.sale_panel.volume.text() == ""  # and nothing of the first customer


def test_the_sale_refuses_a_price_or_card_other_than_the_one_agreed(
        crashed_sale: str, demo_services: Services) -> None:
    svc = demo_services
    clerk = auth.login(svc, "1001", "gaspos-demo")
    svc.lab.insert_demo_card(svc.settings.data_dir / "demo-cards" / "IC0000000002.bin")
    cash = PaymentPlan(Channel.CASH, tendered=Money.parse("100"))
    for request, code in (
            (SaleRequest("demo", volume=Volume.parse("20"), payment=cash,
                         expected_total=Money.parse("55.00")), "sale.price_changed"),
            (SaleRequest("demo", volume=Volume.parse("20"), payment=cash,
                         expected_card=FIRST_CARD), "sale.card_changed")):
        with pytest.raises(Refused) as refused:
            sell(svc, clerk, request)
        assert refused.value.code == code
    assert [s.order_no for s in recovery.find_sales(svc)] == [crashed_sale]  # nothing new
    svc.lab.remove_demo_card()


def test_a_split_payment_part_cash_part_wechat(qtbot: QtBot, counter: CounterWindow) -> None:
    insert_first_card(qtbot, counter)
    seen: dict[str, str] = {}

    def split(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_F3)  # WeChat Pay …
        qtbot.keyClicks(dialog.ref, "134567890123455678")
        qtbot.keyClicks(dialog.cash_part, "1000")  # … and 1000 of it in cash
        seen["rest"] = dialog.rest.text()
        qtbot.keyClick(dialog.cash_part, Qt.Key.Key_Return)

    buy(qtbot, counter, "450", split)
    assert "288.00" in seen["rest"]
    outcome = counter.outcome
    assert outcome is not None and outcome.sale.channel == "mixed"
    assert sorted(str(p.amount) for p in outcome.sale.payments) == ["1000.00", "288.00"]


def test_selling_by_amount_buys_the_most_gas_it_can(qtbot: QtBot, counter: CounterWindow
                                                    ) -> None:
    insert_first_card(qtbot, counter)
    qtbot.keyClick(counter, Qt.Key.Key_F6)
    qtbot.keyClicks(counter.sale_panel.amount, "100")
    qtbot.waitUntil(lambda: counter.sale_panel.quote is not None, timeout=20_000)
    assert "35.00" in counter.sale_panel.parts.text()  # 100 yuan buys 35 m³ at 2.80
    assert "98.00" in counter.sale_panel.total.text()

    def pay_cash(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        qtbot.keyClicks(dialog.tendered, "100")
        qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)

    when_modal(pay_cash)
    qtbot.keyClick(counter.sale_panel.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.flow.step is Step.SOLD, timeout=30_000)
    assert counter.outcome is not None
    assert (str(counter.outcome.sale.volume), str(counter.outcome.change)) == ("35.00", "2.00")


def test_a_card_that_cannot_be_written_never_reaches_the_payment(
        qtbot: QtBot, counter: CounterWindow, demo_services: Services) -> None:
    """The card's security code is checked before the customer is asked for money: with one
    try left it is refused on screen, no payment dialog opens, nothing is recorded."""
    import json

    from drivers.virtual.sle4442 import state_file

    card = demo_services.settings.data_dir / "demo-cards" / f"{FIRST_CARD}.bin"
    state = json.loads(state_file(card).read_text("utf-8"))
    state_file(card).write_text(json.dumps(state | {"tries_left": 1}), encoding="utf-8")
    insert_first_card(qtbot, counter)
    qtbot.keyClick(counter, Qt.Key.Key_F2)
    qtbot.keyClicks(counter.sale_panel.volume, "20")
    qtbot.waitUntil(lambda: counter.sale_panel.quote is not None, timeout=20_000)
    qtbot.keyClick(counter.sale_panel.volume, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "密码" in counter.progress.text(), timeout=20_000)
    assert "未收取任何款项" in counter.progress.text()
    assert QApplication.activeModalWidget() is None and counter.flow.step is Step.CARD_SHOWN
    assert recovery.find_sales(demo_services, account_no=ACCOUNT) == []
