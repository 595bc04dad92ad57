"""The simulator's Alipay order book: what ``alipay.trade.pay``, ``.query``, ``.cancel``,
``.refund`` and ``.fastpay.refund.query`` do to the orders, kept in a JSON file so a later
process can ask what happened.

How an order behaves is chosen by the payment code's last four digits, as sandboxes do, or by
a script a test set for the order number or the code (``BEHAVIOURS``):

* ``0000`` declined — 40004 ``ACQ.BUYER_BALANCE_NOT_ENOUGH``;
* ``1111`` paying — 10003 (the customer is entering the PIN), ``WAIT_BUYER_PAY`` for
  ``paying_queries`` queries, then paid;
* ``2222`` error — 20000 on the pay, but the payment went through (the query says so);
* ``9999`` lost — paid, and the answer is lost on the way back;
* ``8888`` forever — 10003, then ``WAIT_BUYER_PAY`` until the order is cancelled;
* ``7777`` cancel_refused — 10003; the first cancel is refused (``retry_flag=Y``), the next one
  closes it;
* anything else: paid at once.

A payment code is single-use; a cancelled (closed) order is never paid again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

BEHAVIOURS = ("paid", "declined", "paying", "error", "lost", "forever", "cancel_refused")
_BY_ENDING = {"0000": "declined", "1111": "paying", "2222": "error", "9999": "lost",
              "8888": "forever", "7777": "cancel_refused"}
WAITING, SUCCESS, CLOSED = "WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_CLOSED"
Body = dict[str, Any]


def ok(**fields: Any) -> Body:
    return {"code": "10000", "msg": "Success", **fields}


def failed(sub_code: str, sub_msg: str, **fields: Any) -> Body:
    return {"code": "40004", "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg,
            **fields}


class AlipayOrders:
    def __init__(self, path: Path, now: Callable[[], datetime], *, paying_queries: int = 2
                 ) -> None:
        self._path = path
        self._now = now  # Beijing time, naive, to the second
        self.paying_queries = paying_queries
        self.scripts: dict[str, str] = {}
        self._lock = threading.Lock()

    def behaviour(self, order_no: str, code: str) -> str:
        return (self.scripts.get(order_no) or self.scripts.get(code)
                or _BY_ENDING.get(code[-4:], "paid"))

    def pay(self, biz: Body, seller_id: str) -> tuple[Body, bool]:
        """The answer, and whether it is lost on the way back."""
        order_no, code = str(biz.get("out_trade_no", "")), str(biz.get("auth_code", ""))
        if not order_no or not code or biz.get("scene") != "bar_code":
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.missing-params",
                    "sub_msg": "缺少必选参数"}, False
        with self._book() as book:
            orders, codes = book["orders"], book["codes"]
            if order_no in orders:  # the same order again
                return self._again(orders[order_no], order_no), False
            digest = hashlib.sha256(code.encode()).hexdigest()
            if digest in codes:
                return failed("ACQ.PAYMENT_AUTH_CODE_INVALID",
                              "支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款"), False
            codes[digest] = order_no
            behaviour = self.behaviour(order_no, code)
            now = self._stamp()
            order = {"trade_no": _trade_no(order_no, now), "amount": str(biz["total_amount"]),
                     "subject": str(biz.get("subject", "")), "store_id": biz.get("store_id", ""),
                     "terminal_id": biz.get("terminal_id", ""), "created": now, "paid": None,
                     "status": WAITING, "behaviour": behaviour, "queries": 0, "cancels": 0,
                     "refunds": {}, "seller_id": seller_id}
            orders[order_no] = order
            if behaviour == "declined":
                order["status"] = CLOSED
                return failed("ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足",
                              out_trade_no=order_no), False
            if behaviour in ("paid", "error", "lost"):
                order.update(status=SUCCESS, paid=now)
            if behaviour == "error":
                return {"code": "20000", "msg": "Service Currently Unavailable",
                        "sub_code": "isp.unknow-error", "sub_msg": "系统繁忙"}, False
            return self._paid_or_waiting(order, order_no), behaviour == "lost"

    def query(self, biz: Body) -> Body:
        order_no = str(biz.get("out_trade_no", ""))
        with self._book() as book:
            order = book["orders"].get(order_no)
            if order is None:
                return failed("ACQ.TRADE_NOT_EXIST", "交易不存在", out_trade_no=order_no)
            if order["status"] == WAITING and order["behaviour"] != "forever" and \
                    order["behaviour"] != "cancel_refused":
                order["queries"] += 1
                if order["queries"] > self.paying_queries:
                    order.update(status=SUCCESS, paid=self._stamp())
            return ok(**_trade(order, order_no), trade_status=order["status"],
                      **({"send_pay_date": order["paid"]} if order["paid"] else {}))

    def cancel(self, biz: Body) -> Body:
        order_no = str(biz.get("out_trade_no", ""))
        with self._book() as book:
            order = book["orders"].get(order_no)
            if order is None:
                return failed("ACQ.TRADE_NOT_EXIST", "交易不存在", out_trade_no=order_no,
                              retry_flag="N")
            order["cancels"] += 1
            ids = {"trade_no": order["trade_no"], "out_trade_no": order_no}
            if order["behaviour"] == "cancel_refused" and order["cancels"] == 1:
                return ok(**ids, retry_flag="Y")  # the customer is still paying
            if order["status"] == SUCCESS:
                paid = Decimal(order["amount"]) - _refunded(order)
                if paid > 0:
                    order["refunds"][""] = {"amount": str(paid), "at": self._stamp()}
                order["status"] = CLOSED
                return ok(**ids, retry_flag="N", action="refund",
                          gmt_refund_pay=self._stamp())
            order["status"] = CLOSED
            return ok(**ids, retry_flag="N", action="close")

    def refund(self, biz: Body) -> Body:
        order_no, request_no = str(biz.get("out_trade_no", "")), str(biz.get("out_request_no",
                                                                            ""))
        amount = Decimal(str(biz.get("refund_amount", "0")))
        with self._book() as book:
            order = book["orders"].get(order_no)
            if order is None:
                return failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
            ids = {"trade_no": order["trade_no"], "out_trade_no": order_no,
                   "buyer_logon_id": "138****0000"}
            if request_no in order["refunds"]:  # the same refund again: nothing more moves
                return ok(**ids, fund_change="N", refund_fee=str(_refunded(order)))
            if order["status"] != SUCCESS:
                return failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            if amount <= 0 or _refunded(order) + amount > Decimal(order["amount"]):
                return failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
            order["refunds"][request_no] = {"amount": str(amount), "at": self._stamp()}
            if _refunded(order) == Decimal(order["amount"]):
                order["status"] = CLOSED
            return ok(**ids, fund_change="Y", refund_fee=str(_refunded(order)),
                      gmt_refund_pay=self._stamp())

    def refund_query(self, biz: Body) -> Body:
        order_no = str(biz.get("out_trade_no", ""))
        request_no = str(biz.get("out_request_no") or order_no)
        with self._book() as book:
            order = book["orders"].get(order_no)
            if order is None:
                return failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
            refund = order["refunds"].get(request_no)
            ids = {"trade_no": order["trade_no"], "out_trade_no": order_no}
            if refund is None:  # as Alipay answers an unknown refund: no refund fields
                return ok(**ids)
            return ok(**ids, out_request_no=request_no, refund_amount=refund["amount"],
                      total_amount=order["amount"], refund_status="REFUND_SUCCESS",
                      gmt_refund_pay=refund["at"])

    def orders(self) -> dict[str, Any]:
        with self._book() as book:
            return dict(book["orders"])

    def _again(self, order: Body, order_no: str) -> Body:
        if order["status"] == SUCCESS:
            return failed("ACQ.TRADE_HAS_SUCCESS", "交易已被支付", out_trade_no=order_no)
        if order["status"] == CLOSED:
            return failed("ACQ.TRADE_HAS_CLOSE", "交易已经关闭", out_trade_no=order_no)
        return self._paid_or_waiting(order, order_no)

    def _paid_or_waiting(self, order: Body, order_no: str) -> Body:
        trade = {**_trade(order, order_no), "buyer_user_id": "2088000000000002"}
        if order["status"] == SUCCESS:
            return ok(**trade, receipt_amount=order["amount"], buyer_pay_amount=order["amount"],
                      gmt_payment=order["paid"],
                      fund_bill_list=[{"fund_channel": "ALIPAYACCOUNT",
                                       "amount": order["amount"]}])
        return {"code": "10003", "msg": "Order success pay inprocess", **trade}

    def _stamp(self) -> str:
        return self._now().strftime("%Y-%m-%d %H:%M:%S")

    @contextmanager
    def _book(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            book = json.loads(self._path.read_text("utf-8")) if self._path.exists() else {
                "orders": {}, "codes": {}}
            yield book
            temporary = self._path.with_suffix(".tmp")
            temporary.write_text(json.dumps(book, ensure_ascii=False, indent=1), "utf-8")
            temporary.replace(self._path)


def _trade(order: Body, order_no: str) -> Body:
    return {"trade_no": order["trade_no"], "out_trade_no": order_no,
            "buyer_logon_id": "138****0000", "total_amount": order["amount"]}


def _refunded(order: Body) -> Decimal:
    return sum((Decimal(r["amount"]) for r in order["refunds"].values()), Decimal(0))


def _trade_no(order_no: str, stamp: str) -> str:
    digits = str(int(hashlib.sha256(order_no.encode()).hexdigest(), 16))[:18]
    return f"{stamp[:10].replace('-', '')}22{digits}"  # 28 digits, as Alipay's
