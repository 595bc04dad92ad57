"""The receipt's seal: a verification code over the receipt's facts, with the company's key.

The sealed facts, in this canonical text (docs/receipts.md)::

    GP1|<counter>|<receipt no>|<local time YYYYmmddHHMMSS>|<account>|<card>|<sequence>|
    <volume m³>|<amount yuan>|<payment channel>

The code is the first 60 bits of HMAC-SHA256(seal key, that text), written as 12 Crockford
base-32 characters in three groups (``7K3Q-M9TD-2XWB``).  The QR code carries the facts and the
code together, so anyone at the company can check a receipt: change one digit of the amount or
of the code and it no longer verifies.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from pos.domain.errors import BadInput
from pos.domain.messages import N_

PREFIX = "GP1"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_READ_AS = {"O": "0", "I": "1", "L": "1"}


@dataclass(frozen=True)
class SealedFacts:
    counter_no: str
    receipt_no: int
    at: datetime  # local time of the sale's completion
    account_no: str
    card_no: str
    purchase_seq: int
    volume: str  # "450.00"
    amount: str  # "1288.00"
    channel: str  # cash, unionpay, wechat, alipay, mixed

    def canonical(self) -> str:
        return "|".join((PREFIX, self.counter_no, str(self.receipt_no),
                         self.at.strftime("%Y%m%d%H%M%S"), self.account_no, self.card_no,
                         str(self.purchase_seq), self.volume, self.amount, self.channel))


def seal_code(key: bytes, facts: SealedFacts) -> str:
    digest = hmac.digest(key, facts.canonical().encode("utf-8"), "sha256")
    bits = int.from_bytes(digest[:8], "big") >> 4  # 60 bits
    chars = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(12)))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_code(text: str) -> str:
    """What a person typed → the code as printed (case, spaces, dashes and O/I/L forgiven)."""
    raw = "".join(_READ_AS.get(c, c) for c in text.upper() if c.isalnum())
    if len(raw) != 12 or any(c not in ALPHABET for c in raw):
        raise BadInput("receipt.code_syntax",
                       N_("“{text}” is not a receipt verification code (12 letters and digits, "
                          "e.g. 7K3Q-M9TD-2XWB)."), text=text)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def qr_payload(facts: SealedFacts, code: str) -> str:
    return f"{facts.canonical()}|{code}"


def parse_qr(text: str) -> tuple[SealedFacts, str]:
    parts = text.strip().split("|")
    if len(parts) != 11 or parts[0].upper() != PREFIX:
        raise BadInput("receipt.qr_syntax",
                       N_("This is not the QR text of a gaspos receipt."))
    try:
        at = datetime.strptime(parts[3], "%Y%m%d%H%M%S")  # noqa: DTZ007 - printed local time
        facts = SealedFacts(parts[1], int(parts[2]), at, parts[4], parts[5], int(parts[6]),
                            parts[7], parts[8], parts[9])
    except ValueError:
        raise BadInput("receipt.qr_syntax",
                       N_("This is not the QR text of a gaspos receipt.")) from None
    return facts, normalise_code(parts[10])


def genuine(key: bytes, facts: SealedFacts, code: str) -> bool:
    return hmac.compare_digest(seal_code(key, facts), normalise_code(code))
