"""Plain tables as an A4 PDF (fpdf2): a title, then each table under its heading — the
household file's PDF (docs/households.md).  The same font, page footer and table style as the
daily report (receipts.reports.pdf)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pos.domain.messages import N_, tr
from receipts.preview import NoCjkFont
from receipts.reports.pdf import DEFAULT_FONT, FAMILY, _centred, _heading, _Pdf, _table
from receipts.reports.tables import Cell, Table

SMALL = 8  # pt: a household's tables are wide


def tables_pdf(title: str, tables: Sequence[Table], *, language: str = "zh_CN",
               created: datetime | None = None, font: Path | str = DEFAULT_FONT) -> bytes:
    """Raises :class:`~receipts.preview.NoCjkFont` when ``font`` is missing."""
    font = Path(font)
    if not font.is_file():
        raise NoCjkFont(f"the PDF font {font} is missing: install fonts-wqy-microhei or pass "
                        f"another CJK font")
    pdf = _Pdf(title, language)
    pdf.add_font(FAMILY, "", fname=font, collection_font_number=0)
    pdf.set_title(title)
    pdf.set_creator("gaspos")
    pdf.set_lang("zh-CN" if language.startswith("zh") else "en")
    if created is not None:
        pdf.set_creation_date(created)
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    _centred(pdf, title, 16, strong=True)
    pdf.ln(2)
    for table in tables:
        _heading(pdf, table.title)
        rows = [[_text(v) for v in row] for row in table.rows]
        if not rows:
            rows = [[tr(N_("none"), language)] + [""] * (len(table.headers) - 1)]
        _table(pdf, list(table.headers), rows, size=SMALL, figures=False)
    return bytes(pdf.output())


def _text(value: Cell) -> str:
    return "" if value is None else str(value)
