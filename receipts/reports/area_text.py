"""A hall's or the company's report as plain text: the heading, a bar chart drawn in
characters, and every table in columns (CJK characters count two columns)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pos.domain.quantities import Money
from pos.domain.reports.takings import AreaReport
from pos.domain.textwidth import ljust, rjust, width
from receipts.reports.area_sections import (
    Cell,
    Section,
    chart_label,
    chart_title,
    heading,
    sections,
    text_of,
)

BAR = 40  # the longest bar, in characters


def area_report_text(report: AreaReport, language: str = "zh_CN") -> str:
    lines = [*heading(report, language), ""]
    lines += chart(report, language)
    for section in sections(report, language):
        lines += ["", f"== {section.title} ==", *table(section)]
        if section.note:
            lines.append(section.note)
    return "\n".join(lines) + "\n"


def chart(report: AreaReport, language: str) -> list[str]:
    """One line per bar: the label, a bar of █ as long as its share of the largest, the
    money."""
    bars = [(chart_label(report, key), money) for key, money in report.chart]
    lines = [f"== {chart_title(report, language)} =="]
    top = max((abs(m.fen) for _, m in bars), default=0)
    label_width = max((width(label) for label, _ in bars), default=0)
    for label, money in bars:
        length = round(BAR * abs(money.fen) / top) if top else 0
        lines.append(f"{ljust(label, label_width)} |{'█' * length}{' ' * (BAR - length)}| "
                     f"{money}")
    return lines


def table(section: Section) -> list[str]:
    rows: list[Sequence[Cell]] = [section.headers, *section.rows]
    if section.total is not None:
        rows.append(section.total)
    texts = [[text_of(v) if v is not None or i else "" for i, v in enumerate(row)]
             for row in rows]
    widths = [max(width(row[i]) for row in texts if i < len(row))
              for i in range(len(section.headers))]
    numeric = [any(isinstance(row[i], (int, Money, Decimal))
                   for row in section.rows if i < len(row)) for i in range(len(widths))]
    out = []
    for number, row in enumerate(texts):
        cells = [(rjust if numeric[i] and number else ljust)(text, widths[i])
                 for i, text in enumerate(row)]
        out.append("  ".join(cells).rstrip())
        if number == 0:
            out.append("-" * width(out[-1]))
    return out
