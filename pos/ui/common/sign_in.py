"""A cashier (or supervisor, or finance) signs in over the clerk's counter for one piece of work —
the day's settle and close, the daily report, the month — with their own staff number and
password; the services check the password and the role (auth.login, then the work's own
permission check).  A reset or expired password is changed right there (new_password).
SignedInDialog is the dialog such work lives in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.services.core import auth
from pos.services.core.context import Services
from pos.ui.common.new_password import NewPasswordRows
from pos.ui.common.page_style import back_to_counter, no_default_buttons, run_for, set_state
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, problem_label
from pos.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
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
        self.change = NewPasswordRows(texts, self.form, name, self.password)
        self.change.new.setMaximumWidth(420)
        self.change.again.setMaximumWidth(420)
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
        self.change.again.returnPressed.connect(self.submit)
        self._tried = ""

    def start(self) -> None:
        self.staff_no.setFocus()

    def submit(self) -> None:
        staff_no, password = self.staff_no.text().strip(), self.password.text()
        if self.change.asking:
            self._change_password(staff_no)
            return
        if not staff_no or not password:
            self.problem.setText(self._t(N_("Enter your staff number and password.")))
            return
        if not self.buttons.isEnabled():
            return  # already checking
        self._tried = password
        svc, then = self._svc, self._then

        def work() -> tuple[Operator, object]:
            operator = auth.login(svc, staff_no, password)
            return operator, then(operator)

        self._check(work)

    def _change_password(self, staff_no: str) -> None:
        if not self.change.typed_twice():
            return
        new, old = self.change.chosen(), self.change.old
        if new is None or old is None:
            self.problem.setText(self.change.mismatch())
            return
        if not self.buttons.isEnabled():
            return
        svc, then = self._svc, self._then

        def work() -> tuple[Operator, object]:
            operator = auth.change_password(svc, staff_no, old, new)
            return operator, then(operator)

        self._check(work)

    def _check(self, work: Callable[[], tuple[Operator, object]]) -> None:
        self.buttons.setEnabled(False)
        self.problem.setText(self._t(N_("Checking…")))
        run_for(self, self._tasks, work, self._in, self._refused)

    def _in(self, answer: tuple[Operator, object]) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.change.done()
        self.problem.clear()
        self.signed_in.emit(*answer)

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(self.change.refused(error, self._tried))


class SignedInDialog(QDialog):
    """A piece of work behind its own sign-in: the dialog opens on the sign-in form; once the
    services let the person in, ``signed_in(operator, result)`` shows the work's pages (added
    with ``add_page``).  Subclasses call ``start()`` when their pages are in place."""

    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, parent: QWidget | None, *,
                 title: str, style: str, size: tuple[int, int], name: str, heading: str,
                 guide: str, then: Then) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t = svc, tasks, texts
        self.setWindowTitle(title)
        self.setStyleSheet(style)
        self.resize(*size)
        self.sign_in = SignInForm(svc, tasks, texts, name=name, then=then, heading=heading,
                                  guide=guide)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        QVBoxLayout(self).addWidget(self.pages)
        self.sign_in.signed_in.connect(self.signed_in)
        self.sign_in.cancelled.connect(self.reject)

    def add_page(self, page: QWidget) -> None:
        self.pages.addWidget(page)

    def start(self) -> None:
        no_default_buttons(self)
        self.sign_in.start()

    def signed_in(self, operator: Operator, result: Any) -> None:
        raise NotImplementedError

    answer: QLabel  # the page's answer line, made by the subclass

    def say(self, text: str, *, ok: bool) -> None:
        """The page's answer line: what was done, or why not."""
        self.answer.setText(text)
        self.answer.setProperty("role", "ok" if ok else "refusal")
        set_state(self.answer, "")

    def done(self, result: int) -> None:
        super().done(result)
        back_to_counter(self)
