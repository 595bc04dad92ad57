"""The ledger's side of a month, as the matching reads it (built by the services from the
journal, the day closes and the deposit slips)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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
