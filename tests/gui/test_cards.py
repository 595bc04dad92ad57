"""Cards at the counter (F4) in the demo: a new account's first card on a blank card, then a
replacement card for it — each written by the services, the counter reading it again after."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from pos.ui.common.approval_dialog import ApprovalDialog
from pos.ui.counter.cards_dialog import CardsDialog
from pos.ui.counter.flow import Step
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import QApplication, Qt, QTimer

NEW_ACCOUNT = "370402000006"  # a demo household without a card yet


def open_cards(qtbot: QtBot, counter: CounterWindow) -> CardsDialog:
    qtbot.keyClick(counter, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: counter.cards_dialog is not None
                    and counter.cards_dialog.isVisible())
    assert counter.cards_dialog is not None
    return counter.cards_dialog


def blank_card_in(qtbot: QtBot, counter: CounterWindow) -> None:
    qtbot.keyClick(counter, Qt.Key.Key_F7)  # demo: a new blank card into the reader
    qtbot.waitUntil(lambda: counter.flow.step is Step.CARD_SHOWN, timeout=20_000)
    assert "空白" in counter.card_panel.verdict.text()  # issue it to an account first


def test_first_card_then_a_replacement(qtbot: QtBot, counter: CounterWindow) -> None:
    blank_card_in(qtbot, counter)
    cards = open_cards(qtbot, counter)
    qtbot.keyClicks(cards.account, NEW_ACCOUNT)
    qtbot.keyClick(cards.account, Qt.Key.Key_F5)  # the account's first card
    qtbot.waitUntil(lambda: cards.changed, timeout=20_000)
    first = cards.answer.text()
    assert NEW_ACCOUNT in first
    qtbot.keyClick(cards.account, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: counter.card_panel.values["account_no"].text() == NEW_ACCOUNT,
                    timeout=20_000)  # read again: the new card is the household's now
    old_card = counter.card_panel.values["card_no"].text()
    assert old_card and old_card in first

    blank_card_in(qtbot, counter)  # the customer lost it: a replacement (补卡)
    cards = open_cards(qtbot, counter)
    qtbot.keyClicks(cards.account, NEW_ACCOUNT)
    qtbot.keyClick(cards.account, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: cards.changed, timeout=20_000)
    assert old_card in cards.answer.text()
    qtbot.keyClick(cards.account, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: counter.card_panel.values["account_no"].text() == NEW_ACCOUNT,
                    timeout=20_000)
    assert counter.card_panel.values["card_no"].text() != old_card
    assert list((counter.svc.settings.data_dir / "printouts").glob("*-card_slip.png"))


def test_a_meter_change_carries_the_old_meters_gas(qtbot: QtBot, counter: CounterWindow) -> None:
    """The demo household's meter never wrote back and was never sold onto: the ledger vouches
    for no gas in it, so carrying 6.5 m³ needs the supervisor and the old meter's reading."""
    dock = counter.demo_dock
    assert dock is not None
    qtbot.waitUntil(lambda: dock.cards.count() > 0, timeout=20_000)
    dock.cards.setCurrentRow(0)
    qtbot.keyClick(dock.cards, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.flow.step is Step.CARD_SHOWN, timeout=20_000)
    cards = open_cards(qtbot, counter)
    assert cards.account.text() == "370402000001"  # the card's own account, filled in
    qtbot.keyClicks(cards.new_meter, "CH09990001")
    qtbot.keyClicks(cards.final_reading, "1234.5")
    qtbot.keyClicks(cards.remaining, "6.5")
    cards.evidence.setText("IMG_0042.jpg 旧表显示 6.50")  # typed by an input method
    asked: list[str] = []

    def approve() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ApprovalDialog):  # the cards dialog is modal too
            QTimer.singleShot(20, approve)
            return
        asked.append(dialog.windowTitle())
        dialog.reason_edit.setText("旧表内确有余气")
        qtbot.keyClicks(dialog.staff_no, "2001")
        qtbot.keyClicks(dialog.password, "gaspos-demo")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, approve)
    qtbot.keyClick(cards.remaining, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: cards.changed, timeout=30_000)
    assert asked and "CH09990001" in cards.answer.text()
    assert "6.50" in cards.answer.text()
    qtbot.keyClick(cards.remaining, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: counter.card_panel.values["meter_no"].text() == "CH09990001",
                    timeout=20_000)
