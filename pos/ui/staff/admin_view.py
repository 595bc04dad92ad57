"""The staff page (员工管理), opened over the counter with Ctrl+U by an administrator, who signs
in with their own staff number and password (the services refuse any other role): every staff
member with number, name, role, state and last login, and what an administrator does to them —
each asked again before it is done, each audited by the services (docs/staff.md).

Keys: ↑/↓ choose a staff member · F5 show again · F6 disable or enable · F7 unlock ·
F8 reset the password · F9 change the role · Esc close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from pos.domain.messages import N_
from pos.domain.staff import Operator, Role, StaffState
from pos.services.core.context import Services
from pos.services.records import staff_admin
from pos.services.records.staff_admin import PasswordReset, StaffView
from pos.ui.common.page_style import DAY_STYLE, button, figure, run_for
from pos.ui.common.sign_in import SignedInDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from pos.ui.staff.confirm import RoleDialog, confirm

T = TypeVar("T")
COLUMNS = (N_("Staff number"), N_("Full name"), N_("Role"), N_("State"), N_("Last login"))
STATE_COLOURS = {StaffState.ACTIVE: "#1b7a2f", StaffState.DISABLED: "#777777",
                 StaffState.LOCKED: "#b00020"}
STAFF_STYLE = DAY_STYLE + """
QTableWidget#staff_table { font-size: 20px; }
QLabel#staff_notice { font-size: 24px; font-weight: bold; color: #0b4f9c; }
"""


class StaffAdminView(SignedInDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            svc, tasks, texts, parent, title=texts(N_("Staff")), style=STAFF_STYLE,
            size=(1100, 700), name="staff", then=self._everyone,
            heading=texts(N_("Staff administration")),
            guide=texts(N_("An administrator signs in with their own staff number and password "
                           "to manage staff: disable a leaver, unlock, reset a password, change "
                           "a role.")))
        self.operator: Operator | None = None
        self.staff: list[StaffView] = []
        self.add_page(self._page())
        self.start()

    def _page(self) -> QWidget:
        t, page = self._t, QWidget()
        layout = QVBoxLayout(page)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("staff_table")
        self.table.setHorizontalHeaderLabels([t(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.notice = figure("staff_notice", role="value")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notice)
        self.answer = figure("staff_answer", role="ok")
        layout.addWidget(self.answer)
        layout.addLayout(self._buttons())
        return page

    def _buttons(self) -> QHBoxLayout:
        t, row = self._t, QHBoxLayout()
        self.close_button = button(t(N_("Close (Esc)")), "staff_close")
        self.reload = button(t(N_("Show again (F5)")), "staff_reload")
        self.toggle = button(t(N_("Disable / enable (F6)")), "staff_toggle")
        self.unlock_button = button(t(N_("Unlock (F7)")), "staff_unlock")
        self.reset_button = button(t(N_("Reset password (F8)")), "staff_reset")
        self.role_button = button(t(N_("Change role (F9)")), "staff_role")
        row.addWidget(self.close_button)
        row.addStretch(1)
        for pushed, action in ((self.reload, self.show_again),
                               (self.toggle, self.disable_or_enable),
                               (self.unlock_button, self.unlock),
                               (self.reset_button, self.reset_password),
                               (self.role_button, self.change_role)):
            row.addWidget(pushed)
            pushed.clicked.connect(action)
        self.close_button.clicked.connect(self.reject)
        return row

    # who
    def _everyone(self, operator: Operator) -> list[StaffView]:
        """On the pool thread, after the sign-in: the staff, the administrator's role checked."""
        return staff_admin.list_staff(self._svc, operator)

    def signed_in(self, operator: Operator, staff: list[StaffView]) -> None:
        self.operator = operator
        self.pages.setCurrentIndex(1)
        self.show_staff(staff)
        self.table.setFocus()

    def show_again(self) -> None:
        self.notice.clear()
        self.load()

    def load(self, then_say: str = "") -> None:
        """The table again; ``then_say`` what the last change did (kept on screen)."""
        operator, svc = self.operator, self._svc
        if operator is None:
            return

        def shown(staff: list[StaffView]) -> None:
            self.show_staff(staff)
            self.say(then_say, ok=True)
        self._work(lambda: staff_admin.list_staff(svc, operator), shown)

    def show_staff(self, staff: list[StaffView]) -> None:
        chosen = self.chosen()
        self.staff = staff
        self.table.setRowCount(len(staff))
        for row, view in enumerate(staff):
            for column, text in enumerate(self._cells(view)):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setForeground(QBrush(QColor(STATE_COLOURS[view.state])))
                self.table.setItem(row, column, item)
        numbers = [v.staff_no for v in staff]
        again = numbers.index(chosen.staff_no) if chosen and chosen.staff_no in numbers else 0
        if staff:
            self.table.selectRow(again)

    def _cells(self, view: StaffView) -> tuple[str, ...]:
        t = self._t
        state = t.message(view.state.label)
        if view.state is StaffState.LOCKED and view.locked_until is not None:
            state = t(N_("{state} until {until}"), state=state,
                      until=self._local(view.locked_until).strftime("%H:%M"))
        if view.password_due is not None and view.state is StaffState.ACTIVE:
            state = t(N_("{state} · new password due"), state=state)
        login = ("—" if view.last_login_at is None
                 else self._local(view.last_login_at).strftime("%Y-%m-%d %H:%M"))
        return (view.staff_no, view.name, t.message(view.role.label), state, login)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._svc.settings.timezone)

    def chosen(self) -> StaffView | None:
        row = self.table.currentRow()
        return self.staff[row] if 0 <= row < len(self.staff) else None

    # what an administrator does, each asked again
    def disable_or_enable(self) -> None:
        view, operator, svc = self.chosen(), self.operator, self._svc
        if view is None or operator is None:
            return
        if view.state is StaffState.DISABLED:
            self._ask(N_("Enable {staff_no} {name} again? They may log in and approve."), view,
                      lambda: staff_admin.enable(svc, operator, view.staff_no),
                      N_("Staff {staff_no} {name} is active again."))
        else:
            self._ask(N_("Disable {staff_no} {name}? They can no longer log in or approve; "
                         "their sales and history stay."), view,
                      lambda: staff_admin.disable(svc, operator, view.staff_no),
                      N_("Staff {staff_no} {name} is disabled: no login, no approval."))

    def unlock(self) -> None:
        view, operator, svc = self.chosen(), self.operator, self._svc
        if view is not None and operator is not None:
            self._ask(N_("Unlock {staff_no} {name}?"), view,
                      lambda: staff_admin.unlock(svc, operator, view.staff_no),
                      N_("Staff {staff_no} {name} is unlocked."))

    def reset_password(self) -> None:
        view, operator, svc = self.chosen(), self.operator, self._svc
        if view is None or operator is None:
            return

        def reset() -> None:
            self._work(lambda: staff_admin.reset_password(svc, operator, view.staff_no),
                       self._reset)
        self.question = confirm(self, self._t, self._t(
            N_("Reset the password of {staff_no} {name}? A temporary password is shown once; "
               "they choose a new one at their next login."),
            staff_no=view.staff_no, name=view.name), reset)

    def _reset(self, reset: PasswordReset) -> None:
        self.notice.setText(self._t(N_("Temporary password for {staff_no}: {password}"),
                                    staff_no=reset.staff_no, password=reset.temporary))
        self.load(self._t(N_("It is shown only this once; hand it over in person.")))

    def change_role(self) -> None:
        view, operator, svc = self.chosen(), self.operator, self._svc
        if view is None or operator is None:
            return

        def chosen(role: Role) -> None:
            self._work(lambda: staff_admin.change_role(svc, operator, view.staff_no, role),
                       lambda changed: self._done(changed, N_(
                           "Staff {staff_no} {name} is now {role}."), role=changed.role.label))
        self.role_dialog = RoleDialog(self, self._t, view.staff_no, view.name, view.role,
                                      chosen)
        self.role_dialog.open()

    def _ask(self, question: str, view: StaffView, work: Callable[[], StaffView],
             done: str) -> None:
        self.question = confirm(self, self._t, self._t(question, staff_no=view.staff_no,
                                                       name=view.name),
                                lambda: self._work(work, lambda v: self._done(v, done)))

    def _done(self, view: StaffView, msgid: str, **more: object) -> None:
        self.notice.clear()
        self.load(self._t(msgid, staff_no=view.staff_no, name=view.name, **more))

    def _work(self, work: Callable[[], T], done: Callable[[T], None]) -> None:
        self.say(self._t(N_("Working…")), ok=True)
        run_for(self, self._tasks, work, done,
                lambda error: self.say(self._t.error(error), ok=False))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        actions = {Qt.Key.Key_F5.value: self.show_again,
                   Qt.Key.Key_F6.value: self.disable_or_enable,
                   Qt.Key.Key_F7.value: self.unlock,
                   Qt.Key.Key_F8.value: self.reset_password,
                   Qt.Key.Key_F9.value: self.change_role}
        if self.pages.currentIndex() == 1 and event.key() in actions:
            actions[event.key()]()
            return
        if event.key() in (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value):
            return  # Enter does not close the page
        super().keyPressEvent(event)
