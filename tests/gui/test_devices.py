"""The devices page (F10): each device tested from the counter, on the demo stack — the reader
reads the card in it, the printer prints its test page, the display shows a number."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from pos.ui.counter.window import CounterWindow
from pos.ui.qt import Qt


def test_each_device_is_tested_from_the_counter(qtbot: QtBot, counter: CounterWindow) -> None:
    qtbot.keyClick(counter, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: counter.devices_dialog is not None
                    and counter.devices_dialog.isVisible())
    page = counter.devices_dialog
    assert page is not None
    results = page.results
    page.buttons["reader"].click()  # no card yet
    qtbot.waitUntil(lambda: "插入" in results["reader"].text(), timeout=20_000)
    counter.svc.lab.insert_demo_card(
        counter.svc.settings.data_dir / "demo-cards" / "IC0000000001.bin")
    page.buttons["reader"].click()
    qtbot.waitUntil(lambda: "IC0000000001" in results["reader"].text(), timeout=20_000)
    printouts = counter.svc.settings.data_dir / "printouts"
    page.buttons["printer"].click()
    qtbot.waitUntil(lambda: "测试页" in results["printer"].text(), timeout=20_000)
    assert list(printouts.glob("*-test_page.png"))  # the demo printer drew it
    page.buttons["display"].click()  # the demo's display is the one on screen
    qtbot.waitUntil(lambda: "8888.88" in results["display"].text(), timeout=20_000)
    assert counter.pole_dock.number.text() == "8888.88"
    page.buttons["database"].click()
    qtbot.waitUntil(lambda: "数据库" in results["database"].text(), timeout=20_000)
    page.close()
