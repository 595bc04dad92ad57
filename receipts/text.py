"""Text as a receipt printer prints it: GBK glyphs only, every non-ASCII glyph two columns.

Chinese printers carry a GB2312/GBK font; characters outside it print as garbage.  Before
anything is laid out, :func:`printable` replaces the few that matter (``¥`` → ``￥``, ``³`` →
``3``) and turns the rest into ``?`` — so the preview, the layout and the paper agree.
"""

from __future__ import annotations

SUBSTITUTES = {"¥": "￥", "³": "3", "²": "2", "\u00a0": " ", "\t": " ", "–": "-", "’": "'",
               "‘": "'"}


def printable(text: str) -> str:
    return "".join(_glyph(ch) for ch in text)


def _glyph(ch: str) -> str:
    ch = SUBSTITUTES.get(ch, ch)
    if ch == "\n" or " " <= ch < "\x7f":
        return ch
    try:
        encoded = ch.encode("gbk")
    except UnicodeEncodeError:
        return "?"
    return ch if len(encoded) == 2 else "?"


def printed_width(text: str) -> int:
    """Columns on paper: ASCII takes one, every (GBK) double-byte glyph two."""
    return sum(1 if ch < "\x80" else 2 for ch in text)


def encode(text: str) -> bytes:
    """The bytes a printer in Chinese mode (``FS &``) prints as ``text``."""
    return printable(text).encode("gb18030")
