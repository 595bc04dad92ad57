"""Households from the previous system, from the administrator's screen (Ctrl+I): the export
chosen (CSV or XLSX) and its column mapping, a dry run first — every row read and held against
the ledger, nothing written — then the import, each in the pool with a progress bar fed by the
services' progress (reading, checking, writing).  The import is offered only after a dry run
of the same file with the same mapping went through; a refusal says the line and column, and
the file changed nothing."""

from __future__ import annotations

from pathlib import Path

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.reasons import os_reason
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.records import household_import
from pos.services.records.household_import import HouseholdImportReport, Progress
from pos.ui.common.page_style import DAY_STYLE, button, figure, hint, run_for
from pos.ui.common.sign_in import SignedInDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QObject,
    QProgressBar,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

STAGES = {"read": N_("Reading the file…"), "check": N_("Checking row %v of %m…"),
          "write": N_("Writing household %v of %m…")}


class ProgressRelay(QObject):
    """The services' progress, emitted from the pool thread, delivered on the GUI thread."""

    moved = Signal(str, int, int)

    def __call__(self, progress: Progress) -> None:
        self.moved.emit(progress.stage, progress.done, progress.total)


class HouseholdImportDialog(SignedInDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            svc, tasks, texts, parent, title=texts(N_("Households from the previous system")),
            style=DAY_STYLE, size=(1100, 640), name="households",
            then=lambda operator: household_import.mapping_choices(svc, operator),
            heading=texts(N_("Households from the previous system (用户档案导入)")),
            guide=texts(N_("The administrator signs in with their own staff number and "
                           "password to import the previous system's households.")))
        self.operator: Operator | None = None
        self.path: Path | None = None
        self.busy = False
        self.report: HouseholdImportReport | None = None
        self._checked: tuple[Path, str] | None = None  # the dry run that went through
        self._relay = ProgressRelay(self)
        self._relay.moved.connect(self._moved)
        self.add_page(self._page())
        self.start()

    def _page(self) -> QWidget:
        t, page = self._t, QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(hint(t(N_(
            "Choose the previous system's export (CSV or XLSX, one row per household) and its "
            "column mapping; run the dry run (F5) first — it checks every row and writes "
            "nothing — then import (F9). All or nothing: a refused file changes nothing, and "
            "the same file again adds nothing twice."))))
        row = QHBoxLayout()
        self.file_label = figure("households_file", role="value")
        self.file_label.setText(t(N_("No file chosen")))
        row.addWidget(self.file_label, 1)
        row.addWidget(QLabel(t(N_("Column mapping"))))
        self.mapping = QComboBox()
        self.mapping.setObjectName("households_mapping")
        self.mapping.setMinimumWidth(220)
        row.addWidget(self.mapping)
        layout.addLayout(row)
        self.stage = figure("households_stage", role="hint")
        layout.addWidget(self.stage)
        self.progress = QProgressBar()
        self.progress.setObjectName("households_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.answer = figure("households_answer", role="ok")
        self.answer.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.answer, 1)
        buttons = QHBoxLayout()
        self.close_button = button(t(N_("Close (Esc)")), "households_close")
        self.choose_button = button(t(N_("Choose the export (F2)")), "households_choose")
        self.dry_button = button(t(N_("Dry run (F5)")), "households_dry_run")
        self.import_button = button(t(N_("Import (F9)")), "households_import")
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        for pushed, action, key in ((self.choose_button, self.choose_file, "F2"),
                                    (self.dry_button, self.dry_run, "F5"),
                                    (self.import_button, self.run_import, "F9")):
            buttons.addWidget(pushed)
            pushed.clicked.connect(action)
            QShortcut(QKeySequence(key), page).activated.connect(action)
        self.close_button.clicked.connect(self.reject)
        layout.addLayout(buttons)
        self.mapping.currentTextChanged.connect(lambda _: self._enable())
        self._enable()
        return page

    def signed_in(self, operator: Operator, result: object) -> None:
        self.operator = operator
        self.mapping.clear()
        self.mapping.addItems([str(name) for name in result]
                              if isinstance(result, list) else ["standard"])
        self.pages.setCurrentIndex(1)
        self._enable()

    # the work
    def choose_file(self) -> None:
        if self.busy or self.operator is None:
            return
        kinds, every = self._t(N_("Household exports")), self._t(N_("All files"))
        chosen, _ = QFileDialog.getOpenFileName(
            self, self._t(N_("Households from the previous system")), str(Path.home()),
            f"{kinds} (*.csv *.xlsx);;{every} (*)")
        if chosen:
            self.choose(Path(chosen))

    def choose(self, path: Path) -> None:
        self.path, self._checked, self.report = path, None, None
        self.file_label.setText(path.name)
        self.answer.clear()
        self._enable()

    def dry_run(self) -> None:
        self._run(dry_run=True)

    def run_import(self) -> None:
        if self._checked != self._chosen():
            return  # the dry run of this very file and mapping comes first
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        chosen, operator = self._chosen(), self.operator
        if self.busy or chosen is None or operator is None:
            return
        path, mapping = chosen
        svc, relay = self._svc, self._relay
        self.busy = True
        self._enable()
        self.answer.clear()
        self.progress.setRange(0, 0)

        def work() -> HouseholdImportReport:
            try:
                data = path.read_bytes()
            except OSError as error:
                raise BadInput("file.unreadable", N_("Cannot read {path}: {why}"),
                               path=str(path), why=os_reason(error)) from error
            return household_import.import_households(
                svc, operator, data, path.name, mapping=mapping, dry_run=dry_run,
                progress=relay)

        run_for(self, self._tasks, work, self._done, self._refused)

    def _moved(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self._t(STAGES.get(stage, STAGES["read"])))
        self.stage.setText(self._t(STAGES.get(stage, STAGES["read"])).replace(
            "%v", str(done)).replace("%m", str(total)))

    def _done(self, report: HouseholdImportReport) -> None:
        self.busy, self.report = False, report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat("%p%")
        self.stage.clear()
        if report.dry_run:
            self._checked = self._chosen()
        self.answer.setProperty("role", "ok")
        self.answer.setText(self._t(_SAYS[_kind(report)], rows=report.rows, new=report.new,
                                    same=report.unchanged, cards=report.cards,
                                    reissue=report.cards_to_reissue,
                                    prepaid=Money(report.prepaid),
                                    arrears=Money(-report.arrears), file=report.file_name))
        self._restyle()
        self._enable()

    def _refused(self, error: BaseException) -> None:
        self.busy = False
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.stage.clear()
        self.answer.setProperty("role", "problem")
        self.answer.setText(self._t.error(error))
        self._restyle()
        self._enable()

    def _restyle(self) -> None:
        self.answer.style().unpolish(self.answer)
        self.answer.style().polish(self.answer)

    def _chosen(self) -> tuple[Path, str] | None:
        if self.path is None:
            return None
        return self.path, self.mapping.currentText() or "standard"

    def _enable(self) -> None:
        ready = not self.busy and self.operator is not None
        self.choose_button.setEnabled(ready)
        self.dry_button.setEnabled(ready and self.path is not None)
        self.import_button.setEnabled(ready and self._checked is not None
                                      and self._checked == self._chosen())


def _kind(report: HouseholdImportReport) -> str:
    if report.dry_run:
        return "dry"
    return "nothing" if report.new == 0 else "done"


_SAYS = {
    "dry": N_("Dry run of {file}: {rows} rows, {new} new households ({cards} cards, {reissue} "
              "to re-issue at the first visit), {same} already imported; prepaid {prepaid} "
              "yuan, arrears {arrears} yuan. Nothing was written."),
    "nothing": N_("{file}: all {rows} rows are already imported; nothing changed."),
    "done": N_("{file}: {rows} rows, {new} new households imported ({cards} cards, {reissue} "
               "to re-issue at the first visit), {same} already imported; prepaid {prepaid} "
               "yuan, arrears {arrears} yuan."),
}
