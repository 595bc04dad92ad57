"""When the services answer a sign-in with "the password must be changed first" (reset by an
administrator, or expired: ``PasswordChangeRequired``), the sign-in form asks for a new one —
twice — and changes it with the password just typed (auth.change_password, docs/staff.md)."""

from __future__ import annotations

from pos.domain.messages import N_
from pos.domain.staff import PasswordChangeRequired
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field
from pos.ui.qt import QFormLayout, QLabel, QLineEdit


class NewPasswordRows:
    """Two hidden rows of a sign-in form: the new password and the same again."""

    def __init__(self, texts: Texts, form: QFormLayout, name: str,
                 password: QLineEdit) -> None:
        self._t, self._password = texts, password
        self.new = field(f"{name}_new_password", secret=True)
        self.again = field(f"{name}_new_password_again", secret=True)
        self._labels = (QLabel(texts(N_("New password"))),
                        QLabel(texts(N_("New password again"))))
        form.addRow(self._labels[0], self.new)
        form.addRow(self._labels[1], self.again)
        self.new.returnPressed.connect(self.again.setFocus)
        self.old: str | None = None  # the password just proved, held until the change
        self._show(False)

    @property
    def asking(self) -> bool:
        return self.old is not None

    def ask(self, old: str) -> str:
        """Show the rows; what the form says."""
        self.old = old
        self._password.setEnabled(False)
        self._show(True)
        self.new.setFocus()
        return self._t(N_("This password was reset by an administrator or has expired: choose "
                          "a new one, type it twice and press Enter."))

    def typed_twice(self) -> bool:
        """Enter in the first field (a dialog's default button too) only moves on."""
        if self.new.text() and not self.again.text():
            self.again.setFocus()
            return False
        return True

    def chosen(self) -> str | None:
        """The new password, or None when the two differ (said by ``mismatch``)."""
        new = self.new.text()
        return new if new and new == self.again.text() else None

    def mismatch(self) -> str:
        self.retry()
        return self._t(N_("The two new passwords differ: type the new one twice."))

    def refused(self, error: BaseException, tried: str) -> str:
        """A sign-in or change refused: ask for a new password when that is why, else try
        again; what the form says."""
        self._password.clear()
        if isinstance(error, PasswordChangeRequired) and not self.asking:
            return self.ask(tried)
        if self.asking:
            self.retry()
        else:
            self._password.setFocus()
        return self._t.error(error)

    def retry(self) -> None:
        self.new.clear()
        self.again.clear()
        self.new.setFocus()

    def done(self) -> None:
        self.old = None
        self.new.clear()
        self.again.clear()
        self._password.setEnabled(True)
        self._show(False)

    def _show(self, visible: bool) -> None:
        for widget in (*self._labels, self.new, self.again):
            widget.setVisible(visible)
