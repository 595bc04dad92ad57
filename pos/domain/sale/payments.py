"""How a customer pays: tenders, their checks, change, and the payment's own states.

A non-cash payment counts only once the provider (or the clerk, reading the terminal's slip)
confirms it; a timeout is resolved by asking the provider, never by assuming (docs/design.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, PaymentState

_REF = re.compile(r"[A-Za-z0-9-]{4,64}")


@dataclass(frozen=True)
class Tender:
    """One part of a payment as the clerk enters it."""

    channel: Channel
    amount: Money
    ref: str | None = None  # WeChat/Alipay: the customer's payment code; bank card: reference
    terminal: str | None = None
    voucher: str | None = None
    tendered: Money | None = None  # cash: what the customer handed over

    @property
    def change(self) -> Money:
        if self.channel is not Channel.CASH or self.tendered is None:
            return Money(0)
        return self.tendered - self.amount


@dataclass(frozen=True)
class ProviderAnswer:
    """What a payment provider says about one order."""

    state: PaymentState
    provider_ref: str | None = None  # 微信订单号 / 支付宝交易号
    detail: str = ""
    waiting: bool = False  # UNKNOWN because the customer is still entering a PIN (USERPAYING)
    # DECLINED, yet the provider asks for the order to be reversed all the same (WeChat Pay's
    # PAYERROR: 支付失败，请撤销订单)
    reverse: bool = False


def single(channel: Channel, amount: Money, *, ref: str | None = None,
           tendered: Money | None = None, terminal: str | None = None,
           voucher: str | None = None) -> tuple[Tender, ...]:
    return (Tender(channel, amount, ref, terminal, voucher,
                   tendered if channel is Channel.CASH else None),)


def parse_split(text: str) -> tuple[tuple[Channel, Money, str | None], ...]:
    """``"cash:100.00,wechat:188.00:REF"`` → (channel, amount, ref) parts."""
    parts = []
    for item in (i.strip() for i in text.replace("，", ",").split(",") if i.strip()):
        fields = item.split(":")
        if len(fields) not in (2, 3):
            raise BadInput("payment.split_syntax",
                           N_("Payment part “{item}” is not “channel:amount[:reference]”."),
                           item=item)
        channel = parse_channel(fields[0])
        parts.append((channel, Money.parse(fields[1]), fields[2] if len(fields) == 3 else None))
    if len(parts) < 2:
        raise BadInput("payment.split_syntax",
                       N_("A split payment has at least two parts, e.g. "
                          "“cash:100.00,wechat:188.00:REF”."))
    return tuple(parts)


def parse_channel(text: str) -> Channel:
    try:
        return Channel(text.strip().lower())
    except ValueError:
        raise BadInput("payment.channel",
                       N_("Unknown payment channel “{text}”: use cash, unionpay, wechat or "
                          "alipay."), text=text) from None


def rounded_cash(total: Money) -> Money:
    """抹零: what a customer paying the whole sale in cash pays when the fen are dropped."""
    return Money(total.fen - total.fen % 10)


def check_tenders(tenders: tuple[Tender, ...], total: Money, *, rounding: bool = False) -> None:
    """Refuse what cannot be right before anything is charged (``rounding``: a single cash
    tender may drop the fen, 抹零)."""
    due = total
    if rounding and len(tenders) == 1 and tenders[0].channel is Channel.CASH:
        due = rounded_cash(total)
    if sum((t.amount for t in tenders), Money(0)) != due:
        raise BadInput(
            "payment.sum", N_("The payment parts add up to {paid} yuan, but the sale is {total}."),
            paid=sum((t.amount for t in tenders), Money(0)), total=total)
    for tender in tenders:
        if tender.amount.fen <= 0:
            raise BadInput("payment.zero", N_("Every payment part must be more than 0 yuan."))
        if tender.channel is Channel.CASH:
            if tender.tendered is not None and tender.tendered < tender.amount:
                raise BadInput("payment.cash_short",
                               N_("The customer handed over {tendered} yuan, less than the "
                                  "{amount} yuan due."), tendered=tender.tendered,
                               amount=tender.amount)
        elif tender.ref is None or not _REF.fullmatch(tender.ref):
            raise BadInput("payment.ref",
                           N_("A {channel} payment needs its reference (the customer's payment "
                              "code, or the bank terminal's reference number)."),
                           channel=tender.channel.label)


def sale_channel(tenders: tuple[Tender, ...]) -> str:
    channels = {t.channel for t in tenders}
    return next(iter(channels)).value if len(channels) == 1 else "mixed"
