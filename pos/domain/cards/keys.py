"""The utility's key set (docs/design.md "Secrets") and the per-meter keys derived from it.

One key set per utility: master keys by version (so keys can rotate) and the receipt seal key.
Each meter holds only its own key, ``HMAC-SHA256(master[version], "gaspos meter key|" +
meter number)``; a card bound to that meter uses that key for its PSC and its integrity codes.
A dumped meter or card therefore reveals nothing about any other meter.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field

from pos.domain.errors import Refused
from pos.domain.messages import N_

KEY_BYTES = 32


@dataclass(frozen=True)
class KeySet:
    utility_code: str
    masters: Mapping[int, bytes]  # key version → master key
    current_version: int
    seal_key: bytes
    # the payment providers' merchant credentials, by channel ("wechat", "alipay"): field name →
    # text (ids, PEM keys and certificates, the APIv3 key) — kept only in the encrypted key
    # file, never in the settings (docs/payments.md)
    merchants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.current_version not in self.masters:
            raise ValueError("the current key version has no master key")
        if any(len(k) != KEY_BYTES for k in (*self.masters.values(), self.seal_key)):
            raise ValueError("keys are 32 bytes")

    def meter_key(self, meter_no: str, version: int | None = None) -> bytes:
        version = self.current_version if version is None else version
        master = self.masters.get(version)
        if master is None:
            raise Refused(
                "keys.unknown_version",
                N_("The card uses key version {version}, which this counter does not have: "
                   "import the utility's current key file (gaspos keys import)."),
                version=version,
            )
        return hmac.digest(master, b"gaspos meter key|" + meter_no.encode("ascii"), "sha256")

    def __repr__(self) -> str:  # never print keys by accident
        return (f"KeySet(utility_code={self.utility_code!r}, versions={sorted(self.masters)}, "
                f"current_version={self.current_version}, merchants={sorted(self.merchants)})")
