"""Importing and reconciling a synthetic month at utility scale, on a real SQLite file.

For each size N (ledger money movements: 20,000, 50,000 and 100,000 unless
``GASPOS_BENCH_RECONCILE_SIZES`` says otherwise, e.g. ``20000,200000``; at 200,000 the whole
bench, the history import's set-up included, took about 90 s on a quiet machine) a month is
generated and written in the real formats:

* March 2025, 26 business days (Monday to Saturday), ``COUNTERS`` counters; N − N/1000 sales
  paid by WeChat / Alipay / UnionPay card / cash at about 45 / 20 / 10 / 25 %, each with its
  order number, the provider's transaction id and its fee (WeChat and Alipay 0.2 %, UnionPay
  0.38 %, rounded half-up per transaction); N/1000 full refunds (WeChat and Alipay, half the
  same day, half the next business day) giving the fee back; each counter's day closed with
  the counted cash equal to the expected, and its cash deposited under a 缴款单 the next
  morning (Monday for a Saturday).
* (a) one ``gaspos-history/1`` JSON per counter (the format names one counter);
  (b) the WeChat Pay trade bill (ALL): UTF-8 with BOM, backtick cells, 27 columns, the
  two-line summary; (c) the Alipay 业务明细 in GBK: ``#`` lines, tab-suffixed ids, the
  totals lines; (d) the bank statement in GBK: one credit per channel per settlement day
  (WeChat / Alipay T+1 net of fees, UnionPay the next weekday net of fees, each counter's
  cash deposit naming its 缴款单 in 用途), running balances and the totals line.  The
  provider bills carry the WeChat and Alipay transactions (about 0.65 N rows: cash and
  UnionPay have no provider bill); the bank only the settlements.

Then, through the services: ``import_history`` for each counter (setup: timed, not a ratio),
``import_statement`` of each file (against a bare ``csv.reader`` parse of that file:
decode + every row), and ``reconcile_month`` (against the parse of all three).  The month must
reconcile completely: every bill row matched, every settlement and deposit matched, only the
month-end ones in transit, no open item.  Growth rows compare each size with the smallest in
CPU seconds (the machine may be shared): value = time ratio, floor = size ratio, so ratio 1.0
means linear.

Hot spots this bench found (cProfile at 10,000 and 20,000):

* fixed: ``pos/domain/reconciliation/transactions.py`` ``_pairs`` removed each paired entry
  from the free list one by one (``list.remove``: a scan with dataclass ``__eq__``), about
  n²/4 comparisons per channel — 1,108 s at 100,000; the paired entries are now dropped once
  per pass.
* fixed: ``pos/services/month/statements.py`` asked for the month's lock once per line.
* still linear but heavy: ``db/repositories/journal.py`` ``append`` runs a head query and
  a freshly built INSERT per entry, two entries per sale: the history import's cost.
* issue 16 (docs/performance.md): statement lines and items many to an INSERT and read as
  plain rows, the money movements chosen in SQL, an amount text read once per import.
* issue 16, second round (cProfile at 50,000 and 100,000): the cyclic garbage collector
  walking the month's objects again and again (half of ``reconcile_month``); every item's
  evidence rendered in two languages (now stored as messages, rendered when shown); a
  checked ``JournalEntry`` per money entry and every line's cells decoded for matching that
  never reads them; per-cell Python in the provider bills' rows.

Besides the bare parse, the bench reports what the database alone costs (``store_floor``,
``read_floor``): the same rows inserted by a bare ``sqlite3`` ``executemany`` into an empty
copy of their table, and the month's entries and lines fetched by bare ``sqlite3``; an
import is also timed against parse + bare insert, and the parse alone against the bare parse.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import json
import os
import random
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from pos.domain.org import Company, Hall
from pos.domain.org import Counter as Till
from pos.domain.staff import Operator, Role, Staff
from pos.domain.statements.detect import parse_statement
from pos.services.core.bulk import without_cycle_collection
from pos.services.core.context import Services
from pos.services.month import reconciliation, statements
from pos.services.records.history_import import import_history
from tests.support.services import make_services

SHANGHAI = ZoneInfo("Asia/Shanghai")
SIZES = tuple(int(n) for n in os.environ.get(
    "GASPOS_BENCH_RECONCILE_SIZES", "20000,50000,100000").split(",") if n.strip())
MONTH = "2025-03"
FIRST, LAST = date(2025, 3, 1), date(2025, 3, 31)
NOW = datetime(2025, 4, 5, 10, 0, tzinfo=SHANGHAI)  # the import runs after the month
COUNTERS = ("01", "02", "03", "04")
SHARES = {"wechat": 45, "alipay": 20, "unionpay": 10, "cash": 25}
REFUND_EVERY = 1_000  # one refund per this many movements
FEE_PER_10000 = {"wechat": 20, "alipay": 20, "unionpay": 38}
PRICE_FEN = 283  # 2.83 yuan per m³
VOLUMES = (10, 20, 30, 40, 50, 60, 80, 100, 150, 200)
OPEN_SECONDS = 9 * 3600  # sales from 08:30 to 17:30
FLOAT_FEN = 50_000
OPENING_FEN = 5_000_000  # the bank account's 期初余额
FLOOR_RUNS = 5
FINANCE = "4001"
APPID, MCH_ID = "wx7f3a9c2e5b81d046", "1601234567"
ALIPAY_ACCOUNT = "20880000000012340156"
UNIONPAY_MERCHANT = "898330149000123"
COMPANY = "样例县燃气有限公司"
BANKS = ("ABC_DEBIT", "ICBC_DEBIT", "CMB_CREDIT", "CCB_DEBIT", "OTHERS")
SURNAMES = "芳洋华军磊伟敏静丽强"
OPENID = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


# --- the month -----------------------------------------------------------------------------------
@dataclass(slots=True)
class Sale:
    counter: str
    day: date
    at: datetime
    channel: str
    fen: int
    volume: int
    order_no: str
    account_no: str
    fee: int | None
    provider_ref: str | None
    voucher: str | None
    buyer: str  # WeChat openid or Alipay 对方账户


@dataclass(slots=True)
class Refund:
    sale: Sale
    day: date
    at: datetime
    refund_no: str
    provider_refund_ref: str | None

    @property
    def fee(self) -> int:
        """The fee given back (negative)."""
        return -(self.sale.fee or 0)


@dataclass
class Month:
    days: list[date]
    sales: list[Sale]
    refunds: list[Refund]
    cash: dict[tuple[str, date], int] = field(default_factory=dict)  # (counter, day) → fen


def business_days() -> list[date]:
    days = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    return [d for d in days if d.weekday() != 6]


def _scramble(n: int) -> int:
    """A bijection of 0 … 10¹⁰−1 (the multiplier is prime to 10): unique, random-looking ids."""
    return (n * 7_919_000_003 + 1_234_567_891) % 10**10


def _fee(channel: str, fen: int) -> int | None:
    rate = FEE_PER_10000.get(channel)
    return None if rate is None else (fen * rate + 5_000) // 10_000  # half-up, per transaction


def generate(movements: int, seed: int = 20250301) -> Month:
    rng = random.Random(seed + movements)
    days = business_days()
    refund_count = max(2, movements // REFUND_EVERY)
    slots = [(day, counter) for day in days for counter in COUNTERS]
    base, extra = divmod(movements - refund_count, len(slots))
    channels, weights = list(SHARES), list(SHARES.values())
    sales: list[Sale] = []
    cash: dict[tuple[str, date], int] = {}
    for index, (day, counter) in enumerate(slots):
        count = base + (index < extra)
        opened = datetime.combine(day, clock_time(8, 30), tzinfo=SHANGHAI)
        offsets = sorted(rng.randrange(OPEN_SECONDS) for _ in range(count))
        for seq, (offset, channel) in enumerate(
                zip(offsets, rng.choices(channels, weights, k=count), strict=True), start=1):
            n = len(sales)
            volume = rng.choice(VOLUMES)
            fen = volume * PRICE_FEN
            ref, voucher, buyer = None, None, ""
            if channel == "wechat":
                ref = f"420000{rng.randrange(10**4):04d}{day:%Y%m%d}{_scramble(n):010d}"
                buyer = "oGxHy5" + "".join(rng.choices(OPENID, k=22))
            elif channel == "alipay":
                ref = f"{day:%Y%m%d}2200{rng.randrange(10**6):06d}{_scramble(n):010d}"
                buyer = (f"*{rng.choice(SURNAMES)}(1{rng.randrange(30, 90)}****"
                         f"{rng.randrange(10**4):04d})")
            elif channel == "unionpay":
                ref, voucher = f"{_scramble(n):012d}", f"{seq:06d}"
            else:
                cash[counter, day] = cash.get((counter, day), 0) + fen
            sales.append(Sale(counter, day, opened + timedelta(seconds=offset), channel, fen,
                              volume, f"GS{day:%Y%m%d}{counter}{seq:05d}",
                              f"3301{rng.randrange(10**8):08d}", _fee(channel, fen), ref,
                              voucher, buyer))
    refundable = [s for s in sales if s.channel in ("wechat", "alipay")]
    refunds = []
    for r, sale in enumerate(sorted(rng.sample(refundable, refund_count),
                                    key=lambda s: s.order_no)):
        later = [d for d in days if d > sale.day]
        if r % 2 or not later:  # the same day, ten minutes later
            day, at = sale.day, sale.at + timedelta(minutes=10)
        else:  # the next business day, in the morning
            day = later[0]
            at = datetime.combine(day, clock_time(9, 0), tzinfo=SHANGHAI) + timedelta(
                seconds=rng.randrange(3600))
        wx = (f"503000{rng.randrange(100):02d}{day:%Y%m%d}{_scramble(r):013d}"
              if sale.channel == "wechat" else None)
        refunds.append(Refund(sale, day, at, f"RF{day:%Y%m%d}{r:06d}", wx))
    return Month(days, sales, refunds, cash)


# --- (a) the history, one file per counter --------------------------------------------------------
def _yuan(fen: int, *, places: int = 2, grouped: bool = False) -> str:
    sign, fen = ("-" if fen < 0 else ""), abs(fen)
    whole = f"{fen // 100:,}" if grouped else str(fen // 100)
    return f"{sign}{whole}.{fen % 100:02d}{'0' * (places - 2)}"


def _deposit_date(day: date) -> date:
    following = day + timedelta(days=1)
    return following + timedelta(days=1) if following.weekday() == 6 else following


def _slip(counter: str, day: date) -> str:
    return f"JK{day:%Y%m%d}-{counter}"


def history_files(month: Month) -> dict[str, bytes]:
    files = {}
    for counter in COUNTERS:
        sales = [{
            "order_no": s.order_no, "business_date": s.day.isoformat(),
            "time": s.at.isoformat(), "channel": s.channel, "amount": _yuan(s.fen),
            "fee": None if s.fee is None else _yuan(s.fee), "provider_ref": s.provider_ref,
            "account_no": s.account_no, "card_no": f"IC{s.account_no[4:]}{s.volume % 100:02d}",
            "volume_m3": str(s.volume), "staff": f"C{counter}", "terminal": f"POS-{counter}",
            "voucher": s.voucher} for s in month.sales if s.counter == counter]
        refunds = [{
            "order_no": r.sale.order_no, "refund_no": r.refund_no,
            "business_date": r.day.isoformat(), "time": r.at.isoformat(),
            "channel": r.sale.channel, "amount": _yuan(r.sale.fen), "fee": _yuan(r.fee),
            "provider_ref": r.sale.provider_ref, "provider_refund_ref": r.provider_refund_ref,
            "reason": "写卡失败，原路退款"} for r in month.refunds if r.sale.counter == counter]
        closes, deposits = [], []
        for day in month.days:
            cash = month.cash.get((counter, day), 0)
            closes.append({"business_date": day.isoformat(),
                           "closed_at": datetime.combine(day, clock_time(18, 0),
                                                         tzinfo=SHANGHAI).isoformat(),
                           "opening_float": _yuan(FLOAT_FEN),
                           "counted": _yuan(FLOAT_FEN + cash), "kept_float": _yuan(FLOAT_FEN)})
            if cash:
                deposits.append({"slip_no": _slip(counter, day), "amount": _yuan(cash),
                                 "deposit_date": _deposit_date(day).isoformat(),
                                 "business_dates": [day.isoformat()]})
        document = {"format": "gaspos-history/1", "counter": counter, "sales": sales,
                    "refunds": refunds, "day_closes": closes, "deposits": deposits}
        files[counter] = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return files


# --- (b) the WeChat Pay trade bill ---------------------------------------------------------------
WECHAT_HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
    "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
    "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
WECHAT_SUMMARY = ("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,"
                  "订单总金额,申请退款总金额")


def _bill_rows(month: Month, channel: str) -> list[Sale | Refund]:
    rows: list[Sale | Refund] = [s for s in month.sales if s.channel == channel]
    rows += [r for r in month.refunds if r.sale.channel == channel]
    rows.sort(key=lambda row: (row.at, row.sale.order_no if isinstance(row, Refund)
                               else row.order_no))
    return rows


def wechat_bill(month: Month) -> tuple[bytes, int]:
    lines = [WECHAT_HEADER]
    settled = refunded = fees = 0
    rows = _bill_rows(month, "wechat")
    for row in rows:
        sale = row.sale if isinstance(row, Refund) else row
        fee = row.fee if isinstance(row, Refund) else sale.fee or 0
        common = (f"{row.at:%Y-%m-%d %H:%M:%S}", APPID, MCH_ID, "0", f"POS-{sale.counter}",
                  sale.provider_ref or "", sale.order_no, sale.buyer, "MICROPAY")
        bank = BANKS[sale.fen % len(BANKS)]
        goods = (f"IC卡购气{sale.volume}方", f"户号:{sale.account_no}", _yuan(fee, places=5),
                 "0.20%")
        amount = _yuan(sale.fen)
        if isinstance(row, Refund):
            cells = (*common, "REFUND", bank, "CNY", "0.00", "0.00", row.provider_refund_ref or "",
                     row.refund_no, amount, "0.00", "ORIGINAL", "SUCCESS", *goods, "0.00", amount,
                     "")
            refunded += sale.fen
        else:
            cells = (*common, "SUCCESS", bank, "CNY", amount, "0.00", "0", "0", "0.00", "0.00",
                     "", "", *goods, amount, "0.00", "")
            settled += sale.fen
        fees += fee
        lines.append(",".join("`" + cell for cell in cells))
    lines.append(WECHAT_SUMMARY)
    lines.append(",".join("`" + cell for cell in (
        str(len(rows)), _yuan(settled), _yuan(refunded), "0.00", _yuan(fees, places=5),
        _yuan(settled), _yuan(refunded))))
    return codecs.BOM_UTF8 + "".join(line + "\r\n" for line in lines).encode("utf-8"), len(rows)


# --- (c) the Alipay 业务明细 ---------------------------------------------------------------------
ALIPAY_HEADER = (
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,"
    "对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,"
    "商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,"
    "退款批次号/请求号,服务费（元）,分润（元）,备注")


def alipay_bill(month: Month) -> tuple[bytes, int]:
    lines = ["#支付宝业务明细查询", f"#账号：[{ALIPAY_ACCOUNT}]",
             f"#起始日期：[{FIRST:%Y年%m月%d日} 00:00:00]   "
             f"终止日期：[{LAST + timedelta(days=1):%Y年%m月%d日} 00:00:00]",
             "#" + "-" * 41 + "业务明细列表" + "-" * 40, ALIPAY_HEADER]
    trades = refunds = received = given_back = 0
    rows = _bill_rows(month, "alipay")
    for row in rows:
        sale = row.sale if isinstance(row, Refund) else row
        refund = isinstance(row, Refund)
        created = row.at - timedelta(seconds=3 + sale.fen % 7)
        fen = -sale.fen if refund else sale.fen
        cells = (
            f"{sale.provider_ref}\t", f"{sale.order_no}\t", ("退款" if refund else "交易") + "\t",
            f"IC卡购气{sale.volume}方", f"{created:%Y-%m-%d %H:%M:%S}",
            f"{row.at:%Y-%m-%d %H:%M:%S}", "HALL-EAST-01\t", "城东营业厅\t", f"C{sale.counter}\t",
            f"POS-{sale.counter}\t", f"{sale.buyer}\t", _yuan(sale.fen), _yuan(fen), "0.00",
            "0.00", "0.00", "0.00", "0.00", "", "0.00\t", "0.00",
            f"{row.refund_no}\t" if isinstance(row, Refund) else "\t",
            _yuan(sale.fee or 0) if refund else _yuan(-(sale.fee or 0)), "0.00",
            f"户号:{sale.account_no}")
        lines.append(",".join(cells))
        if refund:
            refunds, given_back = refunds + 1, given_back + sale.fen
        else:
            trades, received = trades + 1, received + sale.fen
    lines += ["#" + "-" * 41 + "业务明细列表结束" + "-" * 36,
              f"#交易合计：{trades}笔，商家实收共{_yuan(received)}元，商家优惠共0.00元",
              f"#退款合计：{refunds}笔，商家实收退款共{_yuan(given_back)}元，商家优惠退款共0.00元",
              "#导出时间：[2025年04月04日 10:21:37]"]
    return "".join(line + "\r\n" for line in lines).encode("gbk"), len(rows)


# --- (d) the bank statement ----------------------------------------------------------------------
BANK_HEADER = ("交易日期", "交易时间", "凭证种类", "凭证号", "摘要", "借方发生额", "贷方发生额",
               "余额", "对方账号", "对方户名", "对方开户行", "用途", "交易流水号")
WECHAT_PAYER = ("1221 0000 0000 0888", "财付通支付科技有限公司", "招商银行深圳分行营业部")
ALIPAY_PAYER = ("5719 0000 0000 0601", "支付宝（中国）网络技术有限公司", "招商银行杭州分行营业部")
UNIONPAY_PAYER = ("3100 4155 0000 0520 0888", "银联商务股份有限公司", "交通银行上海分行")


@dataclass(frozen=True)
class Credit:
    on: date
    at: str  # HH:MM:SS
    voucher_kind: str
    summary: str
    fen: int
    payer: tuple[str, str, str]
    memo: str


def _next_weekday(day: date) -> date:
    following = day + timedelta(days=1)
    while following.weekday() >= 5:
        following += timedelta(days=1)
    return following


def settlements(month: Month) -> dict[str, dict[date, int]]:
    """Per channel and settlement day, the net the bank receives: the bill day's rows (WeChat,
    Alipay; a refund gives its fee back) or the business day's card payments (UnionPay)."""
    nets: dict[str, dict[date, int]] = {"wechat": {}, "alipay": {}, "unionpay": {}}
    for s in month.sales:
        if s.channel in nets:
            nets[s.channel][s.day] = nets[s.channel].get(s.day, 0) + s.fen - (s.fee or 0)
    for r in month.refunds:
        day = nets[r.sale.channel]
        day[r.day] = day.get(r.day, 0) - r.sale.fen - r.fee
    return nets


