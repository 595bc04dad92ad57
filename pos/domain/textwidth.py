"""Display width of text on terminals and receipt printers: a CJK character takes two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def ljust(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def rjust(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text


NO_LINE_START = frozenset("，。、：；！？）》」』”’,.:;!?)%")


def wrap(text: str, columns: int, measure: Callable[[str], int] = width) -> list[str]:
    """Break ``text`` into lines of at most ``columns`` display columns (at spaces for Latin
    words where it can, anywhere between CJK characters)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for ch in paragraph:
            cost = measure(ch)
            if used + cost > columns:
                cut = line.rfind(" ")
                if ch != " " and cut > 0 and line[cut + 1:].isascii():
                    lines.append(line[:cut])
                    line = line[cut + 1:]
                    used = measure(line)
                elif ch in NO_LINE_START and len(line) > 1:
                    lines.append(line[:-1].rstrip())  # 。 and ， never open a line
                    line = line[-1]
                    used = measure(line)
                else:
                    lines.append(line.rstrip())
                    line, used = "", 0
                if ch == " " and not line:
                    continue
            line += ch
            used += cost
        lines.append(line.rstrip())
    return lines


def columns(left: str, right: str, total: int,
            measure: Callable[[str], int] = width) -> list[str]:
    """``left`` and ``right`` on one line of ``total`` columns, right aligned; when both do not
    fit, the left on its own line(s) and the right aligned below."""
    gap = total - measure(left) - measure(right)
    if gap >= 1:
        return [left + " " * gap + right]
    right_lines = wrap(right, total, measure)
    right_lines[-1] = " " * max(0, total - measure(right_lines[-1])) + right_lines[-1]
    return [*wrap(left, total, measure), *right_lines]
