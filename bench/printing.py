"""Printing a sale receipt: ESC/POS bytes, a whole job on a network printer, the PNG preview —
each against the floor that python-escpos, the socket, Pillow or the paper itself sets."""

from __future__ import annotations

from escpos.printer import Dummy, Network
from PIL import Image as Pil
from PIL import ImageDraw, ImageFont

from bench.timing import per_call
from drivers.printer.connection import parse_connection
from drivers.printer.escpos_printer import EscposPrinter
from pos.bootstrap.guidance import default_text
from receipts import sample
from receipts.document import QR, Document
from receipts.escpos import render
from receipts.preview import FONTS, LINE, MARGIN, as_image, as_text
from receipts.profiles import profile
from tests.support.tcp_printer import LoopbackPrinter

PAPER = profile("58mm")
DOTS_PER_MM = 8  # 203 dpi thermal heads
PAPER_SPEED = 90  # mm/s: a POS-5890-class printer's rated speed (80 mm printers: 150–250)


def run() -> list[dict[str, object]]:
    receipt = sample.documents(default_text())["sale-receipt"]
    rows = []

    ours = per_call(lambda: render(receipt, PAPER), calls=50) * 1e3
    floor = per_call(lambda: _bare_escpos(receipt), calls=50) * 1e3
    rows.append(_row("sale receipt → ESC/POS bytes", ours, floor,
                     "python-escpos Dummy: same text lines + QR image"))

    data = render(receipt, PAPER)
    with LoopbackPrinter() as loopback:
        printer = EscposPrinter(parse_connection(loopback.spec), PAPER)
        printer.print(receipt)  # escpos imported, connection paths warm
        ours = per_call(lambda: printer.print(receipt), calls=20) * 1e3
        floor = per_call(lambda: _bare_network(loopback.port, data), calls=20) * 1e3
    rows.append(_row("print a receipt on a TCP printer (render, status, send, status)",
                     ours, floor, "python-escpos Network: same bytes, one DLE EOT answered"))

    paper_mm = (as_image(receipt, PAPER).height - 2 * MARGIN) / DOTS_PER_MM
    rows.append(_row("the same job against the paper itself", ours,
                     paper_mm / PAPER_SPEED * 1e3, f"{paper_mm:.0f} mm at {PAPER_SPEED} mm/s"))

    ours = per_call(lambda: as_image(receipt, PAPER), calls=10) * 1e3
    floor = per_call(lambda: _bare_pillow(receipt), calls=10) * 1e3
    rows.append(_row("sale receipt → preview image", ours, floor,
                     "Pillow: same lines, one draw.text each"))
    return rows


def _row(what: str, value: float, floor: float, floor_what: str) -> dict[str, object]:
    return {"what": what, "value": value, "unit": "ms", "floor": floor, "floor_what": floor_what}


def _qr(document: Document) -> str:
    return next(block.data for block in document.blocks if isinstance(block, QR))


def _bare_escpos(document: Document) -> bytes:
    printer = Dummy(profile=PAPER.escpos_profile)
    for line in as_text(document, PAPER).splitlines():
        if line != "[image]":
            printer._raw(line.encode("gb18030", "replace") + b"\n")
    printer.qr(_qr(document), native=False, size=6)
    printer.cut()
    return bytes(printer.output)


def _bare_network(port: int, data: bytes) -> None:
    """The bytes sent and one status answered (so the printer has taken them), nothing else."""
    printer = Network("127.0.0.1", port, timeout=5)
    printer._raw(data + b"\x10\x04\x01")
    assert printer._read()
    printer.close()


def _bare_pillow(document: Document) -> Pil.Image:
    lines = as_text(document, PAPER).splitlines()
    canvas = Pil.new("L", (PAPER.dots + 2 * MARGIN, len(lines) * LINE + 2 * MARGIN), 255)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(FONTS[0], 24, index=1)
    for i, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + i * LINE), line, font=font, fill=0)
    return canvas
