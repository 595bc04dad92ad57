"""Cards and meters at the counter (F4): a new account's first card, a replacement card (补卡;
the old one is blacklisted, the fee is taken in cash), a meter change (换表; the old meter's gas
carried on the card).  The card must be in the reader; the services write it and print the
slip.  F5 issue · F6 replace · F7 change the meter · Esc close.

What needs a supervisor — replacing a card seen as a copy, carrying more gas than the ledger
knows the old meter holds (with the old meter's reading as evidence) — asks for their approval
when the services say so, and tries again with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_, Message
from pos.domain.quantities import Volume
from pos.domain.staff import Operator
from pos.services.cards.issue import issue_card, replace_card
from pos.services.core.context import Services
from pos.services.printing import print_queue
from pos.services.selling.meter_change import BeyondKnown, change_meter
from pos.ui.common.approval_dialog import ApprovalDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, problem_label
from pos.ui.qt import QDialog, QFormLayout, QKeyEvent, QLabel, Qt, QVBoxLayout, QWidget

NEEDS_APPROVAL = {"meter.credit_beyond_known": N_("Carrying more gas than the ledger knows"),
                  "card.replace_needs_approval": N_("Replacing a card seen as a copy")}


class CardsDialog(QDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, operator: Operator, *,
                 reader: str, account_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t, self._operator, self._reader = (svc, tasks, texts,
                                                                         operator, reader)
        self.changed = False  # a card was written: the counter reads it again
        self._working = False
        self._with_approval: Callable[[Operator, str], None] | None = None
        self.setWindowTitle(texts(N_("Cards and meters")))
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        guide = QLabel(texts(N_("With the card in the reader: F5 the account's first card · F6 a "
                                "replacement card (补卡) · F7 a meter change (换表) · Esc close.")))
        guide.setWordWrap(True)
        layout.addWidget(guide)
        form = QFormLayout()
        self.account = field("cards_account")
        self.account.setText(account_no)
        self.new_meter = field("cards_new_meter")
        self.final_reading = field("cards_final_reading")
        self.remaining = field("cards_remaining")
        self.evidence = field("cards_evidence")
        form.addRow(texts(N_("Account")), self.account)
        form.addRow(texts(N_("New meter number (meter change)")), self.new_meter)
        form.addRow(texts(N_("Old meter's final reading, m³ (meter change)")), self.final_reading)
        form.addRow(texts(N_("Gas left in the old meter, m³ (meter change)")), self.remaining)
        form.addRow(texts(N_("Old meter's reading as evidence (photo or number)")),
                    self.evidence)
        layout.addLayout(form)
        self.problem = problem_label("cards_problem")
        layout.addWidget(self.problem)
        self.answer = QLabel()
        self.answer.setObjectName("cards_answer")
        self.answer.setWordWrap(True)
        layout.addWidget(self.answer)
        self.account.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        actions = {Qt.Key.Key_F5.value: self.issue, Qt.Key.Key_F6.value: self.replace,
                   Qt.Key.Key_F7.value: self.change_meter}
        if event.key() in actions:
            if not self._working:  # one at a time: each writes the card
                actions[event.key()]()
            return
        super().keyPressEvent(event)

    def issue(self) -> None:
        account_no = self.account.text().strip()
        self._run(lambda: issue_card(self._svc, self._operator, account_no, self._reader),
                  lambda done: Message(N_("Card {card_no} issued to account {account_no}."),
                                       {"card_no": done.card_no, "account_no": account_no}))

    def replace(self, approver: Operator | None = None) -> None:
        account_no = self.account.text().strip()
        self._with_approval = lambda who, _reason: self.replace(who)
        self._run(lambda: replace_card(self._svc, self._operator, account_no, self._reader,
                                       approver=approver),
                  lambda done: Message(N_("Card {card_no} replaces {old} (now blacklisted); fee "
                                          "¥{fee} in cash."),
                                       {"card_no": done.card_no, "old": done.replaced or "—",
                                        "fee": done.fee}))

    def change_meter(self, beyond: BeyondKnown | None = None) -> None:
        try:
            final = Volume.parse(self.final_reading.text().strip())
            remaining = Volume.parse(self.remaining.text().strip())
        except BadInput as error:
            self.problem.setText(self._t.error(error))
            return
        account_no, new_meter = self.account.text().strip(), self.new_meter.text().strip()
        evidence = self.evidence.text().strip()
        self._with_approval = lambda who, reason: self.change_meter(
            BeyondKnown(who, reason, evidence))
        self._run(lambda: change_meter(self._svc, self._operator, account_no=account_no,
                                       new_meter_no=new_meter, final_reading=final,
                                       remaining=remaining, reader=self._reader, beyond=beyond),
                  lambda done: Message(N_("Meter {old} replaced by {new}; {credit} m³ carried "
                                          "on the card for the new meter."),
                                       {"old": done.old_meter_no, "new": done.new_meter_no,
                                        "credit": done.credit}))

    def _run(self, work: Callable[[], Any], said: Callable[[Any], Message]) -> None:
        self._working = True
        self.problem.clear()
        self.answer.setText(self._t(N_("Working…")))

        def job() -> Message:
            message = said(work())
            print_queue.print_waiting(self._svc)  # the card slip, the meter-credit receipt
            return message

        self._tasks.run(job, self._done, self._failed, owner=self)

    def _done(self, message: Message) -> None:
        self._working = False
        self.changed = True
        self.answer.setText(self._t.message(message))

    def _failed(self, error: BaseException) -> None:
        self._working = False
        self.answer.clear()
        self.problem.setText(self._t.error(error))
        retry, self._with_approval = self._with_approval, None
        if isinstance(error, Refused) and error.code in NEEDS_APPROVAL and retry is not None:
            self._approve(NEEDS_APPROVAL[error.code], retry)

    def _approve(self, what: str, retry: Callable[[Operator, str], None]) -> None:
        dialog = ApprovalDialog(self._svc, self._tasks, self._t, what=what,
                                subject=self.account.text().strip(), parent=self)
        approved = dialog.exec()
        dialog.deleteLater()  # nothing of it (staff number) stays behind
        if approved and dialog.approver is not None:
            retry(dialog.approver, dialog.reason)
