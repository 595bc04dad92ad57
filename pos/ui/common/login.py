"""Log in by staff number and password; lock-out and roles are the services' (auth.login)."""

from __future__ import annotations

from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.services.core import auth
from pos.services.core.context import Services
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, ok_cancel, problem_label
from pos.ui.qt import (
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class LoginDialog(QDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, *, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t = svc, tasks, texts
        self.operator: Operator | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setProperty("role", "big")
        layout.addWidget(heading)
        form = QFormLayout()
        self.staff_no = field("login_staff_no")
        self.password = field("login_password", secret=True)
        form.addRow(texts(N_("Staff number")), self.staff_no)
        form.addRow(texts(N_("Password")), self.password)
        layout.addLayout(form)
        self.problem = problem_label("login_problem")
        layout.addWidget(self.problem)
        self.buttons = ok_cancel(self._try, self.reject)
        layout.addWidget(self.buttons)
        self.staff_no.returnPressed.connect(self.password.setFocus)
        self.staff_no.setFocus()

    def _try(self) -> None:
        staff_no, password = self.staff_no.text().strip(), self.password.text()
        if not staff_no or not password:
            self.problem.setText(self._t(N_("Enter your staff number and password.")))
            return
        self.buttons.setEnabled(False)
        self.problem.setText(self._t(N_("Checking…")))
        self._tasks.run(lambda: auth.login(self._svc, staff_no, password), self._in,
                        self._refused)

    def _in(self, operator: Operator) -> None:
        self.operator = operator
        self.password.clear()
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.problem.setText(self._t.error(error))
