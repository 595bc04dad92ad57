"""The counter app under pytest-qt, offscreen, on the real demo stack: the demo database
(SQLite), the demo card slot with simulated card files, the meter simulator, the preview
printer — built by the composition root exactly as ``gaspos --demo`` builds it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pos.ui.qt import QApplication, Qt, QTimer, QWidget

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos.bootstrap.wiring import build
from pos.services.core.context import Services, Startup
from pos.ui.app import application
from pos.ui.common.login import LoginDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.counter.window import CounterWindow
from tests.support.clock import RunningClock
from tests.support.services import FAST_ARGON2

CLERK, PASSWORD = "1001", "gaspos-demo"
DEMO_START = "2026-11-27T09:30:00"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo hall, seeded once for the session (its 200 households, staff, tariffs, cards):
    each test gets a copy of its files."""
    home = tmp_path_factory.mktemp("demo-template")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_DATA_HOME", str(home / "data"))
        env.setenv("XDG_CONFIG_HOME", str(home / "config"))
        env.setenv("XDG_CONFIG_DIRS", str(home / "etc-xdg"))
        env.setenv("XDG_STATE_HOME", str(home / "state"))
        built = build(Startup(demo=True, language="zh_CN"), clock=RunningClock(DEMO_START),
                      passwords=FAST_ARGON2)
        built.database.close()  # every connection closed: the file is whole, no WAL beside
    return home / "data"


@pytest.fixture
def demo_services(isolated_home: Path, demo_template: Path) -> Services:
    """The demo stack on the test's own clock — a Friday in November 2026, whatever day the
    suite runs on — and on its own copy of the demo hall."""
    shutil.copytree(demo_template, isolated_home / "data", dirs_exist_ok=True)
    return build(Startup(demo=True, language="zh_CN"), clock=RunningClock(DEMO_START),
                 passwords=FAST_ARGON2)


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    application("zh_CN")
    pool = Tasks()
    yield pool
    pool.wait(30_000)


@pytest.fixture
def texts() -> Texts:
    return Texts("zh_CN")


@pytest.fixture
def counter(qtbot: QtBot, demo_services: Services, tasks: Tasks, texts: Texts
            ) -> Iterator[CounterWindow]:
    """A clerk logged in by keyboard at the demo counter, no card in the reader."""
    login = LoginDialog(demo_services, tasks, texts, title="login")
    qtbot.addWidget(login)
    login.show()
    qtbot.keyClicks(login.staff_no, CLERK)
    qtbot.keyClick(login.staff_no, Qt.Key.Key_Return)
    qtbot.keyClicks(login.password, PASSWORD)
    with qtbot.waitSignal(login.accepted, timeout=20_000):
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
    assert login.operator is not None
    window = CounterWindow(demo_services, tasks, texts, login.operator, reader="demo")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    demo_services.lab.remove_demo_card()
    window.close()


def when_modal(act: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog once it is open (exec() blocks the test's own line)."""
    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, attempt)
            return
        act(dialog)
    QTimer.singleShot(0, attempt)
