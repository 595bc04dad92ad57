"""What a scanned payment code (付款码) is: its channel, from its prefix, and how it is shown.

The one call site the payment dialog uses.  pos.domain.sale.payment_codes (issue 17, the
payment flow) holds the same rules, the same names and the same masking for the services; once
it is on main this module's body becomes ``from pos.domain.sale.payment_codes import
channel_of, masked`` (the dialog catches any GasposError they raise).

WeChat Pay: 18 digits starting 10–15.  Alipay: 16–24 digits starting 25–30.  UnionPay QR
payment codes (62…, 19 digits) are recognised but not taken here: the clerk is told so.
"""

from __future__ import annotations

import re

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.sale.record import Channel

_WECHAT = re.compile(r"1[0-5][0-9]{16}")
_ALIPAY = re.compile(r"(2[5-9]|30)[0-9]{14,22}")
_UNIONPAY = re.compile(r"62[0-9]{17}")


def channel_of(code: str) -> Channel:
    """The channel a scanned payment code belongs to; BadInput if none we take."""
    if _WECHAT.fullmatch(code):
        return Channel.WECHAT
    if _ALIPAY.fullmatch(code):
        return Channel.ALIPAY
    if _UNIONPAY.fullmatch(code):
        raise BadInput("payment.code_unionpay",
                       N_("This is a UnionPay QR payment code ({scanned}), which this counter "
                          "does not take: ask for WeChat Pay, Alipay, a bank card or cash."),
                       scanned=masked(code))
    raise BadInput("payment.code_unknown",
                   N_("The scanned code {scanned} is not a WeChat Pay or Alipay payment code: "
                      "ask the customer to show the payment code (付款码) again."),
                   scanned=masked(code))


def masked(code: str) -> str:
    """The first four and the last four characters, the middle as asterisks: enough for the
    clerk to tell two scans apart, never the whole code on screen."""
    if len(code) <= 8:
        return "*" * len(code)
    return f"{code[:4]}{'*' * (len(code) - 8)}{code[-4:]}"