def bank_statement(month: Month) -> tuple[bytes, int]:
    rng = random.Random(len(month.sales))
    credits = []
    for channel, by_day in settlements(month).items():
        for day, fen in sorted(by_day.items()):
            assert fen > 0, (channel, day, fen)
            if channel == "wechat":
                credits.append(Credit(day + timedelta(days=1), f"07:{rng.randrange(60):02d}:"
                                      f"{rng.randrange(60):02d}", "电子转账凭证", "微信支付结算",
                                      fen, WECHAT_PAYER, f"{MCH_ID}结算款 账单日{day:%Y%m%d}"))
            elif channel == "alipay":
                credits.append(Credit(day + timedelta(days=1), f"08:{rng.randrange(60):02d}:"
                                      f"{rng.randrange(60):02d}", "电子转账凭证", "支付宝提现",
                                      fen, ALIPAY_PAYER, f"自动提现 {day:%Y%m%d}"))
            else:
                credits.append(Credit(_next_weekday(day), f"10:{rng.randrange(60):02d}:"
                                      f"{rng.randrange(60):02d}", "电子转账凭证", "POS清算款",
                                      fen, UNIONPAY_PAYER,
                                      f"商户{UNIONPAY_MERCHANT} 交易日{day:%Y%m%d}"))
    for (counter, day), fen in sorted(month.cash.items()):
        credits.append(Credit(_deposit_date(day), f"09:{int(counter) * 5 % 60:02d}:"
                              f"{rng.randrange(60):02d}", "现金缴款单", "现金存款", fen,
                              ("", COMPANY, ""), f"缴款单{_slip(counter, day)} 营业款{day:%Y%m%d}"))
    credits.sort(key=lambda c: (c.on, c.at, c.memo))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("账号：", "3301 0200 0100 0012 345", "户名：", COMPANY, "币种：", "人民币"))
    writer.writerow(("开户行：", "示例银行示例市城东支行", "查询日期：", f"{FIRST:%Y%m%d}", "至",
                     f"{max(c.on for c in credits):%Y%m%d}"))
    writer.writerow(("期初余额：", _yuan(OPENING_FEN, grouped=True)))
    writer.writerow(BANK_HEADER)
    balance = OPENING_FEN
    for n, c in enumerate(credits, start=1):
        balance += c.fen
        writer.writerow((f"{c.on:%Y%m%d}", c.at, c.voucher_kind, f"{rng.randrange(10**8):08d}",
                         c.summary, "", _yuan(c.fen, grouped=True), _yuan(balance, grouped=True),
                         c.payer[0], c.payer[1], c.payer[2], c.memo,
                         f"{c.on:%Y%m%d}{c.at.replace(':', '')}{n:06d}"))
    writer.writerow(("借方笔数：", "0", "借方金额：", "0.00", "贷方笔数：", str(len(credits)),
                     "贷方金额：", _yuan(balance - OPENING_FEN, grouped=True), "期末余额：",
                     _yuan(balance, grouped=True)))
    return out.getvalue().encode("gbk"), len(credits)


