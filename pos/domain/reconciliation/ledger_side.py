"""The ledger's side of a month, as the matching reads it (built by the services from the
journal, the day closes and the deposit slips)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from pos.domain.quantities import Money


@dataclass(frozen=True)
class LedgerMovement:
    """Money that moved through a channel: one journal entry of a money kind."""

    ref: str  # the journal entry, "#seq": the evidence
    channel: str  # cash, unionpay, wechat, alipay
    kind: str  # "payment" (money in) or "refund" (money out)
    business_date: date
    at: datetime
    amount: Money  # signed: + payment, − refund
    counter_no: str | None = None
    order_no: str | None = None  # our order number (the provider's 商户订单号)
    provider_ref: str | None = None  # 微信订单号 / 支付宝交易号 / the card terminal's reference
    refund_no: str | None = None  # our refund number (商户退款单号), on refunds
    provider_refund_ref: str | None = None
    fee: Money | None = None  # the institution's fee, where the ledger knows it (history import)
    terminal: str | None = None
    voucher: str | None = None


@dataclass(frozen=True)
class LedgerDeposit:
    """A deposit slip (缴款单) and the closed days it covers."""

    slip_no: str
    amount: Money
    deposit_date: date
    business_dates: tuple[date, ...]


@dataclass(frozen=True)
class LedgerDayClose:
    """A closed day's cash: its over/short was dealt with at the close (not a discrepancy)."""

    counter_no: str
    business_date: date
    expected: Money
    counted: Money
    kept_float: Money


@dataclass(frozen=True)
class LedgerMonth:
    first: date  # the month's first day
    last: date  # its last day
    movements: tuple[LedgerMovement, ...]
    deposits: tuple[LedgerDeposit, ...]
    closes: tuple[LedgerDayClose, ...]


class JournalMoney(NamedTuple):
    """A money entry of the journal as its row holds it: what the matching needs, no more
    (no hash, no volume, the details still as their JSON text)."""

    seq: int
    kind: str
    at: datetime
    business_date: date | None
    counter_no: str | None
    sale_no: str | None
    amount_fen: int
    channel: str | None
    ref: str | None
    details: str  # JSON


_REFUND_KIND = "refund"  # EntryKind.REFUND


def movement(row: JournalMoney) -> LedgerMovement:
    """The movement a money entry of the journal is, read straight from its row."""
    details = json.loads(row.details)
    fee = details.get("fee_fen")
    provider_ref = row.ref
    if row.kind == _REFUND_KIND:  # a refund's ref is the provider's refund id where the
        # ledger knows it (history), else the payment it gives back
        provider_ref = _text(details.get("provider_ref")) or row.ref
    found: LedgerMovement = object.__new__(LedgerMovement)
    vars(found).update(  # what the frozen dataclass's own __init__ sets: a month has 200,000
        ref=f"#{row.seq}", channel=row.channel or "",
        kind="refund" if row.amount_fen < 0 else "payment",
        business_date=row.business_date or row.at.date(), at=row.at,
        amount=Money(row.amount_fen), counter_no=row.counter_no, order_no=row.sale_no,
        provider_ref=provider_ref, refund_no=_text(details.get("refund_no")),
        provider_refund_ref=_text(details.get("provider_refund_ref")),
        fee=Money(fee) if isinstance(fee, int) and not isinstance(fee, bool) else None,
        terminal=_text(details.get("terminal")), voucher=_text(details.get("voucher")))
    return found


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and value != "" else None
