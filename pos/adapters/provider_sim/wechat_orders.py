"""The simulated WeChat Pay's order book: code-pay orders, their reverses and refunds, kept in a
JSON file so that a later process (or a later simulator) can still be asked about them.

Each operation takes the request's JSON and answers (HTTP status, JSON body) as WeChat Pay
APIv3 does (docs/payments.md "WeChat Pay").  What a payment code does is chosen by its last
four digits, as sandbox test codes are, or by a script a test set for the order or the code
(:class:`Act`).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

Answer = tuple[int, dict[str, Any]]
_ORDER_NO = re.compile(r"[0-9A-Za-z_\-*|]{6,32}")
_AUTH_CODE = re.compile(r"1[0-5]\d{16}")
FOREVER = -1


class Act(StrEnum):
    """What the simulated provider does with a payment (or a refund)."""

    PAID = "paid"  # paid at once
    DECLINED = "declined"  # 0000: not enough balance (403 NOTENOUGH)
    USERPAYING = "userpaying"  # 1111: 202 USERPAYING for ``times`` queries, then paid
    SYSTEM_ERROR = "system_error"  # 2222: 500 SYSTEM_ERROR, but the money was taken
    REVERSE_REFUSED = "reverse_refused"  # 7777: paying for ever; the first reverse refused
    NEVER_PAID = "never_paid"  # 8888: USERPAYING for ever
    LOST = "lost"  # 9999: paid, but the answer never arrives
    SLOW = "slow"  # paid, but the answer comes after ``delay`` seconds (a client timeout)
    REFUND_SLOW = "refund_slow"  # a refund PROCESSING for ``times`` queries, then SUCCESS
    REFUND_CLOSED = "refund_closed"  # a refund that fails (CLOSED)
    REFUND_ABNORMAL = "refund_abnormal"  # a refund stuck ABNORMAL


SUFFIXES = {"0000": Act.DECLINED, "1111": Act.USERPAYING, "2222": Act.SYSTEM_ERROR,
            "7777": Act.REVERSE_REFUSED, "8888": Act.NEVER_PAID, "9999": Act.LOST}


def error(status: int, code: str, message: str) -> Answer:
    return status, {"code": code, "message": message}


class OrderBook:
    def __init__(self, path: Path, *, mchid: str, appid: str,
                 clock: Callable[[], datetime]) -> None:
        self._path = path
        self._mchid, self._appid = mchid, appid
        self._clock = clock
        self._lock = threading.Lock()
        self._scripts: dict[str, tuple[Act, int]] = {}

    @property
    def path(self) -> Path:
        return self._path

    def script(self, key: str, act: Act, times: int = 2) -> None:
        self._scripts[key] = (act, times)

    def act(self, *keys: str) -> tuple[Act, int]:
        for key in keys:
            if key in self._scripts:
                return self._scripts[key]
        code = keys[-1] if keys else ""
        return SUFFIXES.get(code[-4:], Act.PAID), 2

    def pay(self, body: Mapping[str, Any]) -> tuple[Answer, Act]:
        """(the answer, what was done: LOST and SLOW change how the server sends it)."""
        problem = self._check_pay(body)
        if problem is not None:
            return problem, Act.PAID
        order_no, code = str(body["out_trade_no"]), str(body["payer"]["auth_code"])
        with self._book() as book:
            order = book["orders"].get(order_no)
            if order is not None:
                return self._repeat(order, code), Act.PAID
            if code in book["codes"]:
                return error(400, "INVALID_REQUEST", "每个二维码仅限使用一次，请刷新再试"), Act.PAID
            book["codes"].append(code)
            act, times = self.act(order_no, code)
            order = self._new_order(order_no, code, body, act, times)
            book["orders"][order_no] = order
            return self._first(order, act), act

    def _first(self, order: dict[str, Any], act: Act) -> Answer:
        if act is Act.DECLINED:
            return error(403, "NOTENOUGH", "用户余额不足，请更换支付方式")
        if act is Act.SYSTEM_ERROR:
            return error(500, "SYSTEM_ERROR", "系统繁忙，请稍后再试")
        if order["state"] == "USERPAYING":
            return 202, {"trade_state": "USERPAYING"}
        return 200, self._view(order)

    def query(self, order_no: str, mchid: str) -> Answer:
        if mchid != self._mchid:
            return error(400, "PARAM_ERROR", "mchid与请求的商户号不一致")
        with self._book() as book:
            order = book["orders"].get(order_no)
            if order is None:
                return error(404, "ORDER_NOT_EXIST", "订单不存在")
            if order["state"] == "USERPAYING":
                if order["paying_left"] == 0:
                    self._paid(order)
                elif order["paying_left"] > 0:
                    order["paying_left"] -= 1
            return 200, self._view(order)

    def reverse(self, order_no: str, body: Mapping[str, Any]) -> Answer:
        if body.get("mchid") != self._mchid or body.get("appid") != self._appid:
            return error(400, "PARAM_ERROR", "appid或mchid不正确")
        with self._book() as book:
            order = book["orders"].get(order_no)
            if order is None:
                return error(404, "ORDER_NOT_EXIST", "订单不存在")
            if order["state"] == "USERPAYING" and order["reverse_refusals"] > 0:
                order["reverse_refusals"] -= 1
                return error(403, "USERPAYING", "正在支付中不能发起撤销，请稍后再试")
            if order["state"] in ("SUCCESS", "USERPAYING", "NOTPAY", "PAYERROR"):
                order["state"] = "REVOKED"
                order["reversed_at"] = self._now()
            elif order["state"] == "REFUND":
                return error(403, "INVALID_REQUEST", "订单已发生退款，不能撤销")
            return 204, {}

    def refund(self, body: Mapping[str, Any]) -> Answer:
        refund_no, amount = str(body.get("out_refund_no", "")), body.get("amount") or {}
        with self._book() as book:
            order = book["orders"].get(str(body.get("out_trade_no", "")))
            if order is None:
                return error(404, "RESOURCE_NOT_EXISTS", "订单不存在")
            if refund_no in order["refunds"]:
                return 200, self._refund_view(order, order["refunds"][refund_no])
            if order["state"] not in ("SUCCESS", "REFUND"):
                return error(403, "INVALID_REQUEST", "订单未支付，不能退款")
            if amount.get("total") != order["amount"] or amount.get("currency") != "CNY":
                return error(400, "PARAM_ERROR", "订单金额与原订单不一致")
            given = sum(r["amount"] for r in order["refunds"].values()
                        if r["status"] != "CLOSED")
            wanted = amount.get("refund")
            if not isinstance(wanted, int) or wanted <= 0 or given + wanted > order["amount"]:
                return error(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额")
            act, times = self.act(refund_no)
            refund = {"refund_no": refund_no, "refund_id": _id("50300", refund_no, 22),
                      "amount": wanted, "status": "PROCESSING", "created": self._now(),
                      "success_time": None,
                      "polls_left": times if act is Act.REFUND_SLOW else 0,
                      "ends": {Act.REFUND_CLOSED: "CLOSED",
                               Act.REFUND_ABNORMAL: "ABNORMAL"}.get(act, "SUCCESS")}
            order["refunds"][refund_no] = refund
            return 200, self._refund_view(order, refund)

    def refund_query(self, refund_no: str) -> Answer:
        with self._book() as book:
            for order in book["orders"].values():
                refund = order["refunds"].get(refund_no)
                if refund is None:
                    continue
                if refund["status"] == "PROCESSING":
                    if refund["polls_left"] > 0:
                        refund["polls_left"] -= 1
                    else:
                        refund["status"] = refund["ends"]
                        if refund["status"] == "SUCCESS":
                            refund["success_time"] = self._now()
                            order["state"] = "REFUND"
                return 200, self._refund_view(order, refund)
            return error(404, "RESOURCE_NOT_EXISTS", "退款单不存在")

    def orders(self) -> list[dict[str, Any]]:
        with self._book() as book:
            return list(book["orders"].values())

    # -- inside --

    def _check_pay(self, body: Mapping[str, Any]) -> Answer | None:
        payer, amount = body.get("payer") or {}, body.get("amount") or {}
        scene = body.get("scene_info") or {}
        if body.get("mchid") != self._mchid or body.get("appid") != self._appid:
            return error(400, "PARAM_ERROR", "appid和mchid不匹配")
        if not _ORDER_NO.fullmatch(str(body.get("out_trade_no", ""))):
            return error(400, "PARAM_ERROR", "商户订单号格式不正确")
        if not body.get("description") or not scene.get("device_ip"):
            return error(400, "PARAM_ERROR", "缺少参数description或scene_info")
        total = amount.get("total")
        if not isinstance(total, int) or total <= 0 or amount.get("currency") != "CNY":
            return error(400, "PARAM_ERROR", "订单金额不正确")
        if not _AUTH_CODE.fullmatch(str(payer.get("auth_code", ""))):
            return error(400, "PARAM_ERROR", "付款码无效，请重新扫码")
        return None

    def _repeat(self, order: dict[str, Any], code: str) -> Answer:
        if order["auth_code"] != code:
            return error(400, "INVALID_REQUEST", "商户订单号重复")
        if order["state"] in ("REVOKED", "CLOSED"):
            return error(400, "INVALID_REQUEST", "订单已撤销")
        if order["state"] == "USERPAYING":
            return 202, {"trade_state": "USERPAYING"}
        if order["state"] == "PAYERROR":
            return error(403, "NOTENOUGH", "用户余额不足，请更换支付方式")
        return 200, self._view(order)

    def _new_order(self, order_no: str, code: str, body: Mapping[str, Any], act: Act,
                   times: int) -> dict[str, Any]:
        paying = {Act.USERPAYING: times, Act.NEVER_PAID: FOREVER,
                  Act.REVERSE_REFUSED: FOREVER}.get(act)
        order: dict[str, Any] = {
            "out_trade_no": order_no, "transaction_id": _id("42000025", order_no, 28),
            "auth_code": code, "amount": body["amount"]["total"],
            "description": str(body["description"]), "attach": str(body.get("attach", "")),
            "device_id": str(body["scene_info"].get("device_id", "")),
            "openid": "oSim" + hashlib.sha256(code.encode()).hexdigest()[:24],
            "created": self._now(), "success_time": None, "reversed_at": None,
            "state": "USERPAYING" if paying is not None else "PAYERROR",
            "paying_left": paying if paying is not None else 0,
            "reverse_refusals": 1 if act is Act.REVERSE_REFUSED else 0, "refunds": {}}
        if act not in (Act.DECLINED, Act.USERPAYING, Act.NEVER_PAID, Act.REVERSE_REFUSED):
            self._paid(order)
        return order

    def _paid(self, order: dict[str, Any]) -> None:
        order["state"], order["success_time"] = "SUCCESS", self._now()

    def _view(self, order: dict[str, Any]) -> dict[str, Any]:
        view: dict[str, Any] = {
            "appid": self._appid, "mchid": self._mchid, "out_trade_no": order["out_trade_no"],
            "trade_type": "MICROPAY", "trade_state": order["state"],
            "trade_state_desc": _DESCRIPTIONS[order["state"]],
            "amount": {"total": order["amount"], "currency": "CNY"}}
        if order["success_time"] is not None:
            view.update(transaction_id=order["transaction_id"], bank_type="OTHERS",
                        success_time=order["success_time"], payer={"openid": order["openid"]})
            view["amount"].update(payer_total=order["amount"], payer_currency="CNY")
        return view

    def _refund_view(self, order: dict[str, Any], refund: dict[str, Any]) -> dict[str, Any]:
        view = {"refund_id": refund["refund_id"], "out_refund_no": refund["refund_no"],
                "transaction_id": order["transaction_id"], "out_trade_no": order["out_trade_no"],
                "channel": "ORIGINAL", "user_received_account": "支付用户零钱",
                "create_time": refund["created"], "status": refund["status"],
                "amount": {"total": order["amount"], "refund": refund["amount"],
                           "payer_total": order["amount"], "payer_refund": refund["amount"],
                           "currency": "CNY"}}
        if refund["success_time"] is not None:
            view["success_time"] = refund["success_time"]
        return view

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    @contextmanager
    def _book(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            book = (json.loads(self._path.read_text("utf-8")) if self._path.exists()
                    else {"orders": {}, "codes": []})
            yield book
            temporary = self._path.with_suffix(".tmp")
            temporary.write_text(json.dumps(book, ensure_ascii=False, indent=1), "utf-8")
            temporary.replace(self._path)


_DESCRIPTIONS = {"SUCCESS": "支付成功", "USERPAYING": "用户支付中，需要输入密码",
                 "PAYERROR": "支付失败，请撤销订单", "REVOKED": "已撤销", "CLOSED": "已关闭",
                 "NOTPAY": "未支付", "REFUND": "转入退款"}


def _id(prefix: str, seed: str, length: int) -> str:
    digits = str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))
    return (prefix + digits)[:length]
