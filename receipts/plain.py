"""A document as plain text, laid out as the printer lays it out (for ``--format txt`` files
and for people reading a printout without a printer)."""

from __future__ import annotations

from receipts.document import Align, Document
from receipts.profiles import PaperProfile, profile
from receipts.text import printed_width
from receipts.typeset import CutRow, FeedRow, TextRow, typeset


def plain_text(document: Document, paper: PaperProfile | None = None) -> str:
    paper = paper or profile("80mm")
    lines: list[str] = []
    for row in typeset(document, paper):
        if isinstance(row, TextRow):
            lines.append(_aligned(row.text, row.align, paper.columns, row.size))
        elif isinstance(row, FeedRow):
            lines.extend([""] * row.lines)
        elif isinstance(row, CutRow):
            lines.append("-" * paper.columns)
        else:  # a picture: the QR or the seal, which text cannot show
            lines.append(_aligned("[QR]", Align.CENTER, paper.columns))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _aligned(text: str, align: Align, columns: int, size: int = 1) -> str:
    """Pad ``text`` (printed ``size`` times as wide) within the paper's ``columns``."""
    gap = max(0, columns - printed_width(text) * size)
    if align is Align.CENTER:
        return " " * (gap // 2) + text
    if align is Align.RIGHT:
        return " " * gap + text
    return text
