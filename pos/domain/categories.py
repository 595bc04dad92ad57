"""Customer categories (用气类别): they choose the tariff an account pays."""

from __future__ import annotations

from enum import StrEnum

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message


class Category(StrEnum):
    RESIDENTIAL = "residential"  # 居民
    COMMERCIAL = "commercial"  # 公服 / 工福 (commercial and public service)
    INDUSTRIAL = "industrial"  # 工业
    HEATING = "heating"  # 采暖

    @property
    def label(self) -> Message:
        return Message(_LABELS[self])

    @classmethod
    def parse(cls, text: str) -> Category:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise BadInput(
                "category.unknown",
                N_("Unknown customer category “{text}”: use one of {choices}."),
                text=text, choices=", ".join(c.value for c in cls),
            ) from None


_LABELS = {
    Category.RESIDENTIAL: N_("residential"),
    Category.COMMERCIAL: N_("commercial / public service"),
    Category.INDUSTRIAL: N_("industrial"),
    Category.HEATING: N_("heating"),
}
