"""The document model: what a printout says, independent of paper width and printer.

A :class:`Document` is a sequence of blocks — text (size, bold, alignment), a two-column row,
a rule, a QR code, an image, a feed, a cut — with a kind and an optional copy label (补打 #2).
It serialises to JSON so the print queue keeps exactly what was (or will be) printed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    size: int = 1  # 1 normal, 2 double width and height


@dataclass(frozen=True)
class Columns:
    """A label on the left, a value on the right of the same line (wrapped when too long)."""

    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class QR:
    data: str
    size: int = 5


@dataclass(frozen=True)
class Image:
    path: str
    share: float = 0.5  # of the paper's width, at most


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


Block = Text | Columns | Rule | QR | Image | Feed | Cut
_KINDS: dict[str, type] = {"text": Text, "columns": Columns, "rule": Rule, "qr": QR,
                           "image": Image, "feed": Feed, "cut": Cut}
_NAMES = {cls: name for name, cls in _KINDS.items()}


class DocumentKind(StrEnum):
    SALE_RECEIPT = "sale_receipt"
    VOID_SLIP = "void_slip"
    CARD_SLIP = "card_slip"
    FIRST_USE = "first_use"
    TEST_PAGE = "test_page"
    DAILY_REPORT = "daily_report"  # 收费日报
    DAY_CLOSE = "day_close"  # 日结单


@dataclass(frozen=True)
class Document:
    kind: DocumentKind
    blocks: tuple[Block, ...]
    copy_label: str = ""  # e.g. "补打（第2次）" on every reprint
    facts: dict[str, Any] = field(default_factory=dict)  # what the document says, for search

    def to_json(self) -> str:
        return json.dumps({
            "kind": self.kind.value, "copy_label": self.copy_label, "facts": self.facts,
            "blocks": [{"type": _NAMES[type(b)], **_plain(asdict(b))} for b in self.blocks],
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Document:
        data = json.loads(text)
        blocks = []
        for raw in data["blocks"]:
            kind = _KINDS[raw.pop("type")]
            if "align" in raw:
                raw["align"] = Align(raw["align"])
            blocks.append(kind(**raw))
        return cls(DocumentKind(data["kind"]), tuple(blocks), data.get("copy_label", ""),
                   data.get("facts", {}))


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in values.items()}
