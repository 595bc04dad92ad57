"""Reports above one counter (Ctrl+Shift+R): a hall's or the whole company's day or month —
the tables by hall, counter, day, channel, category and tier, the day closes, deposit slips and
the days not closed yet, beside a bar chart of the closed days' takings; exported as XLSX, PDF
or text.  A supervisor, finance or an administrator signs in first (the services decide).
Keys: F5 show again · F6 XLSX · F7 PDF · F8 text · Esc close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from pos.domain.messages import N_
from pos.domain.reports.takings import AreaReport, ChartOf, Period
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.day import area_reports
from pos.services.day.daily_reports import ReportFormat
from pos.ui.common.page_style import DAY_STYLE, button, figure, run_for
from pos.ui.common.sign_in import SignedInDialog
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import pixel_font
from pos.ui.qt import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QColor,
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QPainter,
    QStackedBarSeries,
    Qt,
    QTableWidget,
    QTabWidget,
    QValueAxis,
    QVBoxLayout,
    QWidget,
)
from pos.ui.report.export import export_report
from pos.ui.report.tables import fill, table
from receipts.reports.area_sections import (
    chart_label,
    chart_title,
    sections,
    text_of,
    title,
)

BAR = "#3f6eaa"


def write_report(svc: Services, report: AreaReport, form: ReportFormat, path: Path) -> Path:
    svc.files.write_new(path, area_reports.render(svc, report, form), force=True)
    return path


class AreaChart(QChartView):
    def __init__(self, texts: Texts) -> None:
        super().__init__()
        self._t = texts
        self.setObjectName("area_chart")
        self.bars_chart = QChart()
        self.bars_chart.setTitleFont(pixel_font(17, bold=True))
        self.bars_chart.legend().hide()
        self.setChart(self.bars_chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(320)

    def show_report(self, report: AreaReport | None) -> None:
        chart = self.bars_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if report is None or not report.chart:
            chart.setTitle("")
            return
        chart.setTitle(chart_title(report, self._t.language))
        bars = QStackedBarSeries()
        one = QBarSet(self._t(N_("Takings (yuan)")))
        one.setColor(QColor(BAR))
        one.append([money.fen / 100 for _, money in report.chart])
        bars.append(one)
        chart.addSeries(bars)
        across = QBarCategoryAxis()
        across.append(_axis_labels(report))
        across.setLabelsFont(pixel_font(13))
        if len(report.chart) > 16:  # too narrow for names (Qt cuts them to "…"): name the span
            across.setLabelsVisible(False)
            across.setTitleText(f"{_axis_labels(report)[0]} … {_axis_labels(report)[-1]}")
            across.setTitleFont(pixel_font(13))
        chart.addAxis(across, Qt.AlignmentFlag.AlignBottom)
        up = QValueAxis()
        up.setRange(0, max(max(m.fen for _, m in report.chart) / 100 * 1.1, 1))
        up.setLabelFormat("%.0f")
        up.setLabelsFont(pixel_font(14))
        up.applyNiceNumbers()
        chart.addAxis(up, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(across)
        bars.attachAxis(up)


def _axis_labels(report: AreaReport) -> list[str]:
    """The bars' names: a day of the month, a hall's name, a counter's number."""
    labels = [chart_label(report, key) for key, _ in report.chart]
    if report.chart_of is ChartOf.DAY:
        return [f"{report.period.name}-{label}" if len(report.chart) > 16 else label.lstrip("0")
                for label in labels]
    return labels


