"""The simulated WeChat Pay's trade bill (交易账单, type ALL) of one day, built from its own
orders in the layout the real bill has (docs/payments.md "WeChat Pay"): a header row, one row
per payment, reverse and refund with every cell behind a backtick, then the summary header
and its values row; amounts in yuan; UTF-8 with a byte-order mark."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

HEADER = ("交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号",
          "用户标识", "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额",
          "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额",
          "退款类型", "退款状态", "商品名称", "商户数据包", "手续费", "费率", "订单金额",
          "申请退款金额", "费率备注")
SUMMARY = ("总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额",
           "订单总金额", "申请退款总金额")
RATE = Decimal("0.002")  # 0.20%, the rate the simulated merchant pays
_FEN = Decimal("0.01")


def trade_bill(orders: Iterable[dict[str, Any]], day: date, *, appid: str, mchid: str) -> bytes:
    rows: list[tuple[datetime, list[str]]] = []
    for order in orders:
        base = _Base(order, appid, mchid)
        paid = _moment(order["success_time"])
        if paid is not None and paid.date() == day:
            rows.append((paid, base.row(paid, "SUCCESS", order["amount"], 0, None)))
        reversed_at = _moment(order.get("reversed_at"))
        if paid is not None and reversed_at is not None and reversed_at.date() == day:
            rows.append((reversed_at, base.row(reversed_at, "REVOKED", 0, 0, None)))
        for refund in order["refunds"].values():
            done = _moment(refund["success_time"])
            if done is not None and done.date() == day:
                rows.append((done, base.row(done, "REFUND", 0, refund["amount"], refund)))
    rows.sort(key=lambda item: item[0])
    details = [cells for _, cells in rows]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([["`" + cell for cell in cells] for cells in details])
    writer.writerow(SUMMARY)
    writer.writerow(["`" + cell for cell in _summary(details)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class _Base:
    def __init__(self, order: dict[str, Any], appid: str, mchid: str) -> None:
        self.order, self.appid, self.mchid = order, appid, mchid

    def row(self, at: datetime, status: str, settled_fen: int, refund_fen: int,
            refund: dict[str, Any] | None) -> list[str]:
        order = self.order
        fee = _fee(settled_fen) - _fee(refund_fen)
        return [at.strftime("%Y-%m-%d %H:%M:%S"), self.appid, self.mchid, "0",
                order["device_id"], order["transaction_id"], order["out_trade_no"],
                order["openid"], "MICROPAY", status, "OTHERS", "CNY", _yuan(settled_fen),
                "0.00", refund["refund_id"] if refund else "0",
                refund["refund_no"] if refund else "0", _yuan(refund_fen), "0.00",
                "ORIGINAL" if refund else "", refund["status"] if refund else "",
                order["description"], order["attach"], f"{fee:.5f}", "0.20%",
                _yuan(order["amount"] if status != "REFUND" else 0), _yuan(refund_fen), ""]


def _summary(details: Sequence[list[str]]) -> list[str]:
    def total(column: str, places: str = "0.01") -> str:
        index = HEADER.index(column)
        return str(sum((Decimal(cells[index]) for cells in details), Decimal(0))
                   .quantize(Decimal(places)))
    return [str(len(details)), total("应结订单金额"), total("退款金额"), total("充值券退款金额"),
            total("手续费", "0.00001"), total("订单金额"), total("申请退款金额")]


def _fee(fen: int) -> Decimal:
    return (Decimal(fen) / 100 * RATE).quantize(_FEN, ROUND_HALF_UP)


def _yuan(fen: int) -> str:
    return str((Decimal(fen) / 100).quantize(_FEN))


def _moment(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text)
