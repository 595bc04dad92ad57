"""How the customer pays (docs/design.md "The counter sale", step 4): cash with what was handed
over and the change, a bank card with the terminal's reference, WeChat Pay or Alipay with the
payment code scanned — or a split: part in cash, the rest by one of those.
Keyboard: F1 cash, F2 bank card, F3 WeChat Pay, F4 Alipay; Enter takes it, Esc goes back."""

from __future__ import annotations

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.payments import rounded_cash
from pos.domain.sale.record import Channel
from pos.services.selling.payments import PaymentPlan
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import ok_cancel, problem_label
from pos.ui.qt import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
)

CHANNELS = (Channel.CASH, Channel.UNIONPAY, Channel.WECHAT, Channel.ALIPAY)


class PaymentDialog(QDialog):
    def __init__(self, texts: Texts, total: Money, parent: QWidget | None = None, *,
                 rounding: bool = False) -> None:
        super().__init__(parent)
        self._t, self.total, self.rounding = texts, total, rounding
        # 抹零: paid wholly in cash, the fen are dropped (the difference is booked)
        self.cash_due = rounded_cash(total) if rounding else total
        self.plan: PaymentPlan | None = None
        self.setWindowTitle(texts(N_("Payment")))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        due = QLabel(texts(N_("To pay ¥{amount}"), amount=total))
        due.setProperty("role", "big")
        due.setObjectName("pay_due")
        layout.addWidget(due)
        if self.cash_due != total:
            dropped = QLabel(texts(N_("In cash ¥{cash} (¥{dropped} rounded off)"),
                                   cash=self.cash_due, dropped=total - self.cash_due))
            dropped.setObjectName("pay_rounded")
            layout.addWidget(dropped)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        for index, channel in enumerate(CHANNELS, start=1):
            button = QRadioButton(f"F{index} {texts.message(channel.label)}")
            button.setObjectName(f"pay_{channel.value}")
            self.group.addButton(button, index - 1)
            row.addWidget(button)
        layout.addLayout(row)
        form = QFormLayout()
        self.tendered = QLineEdit()
        self.tendered.setObjectName("pay_tendered")
        self.tendered.textEdited.connect(self._recount)
        form.addRow(texts(N_("Cash handed over (yuan)")), self.tendered)
        self.change = QLabel()
        self.change.setObjectName("pay_change")
        self.change.setProperty("role", "big")
        form.addRow(texts(N_("Change")), self.change)
        self.ref = QLineEdit()
        self.ref.setObjectName("pay_ref")
        form.addRow(texts(N_("Payment code / terminal reference")), self.ref)
        self.cash_part = QLineEdit()  # a split: part in cash, the rest by card, WeChat, Alipay
        self.cash_part.setObjectName("pay_cash_part")
        self.cash_part.textEdited.connect(self._recount)
        form.addRow(texts(N_("Of which in cash (split, optional)")), self.cash_part)
        self.rest = QLabel()
        self.rest.setObjectName("pay_rest")
        form.addRow(texts(N_("The rest")), self.rest)
        layout.addLayout(form)
        self.problem = problem_label("pay_problem")
        layout.addWidget(self.problem)
        layout.addWidget(ok_cancel(self._take, self.reject))
        self.group.idToggled.connect(self._chosen)
        self.group.button(0).setChecked(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """F1…F4 choose the channel, whichever field has the focus (text fields ignore them)."""
        index = event.key() - Qt.Key.Key_F1.value
        if 0 <= index < len(CHANNELS):
            self.group.button(index).click()
            return
        super().keyPressEvent(event)

    def channel(self) -> Channel:
        return CHANNELS[max(self.group.checkedId(), 0)]

    def _chosen(self, index: int, checked: bool) -> None:
        if not checked:
            return
        cash = CHANNELS[index] is Channel.CASH
        self.tendered.setEnabled(cash)
        self.ref.setEnabled(not cash)
        self.cash_part.setEnabled(not cash)
        self.problem.clear()
        (self.tendered if cash else self.ref).setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._recount()

    def _recount(self) -> None:
        self.change.clear()
        self.rest.clear()
        self.problem.clear()
        if self.channel() is not Channel.CASH:
            self._recount_split()
            return
        if not self.tendered.text().strip():
            return
        try:
            handed = Money.parse(self.tendered.text().strip())
        except BadInput as error:
            self.problem.setText(self._t.error(error))
            return
        if handed < self.cash_due:
            self.problem.setText(self._t(N_("¥{handed} is less than ¥{total}."),
                                         handed=handed, total=self.cash_due))
            return
        self.change.setText(f"¥{handed - self.cash_due}")

    def _split(self) -> Money | None:
        """The cash part of a split, if one was entered (BadInput if it is not one)."""
        text = self.cash_part.text().strip()
        if not text:
            return None
        cash = Money.parse(text)
        if not Money(0) < cash < self.total:
            raise BadInput("payment.split_part",
                           N_("The cash part must be more than 0 and less than ¥{total}."),
                           total=self.total)
        return cash

    def _recount_split(self) -> None:
        try:
            cash = self._split()
        except BadInput as error:
            self.problem.setText(self._t.error(error))
            return
        if cash is not None:
            self.rest.setText(self._t(N_("{channel} ¥{amount}"),
                                        channel=self.channel().label, amount=self.total - cash))

    def _take(self) -> None:
        channel = self.channel()
        try:
            if channel is Channel.CASH:
                text = self.tendered.text().strip()
                if not text:  # never assume: a held Enter must not take a cash payment
                    self.problem.setText(self._t(N_("Enter the cash handed over.")))
                    return
                plan = PaymentPlan(Channel.CASH, tendered=Money.parse(text))
            else:
                ref = self.ref.text().strip() or None
                cash = self._split()
                plan = (PaymentPlan(channel, ref=ref) if cash is None else PaymentPlan(
                    split=((Channel.CASH, cash, None), (channel, self.total - cash, ref))))
            # the same checks the sale will make, before it starts
            plan.tenders(self.total, rounding=self.rounding)
        except BadInput as error:
            self.problem.setText(self._t.error(error))
            return
        self.plan = plan
        self.accept()
