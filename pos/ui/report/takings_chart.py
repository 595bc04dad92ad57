"""Finance's chart of the month: the money the ledger took each day, stacked by channel (cash,
bank card, WeChat Pay, Alipay), and a line of what the bank credited each day — the takings of
one day reach the bank a day or two later (T+1, the next weekday, the next morning's deposit)."""

from __future__ import annotations

from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.services.month.chart import DayTakings
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import pixel_font
from pos.ui.qt import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QColor,
    QLineSeries,
    QMargins,
    QPainter,
    QPen,
    QPointF,
    QStackedBarSeries,
    Qt,
    QValueAxis,
    QWidget,
)
from pos.ui.report.chart import COLOURS, OTHER, yuan
from receipts.reports.labels import channel_keys, channel_label

BANK_LINE = "#ef6c00"


class TakingsChart(QChartView):
    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t = texts
        self.setObjectName("month_chart")
        self.days_chart = QChart()
        self.days_chart.setTitle(texts(N_("Money taken by day and channel, and the bank's "
                                          "credits (yuan)")))
        self.days_chart.setTitleFont(pixel_font(17, bold=True))
        self.days_chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.days_chart.legend().setFont(pixel_font(15))
        self.days_chart.setMargins(QMargins(4, 4, 4, 4))
        self.setChart(self.days_chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(300)
        self.days: list[DayTakings] = []

    def show_days(self, days: list[DayTakings]) -> None:
        chart = self.days_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.days = days
        if not days:
            return
        bars = QStackedBarSeries()
        bars.setBarWidth(0.7)
        for channel in channel_keys(c for day in days for c in day.by_channel):
            one = QBarSet(channel_label(channel, self._t.language))
            one.setColor(QColor(COLOURS.get(channel, OTHER)))
            one.append([yuan(day.by_channel.get(channel, Money(0))) for day in days])
            bars.append(one)
        bank = QLineSeries()
        bank.setName(self._t(N_("Bank credits")))
        bank.setPen(QPen(QColor(BANK_LINE), 3))
        bank.setPointsVisible(True)
        for n, day in enumerate(days):
            bank.append(QPointF(n, yuan(day.bank_credits)))
        chart.addSeries(bars)
        chart.addSeries(bank)
        across = QBarCategoryAxis()
        across.append([str(day.date.day) for day in days])
        across.setLabelsFont(pixel_font(13))
        across.setTitleText(days[0].date.strftime("%Y-%m"))
        across.setTitleFont(pixel_font(14))
        chart.addAxis(across, Qt.AlignmentFlag.AlignBottom)
        up = QValueAxis()
        highest = max(max(yuan(day.total), yuan(day.bank_credits)) for day in days)
        lowest = min(min(yuan(sum((m for m in day.by_channel.values() if m.fen < 0), Money(0))),
                         yuan(day.bank_credits), 0.0) for day in days)  # refunds stack down
        up.setRange(lowest * 1.1, highest * 1.1 or 1)
        up.setLabelFormat("%.0f")
        up.setLabelsFont(pixel_font(14))
        up.applyNiceNumbers()
        chart.addAxis(up, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, bank):
            series.attachAxis(across)
            series.attachAxis(up)
