"""The daily report's chart: money in by hour, stacked by channel (cash, bank card, WeChat Pay,
Alipay) — one bar set per channel, one category per hour from the first to the last."""

from __future__ import annotations

from decimal import Decimal

from pos.domain.day.report import DailyReport
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import pixel_font
from pos.ui.qt import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QColor,
    QMargins,
    QPainter,
    QStackedBarSeries,
    Qt,
    QValueAxis,
    QWidget,
)
from receipts.reports.labels import channel_keys, channel_label

COLOURS = {"cash": "#2e7d32", "unionpay": "#c62828", "wechat": "#00897b", "alipay": "#1565c0"}
OTHER = "#6d4c41"


def hours_of(report: DailyReport) -> list[int]:
    """Every hour from the first money in to the last (an hour without any is an empty bar)."""
    hours = [hour for hour, _, _ in report.by_hour]
    return list(range(min(hours), max(hours) + 1)) if hours else []


def yuan(money: Money) -> float:
    return float(Decimal(money.fen).scaleb(-2))


class HourChart(QChartView):
    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t = texts
        self.setObjectName("report_chart")
        self.hours_chart = QChart()
        self.hours_chart.setTitle(texts(N_("Money in by hour and channel (yuan)")))
        self.hours_chart.setTitleFont(pixel_font(16, bold=True))
        self.hours_chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.hours_chart.legend().setFont(pixel_font(15))
        self.hours_chart.setMargins(QMargins(4, 4, 4, 4))
        self.setChart(self.hours_chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(320)

    def show_report(self, report: DailyReport | None) -> None:
        chart = self.hours_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if report is None or not report.by_hour:
            return
        hours = hours_of(report)
        money: dict[tuple[int, str], Money] = {(h, c): m for h, c, m in report.by_hour}
        series = QStackedBarSeries()
        highest = 0.0
        for channel in channel_keys(c for _, c, _ in report.by_hour):
            bars = QBarSet(channel_label(channel, self._t.language))
            bars.setColor(QColor(COLOURS.get(channel, OTHER)))
            bars.append([yuan(money.get((hour, channel), Money(0))) for hour in hours])
            series.append(bars)
        for hour in hours:
            highest = max(highest, sum(yuan(m) for (h, _), m in money.items() if h == hour))
        chart.addSeries(series)
        across = QBarCategoryAxis()
        across.append([f"{hour:02d}:00" for hour in hours])
        across.setLabelsFont(pixel_font(14))
        chart.addAxis(across, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(across)
        up = QValueAxis()
        up.setRange(0, highest * 1.1 or 1)
        up.setLabelFormat("%.0f")
        up.setLabelsFont(pixel_font(14))
        up.applyNiceNumbers()
        chart.addAxis(up, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(up)
