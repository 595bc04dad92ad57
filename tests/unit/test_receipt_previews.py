"""The paper previews (docs/receipts/, the demo's printouts): every layout renders at the
printer's dot width, 1-bit like the thermal head, and the QR on the picture still scans."""

from __future__ import annotations

import runpy
from pathlib import Path

import zxingcpp
from PIL import Image

from receipts.preview import MARGIN
from receipts.profiles import profile
from receipts.seal import parse_qr

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "receipt_previews.py"


def test_every_layout_renders_at_the_paper_width(tmp_path: Path) -> None:
    runpy.run_path(str(SCRIPT), run_name="previews")["main"](tmp_path)

    widths = {p.name: Image.open(p).size[0] for p in tmp_path.glob("*mm.png")}
    assert set(widths) == {
        "sale-receipt-58mm.png", "reprint-58mm.png", "void-slip-58mm.png",
        "card-slip-58mm.png", "first-use-guidance-58mm.png", "test-page-58mm.png",
        "sale-receipt-80mm.png",
    }
    margins = 2 * MARGIN  # the picture keeps a white edge around the paper's dots
    assert {w for n, w in widths.items() if "58mm" in n} == {profile("58mm").dots + margins}
    assert widths["sale-receipt-80mm.png"] == profile("80mm").dots + margins
    assert Image.open(tmp_path / "sale-receipt-58mm.png").mode == "1"


def test_the_qr_on_the_preview_scans_to_the_sealed_facts(tmp_path: Path) -> None:
    runpy.run_path(str(SCRIPT), run_name="previews")["main"](tmp_path)

    picture = Image.open(tmp_path / "sale-receipt-58mm.png").convert("L")
    found = zxingcpp.read_barcodes(picture)
    assert len(found) == 1
    facts, code = parse_qr(found[0].text)
    assert (facts.receipt_no, facts.amount, facts.volume) == (1042, "1288.00", "450.00")
    assert len(code.replace("-", "")) == 12
