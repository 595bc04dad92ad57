"""Typesetting: a :class:`~receipts.document.Document` on a given paper, as the rows a printer
prints — text already wrapped to the paper's columns, pictures already scaled to its dots.

Both renderers (ESC/POS bytes and the PNG preview) draw these same rows, so the preview shows
what the paper will show.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

import qrcode
import qrcode.constants
from PIL import Image as Pil
from PIL import ImageOps

from pos.domain.textwidth import columns as two_columns
from pos.domain.textwidth import wrap
from receipts.document import QR, Align, Block, Columns, Cut, Document, Feed, Image, Rule, Text
from receipts.profiles import PaperProfile
from receipts.text import printable, printed_width

log = logging.getLogger(__name__)

QR_SHARE = 0.6  # a QR code takes at most this share of the paper's width
QR_MASK = 0  # the mask pattern every QR code uses (see qr_image)


@dataclass(frozen=True)
class TextRow:
    text: str  # fits ``columns // size``; alignment is the printer's job
    align: Align = Align.LEFT
    bold: bool = False
    size: int = 1


@dataclass(frozen=True)
class PictureRow:
    image: Pil.Image  # mode "1", at most the paper's width, printed centred


@dataclass(frozen=True)
class NativeQRRow:
    data: str
    module: int  # dots per module


@dataclass(frozen=True)
class FeedRow:
    lines: int


@dataclass(frozen=True)
class CutRow:
    pass


Row = TextRow | PictureRow | NativeQRRow | FeedRow | CutRow


def typeset(document: Document, paper: PaperProfile) -> list[Row]:
    rows: list[Row] = []
    for block in document.blocks:
        rows += _rows(block, paper)
    return rows


def _rows(block: Block, paper: PaperProfile) -> list[Row]:
    match block:
        case Text(text, align, bold, size):
            return [TextRow(line, align, bold, size)
                    for line in wrap(printable(text), paper.columns // size, printed_width)]
        case Columns(left, right, bold):
            return [TextRow(line, Align.LEFT, bold)
                    for line in two_columns(printable(left), printable(right), paper.columns,
                                            printed_width)]
        case Rule(char):
            return [TextRow(char * (paper.columns // printed_width(char)))]
        case QR() | Image():
            return [_picture_row(block, paper)]
        case Feed(lines):
            return [FeedRow(lines)]
        case Cut():
            return [CutRow()]
    raise TypeError(f"not a block: {block!r}")


def _picture_row(block: QR | Image, paper: PaperProfile) -> Row:
    if isinstance(block, QR):
        if paper.native_qr:
            return NativeQRRow(block.data, block.size)
        return PictureRow(qr_image(block.data, block.size, paper.dots))
    picture = _picture(block.path, int(paper.dots * block.share))
    if picture is None:
        return TextRow(printable("[印章图片无法读取]"), Align.CENTER)
    return PictureRow(picture)


def qr_image(data: str, module: int, dots: int) -> Pil.Image:
    """The QR code as a 1-bit image: ``module`` dots per module (less when it would not fit),
    with a quiet zone of two modules.

    One mask pattern, not the best of eight: scoring the eight was most of a receipt's
    rendering (about 5 ms of a sale's CPU, docs/performance.md "Many counters"); every mask is
    valid and read alike by scanners, and the error correction is unchanged.  The picture is
    made from the module matrix directly, not drawn module by module."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=2,
                         mask_pattern=QR_MASK)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    matrix = code.get_matrix()  # with the quiet zone (``border``)
    count = len(matrix)
    module = max(1, min(module, int(dots * QR_SHARE) // count))
    dark = bytes(0 if on else 255 for row in matrix for on in row)
    image = Pil.frombytes("L", (count, count), dark).convert("1")
    return image.resize((count * module, count * module), Pil.Resampling.NEAREST)


@cache
def _picture(path: str, width: int) -> Pil.Image | None:
    """An image file (the charge seal) as 1-bit dots, scaled to ``width`` dots at most."""
    try:
        with Pil.open(path) as source:
            image = ImageOps.exif_transpose(source).convert("RGBA")
    except (OSError, ValueError) as error:
        log.warning("cannot read the receipt image %s: %s", path, error)
        return None
    flat = Pil.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    grey = flat.convert("L")
    if grey.width > width:
        grey = grey.resize((width, max(1, grey.height * width // grey.width)),
                           Pil.Resampling.LANCZOS)
    return grey.point(lambda v: 255 if v > 160 else 0).convert("1")
