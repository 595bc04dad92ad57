"""The settle wizard's other pages: the day at a glance (before the count), the close (the float
kept for tomorrow and the deposit due), and the closed day with its close slip as printed."""

from __future__ import annotations

from pos.domain.day.business_day import CountKind, DayState, DrawerCount, check_kept_float
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.services.day.closing import DayView
from pos.services.printing.print_queue import PrintReport
from pos.ui.common.page_style import button, figure, heading, hint, set_state, signed, yuan
from pos.ui.common.receipt_view import ReceiptRoll
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, problem_label
from pos.ui.qt import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from receipts.reports.labels import channel_keys, channel_label

CHAIN_HEAD_SHOWN = 16


def day_title(texts: Texts, view: DayView) -> str:
    return texts(N_("Counter {counter}, business day {date}: {state}."),
                 counter=view.day.counter_no, date=view.day.business_date.isoformat(),
                 state=view.day.state.label)


def count_line(texts: Texts, count: DrawerCount) -> str:
    return texts(N_("Counted {counted}, expected {expected}: difference {difference} yuan."),
                 counted=str(count.counted), expected=str(count.expected),
                 difference=signed(count.difference))


class SummaryPage(QWidget):
    """State, float, cash in and out, what the drawer should hold, the takings per channel, the
    counts so far — and the sales that keep the day from being settled or closed."""

    def __init__(self, texts: Texts) -> None:
        super().__init__()
        self._t = texts
        layout = QVBoxLayout(self)
        self.title = heading()
        self.title.setObjectName("summary_title")
        layout.addWidget(self.title)
        row = QHBoxLayout()
        layout.addLayout(row)
        cash = QFormLayout()
        self.figures = {name: figure(f"summary_{name}") for name in (
            "float", "cash_in", "cash_out", "expected")}
        for name, msgid in (("float", N_("Opening float")), ("cash_in", N_("Cash in")),
                            ("cash_out", N_("Cash out")), ("expected", N_("Expected cash"))):
            cash.addRow(texts(msgid), self.figures[name])
        row.addLayout(cash, 1)
        takings = QVBoxLayout()
        takings.addWidget(QLabel(texts(N_("Net money by channel"))))
        self.channels = figure("summary_channels", role="value")
        takings.addWidget(self.channels)
        takings.addStretch(1)
        row.addLayout(takings, 1)
        self.counts = figure("summary_counts", role="value")
        layout.addWidget(self.counts)
        self.unfinished = problem_label("summary_unfinished")
        layout.addWidget(self.unfinished)
        self.problem = problem_label("summary_problem")
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.keys = hint("")
        layout.addWidget(self.keys)
        buttons = QHBoxLayout()
        self.cancel = button(texts(N_("Leave (Esc)")), "summary_leave")
        self.recount = button(texts(N_("Count again (F6)")), "summary_recount")
        self.go = button("", "summary_go")
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.recount)
        buttons.addWidget(self.go)
        layout.addLayout(buttons)

    def show_view(self, view: DayView | None, *, counter_no: str, blind: bool) -> None:
        t = self._t
        self.problem.clear()
        if view is None:
            self.title.setText(t(N_("Counter {counter} has no business day yet."),
                                 counter=counter_no))
            for label in (*self.figures.values(), self.channels, self.counts, self.unfinished):
                label.clear()
            self.keys.setText(t(N_("The first sale opens the day; then it can be settled.")))
            self.go.hide()
            self.recount.hide()
            return
        day, totals = view.day, view.totals
        self.title.setText(day_title(t, view))
        self.figures["float"].setText(yuan(day.opening_float))
        self.figures["cash_in"].setText(yuan(totals.cash_in))
        self.figures["cash_out"].setText(yuan(totals.cash_out))
        self.figures["expected"].setText(t(N_("hidden (blind count)")) if blind and (
            day.state is DayState.OPEN) else yuan(view.expected_cash))
        self.channels.setText("\n".join(
            f"{channel_label(key, t.language)}  {yuan(totals.channel(key))}"
            for key in channel_keys(totals.by_channel)) or t(N_("none")))
        self.counts.setText("\n".join(self._count_lines(view)))
        blocked = bool(view.unfinished) and day.state is not DayState.CLOSED
        self.unfinished.setText(t(N_(
            "Not finished: sale {orders}. The day cannot be settled or closed until each is "
            "finished — put the customer's card in to rewrite it, or ask the payment provider "
            "again — or suspended with a supervisor. Then open this again ({key})."),
            orders=", ".join(view.unfinished), key="Ctrl+D") if blocked else "")
        self._buttons(day.state, blocked)

    def _count_lines(self, view: DayView) -> list[str]:
        t, lines = self._t, []
        for count in view.counts:
            if count.kind is CountKind.HANDOVER:
                lines.append(t(N_("Handover {staff} → {to_staff}: counted {counted} yuan."),
                               staff=count.staff_no, to_staff=count.to_staff or "",
                               counted=str(count.counted)))
        if view.last_settle is not None:
            lines.append(count_line(t, view.last_settle))
        if view.close is not None:
            lines.append(t(N_("Float kept for tomorrow")) + f"  {yuan(view.close.kept_float)}")
            lines.append(t(N_("Deposit due")) + f"  {yuan(view.close.deposit_due)}")
        return lines

    def _buttons(self, state: DayState, blocked: bool) -> None:
        t = self._t
        self.recount.setVisible(state is DayState.SETTLED)
        self.recount.setEnabled(not blocked)
        self.go.show()
        self.go.setEnabled(not blocked or state is DayState.CLOSED)
        self.go.setText(t(GO[state]))
        self.keys.setText(t(N_("Esc: leave")) if blocked else t(KEYS[state]))


