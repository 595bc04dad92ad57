"""The customer's payment code (付款码) as the barcode scanner reads it: which channel it belongs
to, told from its format alone, and how it is kept once used (docs/payments.md).

* WeChat Pay — 18 digits beginning 10 to 15;
* Alipay — 16 to 24 digits beginning 25 to 30;
* UnionPay QR (云闪付) — 19 digits beginning 62: recognised, not taken (no integration yet);
* a face-pay token ("fp…") — refused: the counter takes no face payment;
* anything else — refused: it is not a payment code.

A code is single-use: a code seen on an earlier attempt is refused before any provider is
asked.  The ledger keeps a code only as its hash (:func:`code_hash`) and a log only masked
(:func:`masked`): a code is money the customer's phone lends the counter for a minute.
"""

from __future__ import annotations

import hashlib
import re

from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_
from pos.domain.sale.record import Channel

_WECHAT = re.compile(r"1[0-5][0-9]{16}")
_ALIPAY = re.compile(r"(2[5-9]|30)[0-9]{14,22}")
_UNIONPAY_QR = re.compile(r"62[0-9]{17}")
CODE_CHANNELS = (Channel.WECHAT, Channel.ALIPAY)


def normalised(code: str) -> str:
    """The code without the spaces, tabs or line ends a scanner or a person may add."""
    return "".join(code.split())


def channel_of(code: str) -> Channel:
    """The channel a scanned payment code belongs to, or refused with what to do instead."""
    text = normalised(code)
    if _WECHAT.fullmatch(text):
        return Channel.WECHAT
    if _ALIPAY.fullmatch(text):
        return Channel.ALIPAY
    if _UNIONPAY_QR.fullmatch(text):
        raise Refused("payment_code.unionpay_qr",
                      N_("This is a UnionPay QR payment code, which this counter does not take "
                         "yet: ask for WeChat Pay, Alipay, a bank card or cash. Nothing was "
                         "taken."))
    if text.lower().startswith("fp"):
        raise Refused("payment_code.face_pay",
                      N_("Face payment is not taken at this counter: ask the customer for their "
                         "WeChat Pay or Alipay payment code. Nothing was taken."))
    raise BadInput("payment_code.unknown",
                   N_("“{scanned}” is not a WeChat Pay or Alipay payment code (WeChat: 18 "
                      "digits beginning 10–15; Alipay: 16–24 digits beginning 25–30). Scan the "
                      "customer's payment code again."), scanned=masked(text))


def looks_like_code(text: str) -> bool:
    """True if ``text`` has the shape of a payment code (any channel's), not of the
    transaction id a merchant app shows (WeChat 28 digits beginning 42, Alipay 28 beginning
    20): a code where a transaction id is expected was scanned, not typed from the app."""
    text = normalised(text)
    return any(p.fullmatch(text) for p in (_WECHAT, _ALIPAY, _UNIONPAY_QR))


def refuse_unless_taken(channel: Channel, ref: str, code_channels: frozenset[Channel]) -> None:
    """A payment code on a channel whose provider does not take codes (``manual``: the clerk
    confirms from the merchant app) is refused before anything is recorded — it would
    otherwise stand as the payment's transaction id, the sale paid with no money taken."""
    if channel in CODE_CHANNELS and channel not in code_channels and looks_like_code(ref):
        raise Refused("payment.code_needs_live",
                      N_("This counter takes {channel} in the merchant app, not by the "
                         "customer's payment code: take the payment in the merchant app, then "
                         "enter the transaction id (交易单号) it shows. Nothing was taken."),
                      channel=channel.label)


def check(channel: Channel, code: str) -> str:
    """The normalised code of a ``channel`` payment, refused if it is not that channel's."""
    found = channel_of(code)
    if found is not channel:
        raise BadInput("payment_code.channel",
                       N_("This is a {found} payment code, but the payment was entered as "
                          "{channel}. Choose {found}, or scan the right code."),
                       found=found.label, channel=channel.label)
    return normalised(code)


def code_hash(code: str) -> str:
    """What the ledger keeps of a used code: enough to refuse it again, not to spend it."""
    return hashlib.sha256(f"gaspos-payment-code:{normalised(code)}".encode()).hexdigest()


def masked(code: str) -> str:
    """A code as logs and messages may show it: its first and last four characters."""
    text = normalised(code)
    if len(text) <= 8:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"
