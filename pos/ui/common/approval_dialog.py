"""A supervisor's approval at the counter: they type their own staff number and password, and
the reason; the services check the role and audit it (auth.approve)."""

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


class ApprovalDialog(QDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, *, what: str, subject: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t = svc, tasks, texts
        self._what, self._subject = what, subject
        self.approver: Operator | None = None
        self.reason = ""
        self.setWindowTitle(texts(N_("Supervisor approval")))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        prompt = QLabel(texts(N_("{what} ({subject}) needs a supervisor other than you: they "
                                 "enter their own staff number and password."),
                              what=texts(what), subject=subject))
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        form = QFormLayout()
        self.reason_edit = field("approval_reason")
        self.staff_no = field("approval_staff_no")
        self.password = field("approval_password", secret=True)
        form.addRow(texts(N_("Reason")), self.reason_edit)
        form.addRow(texts(N_("Supervisor's staff number")), self.staff_no)
        form.addRow(texts(N_("Supervisor's password")), self.password)
        layout.addLayout(form)
        self.problem = problem_label("approval_problem")
        layout.addWidget(self.problem)
        self.buttons = ok_cancel(self._try, self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.setFocus()

    def _try(self) -> None:
        reason = self.reason_edit.text().strip()
        staff_no, password = self.staff_no.text().strip(), self.password.text()
        if not reason or not staff_no or not password:
            self.problem.setText(self._t(N_("Give the reason and the supervisor's staff number "
                                            "and password.")))
            return
        self.buttons.setEnabled(False)
        self._tasks.run(lambda: auth.approve(self._svc, staff_no, password, what=self._what,
                                             subject=self._subject, reason=reason),
                        lambda approver: self._approved(approver, reason), self._refused)

    def _approved(self, approver: Operator, reason: str) -> None:
        self.approver, self.reason = approver, reason
        self.password.clear()
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.problem.setText(self._t.error(error))