# --- the services --------------------------------------------------------------------------------
class _Clock:
    def now(self) -> datetime:
        return NOW


def _services(home: Path) -> Services:
    """The services on a fresh SQLite file in ``home``, composed as the tests compose them."""
    home.mkdir(parents=True)
    svc = make_services(f"sqlite:///{home / 'bench.sqlite'}", _Clock(), home=home,
                        counter_no=COUNTERS[0])
    with svc.uow(write=True) as uow:
        uow.org.add_company(Company("BENCH", COMPANY))
        uow.org.add_hall(Hall("H1", "城东营业厅"))
        for no in COUNTERS:
            uow.org.add_counter(Till(no, f"{no}号窗口", "H1"))
        uow.staff.add(Staff(FINANCE, "财务", Role.FINANCE, svc.passwords.hash("correct horse")),
                      at=NOW)
        uow.commit()
    return svc


# --- the measurement -----------------------------------------------------------------------------
@dataclass
class Files:
    history: dict[str, bytes]
    statements: dict[str, bytes]  # name → bytes: wechat, alipay, bank
    rows: dict[str, int]  # name → statement lines
    encodings: dict[str, str]


def write_month(month: Month, directory: Path | None = None) -> Files:
    wechat, wechat_rows = wechat_bill(month)
    alipay, alipay_rows = alipay_bill(month)
    bank, bank_rows = bank_statement(month)
    files = Files(history_files(month),
                  {"wechat": wechat, "alipay": alipay, "bank": bank},
                  {"wechat": wechat_rows, "alipay": alipay_rows, "bank": bank_rows},
                  {"wechat": "utf-8-sig", "alipay": "gbk", "bank": "gbk"})
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        for counter, data in files.history.items():
            (directory / f"history_{counter}.json").write_bytes(data)
        for name, data in files.statements.items():
            (directory / f"{name}_{MONTH.replace('-', '')}.csv").write_bytes(data)
    return files


