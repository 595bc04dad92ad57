"""The staff page's questions, asked without blocking: a yes/no confirmation and the choice of
a role — each opened over the page (``open()``), answering through a callback."""

from __future__ import annotations

from collections.abc import Callable

from pos.domain.messages import N_
from pos.domain.staff import Role
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import ok_cancel
from pos.ui.qt import QComboBox, QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget


def confirm(parent: QWidget, texts: Texts, question: str, then: Callable[[], None]
            ) -> QMessageBox:
    """Ask ``question``; ``then()`` on Yes.  No is the default: Enter alone changes nothing."""
    box = QMessageBox(QMessageBox.Icon.Question, texts(N_("Staff")), question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("staff_confirm")
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def answered(_result: int) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            then()
    box.finished.connect(answered)
    box.open()
    return box


class RoleDialog(QDialog):
    """Which role a staff member gets: the five roles, the present one first selected."""

    def __init__(self, parent: QWidget, texts: Texts, staff_no: str, name: str,
                 current: Role, then: Callable[[Role], None]) -> None:
        super().__init__(parent)
        self.setObjectName("staff_role_dialog")
        self.setWindowTitle(texts(N_("Change the role")))
        self._then = then
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(texts(N_("New role for {staff_no} {name}:"), staff_no=staff_no,
                                      name=name)))
        self.roles = QComboBox()
        self.roles.setObjectName("staff_role_choice")
        for role in Role:
            self.roles.addItem(texts.message(role.label), role.value)
        self.roles.setCurrentIndex(list(Role).index(current))
        layout.addWidget(self.roles)
        layout.addWidget(ok_cancel(self.accept, self.reject))
        self.accepted.connect(lambda: self._then(Role(self.roles.currentData())))
        self.roles.setFocus()
