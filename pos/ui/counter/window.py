"""The counter screen: one customer at a time — card in, the household, the volume and its
price, the payment, the card written, the receipt — by keyboard alone (F1 lists the keys)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.record import SaleRecord
from pos.domain.staff import Operator
from pos.domain.tariff import Quote
from pos.services.core.context import Services
from pos.services.counter import devices
from pos.services.ports import SettingsStore
from pos.services.printing import print_queue
from pos.services.records import tariffs
from pos.services.selling import recovery
from pos.services.selling.card_view import CardView, read_and_settle
from pos.services.selling.counter_sale import SaleOutcome, SaleRequest, check_ready
from pos.ui.common.device_bridge import CardEvents
from pos.ui.common.progress import SaleProgress
from pos.ui.common.receipt_view import ReceiptRoll
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.counter.card_panel import CardPanel
from pos.ui.counter.demo_dock import READER as DEMO_READER
from pos.ui.counter.demo_dock import DemoDock
from pos.ui.counter.flow import CounterFlow, Step
from pos.ui.counter.paying import NOT_PAID, PaymentSteps
from pos.ui.counter.payment_dialog import PaymentDialog
from pos.ui.counter.pole_display import MirroredDisplay, PoleDisplayDock
from pos.ui.counter.recovery_dialog import RecoveryDialog
from pos.ui.counter.sale_panel import Ask, SalePanel
from pos.ui.counter.scanner_bridge import ScannedCodes
from pos.ui.counter.screens import SideScreens
from pos.ui.counter.status_bar import DeviceStatusBar
from pos.ui.qt import (
    QCloseEvent,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMainWindow,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
)


class CounterWindow(SideScreens, PaymentSteps, QMainWindow):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, operator: Operator, *,
                 reader: str, paper: str = "58mm", settings: SettingsStore | None = None
                 ) -> None:
        super().__init__()
        self.settings_store = settings
        self.pole: MirroredDisplay | None = None
        if reader == DEMO_READER:  # the demo's customer display is on screen too
            self.pole = MirroredDisplay(svc.display)
            svc = dataclasses.replace(svc, display=self.pole)
        self.svc, self.tasks, self.t, self.operator, self.reader = (svc, tasks, texts,
                                                                    operator, reader)
        self.flow = CounterFlow()
        self.view: CardView | None = None
        self.outcome: SaleOutcome | None = None
        self.setWindowTitle(texts(N_("gaspos — counter {counter}"),
                                  counter=svc.settings.counter_no))
        self._lay_out(paper)
        self.status = DeviceStatusBar(svc, tasks, texts, reader)
        self.status.operator.setText(texts(N_("Clerk {staff_no} {name}"),
                                           staff_no=operator.staff_no, name=operator.name))
        self.setStatusBar(self.status)
        self.events = CardEvents()
        self.events.inserted.connect(self.card_inserted)
        self.events.removed.connect(self.card_removed)
        self.sale_panel.asked.connect(self._price)
        self.sale_panel.volume.returnPressed.connect(self.pay)
        self.sale_panel.amount.returnPressed.connect(self.pay)
        for key, action in (("F1", self.show_keys), ("F2", self.sale_panel.volume.setFocus),
                            ("F6", self.sale_panel.amount.setFocus),
                            ("F3", self.look_up), ("F4", self.cards), ("F5", self.pay),
                            ("F10", self.devices),
                            ("F11", self.edit_settings), ("Esc", self._escape),
                            ("Ctrl+D", self.day_wizard), ("Ctrl+R", self.day_report),
                            ("Ctrl+M", self.month_screen), ("Ctrl+Shift+R", self.area_report),
                            ("Ctrl+U", self.staff_page), ("Ctrl+I", self.household_import),
                            ("Ctrl+L", self.audit_screen)):
            QShortcut(QKeySequence(key), self).activated.connect(action)
        self.demo_dock: DemoDock | None = None
        if self.pole is not None:
            self.demo_dock = self._demo_docks(self.pole)
        self.recovery: RecoveryDialog | None = None
        self._no_side_screens()
        self._recovery_for_card = False
        self._payment: PaymentDialog | None = None
        self.key_clock: Callable[[], float] | None = None  # None: time.monotonic
        self._checking = False  # the card is being checked before the payment dialog
        self._generation = 0  # one per customer: answers about an earlier one are dropped
        self._card_out_during_sale = False
        self._progress = SaleProgress(svc.checkpoints, self)  # lives on the GUI thread
        self._progress.step.connect(self._stepped)
        self.events.watch(svc, reader)
        self.scans = ScannedCodes()  # a serial scanner's codes, for the payment dialog
        self.scans.code.connect(self._code_scanned)
        self.scans.watch(svc)
        self.status.refresh()
        tasks.run(lambda: recovery.unfinished_sales(svc), self._recover,
                  self._unreadable_unfinished)

    def _lay_out(self, paper: str) -> None:
        self.card_panel = CardPanel(self.t)
        self.sale_panel = SalePanel(self.t)
        self.receipts = ReceiptRoll(paper)
        self.progress = QLabel()
        self.progress.setObjectName("sale_progress")
        self.progress.setWordWrap(True)
        self.progress.setProperty("role", "ok")
        middle = QVBoxLayout()
        middle.addWidget(self.sale_panel, 1)
        middle.addWidget(self.progress)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(self.card_panel, 3)
        row.addLayout(middle, 3)
        row.addWidget(self.receipts, 2)
        self.setCentralWidget(body)

    def _demo_docks(self, pole: MirroredDisplay) -> DemoDock:
        """The demo's hands (cards, the meter) and its customer display, on screen."""
        dock = DemoDock(self.svc, self.tasks, self.t, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.pole_dock = PoleDisplayDock(pole, self.t, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.pole_dock)
        for key, action in (("F7", dock.new_blank_card), ("F8", dock.remove),
                            ("F9", dock.into_meter)):
            QShortcut(QKeySequence(key), self).activated.connect(action)
        return dock

    # sales that did not finish
    def _recover(self, sales: list[SaleRecord], *, for_card: bool = False) -> None:
        """The recovery dialog, over the counter screen (never blocking it)."""
        if not sales:
            return
        if self.recovery is None:
            self.recovery = RecoveryDialog(self.svc, self.tasks, self.t, self.operator,
                                           reader=self.reader, parent=self)
            self.recovery.finished.connect(self._recovered)
        self.recovery.show_sales(sales)
        self._recovery_for_card = for_card
        self.recovery.open()

    def _recovered(self) -> None:
        self.activateWindow()
        changed = self.recovery is not None and self.recovery.changed
        if changed and self._recovery_for_card and self.flow.step is not Step.NO_CARD:
            self.card_inserted()  # the card and the ledger as they are now

    def _unreadable_unfinished(self, error: BaseException) -> None:
        self.status.showMessage(self.t.error(error), 15_000)

    # a customer comes and goes
    def card_inserted(self, _reader: str = "") -> None:
        if self.flow.step is Step.SELLING:
            self._card_out_during_sale = False  # back in: the sale's outcome comes first
            return
        self._new_customer()
        self.flow.to(Step.READING)
        self.card_panel.reading()
        self.tasks.run(lambda: read_and_settle(self.svc, self.reader),
                       self._current(self._card_read), self._current(self._card_refused))

    def card_removed(self, _reader: str = "") -> None:
        if self.flow.step is Step.SELLING:
            self._card_out_during_sale = True
            return
        self._new_customer()

    def _new_customer(self) -> None:
        """Nothing of the previous household stays: panels, entry, receipts, progress, open
        dialogs about it, the display — and no late answer about it is shown (generation)."""
        self._generation += 1
        self._checking = False
        self.view = self.outcome = None
        if self._payment is not None:
            self._payment.closed_by_window()
        if self.recovery is not None and self._recovery_for_card and self.recovery.isVisible():
            self.recovery.reject()
        self.card_panel.clear()
        self.sale_panel.clear()
        self.receipts.clear()
        self._say("", ok=True)
        if self.flow.step is not Step.NO_CARD:
            self.flow.to(Step.NO_CARD)
        self.tasks.run(lambda: devices.clear_display(self.svc), lambda _: None,
                       lambda _: None)

    def _current(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """``callback`` only while the customer it was asked for is still the one served."""
        generation = self._generation

        def maybe(value: Any) -> None:
            if generation == self._generation:
                callback(value)
        return maybe

    def _card_read(self, view: CardView) -> None:
        self.flow.to(Step.CARD_SHOWN)
        self.view = view
        self.card_panel.show_view(view)
        if view.settled is not None:
            self._say(self.t(N_("The card proves sale {order_no}: it is completed now."),
                             order_no=view.settled.order_no), ok=True)
        self.sale_panel.allow(view.may_sell)
        if view.unfinished is not None:
            self._recover([view.unfinished], for_card=True)

    def _card_refused(self, error: BaseException) -> None:
        self.flow.to(Step.CARD_SHOWN)
        self.card_panel.refused(self.t.error(error))

    # the purchase
    def _price(self, ask: Ask | None) -> None:
        view = self.view
        if ask is None or view is None or view.household is None:
            return
        account_no = view.household.account.account_no

        def work() -> Quote:
            if isinstance(ask, Money):
                return tariffs.quote_amount(self.svc, account_no=account_no, amount=ask)
            self.svc.settings.sale.limits.check(ask)
            return tariffs.quote_purchase(self.svc, account_no=account_no, volume=ask)

        self.tasks.run(work, self._current(lambda q: self.sale_panel.show_quote(q, ask)),
                       self._current(lambda e: self.sale_panel.show_problem(self.t.error(e),
                                                                            ask)))

    def pay(self) -> None:
        """Everything that can be checked is checked before the customer is asked to pay
        (the card's security code, the meter's stock, the account): only then the dialog."""
        quote, view = self.sale_panel.quote, self.view
        if not self.flow.may_enter_volume or quote is None or view is None or self._checking:
            return
        self._checking = True
        request = SaleRequest(self.reader, volume=quote.volume,
                              expected_card=view.reading.card_no, expected_total=quote.total)
        self._say(self.t(N_("Checking the card before payment …")), ok=True)
        self.tasks.run(lambda: check_ready(self.svc, self.operator, request,
                                           with_payment=False),
                       self._current(lambda _ready: self._ask_payment(quote, view)),
                       self._current(self._not_ready), owner=self)

    def _not_ready(self, error: BaseException) -> None:
        self._checking = False
        why = self.t.error(error)
        self.card_panel.refuse_sale(why)
        self._say(self.t(N_("Not sold, nothing was taken: {why}"), why=why), ok=False)

    def _sold(self, outcome: SaleOutcome) -> None:
        if self._payment is not None:
            self._payment.paid()
        self.flow.to(Step.SOLD)
        self.outcome = outcome
        t, sale = self.t, outcome.sale
        lines = [t(N_("Sold {volume} m³ for ¥{amount} (receipt {receipt})."), volume=sale.volume,
                   amount=sale.amount, receipt=sale.receipt_no)]
        if outcome.booked_late is not None:
            lines.append(t(N_("Today's business day is closed: this sale is booked to business "
                              "day {date}."), date=outcome.booked_late.isoformat()))
        if outcome.change.fen:
            lines.append(t(N_("Change: ¥{change}"), change=outcome.change))
        if outcome.printing.problem is not None:
            lines.append(t(N_("Not printed: {problem}"), problem=outcome.printing.problem))
        lines += [t.message(p) for p in outcome.device_problems]
        lines.append(t(N_("Give the card back and remind the customer to insert it into the "
                          "meter.")))
        if self._card_out_during_sale:
            lines.append(t(N_("The card is out of the reader: Esc clears the screen.")))
        self._say("\n".join(lines), ok=True)
        self.tasks.run(lambda: self.receipts.draw(print_queue.documents_of_sale(
            self.svc, sale.order_no)), self._current(self.receipts.show_documents),
            lambda _: None)
        if not self._card_out_during_sale:
            self.tasks.run(lambda: read_and_settle(self.svc, self.reader),
                           self._current(self._card_now), lambda _: None)
        self.status.refresh()

    def _card_now(self, view: CardView) -> None:
        """After the sale: what the card carries now (the purchase not yet in the meter)."""
        if self.flow.step is Step.SOLD:
            self.view = view
            self.card_panel.show_view(view)

    def _not_sold(self, error: BaseException) -> None:
        """The why stays on screen (not a modal box the next customer could click away); the
        card is read again, so the panel shows what the card and the ledger now say."""
        if (self._payment is not None and getattr(error, "code", None) in NOT_PAID
                and not self._card_out_during_sale):
            self._back_to_payment(error)
            return
        if self._payment is not None:
            self._payment.closed_by_window()
        why = self.t(N_("The sale did not finish: {why}"), why=self.t.error(error))
        self.flow.to(Step.NO_CARD)
        if self._card_out_during_sale:
            self._new_customer()
        else:
            self.card_inserted()
        self._say(why, ok=False)

    def _escape(self) -> None:
        if self.flow.step is Step.CARD_SHOWN:
            self.sale_panel.reset_entry()
        elif self.flow.step is Step.SOLD:
            self._new_customer()  # the next customer; a card still in is read again
            if not self._card_out_during_sale and self.reader_has_card():
                self.card_inserted()

    def reader_has_card(self) -> bool:
        return self.reader != DEMO_READER or self.svc.lab.demo_card() is not None

    def _say(self, text: str, *, ok: bool) -> None:
        self.progress.setText(text)
        self.progress.setProperty("role", "ok" if ok else "refusal")
        self.progress.style().unpolish(self.progress)
        self.progress.style().polish(self.progress)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.flow.step is Step.SELLING:
            self._say(self.t(N_("A sale is in progress: close the counter when it has "
                                "finished.")), ok=False)
            event.ignore()
            return
        self.events.stop()
        self.scans.stop()
        self.status.stop()
        self.tasks.wait(10_000)
        super().closeEvent(event)
