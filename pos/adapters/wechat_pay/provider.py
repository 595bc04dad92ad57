"""WeChat Pay code payment (付款码支付, APIv3) behind the payment port (docs/payments.md
"WeChat Pay").

How answers become CONFIRMED / DECLINED / UNKNOWN:

* only a verified answer confirms or declines; an unsigned, forged or stale one, a timeout, a
  lost connection, HTTP 5xx or 429, and the codes SYSTEM_ERROR / BANK_ERROR / USERPAYING are
  UNKNOWN — the caller queries, and gives up with a reverse;
* a charge: 200 SUCCESS confirms; 202 USERPAYING is UNKNOWN ``waiting``; a verified 4xx
  (PARAM_ERROR, a used or expired payment code, NOTENOUGH …) declines with WeChat's message;
  an unsigned 401 is UNKNOWN (it proves nothing: the query decides); a success for another
  order number or amount is UNKNOWN;
* a query: SUCCESS (or REFUND, paid then refunded) confirms; CLOSED, REVOKED, PAYERROR and
  ORDER_NOT_EXIST decline (PAYERROR with ``reverse``: WeChat Pay asks for it to be reversed);
  USERPAYING is UNKNOWN ``waiting``; NOTPAY is UNKNOWN;
* a reverse is accepted with 200/204 and then believed only from a query: REVOKED, CLOSED (or
  no such order) confirm; USERPAYING is UNKNOWN ``waiting`` (reverse again after the next
  query), as is the refusal "正在支付中";
* a refund: SUCCESS confirms, PROCESSING and ABNORMAL (not final, handled by hand) are
  UNKNOWN, CLOSED declines; the order's total, which WeChat Pay requires, comes from a query.

Payment codes are logged with all but their first two and last four digits hidden.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from wechatpayv3 import WeChatPay, WeChatPayType

from pos.adapters.wechat_pay.client import Unverified, answer_json
from pos.domain.quantities import Money
from pos.domain.sale.payment_codes import masked
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState

log = logging.getLogger(__name__)

CONFIRMED, DECLINED, UNKNOWN = PaymentState.CONFIRMED, PaymentState.DECLINED, PaymentState.UNKNOWN
RETRYABLE = frozenset({"SYSTEM_ERROR", "SYSTEMERROR", "BANK_ERROR", "BANKERROR", "USERPAYING",
                       "FREQUENCY_LIMITED", "RATELIMIT_EXCEEDED"})
_TRADE = {"SUCCESS": CONFIRMED, "REFUND": CONFIRMED, "CLOSED": DECLINED, "REVOKED": DECLINED,
          "PAYERROR": DECLINED, "USERPAYING": UNKNOWN, "NOTPAY": UNKNOWN}
_REFUND = {"SUCCESS": CONFIRMED, "PROCESSING": UNKNOWN, "ABNORMAL": UNKNOWN, "CLOSED": DECLINED}
Reply = tuple[int, dict[str, Any]]


@dataclass(frozen=True)
class Scene:
    """Where the payment is taken: scene_info, which the code-pay request requires."""

    device_id: str  # the counter
    device_ip: str  # the counter's own address
    store_id: str  # WeChat Pay's id of the store ("" if the merchant has none)
    store_out_id: str  # the utility's own code of the hall
    description: str  # what the customer's bill says was bought

    def info(self) -> dict[str, Any]:
        store = {k: v for k, v in (("id", self.store_id), ("out_id", self.store_out_id)) if v}
        info: dict[str, Any] = {"device_id": self.device_id, "device_ip": self.device_ip}
        if store:
            info["store_info"] = store
        return info


class WeChatPayProvider:
    def __init__(self, pay: WeChatPay, scene: Scene) -> None:
        self._pay = pay
        self._scene = scene

    def ready(self, *, channel: Channel) -> None:
        """Built with its merchant: ready."""

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        _only_wechat(channel)
        log.info("WeChat Pay charge %s of %s fen, code %s", order_no, amount.fen,
                 masked(payment_code))
        reply = self._send("charge", order_no, lambda: self._pay.pay(
            description=self._scene.description, out_trade_no=order_no,
            amount={"total": amount.fen, "currency": "CNY"},
            payer={"auth_code": payment_code}, scene_info=self._scene.info(),
            pay_type=WeChatPayType.CODEPAY))
        if isinstance(reply, ProviderAnswer):
            return reply
        status, body = reply
        if status == 200:
            return _trade(body, order_no, amount.fen)
        if status == 202:
            return ProviderAnswer(UNKNOWN, detail="USERPAYING", waiting=True)
        # an unsigned 401 is not a definite refusal of a charge: the query decides
        return _refusal(status, body, refused_when_unsigned=False)

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        _only_wechat(channel)
        reply = self._send("query", order_no,
                           lambda: self._pay.query(out_trade_no=order_no))
        if isinstance(reply, ProviderAnswer):
            return reply
        status, body = reply
        if status == 200:
            return _trade(body, order_no)
        if status == 404 and body.get("code") == "ORDER_NOT_EXIST":
            return ProviderAnswer(DECLINED, detail="ORDER_NOT_EXIST: no such order")
        return _unknown(status, body)

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        _only_wechat(channel)
        reply = self._send("reverse", order_no,
                           lambda: self._pay.codepay_reverse(out_trade_no=order_no))
        if isinstance(reply, ProviderAnswer):
            return reply
        status, body = reply
        if status == 404 and body.get("code") == "ORDER_NOT_EXIST":
            return ProviderAnswer(CONFIRMED, detail="ORDER_NOT_EXIST: nothing to reverse")
        if status not in (200, 204):
            return _refusal(status, body, refused_when_unsigned=False)
        after = self.query(channel=channel, order_no=order_no)  # believe only the order itself
        if after.state is DECLINED:  # REVOKED, CLOSED, PAYERROR or no such order: it is over
            return ProviderAnswer(CONFIRMED, after.provider_ref, f"reversed ({after.detail})")
        return ProviderAnswer(UNKNOWN, after.provider_ref,
                              f"reverse sent, order still {after.detail or after.state}",
                              waiting=after.waiting)

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        _only_wechat(channel)
        total = self._total(order_no)
        if isinstance(total, ProviderAnswer):
            return total
        log.info("WeChat Pay refund %s of %s fen on %s", refund_no, amount.fen, order_no)
        reply = self._send("refund", refund_no, lambda: self._pay.refund(
            out_refund_no=refund_no, out_trade_no=order_no,
            amount={"refund": amount.fen, "total": total, "currency": "CNY"}))
        if isinstance(reply, ProviderAnswer):
            return reply
        status, body = reply
        if status == 200:
            return _refund(body)
        return _refusal(status, body, refused_when_unsigned=True)

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        _only_wechat(channel)
        reply = self._send("refund query", refund_no,
                           lambda: self._pay.query_refund(out_refund_no=refund_no))
        if isinstance(reply, ProviderAnswer):
            return reply
        status, body = reply
        if status == 200:
            return _refund(body)
        if status == 404 and body.get("code") == "RESOURCE_NOT_EXISTS":
            return ProviderAnswer(DECLINED, detail="RESOURCE_NOT_EXISTS: no such refund")
        return _unknown(status, body)

    def _total(self, order_no: str) -> int | ProviderAnswer:
        reply = self._send("query", order_no, lambda: self._pay.query(out_trade_no=order_no))
        if isinstance(reply, ProviderAnswer):
            return reply
        status, body = reply
        order = _trade(body, order_no) if status == 200 else None
        total = (body.get("amount") or {}).get("total")
        if order is None or order.state is not CONFIRMED or not isinstance(total, int):
            state = body.get("trade_state") or body.get("code") or f"HTTP {status}"
            return ProviderAnswer(DECLINED if status in (200, 404) else UNKNOWN,
                                  detail=f"nothing to refund: the order is {state}")
        return total

    def _send(self, what: str, key: str, call: Callable[[], tuple[int, Any]]) -> Reply | \
            ProviderAnswer:
        try:
            status, text = call()
        except Unverified as problem:
            log.warning("WeChat Pay %s %s: answer not trusted: %s", what, key, problem)
            return ProviderAnswer(UNKNOWN, detail=f"answer not trusted: {problem}")
        except requests.RequestException as problem:
            log.warning("WeChat Pay %s %s: no answer: %s", what, key, type(problem).__name__)
            return ProviderAnswer(UNKNOWN, detail=f"no answer: {type(problem).__name__}")
        body = answer_json(text)
        log.info("WeChat Pay %s %s: HTTP %s %s", what, key, status,
                 body.get("trade_state") or body.get("status") or body.get("code") or "")
        return status, body


def _only_wechat(channel: Channel) -> None:
    if channel is not Channel.WECHAT:
        raise ValueError(f"the WeChat Pay plug-in does not take {channel.value} payments")


def _trade(body: dict[str, Any], order_no: str, total: int | None = None) -> ProviderAnswer:
    """An order as WeChat Pay shows it; a success is believed only for our order number and,
    for a charge, the amount we asked (else UNKNOWN: the query decides)."""
    state = str(body.get("trade_state", ""))
    found = _TRADE.get(state, UNKNOWN)
    ref = body.get("transaction_id") if found is CONFIRMED else None
    if found is CONFIRMED and not ref:
        return ProviderAnswer(UNKNOWN, detail=f"{state} without a transaction id")
    if found is CONFIRMED and body.get("out_trade_no") != order_no:
        return ProviderAnswer(UNKNOWN, detail=f"{state} for order {body.get('out_trade_no')!r},"
                                              f" not {order_no}")
    paid = (body.get("amount") or {}).get("total")
    if found is CONFIRMED and total is not None and paid != total:
        return ProviderAnswer(UNKNOWN, detail=f"{state} of {paid!r} fen, not the {total} asked")
    detail = " ".join(filter(None, (state, str(body.get("trade_state_desc") or ""))))
    return ProviderAnswer(found, ref, detail, waiting=state == "USERPAYING",
                          reverse=state == "PAYERROR")


def _refund(body: dict[str, Any]) -> ProviderAnswer:
    status = str(body.get("status", ""))
    detail = status if status != "ABNORMAL" else "ABNORMAL: settle it in the merchant platform"
    return ProviderAnswer(_REFUND.get(status, UNKNOWN), body.get("refund_id") or None, detail)


def _refusal(status: int, body: dict[str, Any], *, refused_when_unsigned: bool) -> ProviderAnswer:
    """A non-2xx answer to a charge, reverse or refund (verified, or the unsigned 401)."""
    code = str(body.get("code", ""))
    if status == 401:
        state = DECLINED if refused_when_unsigned else UNKNOWN
        return ProviderAnswer(state, detail=f"{code or 'HTTP 401'}: WeChat Pay refused the "
                                            "merchant's signature; check the merchant keys")
    if status >= 500 or status == 429 or code in RETRYABLE or not 400 <= status < 500:
        return _unknown(status, body)
    return ProviderAnswer(DECLINED, detail=f"{code}: {body.get('message', '')}".strip())


def _unknown(status: int, body: dict[str, Any]) -> ProviderAnswer:
    code = str(body.get("code") or f"HTTP {status}")
    return ProviderAnswer(UNKNOWN, detail=f"{code}: {body.get('message', '')}".strip(),
                          waiting=code == "USERPAYING")
