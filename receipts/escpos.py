"""ESC/POS bytes for a typeset document, through python-escpos.

python-escpos does layout, images, QR codes, cuts and the drawer; text goes through our own
encoder (docs/receipts.md "Printers"): a Chinese printer is put into Chinese mode once (``FS
&``) and every line is sent as GB18030 with GBK glyphs only, so ``￥12，。`` and ``立方米`` print
right. Alignment, bold and size are the printer's own commands, so a printer with another font
still centres correctly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from receipts.document import Align, Document
from receipts.profiles import PaperProfile
from receipts.text import encode
from receipts.typeset import CutRow, FeedRow, NativeQRRow, PictureRow, Row, TextRow, typeset

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
if TYPE_CHECKING:
    from escpos.printer import Dummy

_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}


def render(document: Document, paper: PaperProfile) -> bytes:
    return render_rows(typeset(document, paper), paper)


def render_rows(rows: list[Row], paper: PaperProfile) -> bytes:
    from escpos.printer import Dummy  # half a second to import: only when printing

    printer = Dummy(profile=paper.escpos_profile)
    printer._raw(INIT + (CHINESE_ON if paper.chinese else CHINESE_OFF))
    for row in rows:
        _row(printer, row, paper)
    return bytes(printer.output)


def drawer_kick(pin: int = 2) -> bytes:
    """The pulse that opens a cash drawer on the printer's drawer port (pin 2 or 5)."""
    from escpos.printer import Dummy

    printer = Dummy()
    printer.cashdraw(pin)
    return bytes(printer.output)


def _row(printer: Dummy, row: Row, paper: PaperProfile) -> None:
    match row:
        case TextRow(text, align, bold, size):
            printer._raw(ESC + b"a" + bytes([_ALIGN[align]]) + ESC + b"E" + bytes([bold])
                         + GS + b"!" + bytes([(size - 1) * 0x11]) + _text(text, paper) + b"\n")
        case PictureRow(image):
            printer._raw(ESC + b"a\x00")
            printer.image(image, center=True)
        case NativeQRRow(data, module):
            printer._raw(ESC + b"a\x01")
            printer.qr(data, size=min(16, max(1, module)), native=True)
            printer._raw(ESC + b"a\x00")
        case FeedRow(lines):
            printer._raw(b"\n" * lines)
        case CutRow():
            printer.cut()


def _text(text: str, paper: PaperProfile) -> bytes:
    if paper.chinese:
        return encode(text)
    return text.encode("ascii", errors="replace")
