"""Alipay face-to-face barcode payment (当面付条码支付) behind the payment port: the answers of
``alipay.trade.pay``, ``.query``, ``.cancel``, ``.refund`` and ``.fastpay.refund.query`` read
into CONFIRMED / DECLINED / UNKNOWN (docs/payments.md "Alipay").

The rules that keep money safe: only ``code == "10000"`` is success — never the SDK's
``is_success()``, which is true for 10003 (the customer is still entering the PIN); an answer
that did not come, or whose signature is not Alipay's, is UNKNOWN, never CONFIRMED; a success
must name our order number and, for a payment, the amount we asked.  Payment codes reach the
log only as their last four digits."""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from alipay.aop.api.domain.AlipayTradeCancelModel import AlipayTradeCancelModel
from alipay.aop.api.domain.AlipayTradeFastpayRefundQueryModel import (
    AlipayTradeFastpayRefundQueryModel,
)
from alipay.aop.api.domain.AlipayTradePayModel import AlipayTradePayModel
from alipay.aop.api.domain.AlipayTradeQueryModel import AlipayTradeQueryModel
from alipay.aop.api.domain.AlipayTradeRefundModel import AlipayTradeRefundModel
from alipay.aop.api.request.AlipayTradeCancelRequest import AlipayTradeCancelRequest
from alipay.aop.api.request.AlipayTradeFastpayRefundQueryRequest import (
    AlipayTradeFastpayRefundQueryRequest,
)
from alipay.aop.api.request.AlipayTradePayRequest import AlipayTradePayRequest
from alipay.aop.api.request.AlipayTradeQueryRequest import AlipayTradeQueryRequest
from alipay.aop.api.request.AlipayTradeRefundRequest import AlipayTradeRefundRequest
from alipay.aop.api.response.AlipayTradeCancelResponse import AlipayTradeCancelResponse
from alipay.aop.api.response.AlipayTradeFastpayRefundQueryResponse import (
    AlipayTradeFastpayRefundQueryResponse,
)
from alipay.aop.api.response.AlipayTradePayResponse import AlipayTradePayResponse
from alipay.aop.api.response.AlipayTradeQueryResponse import AlipayTradeQueryResponse
from alipay.aop.api.response.AlipayTradeRefundResponse import AlipayTradeRefundResponse

from pos.adapters.alipay_pay.gateway import Gateway, NoAnswer
from pos.domain.quantities import Money
from pos.domain.sale.payment_codes import masked
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState

log = logging.getLogger(__name__)

SUCCESS, PAYING, UNKNOWN_ERROR, BUSINESS_FAILED = "10000", "10003", "20000", "40004"
PAID_STATES = ("TRADE_SUCCESS", "TRADE_FINISHED")
RETRY_SUB_CODES = ("ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR")
SUBJECT = "燃气费"  # what the customer's Alipay shows as the purchase


def yuan(amount: Money) -> str:
    """Alipay's amounts: yuan with two decimals, from our fen."""
    return f"{amount.fen // 100}.{amount.fen % 100:02d}"


def _unknown(detail: str, *, waiting: bool = False) -> ProviderAnswer:
    return ProviderAnswer(PaymentState.UNKNOWN, detail=detail, waiting=waiting)


def _declined(detail: str) -> ProviderAnswer:
    return ProviderAnswer(PaymentState.DECLINED, detail=detail)


def _amount(text: object) -> Decimal | None:
    """An answer's amount (None when it states none; never equal to ours when unreadable)."""
    if text is None:
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return Decimal(-1)


def _said(answer: Any) -> str:
    """What Alipay said, for the clerk and the log: its sub_msg, else msg."""
    return str(answer.sub_msg or answer.msg or answer.code or "")


