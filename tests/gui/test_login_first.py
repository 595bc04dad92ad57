"""The login window comes first and the services are built behind it (pos.ui.app.show_login):
no login is checked before they are ready, and a failure to build them is said in words."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from pos.bootstrap.wiring import build
from pos.services.core.context import Services, Startup
from pos.ui.app import show_login
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import Qt
from tests.gui.conftest import CLERK, PASSWORD


def test_the_login_waits_for_the_services_then_logs_in(
        qtbot: QtBot, demo_services: Services, tasks: Tasks, texts: Texts) -> None:
    gate = threading.Event()

    def slow_build() -> Services:
        assert gate.wait(20)
        return demo_services

    login = show_login(slow_build, tasks, texts, counter_no="01")
    qtbot.addWidget(login)
    assert login.isVisible() and "01" in login.windowTitle()
    qtbot.keyClicks(login.staff_no, CLERK)
    qtbot.keyClick(login.staff_no, Qt.Key.Key_Return)
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)  # too early: nothing is checked
    qtbot.wait(50)
    assert not login.ok.isEnabled() and login.problem.text() == "正在准备…"
    assert login.operator is None and login.services is None
    gate.set()
    qtbot.waitUntil(login.ok.isEnabled, timeout=20_000)
    assert login.services is demo_services and login.problem.text() == ""
    with qtbot.waitSignal(login.accepted, timeout=20_000):
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
    assert login.operator is not None and login.operator.staff_no == CLERK


def test_services_that_cannot_be_built_are_said_on_the_login(
        qtbot: QtBot, isolated_home: Path, tasks: Tasks, texts: Texts) -> None:
    empty = isolated_home / "empty.sqlite"  # no schema: building refuses it

    login = show_login(lambda: build(Startup(db_url=f"sqlite:///{empty}")), tasks, texts,
                       counter_no="01")
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: "收费程序无法启动" in login.problem.text(), timeout=20_000)
    assert "gaspos db upgrade" in login.problem.text()  # what to do about it
    assert not login.ok.isEnabled() and login.services is None
    login.reject()
