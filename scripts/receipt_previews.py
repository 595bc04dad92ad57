"""Render every printout layout as the paper will show it, for docs/receipts/ and the README.

    .venv/bin/python scripts/receipt_previews.py [OUT_DIR]

Sample facts only (a demo hall, a demo seal key, a drawn demo charge seal): the layouts and the
renderer are the product's own.
"""

from __future__ import annotations

import math
import sys
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pos.bootstrap.guidance import default_text
from receipts import layouts
from receipts.facts import (
    CardSlipFacts,
    Letterhead,
    PaidLine,
    PartLine,
    SaleReceiptFacts,
    VoidFacts,
)
from receipts.preview import FONTS, as_png
from receipts.profiles import profile
from receipts.seal import SealedFacts, qr_payload, seal_code

AT = datetime(2026, 11, 27, 9, 41, 5)
DEMO_SEAL_KEY = b"gaspos demo seal key, not real!!"


def demo_seal(path: Path) -> Path:
    """A drawn 收费专用章 for the previews (a company configures a scan of its own)."""
    size = 360
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 30, 30, 255)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=14)
    font = ImageFont.truetype(FONTS[0], 40, index=1)
    text = "演示燃气有限公司"
    for i, ch in enumerate(text):  # along the rim, over the top
        theta = math.radians(-115 + i * 230 / (len(text) - 1))
        x, y = size / 2 + 128 * math.sin(theta), size / 2 - 128 * math.cos(theta)
        draw.text((x, y), ch, font=font, fill=red, anchor="mm")
    star = [(size / 2 + r * math.cos(math.radians(-90 + k * 36)),
             size / 2 + r * math.sin(math.radians(-90 + k * 36)))
            for k, r in zip(range(10), [55, 22] * 5, strict=True)]
    draw.polygon(star, fill=red)
    small = ImageFont.truetype(FONTS[0], 34, index=1)
    draw.text((size / 2, size / 2 + 80), "收费专用章", font=small, fill=red, anchor="mm")
    image.save(path)
    return path


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    head = Letterhead("演示燃气有限公司", "城东营业厅", "03", "3号窗口", "0632-7791579",
                      "0632-7791579", seal_image=str(demo_seal(out / "demo-seal.png")))
    facts = SealedFacts("03", 1042, AT, "370402000001", "IC0000000001", 12, "450.00",
                        "1288.00", "cash")
    code = seal_code(DEMO_SEAL_KEY, facts)
    receipt = layouts.sale_receipt(SaleReceiptFacts(
        head=head, receipt_no=1042, order_no="GS20261127030017", at=AT, staff_no="1001",
        account_no="370402000001", masked_name="张*丰", meter_no="CH00000001",
        card_no="IC0000000001", purchase_seq=12, volume="450.00",
        parts=(PartLine(1, "400.00", "2.80", "1120.00"), PartLine(2, "50.00", "3.36", "168.00")),
        amount="1288.00", payments=(PaidLine("cash", "1288.00"),), tendered="1300.00",
        change="12.00", meter_remaining="36.50", cycle_bought="450.00", tier=2,
        seal_code=code, qr=qr_payload(facts, code)))
    plain = Letterhead(*[getattr(head, f) for f in ("company", "hall", "counter_no",
                                                    "counter_name", "hotline",
                                                    "complaint_line")])
    documents = {
        "sale-receipt": receipt,
        "reprint": layouts.reprint(receipt, 2),
        "void-slip": layouts.void_slip(VoidFacts(
            head=plain, at=AT, staff_no="1001", approver_no="2001", reason="客户买错气量",
            order_no="GS20261127030017", receipt_no=1042, original_counter="03",
            account_no="370402000001", masked_name="张*丰", card_no="IC0000000001",
            volume="450.00", refunds=(PaidLine("cash", "1288.00"),))),
        "card-slip": layouts.card_slip(CardSlipFacts(
            head=plain, at=AT, staff_no="1001", account_no="370402000001",
            masked_name="张*丰", card_no="IC0000000002", meter_no="CH00000001",
            purchase_seq=12, cumulative="5230.00", carried="450.00", replaced="IC0000000001",
            fee="10.00")),
        "first-use-guidance": layouts.first_use_guidance(
            plain, default_text().replace("{company}", plain.company)
            .replace("{hotline}", plain.hotline).replace("{complaint_line}",
                                                         plain.complaint_line)),
        "test-page": layouts.printer_test_page(plain, "tcp:10.0.0.7:9100 (58mm)", AT),
    }
    for name, document in documents.items():
        print(as_png(document, profile("58mm"), out / f"{name}-58mm.png"))
    print(as_png(receipt, profile("80mm"), out / "sale-receipt-80mm.png"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/receipts"))
