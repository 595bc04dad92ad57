"""The previous system's households from the counter app (Ctrl+I), by keyboard on the demo
stack: the administrator signs in, chooses the export, runs the dry run —
the import is offered only after it — and imports, with the progress bar fed by the services;
the same file again changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pos.domain.staff import Operator
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.records.household_import import save_mapping
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import QFileDialog, Qt
from pos.ui.records.household_import import HouseholdImportDialog
from tests.gui.conftest import PASSWORD
from tests.support import households as export


@pytest.fixture
def admin(demo_services: Services) -> Operator:
    return auth.login(demo_services, "9001", PASSWORD)


def open_import(qtbot: QtBot, counter: CounterWindow, staff_no: str) -> HouseholdImportDialog:
    qtbot.waitUntil(counter.isActiveWindow)
    qtbot.keyClick(counter, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.household_dialog is not None
                    and counter.household_dialog.isVisible())
    dialog = counter.household_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.sign_in.staff_no, staff_no)
    qtbot.keyClick(dialog.sign_in.staff_no, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.sign_in.password, PASSWORD)
    qtbot.keyClick(dialog.sign_in.password, Qt.Key.Key_Return)
    return dialog


def test_a_dry_run_first_then_the_import_with_its_progress(
        qtbot: QtBot, counter: CounterWindow, demo_services: Services, admin: Operator,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_mapping(demo_services, admin, "旧系统", export.MAPPING)
    file = tmp_path / "旧系统导出.csv"
    file.write_bytes(export.export(300))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(
        lambda *_args, **_kw: (str(file), "")))
    dialog = open_import(qtbot, counter, "9001")
    qtbot.waitUntil(lambda: dialog.operator is not None, timeout=20_000)
    dialog.mapping.setCurrentText("旧系统")
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F2)
    assert dialog.path == file and not dialog.import_button.isEnabled()
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert dialog.report is not None and dialog.report.dry_run
    assert "300" in dialog.answer.text() and dialog.import_button.isEnabled()
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.report.dry_run,
                    timeout=20_000)
    assert (dialog.report.new, dialog.report.cards) == (300, 270)
    assert dialog.progress.value() == dialog.progress.maximum()
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.new == 0,
                    timeout=20_000)
    assert dialog.report.unchanged == 300
