"""Render every printout layout as the paper will show it, for docs/receipts/ and the README.

    .venv/bin/python scripts/receipt_previews.py [OUT_DIR]

Sample facts only (a demo hall, a demo seal key, a drawn demo charge seal): the layouts and the
renderer are the product's own.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pos.bootstrap.guidance import default_text
from receipts import sample
from receipts.preview import FONTS, as_png
from receipts.profiles import profile


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
    documents = sample.documents(default_text(), str(demo_seal(out / "demo-seal.png")))
    for name, document in documents.items():
        print(as_png(document, profile("58mm"), out / f"{name}-58mm.png"))
    print(as_png(documents["sale-receipt"], profile("80mm"), out / "sale-receipt-80mm.png"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/receipts"))
