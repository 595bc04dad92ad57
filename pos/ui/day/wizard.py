"""The cashier's settle and close (日结、日清), opened over the counter with Ctrl+D.

    sign in ──▶ the day ──Enter──▶ the count ──F5──▶ the close ──F5──▶ closed: the slip
    (cashier)   (summary)          (denominations)    (kept float)      (printed, shown)

The cashier signs in with their own staff number and password (the counter's clerk may not
settle); the services decide every rule — a difference needs a reason, above the threshold a
supervisor other than the cashier (the approval dialog); no settle or close while a sale is
unfinished; the close books the over/short and locks the day — and every call runs off the GUI
thread.  Esc goes back a page, and leaves from the first ones.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from pos.domain.day.business_day import DayState, check_difference, check_kept_float
from pos.domain.day.cash_count import CashCount
from pos.domain.errors import BadInput, NotFound, Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.staff import Operator, Permission
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.day import closing
from pos.services.day.closing import DayView
from pos.services.day.documents import close_slip_document
from pos.services.printing import print_queue
from pos.ui.common.approval_dialog import ApprovalDialog
from pos.ui.common.page_style import DAY_STYLE, run_for, signed
from pos.ui.common.sign_in import SignedInDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.day.count_page import CountPage
from pos.ui.day.pages import ClosedPage, ClosePage, SummaryPage, day_title
from pos.ui.qt import (
    QCheckBox,
    QKeyEvent,
    QLabel,
    QPushButton,
    Qt,
    QWidget,
)

_ENTER = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)


class Page(IntEnum):
    SIGN_IN = 0
    SUMMARY = 1
    COUNT = 2
    CLOSE = 3
    CLOSED = 4


class DifferenceApproval(ApprovalDialog):
    """The supervisor's approval of a count's difference above the threshold (the approval
    dialog, introduced for a day rather than a sale; the reason comes from the count)."""

    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, *, subject: str,
                 difference: Money, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(svc, tasks, texts, what=N_("Over/short (长短款)"), subject=subject,
                         parent=parent)
        intro = self.findChildren(QLabel)[0]  # the dialog's first words, about a sale
        intro.setWordWrap(True)
        intro.setText(texts(N_(
            "The count is {difference} yuan off, more than {threshold} yuan: a supervisor "
            "other than the cashier approves it with their own staff number and password."),
            difference=signed(difference),
            threshold=str(svc.settings.day.over_short_threshold)))
        self.reason_edit.setText(reason)
        self.staff_no.setFocus()


class DayWizard(SignedInDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, parent: QWidget | None = None,
                 *, paper: str = "58mm") -> None:
        heading = texts(N_("Settle and close the day — counter {counter}"),
                        counter=svc.settings.counter_no)
        super().__init__(
            svc, tasks, texts, parent, title=heading, style=DAY_STYLE, size=(1200, 740),
            name="day", then=self._allowed, heading=heading,
            guide=texts(N_("The cashier (or a supervisor) signs in with their own staff number "
                           "and password; the clerk's session stays as it is.")))
        self.cashier: Operator | None = None
        self.view: DayView | None = None
        self.blind = False
        self.busy = False
        self.approval: DifferenceApproval | None = None
        self.blind_box = QCheckBox(texts(N_("Blind count: the expected cash stays hidden until "
                                            "the count is done")))
        self.blind_box.setObjectName("day_blind")
        self.sign_in.form.addRow("", self.blind_box)
        self.summary = SummaryPage(texts)
        self.count_page = CountPage(texts, svc.settings.day.over_short_threshold)
        self.close_page = ClosePage(texts)
        self.closed_page = ClosedPage(texts, paper)
        for page in (self.summary, self.count_page, self.close_page, self.closed_page):
            self.add_page(page)
        self.summary.cancel.clicked.connect(self.reject)
        self.summary.go.clicked.connect(self.primary)
        self.summary.recount.clicked.connect(lambda: self.to_count(recount=True))
        self.count_page.back.clicked.connect(self.back)
        self.count_page.settle.clicked.connect(self.settle)
        self.close_page.back.clicked.connect(self.back)
        self.close_page.recount.clicked.connect(lambda: self.to_count(recount=True))
        self.close_page.close_day.clicked.connect(self.close_day)
        self.closed_page.done.clicked.connect(self.accept)
        self.start()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        run_for(self, self._tasks, work, done, failed)  # dropped once the wizard is closed

    @property
    def page(self) -> Page:
        return Page(self.pages.currentIndex())

    def _allowed(self, operator: Operator) -> DayView | None:
        """On the pool thread, after the login: may they manage the day, and the day itself."""
        auth.authorize(self._svc, operator, Permission.MANAGE_DAY, "day settle")
        try:
            return closing.day_view(self._svc)
        except NotFound:
            return None

    def signed_in(self, operator: Operator, view: DayView | None) -> None:
        self.cashier, self.blind = operator, self.blind_box.isChecked()
        self.show_summary(view)

    # the day at a glance
    def show_summary(self, view: DayView | None) -> None:
        self.view = view
        self.summary.show_view(view, counter_no=self._svc.settings.counter_no, blind=self.blind)
        self.pages.setCurrentIndex(Page.SUMMARY)
        (self.summary.go if self.summary.go.isVisible() and self.summary.go.isEnabled()
         else self.summary.cancel).setFocus()

    def back(self) -> None:
        """To the day's summary, as it is now (read again)."""
        if self.busy:
            return
        self.show_summary(self.view)
        self._run(lambda: closing.day_view(self._svc), self._back_read,
                  lambda error: self.summary.problem.setText(self._t.error(error)))

    def _back_read(self, view: DayView) -> None:
        if self.page is Page.SUMMARY:
            self.show_summary(view)

    def primary(self) -> None:
        view = self.view
        if view is None or (view.unfinished and view.day.state is not DayState.CLOSED):
            return
        if view.day.state is DayState.OPEN:
            self.to_count(recount=False)
        elif view.day.state is DayState.SETTLED:
            self.to_close(view)
        else:
            self.show_closed(view, print_now=False)

    # the count (日结)
    def to_count(self, *, recount: bool) -> None:
        view = self.view
        if view is None or view.unfinished or view.day.state is DayState.CLOSED or self.busy:
            return
        last = view.last_settle if recount else None
        self.count_page.begin(
            title=day_title(self._t, view), expected=view.expected_cash,
            blind=self.blind and last is None, count=last.count if last else None,
            reason=(last.reason or "") if last else "")
        self.pages.setCurrentIndex(Page.COUNT)
        self.count_page.grid.start()

    def settle(self) -> None:
        page, cashier, view = self.count_page, self.cashier, self.view
        if self.busy or cashier is None or view is None:
            return
        if not page.revealed:
            page.reveal()  # a blind count: the difference shows now, then the rules apply
        try:
            count = page.grid.count()
        except BadInput as error:
            page.problem.setText(self._t.error(error))
            return
        reason = page.reason.text().strip() or None
        try:  # the services' own rules, asked first: the approval is asked before the settle
            check_difference(page.difference_now, self._svc.settings.day.over_short_threshold,
                             reason=reason, approver=None, counter_staff=cashier.staff_no)
        except Refused as error:
            if error.code == "count.approval":
                self._ask_approval(count, reason or "", view)
                return
            page.problem.setText(self._t.error(error))
            page.reason.setFocus()
            return
        self._settle(count, reason, None)

    def _ask_approval(self, count: CashCount, reason: str, view: DayView) -> None:
        dialog = DifferenceApproval(self._svc, self._tasks, self._t,
                                    subject=view.day.business_date.isoformat(),
                                    difference=self.count_page.difference_now, reason=reason,
                                    parent=self)
        self.approval = dialog

        def answered(result: int) -> None:
            self.approval = None
            dialog.deleteLater()  # nothing of it (the supervisor's number) stays behind
            if result and dialog.approver is not None:
                self._settle(count, dialog.reason, dialog.approver)
            else:
                self.count_page.problem.setText(self._t(N_("Not settled: the difference was "
                                                           "not approved.")))
        dialog.finished.connect(answered)
        dialog.open()

    def _settle(self, count: CashCount, reason: str | None, approver: Operator | None) -> None:
        cashier = self.cashier
        assert cashier is not None
        self.busy = True
        self.count_page.problem.setText(self._t(N_("Working…")))
        self._run(lambda: closing.settle(self._svc, cashier, count, reason=reason,
                                             approver=approver),
                  self._settled, lambda error: self._failed(self.count_page, error))

    def _settled(self, view: DayView) -> None:
        self.busy = False
        self.view = view
        self.to_close(view)

    # the close (日清)
    def to_close(self, view: DayView) -> None:
        self.close_page.show_view(view)
        self.pages.setCurrentIndex(Page.CLOSE)
        self.close_page.kept.setFocus()

    def close_day(self) -> None:
        page, cashier = self.close_page, self.cashier
        if self.busy or cashier is None:
            return
        try:
            kept = page.kept_float()
            check_kept_float(kept, page.counted)
        except BadInput as error:
            page.problem.setText(self._t.error(error))
            return
        self.busy = True
        page.problem.setText(self._t(N_("Working…")))
        self._run(lambda: closing.close(self._svc, cashier, kept), self._closed,
                  lambda error: self._failed(page, error))

    def _closed(self, view: DayView) -> None:
        self.busy = False
        self.view = view
        self.show_closed(view, print_now=True)

    def show_closed(self, view: DayView, *, print_now: bool) -> None:
        """The closed day and its slip; just closed, the slip goes to the printer too."""
        page, svc = self.closed_page, self._svc
        page.show_view(view)
        self.pages.setCurrentIndex(Page.CLOSED)
        page.done.setFocus()
        counter, business_date = view.day.counter_no, view.day.business_date
        self._run(lambda: page.slip.draw([close_slip_document(svc, counter, business_date)]),
                  page.slip.show_documents,
                  lambda error: page.printing.setText(self._t.error(error)))
        if print_now:
            page.printing.setText(self._t(N_("Printing the close slip…")))
            self._run(lambda: print_queue.print_waiting(svc), page.printed,
                      lambda error: page.printing.setText(self._t.error(error)))

    def _failed(self, page: CountPage | ClosePage, error: BaseException) -> None:
        self.busy = False
        page.problem.setText(self._t.error(error))

    # the keys
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key, page, focus = event.key(), self.page, self.focusWidget()
        if key == Qt.Key.Key_Escape.value and page in (Page.COUNT, Page.CLOSE):
            self.back()
        elif key in _ENTER and isinstance(focus, QPushButton):
            focus.click()  # Enter presses the button that has the focus, and only that one
        elif key in _ENTER and page is Page.SUMMARY:
            self.primary()
        elif key in _ENTER and page is Page.COUNT and focus is self.count_page.reason:
            self.settle()
        elif key in _ENTER and page is Page.CLOSE and focus is self.close_page.kept:
            self.close_page.close_day.setFocus()  # one more Enter closes: it is for ever
        elif key in _ENTER and page is Page.CLOSED:
            self.accept()
        elif key == Qt.Key.Key_F5.value and page is Page.COUNT:
            self.settle()
        elif key == Qt.Key.Key_F5.value and page is Page.CLOSE:
            self.close_day()
        elif key == Qt.Key.Key_F6.value and page in (Page.SUMMARY, Page.CLOSE) and (
                self.view is not None and self.view.day.state is DayState.SETTLED):
            self.to_count(recount=True)
        elif key not in _ENTER:
            super().keyPressEvent(event)  # Esc on the other pages: leave

    def reject(self) -> None:
        if not self.busy:  # the day's work finishes first; its answer must find the wizard
            super().reject()