class Stopwatch:
    """Wall-clock and CPU seconds of what runs inside ``with``, added up over its uses."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self._started = (0.0, 0.0)

    def __enter__(self) -> Stopwatch:
        self._started = (time.perf_counter(), time.process_time())
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._started[0]
        self.cpu += time.process_time() - self._started[1]


def csv_floor(data: bytes, encoding: str) -> Stopwatch:
    """A bare parse: decode, and every row through ``csv.reader`` (the best of a few runs)."""
    best = Stopwatch()
    best.wall = best.cpu = float("inf")
    for _ in range(FLOOR_RUNS):
        with Stopwatch() as run:
            rows = sum(1 for _ in csv.reader(io.StringIO(data.decode(encoding), newline="")))
        assert rows > 0
        best.wall, best.cpu = min(best.wall, run.wall), min(best.cpu, run.cpu)
    return best


def store_floor(db: Path, table: str, where: str, beside: tuple[str, ...] = ()) -> Stopwatch:
    """The database's own part: the rows ``where`` picks from ``table``, as stored, inserted
    by a bare ``sqlite3`` ``executemany`` into an empty copy of the table (its columns, its
    indexes and triggers — with the ``beside`` tables they read, copied untimed; WAL, full
    sync, one transaction), best of a few runs."""
    with sqlite3.connect(db) as source:
        ddl = [sql for name in (*beside, table) for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL", (name,))]
        copied = {name: source.execute(f"SELECT * FROM {name}").fetchall() for name in beside}
        rows = source.execute(f"SELECT * FROM {table} WHERE {where}").fetchall()
    best = Stopwatch()
    best.wall = best.cpu = float("inf")
    marks = ",".join("?" * len(rows[0]))
    for _ in range(3):
        with tempfile.TemporaryDirectory() as directory:
            target = sqlite3.connect(Path(directory) / "floor.sqlite")
            target.execute("PRAGMA journal_mode = WAL")
            target.execute("PRAGMA synchronous = FULL")
            for sql in ddl:
                target.execute(sql)
            for name, found in copied.items():
                target.executemany(f"INSERT INTO {name} VALUES "
                                   f"({','.join('?' * len(found[0]))})", found)
            target.commit()
            with Stopwatch() as run:
                target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
                target.commit()
            target.close()
        best.wall, best.cpu = min(best.wall, run.wall), min(best.cpu, run.cpu)
    return best


def read_floor(db: Path) -> Stopwatch:
    """The rows the month is matched from, fetched by bare ``sqlite3``: the money entries of
    the journal (as ``money_between`` chooses them) and the statement lines (best of a few)."""
    best = Stopwatch()
    best.wall = best.cpu = float("inf")
    with sqlite3.connect(db) as source:
        for _ in range(3):
            with Stopwatch() as run:
                source.execute(
                    "SELECT seq, kind, at, business_date, counter_no, sale_no, amount_fen, "
                    "channel, ref, details FROM journal_entries WHERE business_date BETWEEN "
                    "'2025-03-01' AND '2025-03-31' AND kind IN ('adjustment', 'advance_receipt', "
                    "'fee', 'refund') AND "
                    "channel IS NOT NULL AND channel != '' AND amount_fen != 0 "
                    "ORDER BY seq").fetchall()
                source.execute("SELECT * FROM statement_lines ORDER BY source, id").fetchall()
            best.wall, best.cpu = min(best.wall, run.wall), min(best.cpu, run.cpu)
    return best


@dataclass
class Measured:
    movements: int
    rows: dict[str, int]  # statement lines per file
    items: int
    steps: dict[str, Stopwatch]  # build, history, wechat, alipay, bank, reconcile
    floors: dict[str, Stopwatch]  # wechat, alipay, bank
    parses: dict[str, Stopwatch] = field(default_factory=dict)  # parse_statement alone
    stores: dict[str, Stopwatch] = field(default_factory=dict)  # bare inserts; "read" too

    def wall(self, *steps: str) -> float:
        return sum(self.steps[s].wall for s in steps)

    def floor(self, *names: str) -> float:
        return sum(self.floors[n].wall for n in names or self.floors)


STATEMENTS = ("wechat", "alipay", "bank")


def measure(movements: int, home: Path) -> Measured:
    steps = {name: Stopwatch() for name in ("build", "history", *STATEMENTS, "reconcile")}
    with steps["build"]:
        month = generate(movements)
        files = write_month(month, home / "files")
    floors = {name: csv_floor(files.statements[name], files.encodings[name])
              for name in STATEMENTS}
    svc = _services(home / "db")
    finance = Operator(FINANCE, "财务", Role.FINANCE)
    for counter, data in files.history.items():
        with steps["history"]:
            report = import_history(svc, finance, data, counter)
        assert report.days == len(month.days), report
    del files.history
    parses: dict[str, Stopwatch] = {}
    stores: dict[str, Stopwatch] = {}
    database = home / "db" / "bench.sqlite"
    for name in STATEMENTS:
        with steps[name]:
            record = statements.import_statement(
                svc, finance, files.statements[name], f"{name}_{MONTH}.csv").record
        assert record.lines_added == record.lines_in_file == files.rows[name], (name, record)
        with without_cycle_collection(), Stopwatch() as parses[name]:  # as the import does
            parse_statement(files.statements[name], tz=SHANGHAI)  # again, nothing stored
        stores[name] = store_floor(database, "statement_lines", f"import_id = {record.id}")
    with steps["reconcile"]:
        view = reconciliation.reconcile_month(svc, finance, MONTH)
    items = len(view.items)
    _check(view, month, files)
    stores["reconcile"] = store_floor(database, "recon_items", "1 = 1", beside=("months",))
    stores["read"] = read_floor(database)
    del view, month
    svc.database.close()
    gc.collect()
    return Measured(movements, files.rows, items, steps, floors, parses, stores)


def _check(view: reconciliation.MonthView, month: Month, files: Files) -> None:
    """Everything matched: the generator is right and the matching holds at this size."""
    assert not view.open_items, [i.key for i in view.open_items[:5]]
    statuses = Counter((i.stored.level, i.stored.status) for i in view.items)
    late = sum(1 for _, day in month.cash if _deposit_date(day) > LAST)  # on 04-01
    settlement_days = sum(len(days) for days in settlements(month).values())
    assert statuses == {
        ("transaction", "matched"): files.rows["wechat"] + files.rows["alipay"],
        ("settlement", "matched"): settlement_days - 3,
        ("settlement", "in_transit"): 3,  # each channel's 03-31, credited on 04-01
        ("deposit", "matched"): len(month.cash) - late,
        ("deposit", "in_transit"): late,
    }, statuses


LABELS = {"history": f"import history, {len(COUNTERS)} counters", "wechat": "import WeChat bill",
          "alipay": "import Alipay detail", "bank": "import bank statement",
          "reconcile": "reconcile_month"}
FLOOR_WHAT = "bare csv.reader parse (decode + rows)"


def _rows(m: Measured) -> list[dict[str, object]]:
    size = f"N={m.movements:,}"
    rows: list[dict[str, object]] = [
        {"what": f"{size}: generate + write the month (not a ratio)", "value": m.wall("build"),
         "unit": "s", "floor": m.wall("build"), "floor_what": "no floor"},
        {"what": f"{size}: {LABELS['history']} (not a ratio)", "value": m.wall("history"),
         "unit": "s", "floor": m.wall("history"), "floor_what": "no floor"},
    ]
    for name in STATEMENTS:
        rows.append({"what": f"{size}: {LABELS[name]}, {m.rows[name]:,} lines",
                     "value": m.wall(name), "unit": "s", "floor": m.floor(name),
                     "floor_what": f"{FLOOR_WHAT} of that file"})
    # the same in CPU seconds: on a shared machine waiting is not cost (floors: best CPU)
    for name in (*STATEMENTS, "reconcile"):
        floor_cpu = (m.floors[name].cpu if name in m.floors
                     else sum(f.cpu for f in m.floors.values()))
        rows.append({"what": f"{size}: {LABELS[name]} (CPU)", "value": m.steps[name].cpu,
                     "unit": "s", "floor": floor_cpu, "floor_what": f"{FLOOR_WHAT}, CPU"})
    for name in STATEMENTS:  # where an import's CPU goes, against what cannot be avoided
        rows.append({"what": f"{size}: {LABELS[name]}: parse alone (CPU)",
                     "value": m.parses[name].cpu, "unit": "s", "floor": m.floors[name].cpu,
                     "floor_what": f"{FLOOR_WHAT}, CPU"})
        rows.append({"what": f"{size}: {LABELS[name]} (CPU) against parse + bare insert",
                     "value": m.steps[name].cpu,
                     "unit": "s", "floor": m.floors[name].cpu + m.stores[name].cpu,
                     "floor_what": "csv parse + bare sqlite3 executemany of its rows, CPU"})
    bare = m.stores["read"].cpu + m.stores["reconcile"].cpu
    rows.append({"what": f"{size}: reconcile_month (CPU) against parse + bare read + insert",
                 "value": m.steps["reconcile"].cpu, "unit": "s",
                 "floor": sum(f.cpu for f in m.floors.values()) + bare,
                 "floor_what": "csv parse of the 3 files + bare sqlite3 fetch of the entries "
                               "and lines + executemany of the items, CPU"})
    rows += [
        {"what": f"{size}: reconcile_month, {m.items:,} items", "value": m.wall("reconcile"),
         "unit": "s", "floor": m.floor(), "floor_what": f"{FLOOR_WHAT} of the 3 files"},
        {"what": f"{size}: 3 imports + reconcile, {sum(m.rows.values()):,} lines",
         "value": m.wall(*STATEMENTS, "reconcile"), "unit": "s", "floor": m.floor(),
         "floor_what": f"{FLOOR_WHAT} of the 3 files"},
    ]
    return rows


def _growth(small: Measured, large: Measured) -> list[dict[str, object]]:
    """CPU seconds, large over small: the machine may be shared, and waiting is not cost."""
    label = f"{small.movements // 1000}k→{large.movements // 1000}k"
    linear = large.movements / small.movements
    rows: list[dict[str, object]] = [
        {"what": f"growth {label} (CPU): {LABELS[step]}",
         "value": large.steps[step].cpu / small.steps[step].cpu, "unit": "×", "floor": linear,
         "floor_what": "the size ratio: linear growth"}
        for step in ("history", *STATEMENTS, "reconcile")]
    rows.append({"what": f"growth {label} (CPU): csv floor of the 3 files",
                 "value": sum(f.cpu for f in large.floors.values())
                 / sum(f.cpu for f in small.floors.values()),
                 "unit": "×", "floor": linear, "floor_what": "the size ratio: linear growth"})
    return rows


def run() -> list[dict[str, object]]:
    measured = []
    rows: list[dict[str, object]] = []
    for movements in SIZES:
        with tempfile.TemporaryDirectory() as directory:
            m = measure(movements, Path(directory))
        measured.append(m)
        rows += _rows(m)
    for m in measured[1:]:
        rows += _growth(measured[0], m)
    return rows