class AlipayProvider:
    def __init__(self, gateway: Gateway, *, store_id: str = "", terminal_id: str = "",
                 subject: str = SUBJECT) -> None:
        self._gateway = gateway
        self._store_id = store_id
        self._terminal_id = terminal_id
        self._subject = subject

    def ready(self, *, channel: Channel) -> None:
        """Built with its merchant: ready."""

    def charge(self, *, channel: Channel, order_no: str, amount: Money,  # noqa: PLR0911
               payment_code: str) -> ProviderAnswer:  # one return per kind of Alipay answer
        model = AlipayTradePayModel()
        model.out_trade_no = order_no
        model.scene = "bar_code"
        model.auth_code = payment_code
        model.subject = self._subject
        model.total_amount = yuan(amount)
        if self._store_id:
            model.store_id = self._store_id
        if self._terminal_id:
            model.terminal_id = self._terminal_id
        answer = self._call(AlipayTradePayRequest(biz_model=model), AlipayTradePayResponse(),
                            order_no, f"code {masked(payment_code)}, {yuan(amount)} yuan")
        if answer is None:
            return _unknown("no trustworthy answer")
        if answer.code == SUCCESS:
            if answer.out_trade_no != order_no or not answer.trade_no or \
                    _amount(answer.total_amount) not in (None, Decimal(yuan(amount))):
                log.error("alipay.trade.pay %s: a success for another order or amount (%s, %s)",
                          order_no, answer.out_trade_no, answer.total_amount)
                return _unknown("the answer does not match the order")
            return ProviderAnswer(PaymentState.CONFIRMED, str(answer.trade_no))
        if answer.code == PAYING:  # is_success() says yes here: it is not
            return _unknown("the customer is confirming the payment", waiting=True)
        if answer.code == BUSINESS_FAILED and answer.sub_code == "ACQ.TRADE_HAS_SUCCESS":
            return self.query(channel=channel, order_no=order_no)
        if answer.code == UNKNOWN_ERROR or answer.sub_code in RETRY_SUB_CODES:
            return _unknown(_said(answer))
        if answer.code == BUSINESS_FAILED or str(answer.code).startswith("4"):
            return _declined(_said(answer))  # refused before anything was taken
        return _unknown(_said(answer))

    def query(self, *, channel: Channel,  # noqa: PLR0911 - one return per Alipay answer
              order_no: str) -> ProviderAnswer:
        model = AlipayTradeQueryModel()
        model.out_trade_no = order_no
        answer = self._call(AlipayTradeQueryRequest(biz_model=model), AlipayTradeQueryResponse(),
                            order_no)
        if answer is None:
            return _unknown("no trustworthy answer")
        if answer.code == SUCCESS:
            if answer.out_trade_no != order_no:
                return _unknown("the answer does not match the order")
            if answer.trade_status in PAID_STATES and answer.trade_no:
                return ProviderAnswer(PaymentState.CONFIRMED, str(answer.trade_no))
            if answer.trade_status == "WAIT_BUYER_PAY":
                return _unknown("the customer is confirming the payment", waiting=True)
            if answer.trade_status == "TRADE_CLOSED":
                return _declined("closed")
            return _unknown(f"trade status {answer.trade_status}")
        if answer.code == BUSINESS_FAILED and answer.sub_code == "ACQ.TRADE_NOT_EXIST":
            return _declined("no such order")
        return _unknown(_said(answer))

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        model = AlipayTradeCancelModel()
        model.out_trade_no = order_no
        answer = self._call(AlipayTradeCancelRequest(biz_model=model),
                            AlipayTradeCancelResponse(), order_no)
        if answer is None:
            return _unknown("no trustworthy answer")
        if answer.retry_flag == "Y":  # e.g. the customer is still paying: query, then again
            return _unknown(_said(answer) if answer.code != SUCCESS else "cancel again")
        if answer.code == SUCCESS:
            return ProviderAnswer(PaymentState.CONFIRMED, answer.trade_no or None,
                                  detail=str(answer.action or "close"))
        if answer.code == BUSINESS_FAILED and answer.sub_code == "ACQ.TRADE_NOT_EXIST":
            return ProviderAnswer(PaymentState.CONFIRMED, detail="no such order")
        if answer.code == UNKNOWN_ERROR or answer.sub_code in RETRY_SUB_CODES:
            return _unknown(_said(answer))
        return _declined(_said(answer))

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        model = AlipayTradeRefundModel()
        model.out_trade_no = order_no
        model.out_request_no = refund_no
        model.refund_amount = yuan(amount)
        answer = self._call(AlipayTradeRefundRequest(biz_model=model),
                            AlipayTradeRefundResponse(), order_no, f"refund {refund_no}")
        if answer is None:
            return _unknown("no trustworthy answer")
        if answer.code == SUCCESS:
            if answer.fund_change == "Y" and answer.out_trade_no == order_no:
                return ProviderAnswer(PaymentState.CONFIRMED, refund_no)
            # "N": nothing moved this time — asked before, or still to come: ask where it stands
            return self.refund_query(channel=channel, order_no=order_no, refund_no=refund_no)
        if answer.code == UNKNOWN_ERROR or answer.sub_code in RETRY_SUB_CODES:
            return _unknown(_said(answer))
        return _declined(_said(answer))

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        model = AlipayTradeFastpayRefundQueryModel()
        model.out_trade_no = order_no
        model.out_request_no = refund_no
        answer = self._call(AlipayTradeFastpayRefundQueryRequest(biz_model=model),
                            AlipayTradeFastpayRefundQueryResponse(), order_no,
                            f"refund {refund_no}")
        if answer is None:
            return _unknown("no trustworthy answer")
        if answer.code == SUCCESS:
            if answer.refund_status == "REFUND_SUCCESS" and answer.out_request_no == refund_no:
                return ProviderAnswer(PaymentState.CONFIRMED, refund_no)
            # no status: Alipay has not (yet) done it; asking ``refund`` again with the same
            # refund number is safe, a new number is not
            return _unknown("the refund is not done yet")
        if answer.code == BUSINESS_FAILED and answer.sub_code == "ACQ.TRADE_NOT_EXIST":
            return _declined("no such order")
        return _unknown(_said(answer))

    def _call(self, request: Any, response: Any, order_no: str, about: str = "") -> Any:
        method = request.get_params()["method"]
        try:
            answer = self._gateway.call(request, response)
        except NoAnswer as error:
            log.warning("%s %s (%s): no trustworthy answer: %s", method, order_no, about, error)
            return None
        log.info("%s %s (%s): %s %s %s", method, order_no, about, answer.code,
                 answer.sub_code or "", getattr(answer, "trade_status", None) or "")
        return answer
