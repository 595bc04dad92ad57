"""Statements into the ledger's store, from finance's screen: the files chosen (WeChat Pay, Alipay,
bank — several at once) are imported one after another off the GUI thread, a bar over the
files and a busy bar on the file being read; each file then says its format, its rows, how many
were new and how many were already imported — or, refused, why in words (the file and line).
A refused file changes nothing (the services import all of a file or nothing of it).

A bank file that no format and no saved layout recognises is not simply refused: the import waits
while finance maps its columns once (:class:`MappingDialog`); the file is then imported through
that mapping, saved under the bank's name for the next file of the same layout."""

from __future__ import annotations

from pathlib import Path

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reasons import os_reason
from pos.domain.reconciliation.labels import source_label
from pos.domain.staff import Operator
from pos.domain.statements.text import Row
from pos.services.core.context import Services
from pos.services.month import layouts, statements
from pos.services.month.statements import Imported
from pos.ui.common.page_style import hint, run_for
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.month.mapping_dialog import MappingDialog
from pos.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QHeaderView,
    QProgressBar,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)

HEADERS = (N_("File"), N_("Format"), N_("Lines"), N_("New"), N_("Already imported"))
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
REFUSED = "#b00020"


def read_and_import(svc: Services, operator: Operator, path: Path) -> Imported:
    """On the pool thread: the file's bytes, then the services' import (all or nothing)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput("statement.read", N_("Cannot read {path}: {why}"), path=str(path),
                       why=os_reason(error)) from error
    return statements.import_statement(svc, operator, data, path.name)


def read_first_rows(svc: Services, path: Path) -> tuple[bytes, list[Row]]:
    """On the pool thread: the file's bytes and first rows, for the mapping screen."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput("statement.read", N_("Cannot read {path}: {why}"), path=str(path),
                       why=os_reason(error)) from error
    return data, layouts.first_rows(svc, data)


class ImportPane(QWidget):
    """``finished(added)``: every chosen file has had its answer; ``added`` new rows in all."""

    finished = Signal(int)

    def __init__(self, svc: Services, tasks: Tasks, texts: Texts) -> None:
        super().__init__()
        self._svc, self._tasks, self._t = svc, tasks, texts
        layout = QVBoxLayout(self)
        self.guide = hint(texts(N_("F2 chooses the statements to import — the WeChat Pay bill, "
                                   "the Alipay bill, the bank statement (CSV or XLSX), several "
                                   "at once. A file imported again adds nothing twice.")))
        layout.addWidget(self.guide)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("month_imports")
        self.table.setHorizontalHeaderLabels([texts(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("month_import_progress")
        self.progress.setFormat(texts(N_("%v of %m files")))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.results: list[Imported | BaseException] = []
        self._paths: list[Path] = []
        self._operator: Operator | None = None
        self._added = 0
        self.mapping: MappingDialog | None = None  # open while a file's columns are mapped

    @property
    def busy(self) -> bool:
        return len(self.results) < len(self._paths)

    def import_files(self, operator: Operator, paths: list[Path]) -> None:
        if self.busy or not paths:
            return
        self._operator, self._paths, self.results, self._added = operator, paths, [], 0
        self.table.clearSpans()
        self.table.setRowCount(len(paths))
        for row, path in enumerate(paths):
            self.table.setItem(row, 0, QTableWidgetItem(path.name))
            self._say(row, self._t(N_("Waiting…")))
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self._next()

    def _next(self) -> None:
        row, operator, svc = len(self.results), self._operator, self._svc
        if row >= len(self._paths) or operator is None:
            self.finished.emit(self._added)
            return
        path = self._paths[row]
        busy = QProgressBar()
        busy.setObjectName("month_import_busy")
        busy.setRange(0, 0)  # a busy bar: the file is being read, parsed and stored
        self.table.setSpan(row, 1, 1, len(HEADERS) - 1)
        self.table.setCellWidget(row, 1, busy)
        self.table.scrollToItem(self.table.item(row, 0) or QTableWidgetItem())
        run_for(self, self._tasks, lambda: read_and_import(svc, operator, path),
                lambda done: self._answer(row, done), lambda error: self._answer(row, error))

    def _answer(self, row: int, outcome: Imported | BaseException) -> None:
        operator, svc, path = self._operator, self._svc, self._paths[row]
        if operator is not None and layouts.is_unrecognised(outcome):
            run_for(self, self._tasks, lambda: read_first_rows(svc, path),
                    lambda found: self._ask_mapping(row, operator, outcome, found),
                    lambda _error: self._settle(row, outcome))
            return
        self._settle(row, outcome)

    def _ask_mapping(self, row: int, operator: Operator, refused: Imported | BaseException,
                     found: tuple[bytes, list[Row]]) -> None:
        data, rows = found
        self.table.removeCellWidget(row, 1)
        self._say(row, self._t(N_("Not a known layout: map its columns once (the mapping "
                                  "screen is open).")))
        dialog = MappingDialog(self._svc, self._tasks, self._t, operator, self._paths[row],
                               data, rows, parent=self)
        self.mapping = dialog
        dialog.finished.connect(lambda _result: self._mapped(row, dialog, refused))
        dialog.open()

    def _mapped(self, row: int, dialog: MappingDialog,
                refused: Imported | BaseException) -> None:
        self.mapping = None
        self.window().activateWindow()  # the month screen's keys are its own again
        self._settle(row, dialog.imported or refused)

    def _settle(self, row: int, outcome: Imported | BaseException) -> None:
        self.table.removeCellWidget(row, 1)
        self.results.append(outcome)
        if isinstance(outcome, Imported):
            record = outcome.record
            self.table.setSpan(row, 1, 1, 1)
            self.table.setItem(row, 1, QTableWidgetItem(
                f"{self._t.message(source_label(record.source))} ({record.format}, "
                f"{outcome.statement.encoding})"))
            for column, number in ((2, record.lines_in_file), (3, record.lines_added),
                                   (4, outcome.skipped)):
                cell = QTableWidgetItem(str(number))
                cell.setTextAlignment(_RIGHT)
                self.table.setItem(row, column, cell)
            self._added += record.lines_added
        else:
            self._say(row, self._t.error(outcome), refused=True)
        self.table.resizeRowToContents(row)
        self.progress.setValue(len(self.results))
        self._next()

    def _say(self, row: int, text: str, *, refused: bool = False) -> None:
        self.table.setSpan(row, 1, 1, len(HEADERS) - 1)
        cell = QTableWidgetItem(text)
        if refused:
            cell.setForeground(QBrush(QColor(REFUSED)))
        self.table.setItem(row, 1, cell)

    def rows(self) -> list[list[str]]:
        """What the table shows, as text (for tests and screenshots)."""
        def text(r: int, c: int) -> str:
            item = self.table.item(r, c)
            return "" if item is None else item.text()
        return [[text(r, c) for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
