"""The daily report (收费日报), opened over the counter with Ctrl+R: one business day of this
counter or of the whole hall — the tables by clerk, channel, customer category, tier, the events
and the cash, and the money in by hour and channel as a stacked bar chart; exported for finance
as XLSX or PDF, or printed on the counter printer.

A cashier, supervisor or finance signs in first (the clerk may not see it: the services decide).
Keys: the date and the scope reload the report; F5 reload · F6 XLSX · F7 PDF · F8 print ·
Esc close."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pos.domain.day.report import DailyReport
from pos.domain.errors import NotFound
from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.day import daily_reports
from pos.services.day.daily_reports import ReportFormat
from pos.services.printing.print_queue import PrintReport
from pos.ui.common.page_style import (
    DAY_STYLE,
    button,
    figure,
    run_for,
)
from pos.ui.common.sign_in import SignedInDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    Qt,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pos.ui.report.chart import HourChart
from pos.ui.report.export import export_report
from pos.ui.report.tables import TABS, fill_all, table
from receipts.reports.labels import report_state


def write_report(svc: Services, report: DailyReport, form: ReportFormat, path: Path) -> Path:
    """On the pool thread: render and write; a file that cannot be written is said in words."""
    data = daily_reports.render(svc, report, form)
    svc.files.write_new(path, data, force=True)  # the save dialog asked before replacing
    return path


class DayReportView(SignedInDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            svc, tasks, texts, parent, title=texts(N_("Daily report")), style=DAY_STYLE,
            size=(1240, 760), name="report", then=self._today,
            heading=texts(N_("Daily report — counter {counter}"),
                          counter=svc.settings.counter_no),
            guide=texts(N_("A cashier, supervisor or finance signs in with their own staff "
                           "number and password to see the day's figures.")))
        self.operator: Operator | None = None
        self.report: DailyReport | None = None
        self._asked = 0  # the last load asked for: an older answer is dropped
        self.add_page(self._report_page())
        self.start()

    def _report_page(self) -> QWidget:
        t, page = self._t, QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(t(N_("Business date"))))
        self.date = QDateEdit()
        self.date.setObjectName("report_date")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        today = self._svc.today()
        self.date.setDate(QDate(today.year, today.month, today.day))
        bar.addWidget(self.date)
        self.scope = QComboBox()
        self.scope.setObjectName("report_scope")
        self.scope.addItem(t(N_("This counter ({counter})"),
                             counter=self._svc.settings.counter_no), self._svc.settings.counter_no)
        self.scope.addItem(t(N_("The whole hall")), None)
        bar.addWidget(self.scope)
        bar.addStretch(1)
        self.state = figure("report_state", role="value")
        bar.addWidget(self.state)
        layout.addLayout(bar)
        self.summary = figure("report_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        body = QHBoxLayout()
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        for name, msgid in TABS:
            self.tables[name] = table(name)
            self.tabs.addTab(self.tables[name], t(msgid))
        body.addWidget(self.tabs, 5)
        self.chart = HourChart(t)
        body.addWidget(self.chart, 6)
        layout.addLayout(body, 1)
        self.answer = figure("report_answer", role="ok")
        layout.addWidget(self.answer)
        layout.addLayout(self._buttons())
        self.date.dateChanged.connect(self.load)
        self.scope.currentIndexChanged.connect(self.load)
        return page

    def _buttons(self) -> QHBoxLayout:
        t, buttons = self._t, QHBoxLayout()
        self.close_button = button(t(N_("Close (Esc)")), "report_close")
        self.reload = button(t(N_("Show again (F5)")), "report_reload")
        self.xlsx = button(t(N_("Export {format} ({key})"), format="XLSX", key="F6"),
                           "report_xlsx")
        self.pdf = button(t(N_("Export {format} ({key})"), format="PDF", key="F7"), "report_pdf")
        self.print_button = button(t(N_("Print (F8)")), "report_print")
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        for pushed in (self.reload, self.xlsx, self.pdf, self.print_button):
            buttons.addWidget(pushed)
        self.close_button.clicked.connect(self.reject)
        self.reload.clicked.connect(self.load)
        self.xlsx.clicked.connect(lambda: self.export(ReportFormat.XLSX))
        self.pdf.clicked.connect(lambda: self.export(ReportFormat.PDF))
        self.print_button.clicked.connect(self.print_report)
        return buttons

    # which day, whose
    def business_date(self) -> date:
        chosen = self.date.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def counter_no(self) -> str | None:
        chosen = self.scope.currentData()
        return None if chosen is None else str(chosen)

    def _today(self, operator: Operator) -> DailyReport | None:
        """On the pool thread, after the login: the report they open on — today's, this
        counter's (the fields' first values) — their role checked by the services."""
        try:
            return daily_reports.daily_report(self._svc, operator, self._svc.today(),
                                               self._svc.settings.counter_no)
        except NotFound:
            return None

    def signed_in(self, operator: Operator, report: DailyReport | None) -> None:
        self.operator = operator
        self.pages.setCurrentIndex(1)
        self.date.setFocus()
        if report is None:
            self.load()  # say why there is nothing
        else:
            self.show_report(report)

    def load(self) -> None:
        operator = self.operator
        if operator is None:
            return
        self._asked += 1
        asked, svc = self._asked, self._svc
        when, counter = self.business_date(), self.counter_no()
        self.say(self._t(N_("Working…")), ok=True)
        run_for(self, self._tasks,
                lambda: daily_reports.daily_report(svc, operator, when, counter),
                lambda report: self._answer(asked, report),
                lambda error: self._answer(asked, None, error))

    def _answer(self, asked: int, report: DailyReport | None,
                error: BaseException | None = None) -> None:
        if asked != self._asked:
            return  # the date or the scope changed meanwhile
        self.show_report(report)
        if error is not None:
            self.say(self._t.error(error), ok=False)

    def show_report(self, report: DailyReport | None) -> None:
        t = self._t
        self.report = report
        self.say("", ok=True)
        fill_all(self.tables, report, t)
        self.chart.show_report(report)
        for pushed in (self.xlsx, self.pdf, self.print_button):
            pushed.setEnabled(report is not None)
        if report is None:
            self.summary.clear()
            self.state.clear()
            return
        self.state.setText(report_state(report, t.language))
        self.summary.setText(t(N_("Purchases {count} · {volume} m³ · ¥{amount} · net money in "
                                  "¥{money_in}"), count=report.sales.count,
                               volume=str(report.sales.volume), amount=str(report.sales.amount),
                               money_in=str(report.money_in)))

    # out of the screen
    def export(self, form: ReportFormat, path: Path | None = None) -> None:
        report, svc = self.report, self._svc
        if report is None:
            return
        scope = self.counter_no() or "hall"
        name = f"daily-report-{report.business_date}-{scope}.{form.value}"
        export_report(self, self._tasks, self._t, form=form, path=path,
                      suggested=Path.home() / name, title=self._t(N_("Export the daily report")),
                      write=lambda wanted: write_report(svc, report, form, wanted), say=self.say)

    def print_report(self) -> None:
        report, svc = self.report, self._svc
        if report is None:
            return
        self.say(self._t(N_("Working…")), ok=True)
        run_for(self, self._tasks, lambda: daily_reports.print_report(svc, report),
                self._printed, lambda error: self.say(self._t.error(error), ok=False))

    def _printed(self, outcome: PrintReport) -> None:
        if outcome.problem is not None:
            self.say(self._t(N_("Not printed: {problem}"),
                             problem=self._t.message(outcome.problem)), ok=False)
        else:
            self.say(self._t(N_("The daily report is printed.")), ok=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        actions = {Qt.Key.Key_F5.value: self.load,
                   Qt.Key.Key_F6.value: lambda: self.export(ReportFormat.XLSX),
                   Qt.Key.Key_F7.value: lambda: self.export(ReportFormat.PDF),
                   Qt.Key.Key_F8.value: self.print_report}
        if self.pages.currentIndex() == 1 and event.key() in actions:
            actions[event.key()]()
            return
        if event.key() in (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value):
            return  # Enter types into the fields; it does not close the report
        super().keyPressEvent(event)
