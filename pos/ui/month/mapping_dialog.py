"""A bank file no format knows, mapped once by finance (docs/reconciliation.md, "Saved bank
layouts"): its first rows as read, the header row, and for each role — date, time, money in,
money out or one signed amount, balance, counterparty, memo, serial — the column that holds it,
suggested from the bank words the header uses.  Saved under the bank's name with the file's
import, and only when the mapping has read the whole file; the next file with the same header
row is then read without asking.

Keyboard only: the bank's name is typed first; Tab walks the header row and the roles; Up/Down
choose in a list; Enter saves and imports; Esc cancels (the file stays refused, nothing
changes)."""

from __future__ import annotations

from pathlib import Path

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.domain.statements.layouts import ROLES, bank_layout, header_guess, suggest
from pos.domain.statements.text import Row
from pos.services.core.context import Services
from pos.services.month import statements
from pos.services.month.statements import Imported
from pos.ui.common.page_style import button, hint, run_for
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, problem_label
from pos.ui.month.work import FINANCE_STYLE
from pos.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFont,
    QFormLayout,
    QHBoxLayout,
    QKeyEvent,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SHOWN_ROWS = 12
NONE = "—"


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class MappingDialog(QDialog):
    """``imported``: the file's import once the mapping has read it (the dialog then accepts)."""

    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, operator: Operator,
                 path: Path, data: bytes, rows: list[Row],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t, self._operator = svc, tasks, texts, operator
        self._path, self._data, self._rows = path, data, rows
        self.imported: Imported | None = None
        self.busy = False
        self.setObjectName("month_mapping")
        self.setWindowTitle(texts(N_("Map the bank's columns")))
        self.setStyleSheet(FINANCE_STYLE)
        self.resize(1200, 820)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(texts(N_(
            "No format this program knows fits {file}. Say once which column holds what and save "
            "it under the bank's name: the next file with the same header row is read the same "
            "way. Tab moves on, Up/Down choose, Enter saves and imports, Esc cancels."),
            file=path.name)))
        layout.addWidget(self._preview(), 1)
        layout.addLayout(self._form())
        self.problem = problem_label("month_mapping_problem")
        layout.addWidget(self.problem)
        layout.addLayout(self._buttons())
        self.header.setCurrentIndex(header_guess(rows) if rows else -1)
        self._header_chosen()
        self.header.currentIndexChanged.connect(lambda _: self._header_chosen())
        self.name.setFocus()

    # the screen
    def _preview(self) -> QTableWidget:
        shown = self._rows[:SHOWN_ROWS]
        width = max((len(row.cells) for row in shown), default=0)
        self.table = QTableWidget(len(shown), width)
        self.table.setObjectName("month_mapping_preview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the choices
        self.table.setHorizontalHeaderLabels([column_letter(i) for i in range(width)])
        self.table.setVerticalHeaderLabels([str(row.line) for row in shown])
        for r, row in enumerate(shown):
            for c, cell in enumerate(row.cells):
                self.table.setItem(r, c, QTableWidgetItem(cell))
        self.table.resizeColumnsToContents()
        return self.table

    def _form(self) -> QHBoxLayout:
        t = self._t
        left, right = QFormLayout(), QFormLayout()
        self.name = field("month_mapping_name")
        self.name.setPlaceholderText(t(N_("such as {example}"), example="城东农商银行"))
        left.addRow(t(N_("Bank's name")), self.name)
        self.header = QComboBox()
        self.header.setObjectName("month_mapping_header")
        for row in self._rows[:SHOWN_ROWS]:
            cells = " · ".join(cell for cell in row.cells if cell)
            self.header.addItem(t(N_("Line {line}: {cells}"), line=row.line, cells=cells[:60]))
        left.addRow(t(N_("Header row")), self.header)
        self.roles: dict[str, QComboBox] = {}
        for number, (role, (label, _)) in enumerate(ROLES.items()):
            choice = QComboBox()
            choice.setObjectName(f"month_mapping_{role}")
            self.roles[role] = choice
            (left if number < 4 else right).addRow(t(label), choice)
        both = QHBoxLayout()
        both.addLayout(left, 1)
        both.addLayout(right, 1)
        return both

    def _buttons(self) -> QHBoxLayout:
        t, buttons = self._t, QHBoxLayout()
        self.cancel_button = button(t(N_("Cancel (Esc)")), "month_mapping_cancel")
        self.save_button = button(t(N_("Save and import (Enter)")), "month_mapping_save")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        return buttons

    def header_row(self) -> Row | None:
        index = self.header.currentIndex()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _header_chosen(self) -> None:
        header = self.header_row()
        cells = header.cells if header else ()
        suggested = suggest(header) if header else {}
        for role, choice in self.roles.items():
            choice.clear()
            choice.addItem(NONE, -1)
            for index, cell in enumerate(cells):
                if cell:
                    choice.addItem(f"{column_letter(index)} · {cell}", index)
            chosen = suggested.get(role)
            choice.setCurrentIndex(0 if chosen is None else max(0, choice.findData(chosen)))
        index = self.header.currentIndex()
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    font = QFont(item.font())
                    font.setBold(r == index)
                    item.setFont(font)

    def chosen(self) -> dict[str, int]:
        """role → column, as chosen now."""
        found: dict[str, int] = {}
        for role, choice in self.roles.items():
            column = choice.currentData()
            if isinstance(column, int) and column >= 0:
                found[role] = column
        return found

    # the work
    def save(self) -> None:
        header = self.header_row()
        if self.busy or header is None:
            return
        if not self.name.text().strip():
            self.problem.setText(self._t(N_("Give the bank's name: the mapping is saved under "
                                            "it.")))
            self.name.setFocus()
            return
        try:
            layout = bank_layout(self.name.text(), header, self.chosen())
        except BadInput as error:
            self.problem.setText(self._t.error(error))
            return
        self.busy = True
        self.problem.setText(self._t(N_("Working…")))
        svc, operator, data, name = self._svc, self._operator, self._data, self._path.name
        run_for(self, self._tasks,
                lambda: statements.import_statement(svc, operator, data, name, layout=layout),
                self._imported, self._refused)

    def _imported(self, done: Imported) -> None:
        self.busy = False
        self.imported = done
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.busy = False
        self.problem.setText(self._t.error(error))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value):
            focus = self.focusWidget()
            if focus is self.cancel_button:
                self.reject()
            elif isinstance(focus, QPushButton) and focus is not self.save_button:
                focus.click()
            else:
                self.save()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if not self.busy:  # the import under way answers first
            super().reject()
