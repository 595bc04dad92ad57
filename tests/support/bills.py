"""A BillSource that obeys the port's contract with real-format files: the sample month's
WeChat trade bill and Alipay business detail (tests/data/statements) cut into one bill per
day, each with its own summary recomputed as the providers state it — what a live plug-in
hands over after checking the provider's hash."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.sale.record import Channel

DATA = Path(__file__).parent.parent / "data" / "statements"
WECHAT_FILE = DATA / "wechat_trade_bill_202503.csv"
ALIPAY_FILE = DATA / "alipay_business_detail_202503.csv"
# the WeChat summary: (its column, the detail column it sums, decimals); None: the row count
_WECHAT_SUMS = (("总交易单数", None, 0), ("应结订单总金额", 12, 2), ("退款总金额", 16, 2),
                ("充值券退款总金额", 17, 2), ("手续费总金额", 22, 5), ("订单总金额", 24, 2),
                ("申请退款总金额", 25, 2))


class SampleBills:
    """One bill per day of March 2025 for each channel (``missing``: days it has none)."""

    def __init__(self, *, missing: frozenset[date] = frozenset()) -> None:
        self.missing = set(missing)
        self.asked: list[tuple[Channel, date]] = []

    def bill(self, channel: Channel, day: date) -> tuple[str, bytes]:
        self.asked.append((channel, day))
        if day in self.missing or day.strftime("%Y-%m") != "2025-03":
            raise Refused("bill.none", N_("The provider has no bill for {day} yet."),
                          day=day.isoformat())
        if channel is Channel.WECHAT:
            return f"wechat_trade_bill_{day:%Y%m%d}.csv", wechat_day(day)
        return f"alipay_business_detail_{day:%Y%m%d}.csv", alipay_day(day)


def wechat_day(day: date) -> bytes:
    lines = WECHAT_FILE.read_text("utf-8-sig").splitlines()
    header, rows = lines[0], [line for line in lines[1:] if line.startswith("`20")]
    mine = [r for r in rows if r.startswith(f"`{day.isoformat()}")]
    cells = [[c.lstrip("`") for c in r.split(",")] for r in mine]
    summary = []
    for _, column, places in _WECHAT_SUMS:
        if column is None:
            summary.append(f"`{len(mine)}")
            continue
        total = sum((Decimal(c[column] or "0") for c in cells), Decimal(0))
        summary.append(f"`{total:.{places}f}")
    text = "\n".join([header, *mine, ",".join(n for n, _, _ in _WECHAT_SUMS),
                      ",".join(summary)]) + "\n"
    return ("\ufeff" + text).encode("utf-8")


def alipay_day(day: date) -> bytes:
    lines = ALIPAY_FILE.read_bytes().decode("gb18030").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("支付宝交易号"))
    end = next(i for i, line in enumerate(lines) if "业务明细列表结束" in line)
    mine = [line for line in lines[start + 1:end]
            if f",{day.isoformat()} " in line.replace("\t", "")]
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    for line in mine:
        cells = [c.strip() for c in line.split(",")]
        kind = "退款" if cells[2] == "退款" else "交易"
        sums[kind][0] += 1
        sums[kind][1] += Decimal(cells[12] or "0")
        sums[kind][2] += Decimal(cells[16] or "0")
    trade, refund = sums["交易"], sums["退款"]
    footer = [lines[end],
              f"#交易合计：{trade[0]}笔，商家实收共{abs(trade[1]):.2f}元，"
              f"商家优惠共{abs(trade[2]):.2f}元",
              f"#退款合计：{refund[0]}笔，商家实收退款共{abs(refund[1]):.2f}元，"
              f"商家优惠退款共{abs(refund[2]):.2f}元",
              f"#导出时间：[{day:%Y年%m月%d日} 23:59:59]"]
    return "\r\n".join([*lines[:start + 1], *mine, *footer, ""]).encode("gb18030")

