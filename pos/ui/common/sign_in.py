"""A cashier (or supervisor, or finance) signs in over the clerk's counter for one piece of work —
the day's settle and close, the daily report — with their own staff number and password; the
services check the password and the role (auth.login, then the work's own permission check)."""

from __future__ import annotations

from collections.abc import Callable

from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.services.core import auth
from pos.services.core.context import Services
from pos.ui.common.page_style import run_for
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, problem_label
from pos.ui.qt import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

Then = Callable[[Operator], object]


class SignInForm(QWidget):
    """Emits ``signed_in(operator, result)`` with what ``then(operator)`` returned — run on the
    pool thread right after the login, so a role that may not do the work is refused here."""

    signed_in = Signal(object, object)
    cancelled = Signal()

    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, *, heading: str, guide: str,
                 then: Then, name: str) -> None:
        super().__init__()
        self._svc, self._tasks, self._t, self._then = svc, tasks, texts, then
        layout = QVBoxLayout(self)
        title = QLabel(heading)
        title.setProperty("role", "big")
        title.setWordWrap(True)
        layout.addWidget(title)
        hint = QLabel(guide)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.form = QFormLayout()
        self.staff_no = field(f"{name}_staff_no")
        self.password = field(f"{name}_password", secret=True)
        self.staff_no.setMaximumWidth(420)
        self.password.setMaximumWidth(420)
        self.form.addRow(texts(N_("Staff number")), self.staff_no)
        self.form.addRow(texts(N_("Password")), self.password)
        layout.addLayout(self.form)
        self.problem = problem_label(f"{name}_problem")
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.sign_in = QPushButton(texts(N_("Sign in (Enter)")))
        self.sign_in.setObjectName(f"{name}_sign_in")
        self.buttons.addButton(self.sign_in, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.cancelled)
        layout.addWidget(self.buttons)
        self.staff_no.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)

    def start(self) -> None:
        self.staff_no.setFocus()

    def submit(self) -> None:
        staff_no, password = self.staff_no.text().strip(), self.password.text()
        if not staff_no or not password:
            self.problem.setText(self._t(N_("Enter your staff number and password.")))
            return
        if not self.buttons.isEnabled():
            return  # already checking
        self.buttons.setEnabled(False)
        self.problem.setText(self._t(N_("Checking…")))
        svc, then = self._svc, self._then

        def work() -> tuple[Operator, object]:
            operator = auth.login(svc, staff_no, password)
            return operator, then(operator)

        run_for(self, self._tasks, work, self._in, self._refused)

    def _in(self, answer: tuple[Operator, object]) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.problem.clear()
        self.signed_in.emit(*answer)

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.problem.setText(self._t.error(error))
