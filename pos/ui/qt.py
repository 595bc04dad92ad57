"""The one door to Qt: the counter app imports every Qt name from here, never from PySide6.

One place to change when the binding changes, and one place for the binding's check: PySide6
6.12.0 (with Python 3.11) drops a reference to ``None`` on every ``processEvents()`` until the
interpreter aborts (docs/development.md).  ``pyproject.toml`` keeps it out; :func:`check_binding`
refuses to start the app on such a binding if one was installed by hand anyway.  Test tools
(QtTest, QtPdf) are imported by the tests themselves.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

import PySide6

if TYPE_CHECKING:
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSet,
        QChart,
        QChartView,
        QLineSeries,
        QStackedBarSeries,
        QValueAxis,
    )
from PySide6.QtCore import (
    QAbstractTableModel,
    QBuffer,
    QByteArray,
    QDate,
    QEvent,
    QIODevice,
    QLibraryInfo,
    QLocale,
    QMargins,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRunnable,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QIntValidator,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from pos.domain.errors import IntegrityFailure
from pos.domain.messages import N_

BINDING = PySide6.__version__
_PROBE_CALLS = 300


def check_binding(app: QApplication) -> None:
    """Refuse a Qt binding that leaks references to ``None`` (measured, not guessed from the
    version: an interpreter whose ``None`` is immortal never shows the leak)."""
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        app.processEvents()
    if before - sys.getrefcount(None) >= _PROBE_CALLS // 2:
        raise IntegrityFailure(
            "app.qt_binding",
            N_("This PySide6 ({version}) breaks the counter app after a while (it drops a "
               "reference on every event loop pass); install a PySide6 below 6.12 — see "
               "docs/development.md."), version=BINDING)



__all__ = [
    "BINDING",
    "QAbstractItemView",
    "QAbstractTableModel",
    "QApplication",
    "QBarCategoryAxis",
    "QBarSet",
    "QBrush",
    "QBuffer",
    "QButtonGroup",
    "QByteArray",
    "QChart",
    "QChartView",
    "QCheckBox",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QDate",
    "QDateEdit",
    "QDialog",
    "QDialogButtonBox",
    "QDockWidget",
    "QEvent",
    "QFileDialog",
    "QFont",
    "QFontDatabase",
    "QFormLayout",
    "QFrame",
    "QGridLayout",
    "QGroupBox",
    "QGuiApplication",
    "QHBoxLayout",
    "QHeaderView",
    "QIODevice",
    "QImage",
    "QIntValidator",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLibraryInfo",
    "QLineEdit",
    "QLineSeries",
    "QListWidget",
    "QListWidgetItem",
    "QLocale",
    "QMainWindow",
    "QMargins",
    "QMessageBox",
    "QModelIndex",
    "QObject",
    "QPainter",
    "QPen",
    "QPersistentModelIndex",
    "QPixmap",
    "QPlainTextEdit",
    "QPointF",
    "QProgressBar",
    "QPushButton",
    "QRadioButton",
    "QRunnable",
    "QScrollArea",
    "QShortcut",
    "QSize",
    "QSortFilterProxyModel",
    "QSplitter",
    "QStackedBarSeries",
    "QStackedWidget",
    "QStatusBar",
    "QTabWidget",
    "QTableView",
    "QTableWidget",
    "QTableWidgetItem",
    "QThreadPool",
    "QTimer",
    "QTranslator",
    "QVBoxLayout",
    "QValueAxis",
    "QWidget",
    "Qt",
    "Signal",
    "Slot",
    "check_binding",
    "isValid",
]


CHARTS = ("QBarCategoryAxis", "QBarSet", "QChart", "QChartView", "QLineSeries",
          "QStackedBarSeries", "QValueAxis")


def __getattr__(name: str) -> Any:
    """QtCharts is loaded when a chart is first drawn, not with the login window (it is a
    tenth of the app's cold start)."""
    if name in CHARTS:
        return getattr(importlib.import_module("PySide6.QtCharts"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
