"""Household lookup at the counter (F3): found by a number or a fragment, the file masked;
personal data shown only to a role allowed to, and every reveal audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from pos.domain.audit import AuditAction
from pos.services.core import auth
from pos.ui.counter.lookup_dialog import LookupDialog
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import QFileDialog, Qt

ACCOUNT = "370402000001"


def search(qtbot: QtBot, dialog: LookupDialog, text: str) -> None:
    dialog.query.setText(text)  # as an input method commits it (QTest types Latin keys only)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.found.count() > 0 or dialog.problem.text() != "",
                    timeout=20_000)


def test_a_clerk_finds_a_household_and_sees_it_masked(qtbot: QtBot,
                                                      counter: CounterWindow) -> None:
    qtbot.keyClick(counter, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: counter.lookup is not None and counter.lookup.isVisible())
    dialog = counter.lookup
    assert dialog is not None
    search(qtbot, dialog, ACCOUNT)
    assert dialog.found.count() == 1
    qtbot.keyClick(dialog.found, Qt.Key.Key_Return)  # open its file
    qtbot.waitUntil(lambda: dialog.file is not None, timeout=20_000)
    text = dialog.view.toPlainText()
    assert ACCOUNT in text and "*" in text and "IC0000000001" in text
    qtbot.keyClick(dialog.found, Qt.Key.Key_F6)  # a clerk may not reveal
    qtbot.waitUntil(lambda: dialog.problem.text() != "", timeout=20_000)
    assert "不能" in dialog.problem.text() or "无权" in dialog.problem.text() \
        or "may not" in dialog.problem.text()
    assert dialog.file is not None and not dialog.file.revealed
    qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)  # closing leaves nothing behind
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_supervisor_reveals_and_the_reveal_is_audited(qtbot: QtBot, counter: CounterWindow
                                                        ) -> None:
    svc = counter.svc
    supervisor = auth.login(svc, "2001", "gaspos-demo")
    dialog = LookupDialog(svc, counter.tasks, counter.t, supervisor)
    qtbot.addWidget(dialog)
    dialog.show()
    search(qtbot, dialog, ACCOUNT)
    qtbot.keyClick(dialog.found, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.file is not None, timeout=20_000)
    masked = dialog.view.toPlainText()
    qtbot.keyClick(dialog.found, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: dialog.file is not None and dialog.file.revealed, timeout=20_000)
    assert dialog.view.toPlainText() != masked and "*" not in dialog.file.account.name
    with svc.uow() as uow:
        actions = [(e.action, e.actor) for e in uow.audit.about(ACCOUNT)]
    assert (AuditAction.PERSONAL_DATA_REVEALED, "2001") in actions
    dialog.done(0)
    assert dialog.view.toPlainText() == ""


def test_too_short_a_search_says_what_to_type(qtbot: QtBot, counter: CounterWindow) -> None:
    dialog = LookupDialog(counter.svc, counter.tasks, counter.t, counter.operator)
    qtbot.addWidget(dialog)
    dialog.show()
    search(qtbot, dialog, "张")
    assert "两个字" in dialog.problem.text() or "two characters" in dialog.problem.text()


def test_f10_exports_the_household_file_masked(qtbot: QtBot, counter: CounterWindow,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    qtbot.keyClick(counter, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: counter.lookup is not None and counter.lookup.isVisible())
    dialog = counter.lookup
    assert dialog is not None
    search(qtbot, dialog, ACCOUNT)
    qtbot.keyClick(dialog.found, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.file is not None, timeout=20_000)
    out = tmp_path / "household.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(out), "")))
    qtbot.keyClick(dialog.found, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: str(out) in dialog.problem.text(), timeout=20_000)
    book = load_workbook(out)
    rows = dict(r[:2] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows["用户编号"] == ACCOUNT and "*" in str(rows["户名"])
