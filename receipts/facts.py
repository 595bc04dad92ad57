"""The facts a printout states, gathered by the services from the ledger (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Letterhead:
    company: str
    hall: str
    counter_no: str
    counter_name: str
    hotline: str
    complaint_line: str
    seal_image: str | None = None  # the charge seal (收费专用章), where configured


@dataclass(frozen=True)
class PartLine:
    tier: int
    volume: str
    unit_price: str
    amount: str


@dataclass(frozen=True)
class PaidLine:
    channel: str  # cash, unionpay, wechat, alipay
    amount: str
    ref: str | None = None


@dataclass(frozen=True)
class SaleReceiptFacts:
    head: Letterhead
    receipt_no: int
    order_no: str
    at: datetime  # local time of completion
    staff_no: str
    account_no: str
    masked_name: str
    meter_no: str
    card_no: str
    purchase_seq: int
    volume: str
    parts: tuple[PartLine, ...]
    amount: str
    payments: tuple[PaidLine, ...]
    tendered: str | None
    change: str | None
    meter_remaining: str | None  # from the card's last write-back
    cycle_bought: str  # this year's volume, this purchase included
    tier: int
    seal_code: str
    qr: str
    meter_credit: bool = False  # 换表补气: the old meter's gas carried to the new one, no money
    booked_to: str | None = None  # sold after the day's close: the business date it belongs to


@dataclass(frozen=True)
class VoidFacts:
    head: Letterhead
    at: datetime
    staff_no: str
    approver_no: str
    reason: str
    order_no: str
    receipt_no: int | None
    original_counter: str
    account_no: str
    masked_name: str
    card_no: str | None
    volume: str
    refunds: tuple[PaidLine, ...]


@dataclass(frozen=True)
class CardSlipFacts:
    head: Letterhead
    at: datetime
    staff_no: str
    account_no: str
    masked_name: str
    card_no: str
    meter_no: str
    purchase_seq: int
    cumulative: str
    carried: str  # gas the new card carries again ("0.00" for none)
    replaced: str | None  # the old card, for a replacement
    fee: str | None
