"""What the installation provides besides storage and devices: the clock, password hashing,
the key vault, payment providers, the settings file, the spreadsheet reader and the
fault-injection checkpoints.  ``pos.adapters`` implements them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
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
    a simulated provider serves demos and tests (docs/payments.md).

    Every answer is one of three: CONFIRMED (definite yes), DECLINED (definite no: nothing was
    taken, or nothing more will be), UNKNOWN (no definite answer yet: the customer is still
    entering a PIN — ``waiting`` — a system error, a timeout, an answer whose signature failed).
    The caller never assumes on UNKNOWN: it asks ``query`` again, and ends an order it gives up
    on with ``reverse``.  ``order_no`` (the merchant order number) and ``refund_no`` are the
    idempotency keys: asking twice with the same one never charges or refunds twice."""

    def ready(self, *, channel: Channel) -> None:
        """Refused if ``channel``'s provider cannot be used (e.g. its merchant is missing or
        incomplete in the key file); nothing is sent.  Asked before a payment is recorded, so
        a counter that cannot charge leaves no sale awaiting payment."""
        ...

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        """Take ``amount`` with the customer's scanned payment code (付款码)."""
        ...

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        """What became of an order: CONFIRMED paid (``provider_ref`` the provider's
        transaction id); DECLINED closed, reversed, failed or never created; UNKNOWN still
        paying (``waiting``) or no answer."""
        ...

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        """Undo an order the counter gives up on (WeChat 撤销 reverse, Alipay cancel): closed if
        unpaid, the money given back if paid.  CONFIRMED: the order is closed or reversed;
        UNKNOWN: no definite answer (e.g. the customer is still paying) — query, then reverse
        again; DECLINED: the provider refuses (the detail says why)."""
        ...

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        """Give back part or all of a paid order.  CONFIRMED: refunded; UNKNOWN: accepted and
        still processing (follow it with ``refund_query``); DECLINED: refused or failed."""
        ...

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        """Where a refund stands, answered as ``refund`` answers."""
        ...


class BillSource(Protocol):
    """The providers' own records of a day (WeChat's trade bill, Alipay's bill), fetched for
    finance; the bytes are the file the provider gives, already checked against the hash or
    signature it states, in the format the statement importers read (docs/payments.md)."""

    def bill(self, channel: Channel, day: date) -> tuple[str, bytes]:
        """(a file name, the file's bytes) for ``day``; Refused if the provider has none."""
        ...


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
