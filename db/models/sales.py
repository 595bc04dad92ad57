"""Sales, their payments, and the per-counter receipt-number series."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime

HOLDS_GAS = "state IN ('pending', 'completed', 'suspended')"
UNFINISHED = "state IN ('awaiting_payment', 'pending', 'suspended')"


class SaleRow(Base):
    __tablename__ = "sales"
    __table_args__ = (
        UniqueConstraint("counter_id", "receipt_no"),  # receipt numbers: one series per counter
        Index("ix_sales_account_state", "account_id", "state"),
        Index("ix_sales_card_id", "card_id"),  # a card's first purchase (first-use guidance)
        Index("ix_sales_meter_seq", "meter_id", "purchase_seq"),  # sold onto a meter since
        # one purchase per sequence number and account, among the sales that hold gas
        Index("uq_sales_account_seq", "account_id", "purchase_seq", unique=True,
              sqlite_where=text(HOLDS_GAS), postgresql_where=text(HOLDS_GAS)),
        # at most one unfinished sale per account (a suspended one must be resolved before
        # the next: the meter loads sequences in order); of two counters, exactly one wins
        Index("uq_sales_unfinished_account", "account_id", unique=True,
              sqlite_where=text(UNFINISHED), postgresql_where=text(UNFINISHED)),
        Index("uq_sales_seal_code", "seal_code", unique=True),  # a code finds its one sale
        Index("ix_sales_given_account_no", "given_account_no"),  # imported: by the old number
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32), unique=True)  # given when the sale starts
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    business_day_id: Mapped[int | None] = mapped_column(ForeignKey("business_days.id"))
    # None only for an imported sale whose account gaspos does not have (docs/history-import.md)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    meter_id: Mapped[int | None] = mapped_column(ForeignKey("meters.id"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # as account_id
    state: Mapped[str] = mapped_column(String(20))
    volume_m3x100: Mapped[int] = mapped_column(BigInteger)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    purchase_seq: Mapped[int | None]
    tariff_version_id: Mapped[int | None] = mapped_column(ForeignKey("tariff_versions.id"))
    # JSON list of the tier parts: tier, volume, unit price, amount
    price_parts: Mapped[str] = mapped_column(Text, default="[]")
    receipt_no: Mapped[int | None]  # assigned in the completing transaction; no gaps
    first_use: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(16), default="purchase")  # or meter_credit
    cumulative_after: Mapped[int | None] = mapped_column(BigInteger)  # the card's, 0.01 m³
    override_by: Mapped[str | None] = mapped_column(String(32))  # safety-hold approver
    override_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the receipt's verification code (receipts.seal), set with the receipt number
    seal_code: Mapped[str | None] = mapped_column(String(16))
    # a past sale brought by ``gaspos import history``, with the previous system's account
    # number and cashier as it gave them (whether or not gaspos has them)
    imported: Mapped[bool] = mapped_column(default=False, server_default=false())
    given_account_no: Mapped[str | None] = mapped_column(String(32))
    given_staff: Mapped[str | None] = mapped_column(String(32))


class PaymentRow(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))  # requested, confirmed, … (PaymentState)
    provider_ref: Mapped[str | None] = mapped_column(String(64), index=True)  # 微信订单号 …
    terminal_no: Mapped[str | None] = mapped_column(String(32))
    voucher_no: Mapped[str | None] = mapped_column(String(32))
    tendered_fen: Mapped[int | None] = mapped_column(BigInteger)
    change_fen: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # a scanned payment code's hash (never the code): a code is refused on a second attempt
    code_hash: Mapped[str | None] = mapped_column(String(64), index=True)


class ReceiptSeriesRow(Base):
    """The last receipt number a counter gave; bumped inside the completing transaction."""

    __tablename__ = "receipt_series"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    last_no: Mapped[int] = mapped_column(default=0)


class NumberSeriesRow(Base):
    """Named counters for numbers that must never repeat: card numbers, order numbers."""

    __tablename__ = "number_series"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_no: Mapped[int] = mapped_column(BigInteger, default=0)
