"""A hall's or the company's report as an XLSX workbook (openpyxl): a first sheet with the
heading, the chart's figures and a bar chart drawn from them, then one sheet per table.
Values only, no formulas; money and gas as exact decimals with two places."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pos.domain.messages import N_, tr
from pos.domain.quantities import Money
from pos.domain.reports.takings import AreaReport
from receipts.reports.area_sections import (
    Cell,
    Section,
    chart_label,
    chart_title,
    heading,
    sections,
    title,
)
from receipts.reports.labels import yuan


def area_report_xlsx(report: AreaReport, language: str = "zh_CN") -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    _summary(first, report, language)
    for section in sections(report, language):
        _sheet(book.create_sheet(_sheet_title(section.title)), section)
    book.properties.title = f"{title(report, language)} {report.period.name}"
    book.properties.creator = "gaspos"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(sheet: Worksheet, report: AreaReport, language: str) -> None:
    """The heading lines, then the chart's data (label, takings) and the bar chart beside."""
    sheet.title = _sheet_title(tr(N_("Summary"), language))
    for line in heading(report, language):
        sheet.append([line])
    sheet.append([])
    name = chart_title(report, language)
    sheet.append([name, tr(N_("Takings (yuan)"), language)])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for key, money in report.chart:
        sheet.append([chart_label(report, key), yuan(money)])
        sheet.cell(sheet.max_row, 2).number_format = "0.00"
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 16
    if not report.chart:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = name
    chart.y_axis.title = tr(N_("Takings (yuan)"), language)
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=2, min_row=header, max_row=sheet.max_row),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=sheet.max_row))
    chart.width, chart.height = 24, 12
    sheet.add_chart(chart, "D2")


def _sheet(sheet: Worksheet, section: Section) -> None:
    sheet.append(list(section.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = [*section.rows, *([section.total] if section.total is not None else [])]
    for row in rows:
        sheet.append([_value(v) for v in row])
        for index, value in enumerate(row, start=1):
            if isinstance(value, (Money, Decimal)):
                sheet.cell(sheet.max_row, index).number_format = "0.00"
    if section.total is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    if section.note:
        sheet.append([])
        sheet.append([section.note])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(section.headers, start=1):
        widest = max([len(str(header))] + [len(str(r[index - 1])) for r in rows
                                           if index - 1 < len(r)])
        sheet.column_dimensions[get_column_letter(index)].width = min(40, widest * 1.4 + 2)


def _value(value: Cell) -> str | int | Decimal | None:
    return yuan(value) if isinstance(value, Money) else value


def _sheet_title(text: str) -> str:
    return "".join(c for c in text if c not in "[]:*?/\\").strip()[:31] or "Sheet"