GO = {DayState.OPEN: N_("Count the cash (Enter)"), DayState.SETTLED: N_("To the close (Enter)"),
      DayState.CLOSED: N_("The close slip (Enter)")}
KEYS = {
    DayState.OPEN: N_("Enter: count the cash by denomination · Esc: leave"),
    DayState.SETTLED: N_("The cash is counted: Enter to the close · F6 count again · Esc: leave"),
    DayState.CLOSED: N_("The day is closed and locked: Enter shows its close slip · Esc: leave"),
}


class ClosePage(QWidget):
    """日清: the settled count, the float left in the drawer for tomorrow, the deposit due."""

    def __init__(self, texts: Texts) -> None:
        super().__init__()
        self._t = texts
        self.counted = Money(0)
        layout = QVBoxLayout(self)
        self.title = heading()
        layout.addWidget(self.title)
        form = QFormLayout()
        self.figures = {name: figure(f"close_{name}") for name in (
            "counted", "expected", "difference", "reason", "approver")}
        for name, msgid in (("counted", N_("Counted cash")), ("expected", N_("Expected cash")),
                            ("difference", N_("Over (+) / short (-)")), ("reason", N_("Reason")),
                            ("approver", N_("Approved by"))):
            form.addRow(texts(msgid), self.figures[name])
        self.kept = field("close_kept")
        self.kept.setMaximumWidth(260)
        form.addRow(texts(N_("Float kept for tomorrow")), self.kept)
        self.deposit = QLabel()
        self.deposit.setObjectName("close_deposit")
        form.addRow(texts(N_("Deposit due")), self.deposit)
        layout.addLayout(form)
        self.problem = problem_label("close_problem")
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(hint(texts(N_(
            "Closing books the difference, stores the day's totals and locks the day for ever; "
            "the close slip prints. Enter in the float goes to the Close button, Enter there "
            "closes · F6 count again · Esc back"))))
        buttons = QHBoxLayout()
        self.back = button(texts(N_("Back (Esc)")), "close_back")
        self.recount = button(texts(N_("Count again (F6)")), "close_recount")
        self.close_day = button(texts(N_("Close the day (F5)")), "close_day")
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.recount)
        buttons.addWidget(self.close_day)
        layout.addLayout(buttons)
        self.kept.textChanged.connect(self.refresh)

    def show_view(self, view: DayView) -> None:
        t, count = self._t, view.last_settle
        assert count is not None, "a settled day has its count"
        self.title.setText(t(N_("Close business day {date} of counter {counter}"),
                             date=view.day.business_date.isoformat(),
                             counter=view.day.counter_no))
        self.counted = count.counted
        self.figures["counted"].setText(yuan(count.counted))
        self.figures["expected"].setText(yuan(count.expected))
        self.figures["difference"].setText(signed(count.difference))
        self.figures["reason"].setText(count.reason or "—")
        self.figures["approver"].setText(count.approver or "—")
        self.kept.setText(str(view.proposed_kept_float or count.counted))
        self.problem.clear()
        self.refresh()
        self.kept.setFocus()
        self.kept.selectAll()

    def kept_float(self) -> Money:
        """What was typed (BadInput if it is not an amount)."""
        return Money.parse(self.kept.text())

    def refresh(self) -> None:
        self.problem.clear()
        try:
            kept = self.kept_float()
            check_kept_float(kept, self.counted)
        except BadInput as error:
            self.deposit.setText("—")
            self.problem.setText(self._t.error(error))
            return
        self.deposit.setText(yuan(self.counted - kept))


