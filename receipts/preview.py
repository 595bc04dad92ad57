"""The preview: a typeset document drawn as the paper will look (PNG for the GUI, the README
and the clerk's eyes), and as plain text for logs and terminals.

Text is drawn cell by cell on the printer's grid (an ASCII glyph one column, a Chinese glyph
two) with a CJK font, so line breaks and alignment are the paper's.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from PIL import Image as Pil
from PIL import ImageDraw, ImageFont

from receipts.document import Align, Document
from receipts.profiles import PaperProfile
from receipts.text import printed_width
from receipts.typeset import CutRow, FeedRow, NativeQRRow, PictureRow, Row, TextRow, qr_image
from receipts.typeset import typeset as layout

LINE = 30  # dots per text line (24-dot font plus spacing)
MARGIN = 16  # paper shown around the printable width
PAD = 8  # room around a glyph's cell for strokes that spill over
FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
         "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
         "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


class NoCjkFont(RuntimeError):
    """No font with Chinese glyphs: install fonts-wqy-microhei."""


def as_png(document: Document, paper: PaperProfile, path: Path) -> Path:
    as_image(document, paper).convert("1", dither=Pil.Dither.NONE).save(path, optimize=True)
    return path


def as_image(document: Document, paper: PaperProfile) -> Pil.Image:
    rows = layout(document, paper)
    height = sum(_height(row) for row in rows) + 2 * MARGIN
    canvas = Pil.new("L", (paper.dots + 2 * MARGIN, height), 255)
    draw = ImageDraw.Draw(canvas)
    draw.fontmode = "1"  # dots on or off, as the print head makes them
    y = MARGIN
    for row in rows:
        _draw(canvas, draw, row, paper, y)
        y += _height(row)
    return canvas


def as_text(document: Document, paper: PaperProfile) -> str:
    """The document as lines of text (pictures shown as a placeholder)."""
    lines: list[str] = []
    for row in layout(document, paper):
        match row:
            case TextRow(text, align, _, size):
                free = paper.columns // size - printed_width(text)
                lead = {Align.LEFT: 0, Align.CENTER: free // 2, Align.RIGHT: free}[align]
                lines.append(" " * lead + text)
            case PictureRow() | NativeQRRow():
                lines.append("[QR]" if isinstance(row, NativeQRRow) else "[image]")
            case FeedRow(count):
                lines += [""] * count
            case CutRow():
                lines.append("-" * paper.columns + " ✂")
    return "\n".join(lines)


def _height(row: Row) -> int:
    match row:
        case TextRow(_, _, _, size):
            return LINE * size
        case PictureRow(image):
            return int(image.height) + 6
        case NativeQRRow() as qr:
            return _native_qr(qr, 10_000).height + 6
        case FeedRow(lines):
            return LINE * lines
    return 24  # the cut


def _draw(canvas: Pil.Image, draw: ImageDraw.ImageDraw, row: Row, paper: PaperProfile,
          y: int) -> None:
    match row:
        case TextRow():
            _draw_text(canvas, row, paper, y)
        case PictureRow(image):
            canvas.paste(image.convert("L"), (MARGIN + (paper.dots - image.width) // 2, y + 3))
        case NativeQRRow() as qr:
            image = _native_qr(qr, paper.dots)
            canvas.paste(image.convert("L"), (MARGIN + (paper.dots - image.width) // 2, y + 3))
        case CutRow():
            for x in range(0, canvas.width, 12):
                draw.line((x, y + 12, x + 6, y + 12), fill=128)


def _draw_text(canvas: Pil.Image, row: TextRow, paper: PaperProfile, y: int) -> None:
    pitch = paper.dot_pitch * row.size
    free = paper.columns // row.size - printed_width(row.text)
    lead = {Align.LEFT: 0, Align.CENTER: free // 2, Align.RIGHT: free}[row.align]
    x = MARGIN + lead * pitch
    for ch in row.text:
        cells = printed_width(ch)
        if ch != " ":
            canvas.paste(0, (x - PAD, y - PAD), _glyph(ch, cells * pitch, LINE * row.size,
                                                       row.bold))
        x += cells * pitch


@cache
def _glyph(ch: str, width: int, height: int, bold: bool) -> Pil.Image:
    """One character as a 1-bit mask centred in its cell (plus a pad it may spill into);
    drawn once, pasted wherever it recurs."""
    mask = Pil.new("1", (width + 2 * PAD, height + 2 * PAD), 0)
    draw = ImageDraw.Draw(mask)
    draw.fontmode = "1"  # dots on or off, as the print head makes them
    draw.text((PAD + width / 2, PAD + height / 2), ch, font=_font(height * 24 // LINE),
              fill=1, anchor="mm", stroke_width=1 if bold else 0, stroke_fill=1)
    return mask


def _native_qr(row: NativeQRRow, dots: int) -> Pil.Image:
    return qr_image(row.data, row.module, dots)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in (*FONTS, _fontconfig()):
        if path and Path(path).exists():
            return ImageFont.truetype(path, size, index=1 if "microhei" in path else 0)
    raise NoCjkFont("no CJK font found: install fonts-wqy-microhei")


@cache
def _fontconfig() -> str:
    command = shutil.which("fc-match")
    if command is None:
        return ""
    found = subprocess.run([command, "-f", "%{file}", ":lang=zh"],  # noqa: S603 - fixed args
                           capture_output=True, text=True, check=False)
    return found.stdout.strip()
