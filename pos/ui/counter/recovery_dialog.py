"""Sales that did not finish (a crash, a card pulled, a payment not confirmed): shown at start-up
and whenever a card with such a sale is read, with what the clerk can do about each — never
decided by the machine alone (docs/design.md "When a sale does not finish").

    F5 rewrite the card (补写卡)   F6 ask the payment provider again   F7 void (冲正)
    F8 suspend (挂起)               Esc close: the sale stays unfinished and listed
"""

from __future__ import annotations

from collections.abc import Callable

from pos.domain.messages import N_
from pos.domain.sale.record import SaleRecord
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.selling import recovery
from pos.ui.common.approval_dialog import ApprovalDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import (
    QDialog,
    QKeyEvent,
    QLabel,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
)


class RecoveryDialog(QDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, operator: Operator, *,
                 reader: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t, self._operator, self._reader = (svc, tasks, texts,
                                                                         operator, reader)
        self.setWindowTitle(texts(N_("Unfinished sales")))
        self.setMinimumSize(760, 420)
        layout = QVBoxLayout(self)
        guide = QLabel(texts(N_("These sales did not finish. Choose one, then: F5 rewrite the "
                                "card · F6 ask the payment provider again · F7 void "
                                "(supervisor) · F8 suspend (supervisor) · Esc later.")))
        guide.setWordWrap(True)
        layout.addWidget(guide)
        self.sales = QListWidget()
        self.sales.setObjectName("recovery_sales")
        layout.addWidget(self.sales)
        self.answer = QLabel()
        self.answer.setObjectName("recovery_result")
        self.answer.setWordWrap(True)
        layout.addWidget(self.answer)
        self.shown: list[SaleRecord] = []
        self.changed = False  # a sale was resolved while the dialog was open
        self._working = False

    def show_sales(self, sales: list[SaleRecord]) -> None:
        self.shown = list(sales)
        self.changed = False
        self.sales.clear()
        for sale in sales:
            self._add(sale)
        if sales:
            self.sales.setCurrentRow(0)
        self.sales.setFocus()

    def _add(self, sale: SaleRecord) -> None:
        item = QListWidgetItem(self._t(N_("{order_no}  account {account_no}  {volume} m³  "
                                          "¥{amount}  {state}"), order_no=sale.order_no,
                                       account_no=sale.account_no, volume=sale.volume,
                                       amount=sale.amount, state=sale.state.label))
        item.setData(Qt.ItemDataRole.UserRole, sale.order_no)
        self.sales.addItem(item)

    def refresh(self) -> None:
        self._tasks.run(lambda: recovery.unfinished_sales(self._svc), self._still_open,
                        self._failed, owner=self)

    def _still_open(self, sales: list[SaleRecord]) -> None:
        order_nos = {sale.order_no for sale in self.shown}
        self.shown = [sale for sale in sales if sale.order_no in order_nos]
        self.sales.clear()
        for sale in self.shown:
            self._add(sale)
        if self.shown:
            self.sales.setCurrentRow(0)

    def chosen(self) -> str | None:
        item = self.sales.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        actions: dict[int, Callable[[str], None]] = {
            Qt.Key.Key_F5.value: self.rewrite, Qt.Key.Key_F6.value: self.check_payment,
            Qt.Key.Key_F7.value: self.void, Qt.Key.Key_F8.value: self.suspend}
        order_no = self.chosen()
        if event.key() in actions:
            if order_no is not None and not self._working:  # one action at a time
                actions[event.key()](order_no)
            return
        super().keyPressEvent(event)

    def rewrite(self, order_no: str) -> None:
        self._run(lambda: recovery.rewrite(self._svc, self._operator, order_no, self._reader))

    def check_payment(self, order_no: str) -> None:
        self._run(lambda: recovery.check_payment(self._svc, self._operator, order_no))

    def void(self, order_no: str) -> None:
        approval = self._approval(N_("Voiding (冲正)"), order_no)
        if approval is not None:
            approver, reason = approval
            self._run(lambda: recovery.void(self._svc, self._operator, approver, order_no,
                                            self._reader, reason))

    def suspend(self, order_no: str) -> None:
        approval = self._approval(N_("Suspending (挂起)"), order_no)
        if approval is not None:
            approver, reason = approval
            self._run(lambda: recovery.suspend(self._svc, self._operator, approver, order_no,
                                               reason))

    def _approval(self, what: str, order_no: str) -> tuple[Operator, str] | None:
        dialog = ApprovalDialog(self._svc, self._tasks, self._t, what=what, subject=order_no,
                                parent=self)
        approved = dialog.exec()
        dialog.deleteLater()  # nothing of it (staff number) stays behind
        if not approved or dialog.approver is None:
            return None
        return dialog.approver, dialog.reason

    def _run(self, work: Callable[[], SaleRecord]) -> None:
        self._working = True
        self.answer.setText(self._t(N_("Working…")))
        self._tasks.run(work, self._done, self._failed, owner=self)

    def _done(self, sale: SaleRecord) -> None:
        self._working = False
        self.changed = True
        self.answer.setText(self._t(N_("Sale {order_no} is now {state}."),
                                    order_no=sale.order_no, state=sale.state.label))
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._working = False
        self.answer.setText(self._t.error(error))
