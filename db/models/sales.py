"""Sales, their payments, and the per-counter receipt-number series."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime


class SaleRow(Base):
    __tablename__ = "sales"
    __table_args__ = (
        UniqueConstraint("counter_id", "receipt_no"),  # receipt numbers: one series per counter
        Index("ix_sales_account_state", "account_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32), unique=True)  # given when the sale starts
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    business_day_id: Mapped[int | None] = mapped_column(ForeignKey("business_days.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    meter_id: Mapped[int | None] = mapped_column(ForeignKey("meters.id"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
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


class PaymentRow(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))  # requested, confirmed, declined, unknown
    provider_ref: Mapped[str | None] = mapped_column(String(64), index=True)  # 微信订单号 …
    terminal_no: Mapped[str | None] = mapped_column(String(32))
    voucher_no: Mapped[str | None] = mapped_column(String(32))
    tendered_fen: Mapped[int | None] = mapped_column(BigInteger)
    change_fen: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ReceiptSeriesRow(Base):
    """The last receipt number a counter gave; bumped inside the completing transaction."""

    __tablename__ = "receipt_series"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    last_no: Mapped[int] = mapped_column(default=0)
