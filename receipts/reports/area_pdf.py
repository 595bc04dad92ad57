"""A hall's or the company's report as an A4 landscape PDF (fpdf2): the heading, a bar chart
of the closed days' takings (by hall or counter for a day, by day for a month), then every
table.  Set in the CJK font the daily report uses."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from pos.domain.messages import N_, tr
from pos.domain.reports.takings import AreaReport
from receipts.preview import NoCjkFont
from receipts.reports.area_sections import (
    chart_label,
    chart_title,
    heading,
    sections,
    text_of,
    title,
)
from receipts.reports.pdf import DEFAULT_FONT, FAMILY, _centred, _heading, _Pdf, _table

CHART_HEIGHT = 55.0  # mm, the tallest bar
BAR_FILL = (70, 110, 170)
WIDE = 9  # tables with more columns than this are set smaller


def area_report_pdf(report: AreaReport, language: str = "zh_CN",
                    font: Path | str = DEFAULT_FONT) -> bytes:
    font = Path(font)
    if not font.is_file():
        raise NoCjkFont(f"the PDF font {font} is missing: install fonts-wqy-microhei or pass "
                        f"another CJK font")
    name = f"{title(report, language)} {report.period.name}"
    pdf = _Pdf(f"{report.company} {name}", language, landscape=True)
    pdf.add_font(FAMILY, "", fname=font, collection_font_number=0)
    pdf.set_title(name)
    pdf.set_author(report.company)
    pdf.set_creator("gaspos")
    pdf.set_lang("zh-CN" if language.startswith("zh") else "en")
    pdf.set_creation_date(report.generated_at)
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    lines = heading(report, language)
    _centred(pdf, lines[0], 13)
    _centred(pdf, lines[1], 18, strong=True)
    pdf.ln(2)
    pdf.set_font(FAMILY, size=10)
    for line in lines[2:]:
        pdf.cell(0, 5.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _chart(pdf, report, language)
    for section in sections(report, language):
        _heading(pdf, section.title)
        rows = [[text_of(v) for v in row] for row in section.rows] or [
            [tr(N_("none"), language), *[""] * (len(section.headers) - 1)]]
        _table(pdf, list(section.headers), rows,
               total=None if section.total is None else [
                   "" if v is None else text_of(v) for v in section.total],
               size=7.5 if len(section.headers) > WIDE else 9)
        if section.note:
            pdf.set_font(FAMILY, size=8)
            pdf.multi_cell(0, 4.5, section.note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _chart(pdf: FPDF, report: AreaReport, language: str) -> None:
    """Bars of the takings, each labelled below and its amount above; the largest is
    ``CHART_HEIGHT`` tall (a negative day is drawn as an empty bar)."""
    bars = report.chart
    _heading(pdf, chart_title(report, language))
    if not bars:
        return
    if pdf.will_page_break(CHART_HEIGHT + 20):
        pdf.add_page()
    top = max((m.fen for _, m in bars), default=0) or 1
    left, base = pdf.l_margin + 4, pdf.get_y() + CHART_HEIGHT + 8
    slot = (pdf.epw - 8) / len(bars)
    bar = min(slot * 0.7, 30)
    pdf.set_draw_color(120)
    pdf.line(left, base, left + slot * len(bars), base)
    small = 6 if len(bars) > 16 else 8
    for index, (key, money) in enumerate(bars):
        x = left + slot * index + (slot - bar) / 2
        height = CHART_HEIGHT * max(money.fen, 0) / top
        pdf.set_fill_color(*BAR_FILL)
        if height:
            pdf.rect(x, base - height, bar, height, style="F")
        pdf.set_font(FAMILY, size=small)
        pdf.set_xy(x - 3, base - height - 4)
        if money.fen:
            pdf.cell(bar + 6, 4, str(money), align="C")
        pdf.set_xy(x - 3, base + 0.5)
        pdf.cell(bar + 6, 4, chart_label(report, key), align="C")
    pdf.set_draw_color(0)
    pdf.set_fill_color(255)
    pdf.set_xy(pdf.l_margin, base + 6)
