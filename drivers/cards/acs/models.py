"""How each family of ACS readers answers the SLE4442 pseudo-APDUs — data, not code.

The ACS reference manuals (ACR38x, ACR39x, ACR33, ACR1281) agree on the commands and differ
in the answers:

* ``present_reply`` — PRESENT_CODE (``FF 20 00 00 03 <psc>``): CCID-class readers answer
  ``90 <error counter>`` (``90 07`` is success, ``90 00`` means the card is now locked); the
  older ACR38 firmware answers ``<error counter> <3 code bytes> 90 00``.
* ``read_appends_protection`` — some readers append the 4 protection bytes to a READ that
  starts in the first 32 bytes.

The model is chosen from the reader's name by pattern (settings can name it outright).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class PresentReply(StrEnum):
    COUNTER_IN_SW2 = "counter_in_sw2"
    COUNTER_IN_DATA = "counter_in_data"


@dataclass(frozen=True)
class ReaderModel:
    name: str
    reader_names: str  # regular expression matched against the PC/SC reader name
    present_reply: PresentReply
    read_appends_protection: bool


MODELS = (
    ReaderModel("acr38-legacy", r"ACR ?38U?\b(?!.*CCID)", PresentReply.COUNTER_IN_DATA, False),
    ReaderModel("acr38x", r"ACR ?38.*CCID|ACR ?38x|ACR ?3x", PresentReply.COUNTER_IN_SW2, True),
    ReaderModel("acs-ccid", r"ACR39|ACR33|ACR1281|ACR1252|ACR3901|ACR40|ACR41|.",
                PresentReply.COUNTER_IN_SW2, False),
)
DEFAULT = MODELS[-1]


def by_name(name: str) -> ReaderModel:
    for model in MODELS:
        if model.name == name:
            return model
    raise KeyError(f"unknown reader model {name!r}: one of {', '.join(m.name for m in MODELS)}")


def for_reader(reader_name: str) -> ReaderModel:
    for model in MODELS:
        if re.search(model.reader_names, reader_name, re.IGNORECASE):
            return model
    return DEFAULT
