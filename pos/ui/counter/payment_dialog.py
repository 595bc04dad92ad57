"""How the customer pays (docs/design.md "The counter sale", step 4; docs/payments.md "At the
counter"): cash with what was handed over and the change, a bank card with the terminal's slip
(typed, or filled in by an integrated terminal), WeChat Pay or Alipay with the payment code
scanned — or a split: part in cash, the rest by one of those.

Keyboard: F1 cash, F2 bank card, F3 WeChat Pay, F4 Alipay; Enter takes it, Esc goes back.  A
payment code scanned (a keyboard-wedge scanner's burst, or a serial scanner's line) chooses its
channel and is taken at once: the clerk presses nothing else.

The dialog stays open while the sale runs (``chosen`` tells the counter window, which sells):
it shows the payment in flight and, while the customer enters the PIN on the phone, the seconds
left and Stop (Esc).  Paid: the window closes it.  Not paid: back to the entry, nothing of the
attempt left, the reason on top."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

from pos.domain.errors import BadInput, GasposError
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale import payment_codes
from pos.domain.sale.card_terminal import TerminalAnswer
from pos.domain.sale.payments import rounded_cash
from pos.domain.sale.record import Channel
from pos.services.selling.payments import PaymentPlan
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import ok_cancel, problem_label
from pos.ui.counter.payment_waiting import DialogWatch, WaitingPanel
from pos.ui.counter.scan_filter import ScanFilter
from pos.ui.qt import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger(__name__)

CHANNELS = (Channel.CASH, Channel.UNIONPAY, Channel.WECHAT, Channel.ALIPAY)
ONLINE = (Channel.WECHAT, Channel.ALIPAY)

# the window's way to charge at an integrated terminal: (amount, answered, failed), off the
# GUI thread, the answer back on it
TerminalCharge = Callable[[Money, Callable[[TerminalAnswer], None],
                           Callable[[BaseException], None]], None]


class PayStep(StrEnum):
    ENTRY = "entry"  # the clerk chooses and enters; a scan is taken from here only
    AT_TERMINAL = "at_terminal"  # the integrated terminal has the amount: the customer's card
    TAKING = "taking"  # the sale runs (the window's worker thread): paying, the card, receipt


class PaymentDialog(QDialog):
    chosen = Signal(object)  # the PaymentPlan: the counter window sells with it

    def __init__(self, texts: Texts, total: Money, parent: QWidget | None = None, *,
                 rounding: bool = False, clock: Callable[[], float] | None = None,
                 terminal: TerminalCharge | None = None,
                 code_channels: frozenset[Channel] = frozenset(payment_codes.CODE_CHANNELS)
                 ) -> None:
        super().__init__(parent)
        self._code_channels = code_channels  # whose provider takes a scanned payment code
        self._t, self.total, self.rounding, self._terminal = texts, total, rounding, terminal
        # 抹零: paid wholly in cash, the fen are dropped (the difference is booked)
        self.cash_due = rounded_cash(total) if rounding else total
        self.plan: PaymentPlan | None = None
        self.step = PayStep.ENTRY
        self.watch = DialogWatch(self)
        self.setWindowTitle(texts(N_("Payment")))
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        due = QLabel(texts(N_("To pay ¥{amount}"), amount=total))
        due.setProperty("role", "big")
        due.setObjectName("pay_due")
        layout.addWidget(due)
        self.entry = QWidget()
        self._lay_out_entry(self.entry)
        layout.addWidget(self.entry)
        self.waiting = WaitingPanel(texts, QPushButton(texts(N_("Esc Stop"))))
        self.waiting.stop.clicked.connect(self.reject)
        self.waiting.hide()
        layout.addWidget(self.waiting)
        self.problem = problem_label("pay_problem")
        layout.addWidget(self.problem)
        self.buttons = ok_cancel(self._take, self.reject)
        layout.addWidget(self.buttons)
        layout.addStretch(1)  # while paying, what is shown stays at the top
        self.scans = ScanFilter(clock, self)
        self.scans.scanned.connect(self.scanned)
        self.waiting.stop.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Esc, never a stray Enter
        # the widgets a key can reach first (not their parents: a key a widget ignores goes
        # on to its parent and would be heard twice)
        self.scans.listen(w for w in self.findChildren(QWidget)
                          if w.focusPolicy() != Qt.FocusPolicy.NoFocus)
        self.group.idToggled.connect(self._chosen)
        self.group.button(0).setChecked(True)

    def _lay_out_entry(self, entry: QWidget) -> None:
        texts = self._t
        layout = QVBoxLayout(entry)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.cash_due != self.total:
            dropped = QLabel(texts(N_("In cash ¥{cash} (¥{dropped} rounded off)"),
                                   cash=self.cash_due, dropped=self.total - self.cash_due))
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
        hint = QLabel(texts(N_("WeChat Pay or Alipay: scan the customer's payment code — it is "
                               "taken at once.")))
        hint.setObjectName("pay_scan_hint")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.tendered = self._edit("pay_tendered", self._recount)
        form.addRow(texts(N_("Cash handed over (yuan)")), self.tendered)
        self.change = QLabel()
        self.change.setObjectName("pay_change")
        self.change.setProperty("role", "big")
        form.addRow(texts(N_("Change")), self.change)
        self.ref = self._edit("pay_ref")
        form.addRow(texts(N_("Payment code / terminal reference")), self.ref)
        self.terminal_no = self._edit("pay_terminal")
        form.addRow(texts(N_("Terminal no. (bank card, optional)")), self.terminal_no)
        self.voucher = self._edit("pay_voucher")
        form.addRow(texts(N_("Voucher no. (bank card, optional)")), self.voucher)
        self.cash_part = self._edit("pay_cash_part", self._recount)  # a split's cash part
        form.addRow(texts(N_("Of which in cash (split, optional)")), self.cash_part)
        self.rest = QLabel()
        self.rest.setObjectName("pay_rest")
        form.addRow(texts(N_("The rest")), self.rest)
        layout.addLayout(form)

    @staticmethod
    def _edit(name: str, edited: Callable[[], None] | None = None) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        if edited is not None:
            edit.textEdited.connect(edited)
        return edit

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """F1…F4 choose the channel, whichever field has the focus (text fields ignore them);
        F2 with an integrated terminal sends the amount to it at once."""
        index = event.key() - Qt.Key.Key_F1.value
        if 0 <= index < len(CHANNELS):
            if self.step is PayStep.ENTRY:
                self.group.button(index).click()
                if CHANNELS[index] is Channel.UNIONPAY and self._terminal is not None:
                    self._charge_card()
            return
        super().keyPressEvent(event)

    def channel(self) -> Channel:
        return CHANNELS[max(self.group.checkedId(), 0)]

    def _chosen(self, index: int, checked: bool) -> None:
        if not checked:
            return
        channel = CHANNELS[index]
        self.tendered.setEnabled(channel is Channel.CASH)
        self.ref.setEnabled(channel is not Channel.CASH)
        self.cash_part.setEnabled(channel is not Channel.CASH)
        for edit in (self.terminal_no, self.voucher):
            edit.setEnabled(channel is Channel.UNIONPAY)
        self.problem.clear()
        (self.tendered if channel is Channel.CASH else self.ref).setFocus(
            Qt.FocusReason.ShortcutFocusReason)
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

    def _plan(self, channel: Channel, ref: str | None, terminal: str | None = None,
              voucher: str | None = None) -> PaymentPlan:
        cash = self._split()
        if cash is None:
            return PaymentPlan(channel, ref=ref, terminal=terminal, voucher=voucher)
        return PaymentPlan(split=((Channel.CASH, cash, None), (channel, self.total - cash, ref)))

    def _take(self) -> None:
        if self.step is not PayStep.ENTRY:
            return
        channel = self.channel()
        if (channel is Channel.UNIONPAY and self._terminal is not None
                and not self.ref.text().strip()):
            self._charge_card()  # Enter on a bank card: the terminal charges it
            return
        try:
            if channel is Channel.CASH:
                text = self.tendered.text().strip()
                if not text:  # never assume: a held Enter must not take a cash payment
                    self.problem.setText(self._t(N_("Enter the cash handed over.")))
                    return
                plan = PaymentPlan(Channel.CASH, tendered=Money.parse(text))
            else:
                plan = self._plan(channel, self.ref.text().strip() or None,
                                  self.terminal_no.text().strip() or None,
                                  self.voucher.text().strip() or None)
            self._submit(plan, self._t(N_("Taking the payment…")))
        except BadInput as error:
            self.problem.setText(self._t.error(error))

    # a payment code scanned: its channel chosen, taken at once
    def scanned(self, code: str) -> None:
        """A payment code from a scanner (this dialog's key filter, or the serial scanner):
        ignored unless the dialog is waiting for a payment (a second scan in flight)."""
        if self.step is not PayStep.ENTRY:
            log.info("a payment code was scanned while a payment is in flight: ignored")
            return
        try:
            channel = payment_codes.channel_of(code)
            payment_codes.refuse_unless_taken(channel, code, self._code_channels)
            self.group.button(CHANNELS.index(channel)).setChecked(True)
            self.ref.clear()  # the code is never shown in a field
            self._submit(self._plan(channel, code), self._t(
                N_("{channel} payment code {code}: taking the payment…"),
                channel=channel.label, code=payment_codes.masked(code)))
        except GasposError as error:  # not a code taken here (BadInput, Refused)
            self.problem.setText(self._t.error(error))

    def _submit(self, plan: PaymentPlan, what: str) -> None:
        """The same checks the sale will make, before it starts; then the window sells."""
        plan.tenders(self.total, rounding=self.rounding)
        self.plan = plan
        self.step = PayStep.TAKING
        self.watch = DialogWatch(self)
        self.watch.waited.connect(self._waited)
        self.entry.hide()
        self.buttons.hide()
        self.problem.clear()
        self.waiting.taking(what)
        self.waiting.stop.setVisible(self._online(plan))
        self.waiting.show()
        self.adjustSize()  # the entry's room is not needed now
        self.setFocus()  # no field: a stray key goes nowhere
        self.chosen.emit(plan)

    @staticmethod
    def _online(plan: PaymentPlan) -> bool:
        return plan.channel in ONLINE or any(part[0] in ONLINE for part in plan.split)

    # the bank card at an integrated terminal
    def _charge_card(self) -> None:
        try:
            cash = self._split()
        except BadInput as error:
            self.problem.setText(self._t.error(error))
            return
        assert self._terminal is not None
        amount = self.total - (cash or Money(0))
        self.step = PayStep.AT_TERMINAL
        self.entry.setEnabled(False)
        self.problem.setProperty("role", "ok")
        self.problem.setText(self._t(N_("¥{amount} sent to the bank-card terminal: the customer "
                                        "presents the card and enters the PIN there…"),
                                     amount=amount))
        self._terminal(amount, self._card_charged, self._card_refused)

    def _card_charged(self, answer: TerminalAnswer) -> None:
        self._back_to_entry()
        self.ref.setText(answer.reference or "")
        self.terminal_no.setText(answer.terminal or "")
        self.voucher.setText(answer.voucher or "")
        try:
            self._submit(self._plan(Channel.UNIONPAY, answer.reference, answer.terminal,
                                    answer.voucher), self._t(
                N_("Bank card charged at the terminal (reference {ref}): selling…"),
                ref=answer.reference))
        except BadInput as error:
            self.problem.setText(self._t.error(error))

    def _card_refused(self, error: BaseException) -> None:
        self._back_to_entry()
        self.problem.setText(self._t.error(error))

    def _back_to_entry(self) -> None:
        self.step = PayStep.ENTRY
        self.entry.setEnabled(True)
        self.problem.setProperty("role", "refusal")
        self.problem.clear()

    # while the sale runs: the window reports back
    def _waited(self, _channel: str, seconds_left: int) -> None:
        if self.step is PayStep.TAKING and not self.watch.stop_requested():
            self.waiting.waiting(seconds_left)

    def progressed(self, *, paid: bool) -> None:
        """The sale passed a step; once paid there is nothing left to stop."""
        if paid:
            self.waiting.stop.setEnabled(False)
            self.waiting.done()

    def paid(self) -> None:
        self.waiting.done()
        self.accept()

    def not_paid(self, why: str) -> None:
        """Back to the entry, nothing of the attempt left: the customer may pay again."""
        self.waiting.done()
        self.waiting.hide()
        for edit in (self.ref, self.terminal_no, self.voucher, self.tendered, self.cash_part):
            edit.clear()
        self.plan = None
        self._back_to_entry()
        self.entry.show()
        self.buttons.show()
        self.adjustSize()
        self._recount()
        self.problem.setText(why)
        (self.tendered if self.channel() is Channel.CASH else self.ref).setFocus()

    def reject(self) -> None:
        """Esc: back to the counter from the entry; while an online payment is in flight,
        Stop (the order is reversed, nothing kept); otherwise the sale's own end is awaited."""
        if self.step is PayStep.ENTRY:
            super().reject()
        elif (self.step is PayStep.TAKING and self.plan is not None and self._online(self.plan)
              and self.waiting.stop.isEnabled() and not self.watch.stop_requested()):
            self.watch.stop()
            self.waiting.stopping()

    def closed_by_window(self) -> None:
        """The counter closes it whatever its step (the sale ended otherwise, a new card)."""
        self.waiting.done()
        self.step = PayStep.ENTRY
        super().reject()
