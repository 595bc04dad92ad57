"""The simulator's Alipay trade bill (账单, ``bill_type=trade``) as Alipay hands it out: a
``csv.zip`` holding ``<account>_<yyyymmdd>_业务明细.csv`` (the detail, one row per sale and per
refund, ``#`` lines above and below) and ``…_业务明细(汇总).csv`` (the summary by store), both
GBK with CRLF, the member names GBK too (no UTF-8 flag), as Alipay's own zips carry them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

DETAIL_HEADER = ("支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,"
                 "操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,"
                 "支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,"
                 "卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注")
SUMMARY_HEADER = ("门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,"
                  "支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）")
FEE_RATE = Decimal("0.002")  # what the sample bills charge: 0.2 %, to the fen, half up
CENT = Decimal("0.01")
RULE = "-" * 41


@dataclass(frozen=True)
class BillLine:
    trade_no: str
    order_no: str
    kind: str  # 交易 / 退款
    subject: str
    created: datetime
    done: datetime
    store_id: str
    terminal_id: str
    amount: Decimal  # yuan; negative for a refund
    refund_no: str = ""

    @property
    def fee(self) -> Decimal:
        return -(self.amount * FEE_RATE).quantize(CENT, ROUND_HALF_UP)


def lines_of(orders: Mapping[str, Mapping[str, Any]], day: date) -> list[BillLine]:
    """The day's sales (paid that day) and refunds (refunded that day), in time order."""
    found: list[BillLine] = []
    for order_no, order in orders.items():
        created = datetime.fromisoformat(order["created"])
        common = {"trade_no": order["trade_no"], "order_no": order_no,
                  "subject": order["subject"], "created": created,
                  "store_id": order.get("store_id", ""),
                  "terminal_id": order.get("terminal_id", "")}
        if order.get("paid"):
            paid = datetime.fromisoformat(order["paid"])
            if paid.date() == day:
                found.append(BillLine(kind="交易", done=paid, amount=Decimal(order["amount"]),
                                      **common))
        for refund_no, refund in order.get("refunds", {}).items():
            at = datetime.fromisoformat(refund["at"])
            if at.date() == day:
                found.append(BillLine(kind="退款", done=at, amount=-Decimal(refund["amount"]),
                                      refund_no=refund_no, **common))
    return sorted(found, key=lambda line: (line.done, line.order_no))


def bill_zip(account: str, day: date, lines: Sequence[BillLine], made: datetime, *,
             tamper: str | None = None) -> bytes:
    """The zip; ``tamper``: ``"tampered"`` changes one sale's amount in the detail after its
    totals were written, ``"retotalled"`` its totals line as well (the summary still tells)."""
    stem = f"{account}_{day:%Y%m%d}"
    detail = _detail(account, day, lines, made)
    trades = [line for line in lines if line.kind == "交易"]
    if tamper and trades:
        first = f"{trades[0].amount:.2f}"
        detail = detail.replace(f",{first},{first},", f",{first},{Decimal(first) + 1:.2f},", 1)
        if tamper == "retotalled":
            total = _total(trades)
            detail = detail.replace(f"商家实收共{total:.2f}元", f"商家实收共{total + 1:.2f}元")
    members = {f"{stem}_业务明细.csv": detail, f"{stem}_业务明细(汇总).csv":
               _summary(account, day, lines, made)}
    buffer = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, text) in enumerate(members.items()):
            encoded = name.encode("gbk")
            # zipfile writes non-ASCII names as UTF-8 (flag 0x800); Alipay's are GBK without
            # the flag: write an ASCII stand-in of the same length, then put the GBK bytes in
            stand_in = f"{number}".ljust(len(encoded), "x").encode("ascii")
            placeholders[stand_in] = encoded
            archive.writestr(zipfile.ZipInfo(stand_in.decode("ascii"),
                                             date_time=made.timetuple()[:6]),
                             text.replace("\n", "\r\n").encode("gbk"), zipfile.ZIP_DEFLATED)
    data = buffer.getvalue()
    for stand_in, encoded in placeholders.items():
        data = data.replace(stand_in, encoded)
    return data


def _period(account: str, day: date, title: str) -> list[str]:
    end = day + timedelta(days=1)
    return [f"#支付宝{title}查询", f"#账号：[{account}]",
            f"#起始日期：[{day:%Y年%m月%d日} 00:00:00]   终止日期：[{end:%Y年%m月%d日} 00:00:00]"]


def _detail(account: str, day: date, lines: Sequence[BillLine], made: datetime) -> str:
    rows = [*_period(account, day, "业务明细"), f"#{RULE}业务明细列表{RULE}", DETAIL_HEADER]
    for line in lines:
        money = f"{line.amount:.2f}"
        rows.append(",".join((
            f"{line.trade_no}\t", f"{line.order_no}\t", f"{line.kind}\t", line.subject,
            f"{line.created:%Y-%m-%d %H:%M:%S}", f"{line.done:%Y-%m-%d %H:%M:%S}",
            f"{line.store_id}\t", "\t", "\t", f"{line.terminal_id}\t", "*明(138****0000)\t",
            money, money, "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00\t", "0.00",
            f"{line.refund_no}\t", f"{line.fee:.2f}", "0.00", "")))
    trades = [line for line in lines if line.kind == "交易"]
    refunds = [line for line in lines if line.kind == "退款"]
    rows += [f"#{RULE}业务明细列表结束{RULE}",
             f"#交易合计：{len(trades)}笔，商家实收共{_total(trades):.2f}元，商家优惠共0.00元",
             f"#退款合计：{len(refunds)}笔，商家实收退款共{_total(refunds):.2f}元，"
             f"商家优惠退款共0.00元",
             f"#导出时间：[{made:%Y年%m月%d日 %H:%M:%S}]"]
    return "\n".join(rows) + "\n"


def _summary(account: str, day: date, lines: Sequence[BillLine], made: datetime) -> str:
    rows = [*_period(account, day, "业务汇总"), f"#{RULE}业务汇总列表{RULE}", SUMMARY_HEADER]
    stores = sorted({line.store_id for line in lines})
    for store, name in [*((s, "") for s in stores), ("合计", "")]:
        mine = [line for line in lines if store in ("合计", line.store_id)]
        total, fee = _total(mine), sum((line.fee for line in mine), Decimal(0))
        rows.append(",".join((
            f"{store}\t", name, str(sum(1 for line in mine if line.kind == "交易")),
            str(sum(1 for line in mine if line.kind == "退款")), f"{total:.2f}", f"{total:.2f}",
            "0.00", "0.00", "0.00", f"{fee:.2f}", "0.00", f"{total + fee:.2f}")))
    rows += [f"#{RULE}业务汇总列表结束{RULE}", f"#导出时间：[{made:%Y年%m月%d日 %H:%M:%S}]"]
    return "\n".join(rows) + "\n"


def _total(lines: Sequence[BillLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))
