"""Start the counter app: Qt, the look, the translations, the login, the counter screen.

Called by ``gaspos`` (and ``gaspos --demo``) through the composition root with the services
already built; it returns the exit code.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from pos.domain.messages import N_
from pos.services.core.context import Services, Startup
from pos.services.ports import SettingsStore
from pos.ui.common.login import LoginDialog
from pos.ui.common.style import STYLE
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.counter.demo_dock import READER as DEMO_READER
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import (
    QApplication,
    QFont,
    QFontDatabase,
    QLibraryInfo,
    QLocale,
    QMessageBox,
    QTranslator,
    check_binding,
)

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


def open_counter(svc: Services, tasks: Tasks, texts: Texts, *, demo: bool,
                 settings: SettingsStore | None = None) -> CounterWindow | None:
    """Log in, then the counter screen (with the demo dock in demo mode); None if cancelled."""
    title = texts(N_("gaspos counter {counter}: log in"), counter=svc.settings.counter_no)
    login = LoginDialog(svc, tasks, texts, title=title)
    if not login.exec() or login.operator is None:
        return None
    return CounterWindow(svc, tasks, texts, login.operator,
                         reader=DEMO_READER if demo else "pcsc", settings=settings)


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


def run(svc: Services, startup: Startup, settings: SettingsStore | None = None) -> int:
    app = application(svc.settings.language)
    check_binding(app)
    tasks = Tasks()
    texts = Texts(svc.settings.language)
    catch_everything(texts)
    window = open_counter(svc, tasks, texts, demo=startup.demo, settings=settings)
    if window is None:
        return 0
    window.resize(1280, 800)
    window.show()
    code = app.exec()
    tasks.wait(10_000)
    return int(code)

