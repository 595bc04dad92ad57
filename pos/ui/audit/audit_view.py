"""The audit log (审计日志), opened over the counter with Ctrl+L by a supervisor or an
administrator who signs in with their own staff number and password (docs/audit.md).

    sign in ──▶ filters: staff · account · action · from · to   (Enter searches)
                the events, newest last (arrow keys) · F10 export XLSX · Esc closes

The services decide who may read the log; every search runs off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pos.domain.audit import AuditAction, AuditEvent
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.records.audit_log import AuditFilter, audit_events, describe, export_audit
from pos.ui.common.page_style import DAY_STYLE, button, figure, run_for
from pos.ui.common.sign_in import SignedInDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field
from pos.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SHOWN = 2000  # events on the screen at a time; the export takes up to the service's limit
AUDIT_STYLE = DAY_STYLE + """
QLineEdit, QComboBox { font-size: 20px; padding: 2px; }
QTableWidget { font-size: 16px; }
"""


class AuditView(SignedInDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            svc, tasks, texts, parent, title=texts(N_("Audit log")), style=AUDIT_STYLE,
            size=(1260, 780), name="audit",
            then=lambda operator: audit_events(svc, operator, AuditFilter(limit=SHOWN)),
            heading=texts(N_("Audit log (审计日志)")),
            guide=texts(N_("A supervisor or an administrator signs in with their own staff "
                           "number and password to read who did what, and when.")))
        self.operator: Operator | None = None
        self.busy = False
        self.add_page(self._page())
        self.start()

    def _page(self) -> QWidget:
        t, page = self._t, QWidget()
        layout = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.staff = field("audit_staff")
        self.account = field("audit_account")
        self.first = field("audit_from")
        self.last = field("audit_to")
        for edit in (self.first, self.last):
            edit.setPlaceholderText("YYYY-MM-DD")
        self.action = QComboBox()
        self.action.setObjectName("audit_action")
        self.action.addItem(t(N_("every action")), None)
        for action in sorted(AuditAction, key=lambda a: a.value):
            self.action.addItem(t(action.label.msgid), action)
        for label, widget in ((N_("Staff no."), self.staff), (N_("Subject"), self.account),
                              (N_("What happened"), self.action), (N_("From"), self.first),
                              (N_("To"), self.last)):
            column = QFormLayout()
            column.addRow(QLabel(t(label)))
            column.addRow(widget)
            filters.addLayout(column, 2 if widget is self.action else 1)
        layout.addLayout(filters)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([t(N_("Time")), t(N_("Staff no.")),
                                              t(N_("What happened")), t(N_("Subject")),
                                              t(N_("Counter")), t(N_("Details"))])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.answer = figure("audit_answer", role="ok")
        layout.addWidget(self.answer)
        buttons = QHBoxLayout()
        self.close_button = button(t(N_("Close (Esc)")), "audit_close")
        self.search_button = button(t(N_("Search (Enter)")), "audit_search")
        self.xlsx = button(t(N_("Export {format} ({key})"), format="XLSX", key="F10"),
                           "audit_xlsx")
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.xlsx)
        layout.addLayout(buttons)
        self.close_button.clicked.connect(self.reject)
        self.search_button.clicked.connect(self.search)
        self.xlsx.clicked.connect(lambda _=False: self.export())  # not clicked(bool) as path
        for edit in (self.staff, self.account, self.first, self.last):
            edit.returnPressed.connect(self.search)
        return page

    def signed_in(self, operator: Operator, result: object) -> None:
        self.operator = operator
        assert isinstance(result, list)
        self.pages.setCurrentIndex(1)
        self.show_events(result)
        self.staff.setFocus()

    def wanted(self, limit: int = SHOWN) -> AuditFilter:
        action = self.action.currentData()
        return AuditFilter(
            staff_no=self.staff.text().strip() or None,
            account_no=self.account.text().strip() or None,
            action=action if isinstance(action, AuditAction) else None,
            first=_day(self.first.text()), last=_day(self.last.text()), limit=limit)

    def search(self) -> None:
        operator = self.operator
        if operator is None or self.busy:
            return
        try:
            wanted = self.wanted()
        except BadInput as error:
            self.say(self._t.error(error), ok=False)
            return
        svc = self._svc
        self._run(lambda: audit_events(svc, operator, wanted), self.show_events)

    def show_events(self, events: list[AuditEvent]) -> None:
        zone = self._svc.settings.timezone
        self.table.setRowCount(len(events))
        for row, e in enumerate(events):
            cells = (e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"), e.actor or "—",
                     self._t.message(e.action.label), e.subject, e.counter_no or "",
                     describe(e))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if events:
            self.table.scrollToBottom()
        self.say(self._t(N_("{count} events."), count=len(events)) if events
                 else self._t(N_("No audit event matches.")), ok=True)

    def export(self, path: Path | None = None) -> None:
        operator = self.operator
        if operator is None or self.busy:
            return
        try:
            wanted = self.wanted(limit=AuditFilter().limit)
        except BadInput as error:
            self.say(self._t.error(error), ok=False)
            return
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self._t(N_("Audit log")), str(Path.home() / "audit.xlsx"),
                "Excel (*.xlsx)")
            if not chosen:
                return
            path = Path(chosen)
        svc, out = self._svc, path
        self._run(lambda: export_audit(svc, operator, wanted, out, force=True),
                  lambda count: self.say(self._t(N_("{count} audit events written to {path}."),
                                                 count=count, path=str(out)), ok=True))

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.busy = True

        def finished(value: Any) -> None:
            self.busy = False
            done(value)

        def refused(error: BaseException) -> None:
            self.busy = False
            self.say(self._t.error(error), ok=False)

        run_for(self, self._tasks, work, finished, refused)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.pages.currentIndex() == 1 and event.key() == Qt.Key.Key_F10.value:
            self.export()
        elif self.pages.currentIndex() == 1 and event.key() in (Qt.Key.Key_Return.value,
                                                                Qt.Key.Key_Enter.value):
            self.search()
        else:
            super().keyPressEvent(event)


def _day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput("date.invalid", N_("“{text}” is not a date: write it as YYYY-MM-DD."),
                       text=text) from None
