"""The audit log at the counter, by keyboard, on the demo stack: Ctrl+L; a clerk is refused at
the sign-in in the services' words; a supervisor sees the log, filters it by staff number with
Enter, and F10 exports what is shown as XLSX."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from pos.ui.audit.audit_view import AuditView
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import QFileDialog, Qt
from tests.gui.conftest import CLERK, PASSWORD


def open_audit(qtbot: QtBot, counter: CounterWindow, staff_no: str) -> AuditView:
    qtbot.waitUntil(counter.isActiveWindow)
    qtbot.keyClick(counter, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.audit_dialog is not None
                    and counter.audit_dialog.isVisible())
    view = counter.audit_dialog
    assert view is not None
    qtbot.keyClicks(view.sign_in.staff_no, staff_no)
    qtbot.keyClick(view.sign_in.staff_no, Qt.Key.Key_Return)
    qtbot.keyClicks(view.sign_in.password, PASSWORD)
    qtbot.keyClick(view.sign_in.password, Qt.Key.Key_Return)
    return view


def test_a_clerk_is_refused(qtbot: QtBot, counter: CounterWindow) -> None:
    view = open_audit(qtbot, counter, CLERK)
    qtbot.waitUntil(lambda: "审计日志" in view.sign_in.problem.text(), timeout=20_000)
    assert view.operator is None and view.pages.currentIndex() == 0


def test_a_supervisor_filters_and_exports(qtbot: QtBot, counter: CounterWindow,
                                          tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_audit(qtbot, counter, "2001")
    qtbot.waitUntil(lambda: view.operator is not None and view.table.rowCount() > 0,
                    timeout=20_000)
    staff = {view.table.item(row, 1).text() for row in range(view.table.rowCount())}
    assert {CLERK, "2001"} <= staff
    qtbot.keyClicks(view.staff, CLERK)
    qtbot.keyClick(view.staff, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.busy and {view.table.item(r, 1).text() for r in range(
        view.table.rowCount())} == {CLERK})
    qtbot.keyClicks(view.first, "2026-13-01")
    qtbot.keyClick(view.first, Qt.Key.Key_Return)
    assert "2026-13-01" in view.answer.text()
    view.first.clear()
    out = tmp_path / "audit.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(out), "")))
    qtbot.keyClick(view, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: not view.busy and out.exists())
    sheet = load_workbook(out).active
    assert sheet is not None
    assert {r[1] for r in sheet.iter_rows(min_row=2, values_only=True)} == {CLERK}
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.isVisible())
