"""The payment dialog and a keyboard-wedge scanner (docs/payments.md "At the counter"): a burst
of digits at scanner speed ending in Enter is a payment code, its channel chosen by its prefix
and taken at once; a person typing is not a scan; the code never appears whole on screen; a
second scan while the payment is in flight is ignored; the PIN wait shows the seconds left and
Stop; a payment not taken brings the entry back empty."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from pos.domain.quantities import Money
from pos.domain.sale.record import Channel
from pos.services.selling.payments import PaymentPlan
from pos.ui.app import application
from pos.ui.common.texts import Texts
from pos.ui.counter.payment_dialog import PaymentDialog, PayStep
from pos.ui.qt import QLineEdit, Qt
from tests.support.keyboard_wedge import PERSON_GAP, KeyClock, scan, type_keys

WECHAT_CODE = "134567890123454321"
ALIPAY_CODE = "2876543210987654321"
UNIONPAY_CODE = "6212345678901234567"


@pytest.fixture
def clock() -> KeyClock:
    return KeyClock()


@pytest.fixture
def dialog(qtbot: QtBot, clock: KeyClock) -> PaymentDialog:
    application("zh_CN")
    shown = PaymentDialog(Texts("zh_CN"), Money.parse("56.00"), clock=clock)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.tendered.hasFocus)
    return shown


def plans(dialog: PaymentDialog) -> list[PaymentPlan]:
    chosen: list[PaymentPlan] = []
    dialog.chosen.connect(chosen.append)
    return chosen


def field_texts(dialog: PaymentDialog) -> str:
    return " ".join(edit.text() for edit in dialog.findChildren(QLineEdit))


def test_a_wechat_code_at_scanner_speed_is_taken_with_no_other_key(
        qtbot: QtBot, dialog: PaymentDialog, clock: KeyClock) -> None:
    chosen = plans(dialog)
    scan(qtbot, clock, WECHAT_CODE)  # into the cash field, which had the focus
    assert chosen == [PaymentPlan(Channel.WECHAT, ref=WECHAT_CODE)]
    assert dialog.step is PayStep.TAKING and dialog.channel() is Channel.WECHAT
    assert WECHAT_CODE[4:-4] not in field_texts(dialog)  # never in a field
    assert dialog.waiting.what.text() == "微信支付付款码 1345**********4321：正在收款…"
    assert WECHAT_CODE not in dialog.waiting.what.text()


def test_an_alipay_code_chooses_alipay_whatever_was_chosen(
        qtbot: QtBot, dialog: PaymentDialog, clock: KeyClock) -> None:
    chosen = plans(dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_F3)  # WeChat chosen, an Alipay code shown
    scan(qtbot, clock, ALIPAY_CODE)
    assert chosen == [PaymentPlan(Channel.ALIPAY, ref=ALIPAY_CODE)]


def test_a_split_keeps_its_cash_part(qtbot: QtBot, dialog: PaymentDialog,
                                     clock: KeyClock) -> None:
    chosen = plans(dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_F3)
    type_keys(qtbot, clock, "20", gap=PERSON_GAP, enter=False, into=dialog.cash_part)
    dialog.ref.setFocus()
    scan(qtbot, clock, WECHAT_CODE)
    assert chosen == [PaymentPlan(split=((Channel.CASH, Money.parse("20"), None),
                                         (Channel.WECHAT, Money.parse("36.00"), WECHAT_CODE)))]


def test_a_person_typing_a_reference_is_not_a_scan(
        qtbot: QtBot, dialog: PaymentDialog, clock: KeyClock) -> None:
    chosen = plans(dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_F2)  # bank card: the slip's reference
    type_keys(qtbot, clock, "123456789012345678", gap=PERSON_GAP, enter=False)
    assert dialog.ref.text() == "123456789012345678" and chosen == []
    assert dialog.step is PayStep.ENTRY
    clock.advance(PERSON_GAP)
    qtbot.keyClick(dialog.ref, Qt.Key.Key_Return)  # the clerk's own Enter takes it, as typed
    assert chosen == [PaymentPlan(Channel.UNIONPAY, ref="123456789012345678")]


def test_quick_cash_typing_reaches_the_field(qtbot: QtBot, dialog: PaymentDialog,
                                              clock: KeyClock) -> None:
    """Four digits as fast as a scanner are let into the field: no payment code is that short."""
    chosen = plans(dialog)
    type_keys(qtbot, clock, "100", gap=0.005, enter=False)
    assert dialog.tendered.text() == "100" and dialog.change.text() == "¥44.00"
    clock.advance(PERSON_GAP)
    qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)
    assert chosen == [PaymentPlan(Channel.CASH, tendered=Money.parse("100"))]


def test_a_fast_run_that_is_not_a_scan_is_typed_after_all(
        qtbot: QtBot, dialog: PaymentDialog, clock: KeyClock) -> None:
    """Six fast digits (held back from the field) and Enter: too short for a payment code, so
    they go into the field and the Enter does what Enter does there."""
    chosen = plans(dialog)
    type_keys(qtbot, clock, "100000", gap=0.005, enter=False)
    assert dialog.tendered.text() == ""  # held back, for now (its first four too)
    clock.advance(0.005)
    qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)
    assert dialog.tendered.text() == "100000" and dialog.change.text() == "¥99944.00"
    assert chosen == [PaymentPlan(Channel.CASH, tendered=Money.parse("100000"))]


def test_a_unionpay_code_is_recognised_and_refused_in_words(
        qtbot: QtBot, dialog: PaymentDialog, clock: KeyClock) -> None:
    chosen = plans(dialog)
    scan(qtbot, clock, UNIONPAY_CODE)
    assert chosen == [] and dialog.step is PayStep.ENTRY
    assert "银联" in dialog.problem.text() and UNIONPAY_CODE not in dialog.problem.text()
    assert UNIONPAY_CODE[4:-4] not in field_texts(dialog)


def test_a_second_scan_while_paying_is_ignored(qtbot: QtBot, dialog: PaymentDialog,
                                               clock: KeyClock) -> None:
    chosen = plans(dialog)
    scan(qtbot, clock, WECHAT_CODE)
    clock.advance(1.0)
    scan(qtbot, clock, ALIPAY_CODE, into=dialog)
    dialog.scanned(ALIPAY_CODE)  # the serial scanner's way in
    assert len(chosen) == 1 and dialog.step is PayStep.TAKING
    assert not dialog.watch.stop_requested()  # its Enter pressed nothing


def test_the_pin_wait_counts_down_and_stop_asks_for_the_reversal(
        qtbot: QtBot, dialog: PaymentDialog, clock: KeyClock) -> None:
    scan(qtbot, clock, WECHAT_CODE)
    watch = dialog.watch
    worker = threading.Thread(target=watch.waiting, args=(Channel.WECHAT, 20))
    worker.start()  # the sale's worker thread, as selling.payments calls it
    worker.join()
    qtbot.waitUntil(lambda: "剩余 20 秒" in dialog.waiting.wait.text())
    assert dialog.waiting.wait.text() == "请顾客在手机上输入支付密码… 剩余 20 秒"
    assert dialog.waiting.stop.isVisible() and dialog.waiting.stop.text() == "Esc 停止收款"
    assert not watch.stop_requested()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert watch.stop_requested() and dialog.isVisible()  # Esc stops, the dialog stays
    assert "撤销" in dialog.waiting.wait.text()
    dialog.not_paid("支付未成功，已撤销，未扣款。")  # as the counter window says it
    assert dialog.step is PayStep.ENTRY and dialog.waiting.isHidden()
    assert dialog.problem.text() == "支付未成功，已撤销，未扣款。"
    assert field_texts(dialog).strip() == "" and dialog.plan is None
    chosen = plans(dialog)
    clock.advance(1.0)
    scan(qtbot, clock, ALIPAY_CODE)  # the customer pays again, with a fresh watch
    assert chosen == [PaymentPlan(Channel.ALIPAY, ref=ALIPAY_CODE)]
    assert dialog.watch is not watch and not dialog.watch.stop_requested()


def test_cash_in_flight_has_no_stop(qtbot: QtBot, dialog: PaymentDialog,
                                    clock: KeyClock) -> None:
    type_keys(qtbot, clock, "100", gap=PERSON_GAP)
    assert dialog.step is PayStep.TAKING and not dialog.waiting.stop.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and not dialog.watch.stop_requested()


def test_a_code_scanned_where_the_merchant_app_takes_payments_says_so(
        qtbot: QtBot, clock: KeyClock) -> None:
    """With ``manual`` WeChat Pay (the clerk confirms from the merchant app) a scanned code is
    refused in the dialog: it would otherwise stand as a paid transaction id."""
    application("zh_CN")
    manual = PaymentDialog(Texts("zh_CN"), Money.parse("56.00"), clock=clock,
                           code_channels=frozenset({Channel.ALIPAY}))
    qtbot.addWidget(manual)
    manual.show()
    qtbot.waitExposed(manual)
    manual.activateWindow()
    qtbot.waitUntil(manual.tendered.hasFocus)
    chosen = plans(manual)
    scan(qtbot, clock, WECHAT_CODE)
    assert chosen == [] and manual.step is PayStep.ENTRY
    assert "商户收款应用" in manual.problem.text() and "交易单号" in manual.problem.text()
