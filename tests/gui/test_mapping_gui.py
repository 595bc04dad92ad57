"""A bank file no format knows, at finance's screen, by keyboard only: F2 imports it, the mapping
screen opens on its first rows with the header row found; the bank's name is typed, Tab and
Down choose each role's column, Enter saves and imports; next month's file of that layout is
then imported without asking.  Esc on the mapping screen leaves the file refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pos.services.month import layouts
from pos.ui.counter.window import CounterWindow
from pos.ui.month.finance_view import FinanceView
from pos.ui.month.mapping_dialog import MappingDialog
from pos.ui.qt import QApplication, QEvent, QFileDialog, QKeyEvent, Qt, QWidget
from tests.gui.test_finance_gui import signed_in

BANKS = Path(__file__).parent.parent / "data" / "statements" / "banks"
BANK_NAME = "某某村镇银行"


@pytest.fixture
def choose(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    chosen: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(
        lambda *_args, **_kw: ([str(p) for p in chosen], "")))
    return chosen


def press(qtbot: QtBot, window: QWidget, key: Qt.Key, times: int = 1) -> None:
    """A key where the focus is, as a person presses it."""
    for _ in range(times):
        qtbot.keyClick(window.focusWidget() or window, key)


def type_text(widget: QWidget, text: str) -> None:
    """Typed characters, as an input method hands them over (QTest types ASCII only)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     character))


def mapping_opened(qtbot: QtBot, view: FinanceView, choose: list[Path],
                   name: str) -> MappingDialog:
    choose[:] = [BANKS / name]
    press(qtbot, view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.imports.mapping is not None
                    and view.imports.mapping.isVisible(), timeout=30_000)
    dialog = view.imports.mapping
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.name)
    return dialog


@pytest.mark.gui
def test_an_unknown_bank_layout_is_mapped_by_keyboard_and_known_next_time(
        qtbot: QtBot, counter: CounterWindow, choose: list[Path]) -> None:
    view = signed_in(qtbot, counter)
    dialog = mapping_opened(qtbot, view, choose, "unlisted_202503.csv")
    assert dialog.table.rowCount() == 7 and dialog.table.item(2, 0).text() == "入账日"
    assert dialog.header.currentIndex() == 2  # line 3, found by its date column
    press(qtbot, dialog, Qt.Key.Key_Return)  # no bank name yet: said, nothing saved
    assert dialog.isVisible() and dialog.problem.text()
    type_text(dialog.focusWidget() or dialog, BANK_NAME)
    assert dialog.name.text() == BANK_NAME
    press(qtbot, dialog, Qt.Key.Key_Tab)  # the header row, as found
    # date A, time B, money in C, money out D, (no signed amount), balance E, counterparty F,
    # memo G, serial H: each column one further down its list ("—" first)
    for role, downs in (("date", 1), ("time", 2), ("credit", 3), ("debit", 4), ("amount", 0),
                        ("balance", 5), ("counterparty", 6), ("memo", 7),
                        ("provider_ref", 8)):
        press(qtbot, dialog, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.roles[role], role
        press(qtbot, dialog, Qt.Key.Key_Down, downs)
    assert dialog.chosen() == {"date": 0, "time": 1, "credit": 2, "debit": 3, "balance": 4,
                               "counterparty": 5, "memo": 6, "provider_ref": 7}
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.imports.mapping is None and not view.busy, timeout=30_000)
    rows = view.imports.rows()
    assert rows[0][0] == "unlisted_202503.csv" and f"mapped:{BANK_NAME}" in rows[0][1]
    assert rows[0][2:] == ["4", "4", "0"]
    assert [m.name for m in layouts.saved(view._svc)] == [BANK_NAME]

    choose[:] = [BANKS / "unlisted_202504.csv"]  # next month: known by its header row
    press(qtbot, view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: not view.busy and len(view.imports.results) == 1, timeout=30_000)
    assert view.imports.mapping is None
    assert view.imports.rows()[0][2:] == ["2", "2", "0"]


@pytest.mark.gui
def test_esc_on_the_mapping_screen_leaves_the_file_refused(
        qtbot: QtBot, counter: CounterWindow, choose: list[Path]) -> None:
    view = signed_in(qtbot, counter)
    dialog = mapping_opened(qtbot, view, choose, "unlisted_202503.csv")
    press(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.busy and len(view.imports.results) == 1, timeout=30_000)
    assert not dialog.isVisible() and layouts.is_unrecognised(view.imports.results[0])
    assert "--mapping" in view.imports.rows()[0][1]
    assert layouts.saved(view._svc) == []
