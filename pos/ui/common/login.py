"""Log in by staff number and password; lock-out and roles are the services' (auth.login). A
reset or expired password is changed right here before the counter opens (new_password).

At start-up the window comes first and the services are built behind it (pos.ui.app): until
:meth:`LoginDialog.ready` hands them over, OK is disabled and the window says it is getting
ready; if they cannot be built, :meth:`LoginDialog.cannot_start` says why and OK stays off."""

from __future__ import annotations

from collections.abc import Callable

from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.ui.common.new_password import NewPasswordRows
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, ok_cancel, problem_label
from pos.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class LoginDialog(QDialog):
    def __init__(self, svc: Services | None, tasks: Tasks, texts: Texts, *, title: str,
                 parent: QWidget | None = None) -> None:
        """``svc`` None: the services are still being built; :meth:`ready` brings them."""
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
        self.change = NewPasswordRows(texts, form, "login", self.password)
        self.change.again.returnPressed.connect(self._try)
        self._tried = ""
        layout.addLayout(form)
        self.problem = problem_label("login_problem")
        layout.addWidget(self.problem)
        self.buttons = ok_cancel(self._try, self.reject)
        layout.addWidget(self.buttons)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.staff_no.returnPressed.connect(self.password.setFocus)
        self.staff_no.setFocus()
        if svc is None:
            self.ok.setEnabled(False)
            self.problem.setText(texts(N_("Getting ready…")))

    @property
    def services(self) -> Services | None:
        return self._svc

    def ready(self, svc: Services) -> None:
        """The services are built: a login can be checked now."""
        self._svc = svc
        self.ok.setEnabled(True)
        self.problem.clear()

    def cannot_start(self, error: BaseException) -> None:
        """Building the services failed (settings, database...): said here; OK stays off."""
        self.problem.setText(self._t(N_("The counter cannot start: {problem}"),
                                     problem=self._t.error(error)))

    def _try(self) -> None:
        staff_no, password = self.staff_no.text().strip(), self.password.text()
        svc = self._svc
        if svc is None or not self.ok.isEnabled():  # Enter while getting ready, or checking
            return
        from pos.services.core import auth  # loaded behind the window with the services

        if self.change.asking:  # the password just proved, and a new one typed twice
            if not self.change.typed_twice():
                return
            new, old = self.change.chosen(), self.change.old
            if new is None or old is None:
                self.problem.setText(self.change.mismatch())
                return
            self._check(lambda: auth.change_password(svc, staff_no, old, new))
            return
        if not staff_no or not password:
            self.problem.setText(self._t(N_("Enter your staff number and password.")))
            return
        self._tried = password
        self._check(lambda: auth.login(svc, staff_no, password))

    def _check(self, work: Callable[[], Operator]) -> None:
        self.buttons.setEnabled(False)
        self.problem.setText(self._t(N_("Checking…")))
        self._tasks.run(work, self._in, self._refused)

    def _in(self, operator: Operator) -> None:
        self.operator = operator
        self.password.clear()
        self.change.done()
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(self.change.refused(error, self._tried))