class ClosedPage(QWidget):
    """The closed day: the deposit due, whether the close slip printed, and the slip itself."""

    def __init__(self, texts: Texts, paper: str) -> None:
        super().__init__()
        self._t = texts
        row = QHBoxLayout(self)
        left = QVBoxLayout()
        row.addLayout(left, 3)
        self.title = heading()
        self.title.setObjectName("closed_title")
        left.addWidget(self.title)
        form = QFormLayout()
        self.figures = {name: figure(f"closed_{name}") for name in (
            "counted", "difference", "kept", "head")}
        for name, msgid in (("counted", N_("Counted cash")),
                            ("difference", N_("Over (+) / short (-)")),
                            ("kept", N_("Float kept for tomorrow")),
                            ("head", N_("Journal chain head"))):
            form.addRow(texts(msgid), self.figures[name])
        self.deposit = QLabel()
        self.deposit.setObjectName("closed_deposit")
        form.addRow(texts(N_("Deposit due")), self.deposit)
        left.addLayout(form)
        self.printing = figure("closed_printing", role="value")
        left.addWidget(self.printing)
        left.addStretch(1)
        self.done = button(texts(N_("Done (Enter)")), "closed_done")
        left.addWidget(self.done)
        self.slip = ReceiptRoll(paper)
        row.addWidget(self.slip, 2)

    def show_view(self, view: DayView) -> None:
        t, close = self._t, view.close
        assert close is not None, "a closed day has its close record"
        self.title.setText(t(N_("Business day {date} of counter {counter} is closed."),
                             date=close.business_date.isoformat(), counter=close.counter_no))
        self.figures["counted"].setText(yuan(close.counted_cash))
        self.figures["difference"].setText(signed(close.over_short))
        self.figures["kept"].setText(yuan(close.kept_float))
        self.figures["head"].setText(close.chain_head[:CHAIN_HEAD_SHOWN])
        self.deposit.setText(yuan(close.deposit_due))
        self.printing.clear()
        self.slip.clear()

    def printed(self, report: PrintReport) -> None:
        t = self._t
        if report.problem is not None:
            text = t(N_("Not printed: {problem}"), problem=t.message(report.problem))
            text += "\n" + t(N_("{n} document(s) wait for the printer."), n=report.waiting)
        elif report.printed:
            text = t(N_("The close slip is printed."))
        else:
            text = t(N_("Nothing was waiting for the printer."))
        self.printing.setText(text)
        self.printing.setProperty("role", "refusal" if report.problem is not None else "ok")
        set_state(self.printing, "")
