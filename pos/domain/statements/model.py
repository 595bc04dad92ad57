"""A statement line, as the institution's file states it, and a parsed statement file.

Signs: ``amount`` is money from our point of view — positive for a customer's payment or a
bank credit, negative for a refund or a bank debit.  ``fee`` is what the institution kept
(positive) or gave back (negative, e.g. the fee returned with a refund) — converted from each
format's own sign convention, never recomputed from a rate.  ``identity`` is the row's identity
within its source (each format says how it is made); importing the same identity twice adds
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pos.domain.quantities import Money


class Source(StrEnum):
    WECHAT = "wechat"  # 微信支付商户交易账单
    ALIPAY = "alipay"  # 支付宝业务明细
    BANK = "bank"  # 银行账户流水
    ACQUIRER = "acquirer"  # a card acquirer's settlement file, through a saved column mapping


class LineKind(StrEnum):
    PAYMENT = "payment"  # a customer paid (provider / acquirer)
    REFUND = "refund"  # money given back through the provider
    CREDIT = "credit"  # money into our bank account
    DEBIT = "debit"  # money out of our bank account


@dataclass(frozen=True)
class StatementLine:
    source: Source
    line_no: int  # 1-based line (row) in the file, for messages and evidence
    identity: str  # unique within the source: how a re-import recognises the row
    kind: LineKind
    value_date: date  # the day the institution books it (bill day / 交易日期)
    occurred_at: datetime | None  # when it happened, timezone-aware (local time of the file)
    amount: Money  # signed, from our side (see the module's doc)
    fee: Money = Money(0)  # kept by the institution (+), or given back (−)
    status: str = ""  # as stated: SUCCESS, REFUND, PROCESSING, 交易, 退款 …
    order_no: str | None = None  # 商户订单号: our order number
    provider_ref: str | None = None  # 微信订单号 / 支付宝交易号 / bank serial / card reference
    refund_no: str | None = None  # 商户退款单号 / 退款批次号
    provider_refund_ref: str | None = None  # 微信退款单号
    counterparty: str | None = None  # bank: 对方户名
    memo: str | None = None  # bank: 用途 (+ 摘要); provider: 备注/商品名称
    terminal: str | None = None
    voucher: str | None = None
    balance: Money | None = None  # bank: 余额 after the row
    raw: tuple[tuple[str, str], ...] = ()  # (header, cell) as read: the evidence

    @property
    def net(self) -> Money:
        """What reaches us for this line after the institution's fee."""
        return self.amount - self.fee


@dataclass(frozen=True)
class StatementFile:
    source: Source
    format: str  # e.g. "wechat-all", "alipay-detail", "bank-csv", "bank-xlsx", "mapped:NAME"
    encoding: str  # as detected ("utf-8-sig", "gb18030", "xlsx")
    lines: tuple[StatementLine, ...]
    account: str | None = None  # merchant id / alipay account / bank account, as stated
    period: tuple[date, date] | None = None  # as stated in the file's header, if it does
    declared: dict[str, str] = field(default_factory=dict)  # the footer's totals, as stated
