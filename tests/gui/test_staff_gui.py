"""The administrator's staff page at the counter, by keyboard, on the demo stack: Ctrl+U signs
the administrator in (a clerk is refused in the services' words), F6 disables a leaver after a
confirmation, F8 resets a password and shows the temporary one once, F9 changes a role; and a
reset password is changed right at the sign-in, as the services demand."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from pos.domain.errors import Refused
from pos.domain.staff import Role, StaffState
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.records import staff_admin
from pos.ui.common.login import LoginDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import QMessageBox, Qt
from pos.ui.staff.admin_view import StaffAdminView
from pos.ui.staff.confirm import RoleDialog
from tests.gui.conftest import PASSWORD

ADMIN = "9001"


def open_staff(qtbot: QtBot, counter: CounterWindow, staff_no: str) -> StaffAdminView:
    qtbot.waitUntil(counter.isActiveWindow)
    qtbot.keyClick(counter, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.staff_dialog is not None
                    and counter.staff_dialog.isVisible())
    view = counter.staff_dialog
    assert view is not None
    form = view.sign_in
    qtbot.keyClicks(form.staff_no, staff_no)
    qtbot.keyClick(form.staff_no, Qt.Key.Key_Return)
    qtbot.keyClicks(form.password, PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    return view


def choose(view: StaffAdminView, staff_no: str) -> None:
    view.table.selectRow([v.staff_no for v in view.staff].index(staff_no))


def say_yes(qtbot: QtBot, view: StaffAdminView) -> None:
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "staff_confirm") is not None)
    box = view.findChild(QMessageBox, "staff_confirm")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    box.setObjectName("answered")


def state_of(svc: Services, staff_no: str) -> StaffState:
    admin = auth.login(svc, ADMIN, PASSWORD)
    return staff_admin.show_staff(svc, admin, staff_no).state


def test_an_administrator_disables_resets_and_re_roles_by_keyboard(
        qtbot: QtBot, counter: CounterWindow, demo_services: Services) -> None:
    view = open_staff(qtbot, counter, ADMIN)
    qtbot.waitUntil(lambda: view.operator is not None, timeout=20_000)
    assert view.table.rowCount() == 7
    assert view.table.item(0, 0).text() == "1001"
    choose(view, "1003")
    qtbot.keyClick(view, Qt.Key.Key_F6)
    say_yes(qtbot, view)
    qtbot.waitUntil(lambda: "已停用" in view.answer.text(), timeout=20_000)
    qtbot.waitUntil(lambda: view.staff[2].state is StaffState.DISABLED, timeout=20_000)
    assert view.table.item(2, 3).text() == "已停用"
    assert state_of(demo_services, "1003") is StaffState.DISABLED
    with pytest.raises(Refused):
        auth.login(demo_services, "1003", PASSWORD)

    choose(view, "1002")
    qtbot.keyClick(view, Qt.Key.Key_F8)
    say_yes(qtbot, view)
    qtbot.waitUntil(lambda: "临时密码" in view.notice.text(), timeout=20_000)
    temporary = view.notice.text().split("：")[-1].strip()
    with pytest.raises(Refused) as due:
        auth.login(demo_services, "1002", temporary)
    assert due.value.code == "auth.password_reset"

    choose(view, "1001")
    qtbot.keyClick(view, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: view.findChild(RoleDialog) is not None)
    dialog = view.findChild(RoleDialog)
    assert dialog is not None
    dialog.roles.setCurrentIndex(list(Role).index(Role.SUPERVISOR))
    dialog.accept()
    qtbot.waitUntil(lambda: view.staff[0].role is Role.SUPERVISOR, timeout=20_000)
    assert view.table.item(0, 2).text() == "值班长"
    # the administrator may not disable themselves: said, nothing changes
    choose(view, ADMIN)
    qtbot.keyClick(view, Qt.Key.Key_F6)
    say_yes(qtbot, view)
    qtbot.waitUntil(lambda: "不能停用自己" in view.answer.text(), timeout=20_000)
    view.reject()


def test_a_clerk_is_refused_at_the_staff_page(qtbot: QtBot, counter: CounterWindow) -> None:
    view = open_staff(qtbot, counter, "1001")
    qtbot.waitUntil(lambda: "1001" in view.sign_in.problem.text(), timeout=20_000)
    assert view.operator is None and view.pages.currentIndex() == 0
    view.reject()


def test_a_reset_password_is_changed_at_the_sign_in(
        qtbot: QtBot, demo_services: Services, tasks: Tasks, texts: Texts) -> None:
    admin = auth.login(demo_services, ADMIN, PASSWORD)
    temporary = staff_admin.reset_password(demo_services, admin, "1002").temporary
    login = LoginDialog(demo_services, tasks, texts, title="login")
    qtbot.addWidget(login)
    login.show()
    qtbot.keyClicks(login.staff_no, "1002")
    qtbot.keyClick(login.staff_no, Qt.Key.Key_Return)
    qtbot.keyClicks(login.password, temporary)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: login.change.asking, timeout=20_000)
    assert login.change.new.isVisible() and "新密码" in login.problem.text()
    qtbot.keyClicks(login.change.new, "new password 7")
    qtbot.keyClick(login.change.new, Qt.Key.Key_Return)
    qtbot.keyClicks(login.change.again, "not the same 7")
    qtbot.keyClick(login.change.again, Qt.Key.Key_Return)
    assert "不一致" in login.problem.text()
    qtbot.keyClicks(login.change.new, "new password 7")
    qtbot.keyClick(login.change.new, Qt.Key.Key_Return)
    qtbot.keyClicks(login.change.again, "new password 7")
    with qtbot.waitSignal(login.accepted, timeout=20_000):
        qtbot.keyClick(login.change.again, Qt.Key.Key_Return)
    assert login.operator is not None and login.operator.staff_no == "1002"
    assert auth.login(demo_services, "1002", "new password 7").staff_no == "1002"
