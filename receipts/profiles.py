"""Paper and printer profiles: data, not code (docs/design.md "Practices").

58 mm paper takes 32 ASCII columns (16 CJK) and 384 dots; 80 mm takes 48 columns and 576 dots
(docs/receipts.md "Printers").  ``escpos_profile`` names python-escpos's capability profile of a
common model with that width, so centring and image widths are right."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PaperProfile:
    name: str
    columns: int  # ASCII columns of the normal font
    dots: int  # printable width in dots
    escpos_profile: str
    chinese: bool = True  # a Chinese printer: FS & once, then all text as GB18030
    native_qr: bool = False  # QR with the printer's own GS ( k instead of as an image

    @property
    def dot_pitch(self) -> int:
        """Dots per ASCII column (12 for the usual 12×24 font)."""
        return self.dots // self.columns


PROFILES = {
    "58mm": PaperProfile("58mm", 32, 384, "POS-5890"),
    "80mm": PaperProfile("80mm", 48, 576, "TM-T20II"),
}


def profile(name: str, *, chinese: bool = True, native_qr: bool = False) -> PaperProfile:
    try:
        base = PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown paper {name!r}: one of {', '.join(PROFILES)}") from None
    return replace(base, chinese=chinese, native_qr=native_qr)