class AreaReportView(SignedInDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            svc, tasks, texts, parent, title=texts(N_("Hall and company reports")),
            style=DAY_STYLE, size=(1280, 800), name="area_report", then=self._halls,
            heading=texts(N_("Hall and company reports")),
            guide=texts(N_("A supervisor, finance or an administrator signs in with their own "
                           "staff number and password to see the halls' figures.")))
        self.operator: Operator | None = None
        self.report: AreaReport | None = None
        self._asked = 0
        self.add_page(self._report_page())
        self.start()

    def _report_page(self) -> QWidget:
        t, page = self._t, QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("area_kind")
        self.kind.addItem(t(N_("Daily report")), "day")
        self.kind.addItem(t(N_("Monthly report")), "month")
        bar.addWidget(self.kind)
        self.date = QDateEdit()
        self.date.setObjectName("area_date")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        today = self._svc.today()
        self.date.setDate(QDate(today.year, today.month, today.day))
        bar.addWidget(self.date)
        bar.addWidget(QLabel(t(N_("Hall"))))
        self.scope = QComboBox()
        self.scope.setObjectName("area_scope")
        self.scope.addItem(t(N_("Whole company")), None)
        bar.addWidget(self.scope)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = figure("area_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        body = QHBoxLayout()
        self.tabs = QTabWidget()
        self.tables: list[QTableWidget] = []
        body.addWidget(self.tabs, 6)
        self.chart = AreaChart(t)
        body.addWidget(self.chart, 5)
        layout.addLayout(body, 1)
        self.answer = figure("area_answer", role="ok")
        layout.addWidget(self.answer)
        layout.addLayout(self._buttons())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.date.dateChanged.connect(self.load)
        self.scope.currentIndexChanged.connect(self.load)
        return page

    def _buttons(self) -> QHBoxLayout:
        t = self._t
        buttons = QHBoxLayout()
        close = button(t(N_("Close (Esc)")), "area_close")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        buttons.addStretch(1)
        reload = button(t(N_("Show again (F5)")), "area_reload")
        reload.clicked.connect(self.load)
        buttons.addWidget(reload)
        self.exports = []
        for form, key in ((ReportFormat.XLSX, "F6"), (ReportFormat.PDF, "F7"),
                          (ReportFormat.TXT, "F8")):
            pushed = button(t(N_("Export {format} ({key})"), format=form.value.upper(),
                              key=key), f"area_{form.value}")
            pushed.clicked.connect(lambda _=False, f=form: self.export(f))
            buttons.addWidget(pushed)
            self.exports.append(pushed)
        return buttons

    def _halls(self, operator: Operator) -> list[tuple[str, str]]:
        """On the pool thread after the login: the halls to choose from."""
        return area_reports.halls(self._svc, operator)

    def signed_in(self, operator: Operator, halls: list[tuple[str, str]]) -> None:
        self.operator = operator
        for code, name in halls:
            self.scope.addItem(f"{name} ({code})", code)
        self.pages.setCurrentIndex(1)
        self.kind.setFocus()
        self.load()

    def _kind_changed(self) -> None:
        self.date.setDisplayFormat("yyyy-MM" if self.kind.currentData() == "month"
                                   else "yyyy-MM-dd")
        self.load()

    def period(self) -> Period:
        chosen = self.date.date()
        when = date(chosen.year(), chosen.month(), chosen.day())
        if self.kind.currentData() == "month":
            return Period.month(when.strftime("%Y-%m"))
        return Period.day(when)

    def load(self) -> None:
        operator = self.operator
        if operator is None:
            return
        self._asked += 1
        asked, svc, period = self._asked, self._svc, self.period()
        hall = self.scope.currentData()
        self.say(self._t(N_("Working…")), ok=True)
        run_for(self, self._tasks,
                lambda: area_reports.area_report(svc, operator, period, hall),
                lambda report: self._answer(asked, report),
                lambda error: self._answer(asked, None, error))

    def _answer(self, asked: int, report: AreaReport | None,
                error: BaseException | None = None) -> None:
        if asked != self._asked:
            return
        self.show_report(report)
        if error is not None:
            self.say(self._t.error(error), ok=False)

    def show_report(self, report: AreaReport | None) -> None:
        t = self._t
        self.report = report
        self.say("", ok=True)
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.tables = []
        self.chart.show_report(report)
        for pushed in self.exports:
            pushed.setEnabled(report is not None)
        if report is None:
            self.summary.clear()
            return
        for number, section in enumerate(sections(report, t.language)):
            shown = table(f"area_{number}")
            rows = [[text_of(v) for v in row] for row in section.rows]
            if section.total is not None:
                rows.append(["" if v is None else text_of(v) for v in section.total])
            fill(shown, list(section.headers), rows)
            self.tables.append(shown)
            self.tabs.addTab(shown, section.title)
        self.tabs.setCurrentIndex(max(current, 0))
        closed = report.closed
        text = t(N_("{title} {period}: {days} counter days closed · purchases {count} · "
                    "{volume} m³ · takings ¥{takings}"), title=title(report, t.language),
                 period=report.period.name, days=closed.days, count=closed.sales.count,
                 volume=str(closed.sales.volume), takings=str(closed.takings))
        waiting = len(report.not_closed_days)
        if waiting:
            text += " · " + t(N_("{n} not closed (shown apart)"), n=waiting)
        self.summary.setText(text)

    def export(self, form: ReportFormat, path: Path | None = None) -> None:
        report, svc = self.report, self._svc
        if report is None:
            return
        scope = report.hall_code or "company"
        export_report(self, self._tasks, self._t, form=form, path=path,
                      suggested=Path.home() / f"report-{report.period.name}-{scope}.{form.value}",
                      title=self._t(N_("Export the report")),
                      write=lambda wanted: write_report(svc, report, form, wanted), say=self.say)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        actions: dict[int, Callable[[], None]] = {
                   Qt.Key.Key_F5.value: self.load,
                   Qt.Key.Key_F6.value: lambda: self.export(ReportFormat.XLSX),
                   Qt.Key.Key_F7.value: lambda: self.export(ReportFormat.PDF),
                   Qt.Key.Key_F8.value: lambda: self.export(ReportFormat.TXT)}
        if self.pages.currentIndex() == 1 and event.key() in actions:
            actions[event.key()]()
            return
        if event.key() in (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value):
            return
        super().keyPressEvent(event)
