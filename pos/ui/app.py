"""Start the counter app: Qt, the look, the translations, the login, the counter screen.

Called by ``gaspos`` (and ``gaspos --demo``) with a way to build the services (the composition
root's), not the services: the login window is shown first and they are built behind it on a
pool thread, with the counter screen's modules (docs/performance.md "Starting up"). It returns
the exit code.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from pos.domain.messages import N_
from pos.services.core.context import Services
from pos.ui.common.login import LoginDialog
from pos.ui.common.style import STYLE
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import (
    QApplication,
    QFont,
    QFontDatabase,
    QLibraryInfo,
    QLocale,
    QMessageBox,
    QTimer,
    QTranslator,
    check_binding,
)

if TYPE_CHECKING:  # imported behind the login window (see prepared)
    from pos.services.ports import SettingsStore
    from pos.ui.counter.window import CounterWindow

Build = Callable[[], Services]
COUNTER_SCREEN = "pos.ui.counter.window"  # with everything it imports: built behind the login

log = logging.getLogger(__name__)

CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei",
             "PingFang SC")


def application(language: str) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("gaspos")
    app.setStyleSheet(STYLE)
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            app.setFont(QFont(family, 12))
            break
    else:
        log.warning("no CJK font found among %s: Chinese may not show", CJK_FONTS)
    if language == "zh_CN":  # Qt's own words (OK, Cancel) in Chinese
        translator = QTranslator(app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase",
                           "_", path):
            app.installTranslator(translator)
    return app


def counter_window(svc: Services, tasks: Tasks, texts: Texts, login: LoginDialog, *,
                   demo: bool, settings: SettingsStore | None) -> CounterWindow:
    from pos.ui.counter.demo_dock import READER as DEMO_READER
    from pos.ui.counter.window import CounterWindow

    assert login.operator is not None
    return CounterWindow(svc, tasks, texts, login.operator,
                         reader=DEMO_READER if demo else "pcsc", settings=settings)


def show_login(build: Build, tasks: Tasks, texts: Texts, *, counter_no: str) -> LoginDialog:
    """The login window, shown now; the services are built behind it once it is painted."""
    login = LoginDialog(None, tasks, texts,
                        title=texts(N_("gaspos counter {counter}: log in"), counter=counter_no))

    def cannot_start(error: BaseException) -> None:
        log.error("the counter app could not start", exc_info=error)
        login.cannot_start(error)

    login.show()
    QTimer.singleShot(0, lambda: tasks.run(lambda: prepared(build), login.ready, cannot_start))
    return login


def prepared(build: Build) -> Services:
    """On a pool thread: the services (the composition root's), then the counter screen's
    modules, so the screen opens at once after the login (they define Qt classes; no widget
    is made here)."""
    svc = build()
    importlib.import_module(COUNTER_SCREEN)
    return svc


def catch_everything(texts: Texts) -> None:
    """No traceback reaches the clerk: an error a slot did not handle is logged in full and
    shown in words (Qt would otherwise print it to a terminal nobody reads)."""
    def shown(kind: type[BaseException], error: BaseException, tb: TracebackType | None
              ) -> None:
        log.error("unhandled error in the counter app", exc_info=(kind, error, tb))
        if isinstance(error, KeyboardInterrupt):
            QApplication.quit()
            return
        QMessageBox.critical(QApplication.activeWindow(), "gaspos", texts.error(error))

    sys.excepthook = shown


def run(build: Build, settings: Callable[[], SettingsStore | None], *, demo: bool,
        language: str, counter_no: str) -> int:
    """The app: the login window at once, the services built behind it, then the counter."""
    app = application(language)
    check_binding(app)
    tasks = Tasks()
    texts = Texts(language)
    catch_everything(texts)
    login = show_login(build, tasks, texts, counter_no=counter_no)
    accepted = login.exec()
    svc = login.services
    if not accepted or login.operator is None or svc is None:
        tasks.wait(60_000)  # a build still running ends before the process does
        return 0
    window = counter_window(svc, tasks, texts, login, demo=demo, settings=settings())
    window.resize(1280, 800)
    window.show()
    code = app.exec()
    tasks.wait(10_000)
    return int(code)
