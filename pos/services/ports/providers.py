"""What the installation provides besides storage and devices: the clock, password hashing,
the key vault, payment providers, the settings file, the spreadsheet reader and the
fault-injection checkpoints.  ``pos.adapters`` implements them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from pos.domain.cards.keys import KeySet
from pos.domain.quantities import Money
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in the installation's timezone."""
        ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class SpreadsheetReader(Protocol):
    def rows(self, data: bytes) -> list[list[str]]:
        """The first sheet of an XLSX file as the text a person sees (BadInput if unreadable)."""
        ...


class KeyVault(Protocol):
    def load(self) -> KeySet: ...

    def installed(self) -> bool: ...

    def install(self, keys: KeySet) -> str: ...

    def export(self, keys: KeySet, path: Path, passphrase: str) -> None: ...

    def open_file(self, path: Path, passphrase: str) -> KeySet: ...


class PaymentProvider(Protocol):
    """WeChat Pay, Alipay (and later others) behind one port: live integrations are plug-ins;
    a simulated provider serves demos and tests.  ``charge`` may answer UNKNOWN (a timeout):
    the caller then asks ``query`` — it never assumes."""

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer: ...

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer: ...

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer: ...


class SettingsStore(Protocol):
    """Where the counter app saves a setting (read again at the next start)."""

    def where(self) -> str: ...

    def save(self, changes: Sequence[tuple[str, str, str | int | bool]]) -> None:
        """(section, key, value) each checked as the settings reader checks it — BadInput,
        and nothing written, if one is wrong — then all written at once."""
        ...


class Checkpoints(Protocol):
    """Named points between the steps of a sale; fault-injection tests stop the process at
    one (bootstrap wires that only when GASPOS_FAULT is set; otherwise they do nothing)."""

    def reached(self, step: str) -> None: ...
