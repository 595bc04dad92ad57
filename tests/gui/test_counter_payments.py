"""Payment codes and the bank-card terminal at the demo counter, end to end: the scanner types
the code into the payment dialog and the sale completes with no other key; a declined code
brings the dialog back, empty, for the next try; F2 charges the simulated terminal and its
slip's numbers are the payment's (docs/payments.md "At the counter")."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from pos.domain.sale.record import PaymentState, SaleState
from pos.services.core.context import Services
from pos.ui.counter.flow import Step
from pos.ui.counter.payment_dialog import PaymentDialog, PayStep
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import Qt, QWidget
from tests.gui.conftest import when_modal
from tests.gui.test_counter_app import insert_first_card
from tests.support.keyboard_wedge import KeyClock, scan

WECHAT_CODE = "134567890123454321"
DECLINED_CODE = "134567890123450000"  # the simulated provider: insufficient balance
PIN_THEN_PAID_CODE = "134567890123451111"  # USERPAYING for a few queries, then paid
PIN_FOR_EVER_CODE = "134567890123458888"  # USERPAYING for ever (the payment flow's simulator)


def sell_20(qtbot: QtBot, counter: CounterWindow, pay: Callable[[PaymentDialog], None]) -> None:
    """20 m³ for the first demo card, paid by ``pay`` in the payment dialog."""
    insert_first_card(qtbot, counter)
    qtbot.keyClick(counter, Qt.Key.Key_F2)
    qtbot.keyClicks(counter.sale_panel.volume, "20")
    qtbot.waitUntil(lambda: counter.sale_panel.quote is not None, timeout=20_000)

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        pay(dialog)

    when_modal(act)
    qtbot.keyClick(counter.sale_panel.volume, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.flow.step is Step.SOLD, timeout=30_000)


@pytest.fixture
def clock(counter: CounterWindow) -> KeyClock:
    key_clock = KeyClock()
    counter.key_clock = key_clock
    return key_clock


def test_a_scanned_wechat_code_sells_with_no_other_key(
        qtbot: QtBot, counter: CounterWindow, clock: KeyClock) -> None:
    seen: dict[str, str] = {}

    def pay(dialog: PaymentDialog) -> None:
        scan(qtbot, clock, WECHAT_CODE, into=dialog.focusWidget())  # cash had the focus
        seen["taking"] = dialog.waiting.what.text()

    sell_20(qtbot, counter, pay)
    outcome = counter.outcome
    assert outcome is not None and outcome.sale.channel == "wechat"
    assert outcome.sale.payments[0].state is PaymentState.CONFIRMED
    assert seen["taking"] == "微信支付付款码 1345**********4321：正在收款…"
    assert WECHAT_CODE not in counter.progress.text()


def test_a_declined_code_brings_the_payment_back_and_the_next_scan_sells(
        qtbot: QtBot, counter: CounterWindow, clock: KeyClock, demo_services: Services
) -> None:
    seen: dict[str, str] = {}

    def pay(dialog: PaymentDialog) -> None:
        scan(qtbot, clock, DECLINED_CODE, into=dialog.focusWidget())
        qtbot.waitUntil(lambda: dialog.step is PayStep.ENTRY, timeout=20_000)
        seen["why"] = dialog.problem.text()
        seen["fields"] = dialog.ref.text() + dialog.tendered.text()
        seen["step"] = counter.flow.step.value
        clock.advance(2.0)
        scan(qtbot, clock, WECHAT_CODE, into=dialog.focusWidget())  # another try, same dialog

    sell_20(qtbot, counter, pay)
    assert seen["why"].startswith("支付未成功，已撤销，未扣款")
    assert seen["fields"] == "" and seen["step"] == Step.CARD_SHOWN.value
    outcome = counter.outcome
    assert outcome is not None and outcome.sale.channel == "wechat"
    with demo_services.uow() as uow:  # the declined try: cancelled, its payment declined
        cancelled = uow.sales.find(state=SaleState.CANCELLED,
                                   account_no=outcome.sale.account_no)
    assert len(cancelled) == 1
    assert [p.state for p in cancelled[0].payments] == [PaymentState.DECLINED]


def test_f2_charges_the_simulated_terminal_and_its_slip_pays(
        qtbot: QtBot, counter: CounterWindow) -> None:
    seen: dict[str, str] = {}

    def pay(dialog: PaymentDialog) -> None:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_F2)  # nothing typed
        qtbot.waitUntil(lambda: dialog.step is PayStep.TAKING, timeout=20_000)
        seen.update(ref=dialog.ref.text(), terminal=dialog.terminal_no.text(),
                    voucher=dialog.voucher.text())

    sell_20(qtbot, counter, pay)
    outcome = counter.outcome
    assert outcome is not None and outcome.sale.channel == "unionpay"
    payment = outcome.sale.payments[0]
    assert (payment.provider_ref, payment.terminal, payment.voucher) == (
        seen["ref"], "SIM00001", seen["voucher"])
    assert seen["terminal"] == "SIM00001" and len(seen["ref"]) == 12


def test_the_pin_wait_then_stop_reverses_and_brings_the_payment_back(
        qtbot: QtBot, counter: CounterWindow, clock: KeyClock) -> None:
    seen: dict[str, str] = {}

    def pay(dialog: PaymentDialog) -> None:
        scan(qtbot, clock, PIN_FOR_EVER_CODE, into=dialog.focusWidget())
        qtbot.waitUntil(lambda: "剩余" in dialog.waiting.wait.text(), timeout=20_000)
        seen["waiting"] = dialog.waiting.wait.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Stop
        qtbot.waitUntil(lambda: dialog.step is PayStep.ENTRY, timeout=30_000)
        seen["why"] = dialog.problem.text()
        clock.advance(2.0)
        scan(qtbot, clock, WECHAT_CODE, into=dialog.focusWidget())

    sell_20(qtbot, counter, pay)
    assert seen["waiting"].startswith("请顾客在手机上输入支付密码… 剩余 ")
    assert seen["why"].startswith("支付未成功，已撤销，未扣款")
    assert counter.outcome is not None and counter.outcome.sale.channel == "wechat"


def test_a_customer_slow_with_the_pin_is_waited_for_then_sold(
        qtbot: QtBot, counter: CounterWindow, clock: KeyClock) -> None:
    waits: list[int] = []
    # the provider's pauses counted, not waited for (the payment flow's Services.sleep)
    counter.svc = dataclasses.replace(counter.svc, **{"sleep": lambda _seconds: None})

    def pay(dialog: PaymentDialog) -> None:
        scan(qtbot, clock, PIN_THEN_PAID_CODE, into=dialog.focusWidget())
        dialog.watch.waited.connect(lambda _channel, seconds: waits.append(seconds))

    sell_20(qtbot, counter, pay)
    assert waits and all(seconds > 0 for seconds in waits)  # the countdown was shown
    assert counter.outcome is not None and counter.outcome.sale.channel == "wechat"
