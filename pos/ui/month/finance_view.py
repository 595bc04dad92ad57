"""Finance's month (月对账), opened over the counter with Ctrl+M: the statements imported, the month
reconciled against the ledger, each open item resolved with a note, the month locked.

    sign in ──▶ the month: F2 import · F5 reconcile · the items (filter by status, channel)
    (finance)    F6 explain · F7 carry over · F8 link (with the note) · F9 lock · F10 XLSX
                 F3 the chart of the month's takings and bank credits · F4 to an effect's cause

Finance signs in with their own staff number and password (the services decide who may
reconcile); every call runs off the GUI thread, and what the services refuse is said in their
words.  Esc goes back to the table from the note, and closes the screen from elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reconciliation.month import Action, MonthState
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.month import reconciliation
from pos.services.month.reconciliation import MonthView
from pos.ui.common.page_style import (
    button,
    figure,
    run_for,
    set_state,
)
from pos.ui.common.sign_in import SignedInDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.month.panel import ItemsPanel
from pos.ui.month.statement_import import ImportPane
from pos.ui.month.work import FINANCE_STYLE, Loaded, first_month, load_month, write_xlsx
from pos.ui.qt import (
    QDate,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QMessageBox,
    QPushButton,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pos.ui.report.takings_chart import TakingsChart

ITEMS, IMPORTS, CHART = 0, 1, 2


class FinanceView(SignedInDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            svc, tasks, texts, parent, title=texts(N_("Month reconciliation")),
            style=FINANCE_STYLE, size=(1260, 780), name="month",
            then=lambda operator: first_month(svc, operator),
            heading=texts(N_("Month reconciliation (月对账)")),
            guide=texts(N_("Finance signs in with their own staff number and password to import "
                           "the statements, reconcile the month and lock it.")))
        self.operator: Operator | None = None
        self.view: MonthView | None = None
        self.busy = False
        self.confirm: QMessageBox | None = None
        self._asked = 0  # the last month asked for: an older answer is dropped
        self.add_page(self._month_page())
        self.start()

    # the screen
    def _month_page(self) -> QWidget:
        t, page = self._t, QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(t(N_("Month"))))
        self.month = QDateEdit()
        self.month.setObjectName("month_picker")
        self.month.setDisplayFormat("yyyy-MM")
        bar.addWidget(self.month)
        self.state = figure("month_state", role="value")
        bar.addWidget(self.state)
        self.summary = figure("month_summary", role="hint")
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        self.items = ItemsPanel(t, self._svc.settings.timezone)
        self.tabs.addTab(self.items, t(N_("Items")))
        self.imports = ImportPane(self._svc, self._tasks, t)
        self.tabs.addTab(self.imports, t(N_("Imported files (F2)")))
        self.chart = TakingsChart(t)
        self.tabs.addTab(self.chart, t(N_("Chart (F3)")))
        layout.addWidget(self.tabs, 1)
        self.answer = figure("month_answer", role="ok")
        layout.addWidget(self.answer)
        layout.addLayout(self._buttons())
        self.month.dateChanged.connect(lambda _: self.load())
        self.imports.finished.connect(self._imported)
        self.items.shown.connect(lambda: self.tabs.setCurrentIndex(ITEMS))
        for action, pushed in self.items.resolve_box.buttons.items():
            pushed.clicked.connect(lambda _=False, a=action: self.resolve(a))
        return page

    def _buttons(self) -> QHBoxLayout:
        t, buttons = self._t, QHBoxLayout()
        self.close_button = button(t(N_("Close (Esc)")), "month_close")
        self.import_button = button(t(N_("Import statements (F2)")), "month_import")
        self.reconcile_button = button(t(N_("Reconcile (F5)")), "month_reconcile")
        self.lock_button = button(t(N_("Lock the month (F9)")), "month_lock")
        self.xlsx = button(t(N_("Export {format} ({key})"), format="XLSX", key="F10"),
                           "month_xlsx")
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        for pushed, action in ((self.import_button, self.choose_files),
                               (self.reconcile_button, self.reconcile),
                               (self.lock_button, self.ask_lock), (self.xlsx, self.export)):
            buttons.addWidget(pushed)
            pushed.clicked.connect(action)
        self.close_button.clicked.connect(self.reject)
        return buttons

    # which month
    def month_text(self) -> str:
        chosen = self.month.date()
        return f"{chosen.year():04d}-{chosen.month():02d}"

    def signed_in(self, operator: Operator, first: tuple[str, Loaded]) -> None:
        self.operator = operator
        month, loaded = first
        self.month.blockSignals(True)
        self.month.setDate(QDate(int(month[:4]), int(month[5:]), 1))
        self.month.blockSignals(False)
        self.pages.setCurrentIndex(1)
        self._asked += 1
        self._loaded(self._asked, loaded)
        self.items.table.setFocus()

    def load(self) -> None:
        """The month as it is now (the picker changed, or after an import)."""
        if self.operator is None:
            return
        self._asked += 1
        asked, month, svc = self._asked, self.month_text(), self._svc
        self._run(lambda: load_month(svc, month), lambda loaded: self._loaded(asked, loaded),
                  lambda error: self.say(self._t.error(error), ok=False))

    def _loaded(self, asked: int, loaded: Loaded) -> None:
        if asked == self._asked:
            view, days = loaded
            self.show_view(view)
            self.chart.show_days(days)

    # the items
    def show_view(self, view: MonthView | None, select: str | None = None) -> None:
        t = self._t
        self.view = view
        self.items.show_items(view, select)
        state = view.state if view else MonthState.OPEN
        self.state.setText(t.message(state.label))
        set_state(self.state, state.value)
        if view is None:
            self.summary.setText(t(N_("F2 imports the month's statements, F5 reconciles.")))
            return
        counts = view.summary()
        self.summary.setText(t(N_(
            "{items} items · {open} open · {matched} matched · {differs} differ · "
            "{in_transit} in transit"), items=len(view.items), open=len(view.open_items),
            matched=sum(c.matched for c in counts),
            differs=sum(c.differences + c.statement_only + c.ledger_only for c in counts),
            in_transit=sum(c.in_transit for c in counts)))

    # the work: one write at a time
    def _run(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        run_for(self, self._tasks, work, done, failed)  # dropped once the screen is closed

    def _write(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self.busy or self.operator is None:
            return
        self.busy = True
        self.say(self._t(N_("Working…")), ok=True)

        def finished(value: Any) -> None:
            self.busy = False
            self.say("", ok=True)
            done(value)

        def refused(error: BaseException) -> None:
            self.busy = False
            self.say(self._t.error(error), ok=False)

        self._run(work, finished, refused)

    def choose_files(self) -> None:
        if self.busy or self.operator is None:
            return
        kinds, every = self._t(N_("Statements")), self._t(N_("All files"))
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self._t(N_("Import statements")), str(Path.home()),
            f"{kinds} (*.csv *.xlsx *.txt);;{every} (*)")
        if chosen:
            self.import_files([Path(name) for name in chosen])

    def import_files(self, paths: list[Path]) -> None:
        if self.busy or self.operator is None or not paths:
            return
        self.busy = True
        self.say(self._t(N_("Working…")), ok=True)
        self.tabs.setCurrentIndex(IMPORTS)
        self.imports.import_files(self.operator, paths)

    def _imported(self, added: int) -> None:
        self.busy = False
        self.say(self._t(N_("{added} new rows imported: F5 reconciles the month with them."),
                         added=added), ok=True)
        self.load()

    def reconcile(self) -> None:
        svc, operator, month = self._svc, self.operator, self.month_text()
        if operator is not None:
            self._write(lambda: reconciliation.reconcile_month(svc, operator, month),
                        self._reconciled)

    def _reconciled(self, view: MonthView) -> None:
        first_open = view.open_items[0].key if view.open_items else None
        self.show_view(view, select=first_open)
        self.items.select_key(first_open or self.items.selected_key())
        self.say(self._t(N_("Reconciled: {open} items open."), open=len(view.open_items)),
                 ok=not view.open_items)

    def resolve(self, action: Action) -> None:
        panel, svc, operator, month = self.items, self._svc, self.operator, self.month_text()
        item = panel.selected()
        if item is None or operator is None or self.busy:
            return
        try:
            entry = panel.resolve_box.entry_seq(action)
        except BadInput as error:
            self.say(self._t.error(error), ok=False)
            return
        note, key, row = panel.resolve_box.note.text(), item.key, panel.table.currentIndex().row()

        def work() -> MonthView:
            reconciliation.resolve(svc, operator, month, key, action, note, entry)
            return reconciliation.month_view(svc, month)

        self._write(work, lambda view: self._resolved(view, key, row))

    def _resolved(self, view: MonthView, key: str, row: int) -> None:
        self.items.resolve_box.clear()
        self.show_view(view, select=key)
        following = self.items.next_open(row)
        self.items.select_key(following or key, widen=following is not None)
        self.items.table.setFocus()
        self.say(self._t(N_("Item {key} resolved."), key=key), ok=True)

    def ask_lock(self) -> None:
        if self.busy or self.operator is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self._t(N_("Lock the month")), self._t(N_(
            "Lock {month}? A locked month never changes: no import, reconciliation or "
            "resolution reaches it again."), month=self.month_text()),
            QMessageBox.StandardButton.NoButton, self)
        lock = box.addButton(self._t(N_("Lock (Enter)")), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(lock)
        box.setObjectName("month_confirm_lock")
        self.confirm = box
        box.finished.connect(lambda _: self._lock_answered(box.clickedButton() is lock))
        box.open()

    def _lock_answered(self, yes: bool) -> None:
        self.confirm = None
        self.activateWindow()  # the keys are the screen's again
        svc, operator, month = self._svc, self.operator, self.month_text()
        if yes and operator is not None:
            self._write(lambda: reconciliation.lock_month(svc, operator, month), self._locked_now)
        self.items.table.setFocus()

    def _locked_now(self, view: MonthView) -> None:
        self.show_view(view)
        self.say(self._t(N_("The month {month} is locked."), month=view.month.text), ok=True)

    def export(self, path: Path | None = None) -> None:
        svc, month = self._svc, self.month_text()
        if self.operator is None or self.busy:
            return
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self._t(N_("Export the reconciliation")),
                str(Path.home() / f"reconciliation-{month}.xlsx"), "Excel (*.xlsx)")
            if not chosen:
                return
            path = Path(chosen)
        wanted = path
        self._write(lambda: write_xlsx(svc, month, wanted), lambda written: self.say(
            self._t(N_("Written to {path}."), path=str(written)), ok=True))

    # the keys
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key, focus = event.key(), self.focusWidget()
        actions: dict[int, Callable[[], None]] = {
            Qt.Key.Key_F2.value: self.choose_files, Qt.Key.Key_F3.value: self.toggle_chart,
            Qt.Key.Key_F4.value: self.items.to_cause, Qt.Key.Key_F5.value: self.reconcile,
            Qt.Key.Key_F6.value: lambda: self.resolve(Action.EXPLAIN),
            Qt.Key.Key_F7.value: lambda: self.resolve(Action.CARRY),
            Qt.Key.Key_F8.value: lambda: self.resolve(Action.LINK),
            Qt.Key.Key_F9.value: self.ask_lock, Qt.Key.Key_F10.value: self.export}
        if self.pages.currentIndex() == 1 and key in actions:
            actions[key]()
        elif key in (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value):
            if isinstance(focus, QPushButton):
                focus.click()  # Enter presses the button that has the focus, and only that one
            elif focus is self.items.table:
                self.items.resolve_box.note.setFocus()
        elif key == Qt.Key.Key_Escape.value and focus in (self.items.resolve_box.note,
                                                          self.items.resolve_box.entry):
            self.items.table.setFocus()
        else:
            super().keyPressEvent(event)

    def toggle_chart(self) -> None:
        self.tabs.setCurrentIndex(ITEMS if self.tabs.currentIndex() == CHART else CHART)
        if self.tabs.currentIndex() == ITEMS:
            self.items.table.setFocus()

    def reject(self) -> None:
        if not self.busy:  # the month's work finishes first; its answer must find the screen
            super().reject()
