"""Household lookup (F3): by account, card or meter number, or part of a name or phone — the
one-file-per-household view, personal data masked; F6 reveals it for the roles allowed to,
audited each time (the services decide and record)."""

from __future__ import annotations

from pathlib import Path

from pos.domain.accounts import Account
from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.records.accounts import HouseholdFile, find_households, household_file
from pos.services.records.household_export import FileFormat, export_household
from pos.services.records.household_view import file_lines
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, problem_label
from pos.ui.qt import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)


class LookupDialog(QDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, operator: Operator,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t, self._operator = svc, tasks, texts, operator
        self.file: HouseholdFile | None = None
        self.setWindowTitle(texts(N_("Household lookup")))
        self.resize(1100, 680)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(texts(N_("Account, card or meter number, or part of a name or "
                                          "phone number; Enter searches. Enter on a household "
                                          "opens its file; F6 shows personal data (audited); "
                                          "F10 exports the file as PDF or XLSX."))))
        self.query = field("lookup_query")
        self.query.returnPressed.connect(self.search)
        layout.addWidget(self.query)
        row = QHBoxLayout()
        self.found = QListWidget()
        self.found.setObjectName("lookup_found")
        self.found.itemActivated.connect(
            lambda item: self.open_file(str(item.data(Qt.ItemDataRole.UserRole))))
        row.addWidget(self.found, 2)
        self.view = QPlainTextEdit()
        self.view.setObjectName("lookup_file")
        self.view.setReadOnly(True)
        row.addWidget(self.view, 5)
        layout.addLayout(row)
        self.problem = problem_label("lookup_problem")
        layout.addWidget(self.problem)
        self.query.setFocus()

    def search(self) -> None:
        text = self.query.text()
        self.problem.clear()
        self._tasks.run(lambda: find_households(self._svc, self._operator, text), self._list,
                        self._failed, owner=self)

    def _list(self, accounts: list[Account]) -> None:
        self.found.clear()
        self.view.clear()
        self.file = None
        for account in accounts:
            item = QListWidgetItem(f"{account.account_no}  {account.name}  {account.phone}")
            item.setData(Qt.ItemDataRole.UserRole, account.account_no)
            self.found.addItem(item)
        if accounts:
            self.found.setCurrentRow(0)
            self.found.setFocus()
        else:
            self.problem.setText(self._t(N_("No household found.")))

    def open_file(self, account_no: str, *, reveal: bool = False) -> None:
        self.problem.clear()
        self._tasks.run(lambda: household_file(self._svc, self._operator, account_no,
                                               reveal=reveal),
                        self._show, self._failed, owner=self)

    def _show(self, file: HouseholdFile) -> None:
        self.file = file
        zone = self._svc.settings.timezone
        self.view.setPlainText("\n".join(self._t.message(line)
                                         for line in file_lines(file, zone)))

    def export(self, path: Path | None = None) -> None:
        """F10: the household file as PDF or XLSX (by the name's suffix), as shown: masked
        unless it was revealed (a reveal is checked and audited again)."""
        shown = self.file
        if shown is None:
            return
        account_no = shown.account.account_no
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self._t(N_("Export the household file")),
                str(Path.home() / f"household-{account_no}.pdf"),
                "PDF (*.pdf);;Excel (*.xlsx)")
            if not chosen:
                return
            path = Path(chosen)
        out = path
        form = FileFormat.XLSX if out.suffix.lower() == ".xlsx" else FileFormat.PDF
        self._tasks.run(lambda: export_household(self._svc, self._operator, account_no, form,
                                                 out, reveal=shown.revealed, force=True),
                        lambda _: self.problem.setText(self._t(
                            N_("The file of account {account_no} is written to {path}."),
                            account_no=account_no, path=str(out))),
                        self._failed, owner=self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_F6.value and self.file is not None:
            self.open_file(self.file.account.account_no, reveal=True)
            return
        if event.key() == Qt.Key.Key_F10.value:
            self.export()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        """Closing leaves nothing of the household behind (revealed data included)."""
        self.view.clear()
        self.found.clear()
        self.file = None
        super().done(result)

    def _failed(self, error: BaseException) -> None:
        self.problem.setText(self._t.error(error))
