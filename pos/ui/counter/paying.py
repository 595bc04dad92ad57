"""The payment step of the counter window: the payment dialog opened once the card is checked,
the sale run with what it chose while it stays open (its watch on the sale's worker thread),
the serial scanner's codes handed to it, the integrated terminal's charge, and — when the
payment did not go through — back to it for the same customer (docs/payments.md "At the
counter")."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.card_terminal import TerminalAnswer
from pos.domain.staff import Operator
from pos.domain.tariff import Quote
from pos.services.core.context import Services
from pos.services.selling.bank_terminal import charge_at_terminal, has_terminal
from pos.services.selling.card_view import CardView
from pos.services.selling.counter_sale import SaleOutcome, SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.ui.common.progress import SAYS, SaleProgress
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.counter.flow import CounterFlow, Step
from pos.ui.counter.payment_dialog import PaymentDialog, TerminalCharge
from pos.ui.counter.sale_panel import SalePanel
from pos.ui.counter.status_bar import DeviceStatusBar
from pos.ui.qt import QWidget

if TYPE_CHECKING:
    _Base = QWidget
else:
    _Base = object

# a sale that ended with these took nothing: the payment dialog takes the payment again —
# declined or reversed by the provider (said first: "not paid, reversed, nothing taken"), or
# refused before any money was asked for (a reference or a code already used, a wrong code)
REVERSED = frozenset({"sale.payment_declined", "sale.payment_reversed"})
NOT_PAID = REVERSED | {"payment.ref_used", "payment.code_used", "payment_code.channel",
                       "payment_code.unknown", "payment_code.unionpay_qr",
                       "payment_code.face_pay"}


class PaymentSteps(_Base):
    """Mixed into the counter window, which provides what is declared here."""

    svc: Services
    tasks: Tasks
    t: Texts
    operator: Operator
    reader: str
    flow: CounterFlow
    sale_panel: SalePanel
    status: DeviceStatusBar
    _payment: PaymentDialog | None
    _checking: bool
    _generation: int
    _card_out_during_sale: bool
    _progress: SaleProgress
    key_clock: Callable[[], float] | None  # the scanner detection's clock (tests set one)

    def _say(self, text: str, *, ok: bool) -> None: ...

    def _sold(self, outcome: SaleOutcome) -> None: ...

    def _not_sold(self, error: BaseException) -> None: ...

    def _ask_payment(self, quote: Quote, view: CardView) -> None:
        self._checking = False
        if self.sale_panel.quote is not quote or self.flow.step is not Step.CARD_SHOWN:
            return
        self._say("", ok=True)
        generation = self._generation
        dialog = self._payment = PaymentDialog(
            self.t, quote.total, self, rounding=self.svc.settings.day.cash_rounding,
            terminal=self._at_terminal(), clock=self.key_clock,
            code_channels=self.svc.settings.payment_codes)
        # the dialog stays open while the sale runs: it shows the payment in flight
        dialog.chosen.connect(lambda plan: self._paying(quote, view.reading.card_no, plan,
                                                        generation))
        dialog.exec()
        dialog.deleteLater()  # the payment code it held goes with it
        self._payment = None
        self.activateWindow()  # the keys (F-keys) are the counter's again

    def _paying(self, quote: Quote, card_no: str, plan: PaymentPlan, generation: int) -> None:
        if generation != self._generation or (
                self.sale_panel.quote is not quote or self.flow.step is not Step.CARD_SHOWN):
            if self._payment is not None:  # the card changed while the dialog was open
                self._payment.closed_by_window()
            return
        self._sell(quote, card_no, plan)

    def _at_terminal(self) -> TerminalCharge | None:
        """With an integrated bank-card terminal: how the dialog charges at it."""
        if not has_terminal(self.svc):
            return None

        def charge(amount: Money, done: Callable[[Any], None],
                   failed: Callable[[BaseException], None]) -> None:
            dialog = self._payment

            def answered(answer: TerminalAnswer) -> None:
                if self._payment is dialog and dialog is not None:
                    done(answer)
                else:  # the customer left meanwhile: the money must not stay without a sale
                    self._say(self.t(N_("The terminal charged ¥{amount} (reference {ref}) after "
                                        "the payment was closed: nothing was sold — refund it "
                                        "at the terminal."), amount=amount,
                                     ref=answer.reference), ok=False)

            def refused(error: BaseException) -> None:
                if self._payment is dialog and dialog is not None:
                    failed(error)

            self.tasks.run(lambda: charge_at_terminal(self.svc, self.operator, amount),
                           answered, refused)
        return charge

    def _code_scanned(self, code: str) -> None:
        if self._payment is not None:
            self._payment.scanned(code)
        else:
            self.status.showMessage(self.t(N_("A payment code was scanned, but no payment is "
                                              "open: it was ignored.")), 8_000)

    def _sell(self, quote: Quote, card_no: str, plan: PaymentPlan) -> None:
        self.flow.to(Step.SELLING)
        self._card_out_during_sale = False
        self.sale_panel.allow(False)
        svc = dataclasses.replace(self.svc, checkpoints=self._progress)
        request = SaleRequest(self.reader, volume=quote.volume, payment=plan,
                              expected_card=card_no, expected_total=quote.total,
                              watch=None if self._payment is None else self._payment.watch)
        self.tasks.run(lambda: sell(svc, self.operator, request), self._sold, self._not_sold)

    def _stepped(self, msgid: str) -> None:
        self._say(self.t(msgid), ok=True)
        if self._payment is not None:
            self._payment.progressed(paid=msgid == SAYS["paid"])

    def _back_to_payment(self, error: BaseException) -> None:
        """The payment did not go through and nothing was kept: the same customer pays again
        in the same dialog, nothing of the attempt left in it."""
        assert self._payment is not None
        self.flow.to(Step.CARD_SHOWN)
        self.sale_panel.allow(True)
        why = self.t.error(error)
        if getattr(error, "code", None) in REVERSED:
            why = "\n".join((self.t(N_("The payment did not go through: it was reversed, "
                                       "nothing was taken.")), why))
        self._say(why, ok=False)
        self._payment.not_paid(why)
