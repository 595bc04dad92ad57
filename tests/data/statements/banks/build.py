"""Writes the bank account-detail test files of this folder (run it from the repository root:
``.venv/bin/python tests/data/statements/banks/build.py``); the files are committed, the tests
read them and never run this.

Each file follows the column layout its bank's corporate or online-banking export uses (the
layouts are listed in docs/reconciliation.md), with the preamble lines such exports carry (账号,
户名, 起止日期 …) above the header and, where the bank writes one, its totals below.  All carry
the same six bookings of March 2025 on one account (so the tests can state one set of figures):
three credits (a WeChat Pay settlement, an Alipay settlement, a card acquirer's settlement), a
transfer in from a customer, and two debits (a fee and a transfer out); opening balance
10,000.00.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
ACCOUNT = "3301040160000123456"
HOLDER = "城东燃气有限公司"
OPENING = Decimal("10000.00")


@dataclass(frozen=True)
class Booking:
    day: str  # YYYYMMDD
    at: str  # HH:MM:SS
    amount: Decimal  # + into the account
    counterparty: str
    their_account: str
    summary: str
    purpose: str
    serial: str


BOOKINGS = (
    Booking("20250303", "09:15:22", Decimal("8207.00"), "财付通支付科技有限公司",
            "243300133", "跨行转入", "微信支付结算 1601234567", "A2025030300001"),
    Booking("20250304", "10:02:11", Decimal("2009.30"), "支付宝（中国）网络技术有限公司",
            "1001300129200012345", "提现", "支付宝提现", "A2025030400002"),
    Booking("20250305", "14:30:00", Decimal("-5.00"), "", "", "收费", "网银转账手续费",
            "A2025030500003"),
    Booking("20250310", "16:45:09", Decimal("12345.67"), "银联商务股份有限公司",
            "310066726018010056789", "POS结算", "银行卡收单清算", "A2025031000004"),
    Booking("20250318", "11:20:45", Decimal("-3000.00"), "杭州天然气有限公司",
            "33050161640000000123", "转账支出", "购气款", "A2025031800005"),
    Booking("20250328", "08:59:59", Decimal("1500.00"), "王芳", "6222021202000098765",
            "转账存入", "户号:330136964476 预存气费", "A2025032800006"),
)


def cols(names: str) -> list[str]:
    return names.split(",")


def money(value: Decimal, *, grouped: bool = False) -> str:
    return f"{value:,.2f}" if grouped else f"{value:.2f}"


def balances() -> list[Decimal]:
    found, running = [], OPENING
    for booking in BOOKINGS:
        running += booking.amount
        found.append(running)
    return found


def dashed(day: str) -> str:
    return f"{day[:4]}-{day[4:6]}-{day[6:]}"


def totals() -> tuple[int, Decimal, int, Decimal]:
    ins = [b.amount for b in BOOKINGS if b.amount > 0]
    outs = [-b.amount for b in BOOKINGS if b.amount < 0]
    return len(ins), sum(ins, Decimal(0)), len(outs), sum(outs, Decimal(0))


def write_csv(name: str, rows: Sequence[Sequence[str]], encoding: str) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    (HERE / name).write_bytes(out.getvalue().encode(encoding))


def write_xlsx(name: str, rows: Sequence[Sequence[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    (HERE / name).write_bytes(out.getvalue())


def icbc_corporate() -> None:
    """工商银行 企业网银 历史明细 (CSV, GBK): 交易时间 holds the date and the time."""
    rows: list[list[str]] = [
        ["中国工商银行 账户历史明细"], ["账号：", ACCOUNT], ["户名：", HOLDER],
        ["起止日期：", "2025-03-01", "至", "2025-03-31"],
        cols("凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,"
             "对方行号,摘要,用途,对方单位名称,余额,个性化信息")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        out = b.amount < 0
        rows.append([f"0{b.serial[-5:]}", ACCOUNT, b.their_account,
                     f"{dashed(b.day)} {b.at}", "借" if out else "贷",
                     money(-b.amount) if out else "", "" if out else money(b.amount), "",
                     b.summary, b.purpose, b.counterparty, money(balance), ""])
    _, ins, _, outs = totals()
    rows.append(["合计", "", "", "", "", money(outs), money(ins), "", "", "", "", "", ""])
    write_csv("icbc_corporate_202503.csv", rows, "gbk")


def icbc_online() -> None:
    """工商银行 网上银行 明细下载 (CSV, UTF-8 with BOM): 交易金额(收入)/(支出) and 记账金额;
    a 人民币合计 row."""
    rows: list[list[str]] = [
        ["明细查询文件下载"], ["卡号：", ACCOUNT], ["户名：", HOLDER],
        ["起始日期：", "2025-03-01", "终止日期：", "2025-03-31"], [],
        cols("交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,"
             "交易金额(收入),交易金额(支出),交易币种,记账金额(收入),"
             "记账金额(支出),记账币种,余额,对方户名,对方账户")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        incoming = money(b.amount, grouped=True) if b.amount > 0 else ""
        outgoing = money(-b.amount, grouped=True) if b.amount < 0 else ""
        rows.append([dashed(b.day), b.summary, b.purpose, "", "CHN", "钞", incoming, outgoing,
                     "人民币", incoming, outgoing, "人民币", money(balance, grouped=True),
                     b.counterparty, b.their_account])
    _, ins, _, outs = totals()
    rows.append(["人民币合计", "", "", "", "", "", money(ins, grouped=True),
                 money(outs, grouped=True), "", money(ins, grouped=True),
                 money(outs, grouped=True), "", "", "", ""])
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    (HERE / "icbc_online_202503.csv").write_bytes(out.getvalue().encode("utf-8-sig"))


def ccb_corporate() -> None:
    """建设银行 企业网银 账户明细 (XLSX): 借方发生额（支取）/贷方发生额（收入）, 记账日期 and a
    交易时间 with the date, 账户明细编号-交易流水号; the other side's cell holds 0."""
    rows: list[list[object]] = [
        ["中国建设银行单位客户账户明细"], [f"账号：{ACCOUNT}"], [f"户名：{HOLDER}"],
        ["起止日期：20250301 至 20250331"], [],
        cols("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,"
             "余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,"
             "账户明细编号-交易流水号")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        out = b.amount < 0
        rows.append([ACCOUNT, HOLDER, f"{b.day} {b.at}", float(-b.amount) if out else 0,
                     0 if out else float(b.amount), float(balance), "人民币元", b.counterparty,
                     b.their_account, "", b.day, b.summary, b.purpose,
                     f"{b.day}-{b.serial[-5:]}"])
    write_xlsx("ccb_corporate_202503.xlsx", rows)


def abc_corporate() -> None:
    """农业银行 企业网银 账户明细 (CSV, GBK): 收入金额/支出金额, 本次余额, 交易时间 with the date;
    收入笔数/支出笔数 below."""
    rows: list[list[str]] = [
        ["账户明细查询"], ["账号：", ACCOUNT, "户名：", HOLDER],
        ["查询日期：", "20250301", "至", "20250331"],
        cols("交易时间,收入金额,支出金额,本次余额,手续费总额,交易方式,"
             "交易行名,交易类别,对方省市,对方账号,对方户名,交易说明,交易摘要,"
             "交易附言")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        rows.append([f"{dashed(b.day)} {b.at}", money(b.amount) if b.amount > 0 else "",
                     money(-b.amount) if b.amount < 0 else "", money(balance), "0.00", "网银",
                     "", "转账", "", b.their_account, b.counterparty, "", b.summary, b.purpose])
    count_in, ins, count_out, outs = totals()
    rows.append(["收入笔数：", str(count_in), "收入金额：", money(ins), "支出笔数：",
                 str(count_out), "支出金额：", money(outs)])
    write_csv("abc_corporate_202503.csv", rows, "gbk")


def abc_online() -> None:
    """农业银行 个人网银 活期交易明细 (CSV, UTF-8): one signed 交易金额 and 本次余额; 日志号."""
    rows: list[list[str]] = [
        ["中国农业银行账户活期交易明细清单"], ["户名：", HOLDER, "账号：", ACCOUNT],
        ["起止日期：", "20250301", "至", "20250331"],
        cols("交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日志号,"
             "交易渠道,交易附言")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        rows.append([b.day, b.at.replace(":", ""), b.summary,
                     f"{'+' if b.amount > 0 else ''}{money(b.amount, grouped=True)}",
                     money(balance, grouped=True), b.counterparty, f"L{b.serial[-9:]}",
                     "电子商务", b.purpose])
    write_csv("abc_online_202503.csv", rows, "utf-8")


def boc_corporate() -> None:
    """中国银行 企业网银 交易明细 (XLSX): 付款人/收款人 columns, one signed 交易金额, 交易后余额."""
    rows: list[list[object]] = [
        ["中国银行 交易明细"], ["账号：", ACCOUNT], ["户名：", HOLDER],
        ["起止日期：", "2025/03/01", "至", "2025/03/31"],
        cols("交易类型,业务类型,付款人开户行号,付款人开户行名,付款人账号,"
             "付款人名称,收款人开户行行号,收款人开户行名,收款人账号,收款人名称,"
             "交易日期,交易时间,交易货币,交易金额,交易后余额,起息日期,汇率,"
             "交易流水号,客户业务编号,用途,摘要,备注")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        incoming = b.amount > 0
        payer = (b.their_account, b.counterparty) if incoming else (ACCOUNT, HOLDER)
        payee = (ACCOUNT, HOLDER) if incoming else (b.their_account, b.counterparty)
        rows.append(["来账" if incoming else "往账", "转账", "", "", payer[0], payer[1], "", "",
                     payee[0], payee[1], b.day, b.at, "人民币", float(b.amount), float(balance),
                     b.day, "", b.serial, "", b.purpose, b.summary, ""])
    write_xlsx("boc_corporate_202503.xlsx", rows)


def bocom_corporate() -> None:
    """交通银行 企业网银 账户交易明细 (CSV, GBK): 交易金额 with 借贷标志, 凭证号码, 业务流水号;
    借方/贷方笔数 and 金额 below."""
    rows: list[list[str]] = [
        ["交通银行对公账户交易明细"], ["账号：", ACCOUNT], ["户名：", HOLDER],
        ["查询期间：", "20250301", "至", "20250331"],
        cols("交易日期,交易时间,业务类型,凭证种类,凭证号码,借贷标志,交易金额,"
             "余额,对方账号,对方户名,对方开户行,摘要,附言,业务流水号")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        rows.append([b.day, b.at, "转账", "", "", "借" if b.amount < 0 else "贷",
                     money(abs(b.amount), grouped=True), money(balance, grouped=True),
                     b.their_account, b.counterparty, "", b.summary, b.purpose, b.serial])
    count_in, ins, count_out, outs = totals()
    rows.append(["借方笔数：", str(count_out), "借方金额：", money(outs, grouped=True),
                 "贷方笔数：", str(count_in), "贷方金额：", money(ins, grouped=True)])
    write_csv("bocom_corporate_202503.csv", rows, "gbk")


def cmb_corporate() -> None:
    """招商银行 企业银行 交易查询 (CSV, UTF-8): 交易日, 借方金额/贷方金额, 收/付方名称, 流水号."""
    rows: list[list[str]] = [
        ["账号：", ACCOUNT], ["账户名称：", HOLDER], ["查询区间：", "20250301", "至", "20250331"],
        cols("交易日,交易时间,起息日,交易类型,借方金额,贷方金额,余额,摘要,"
             "流水号,业务名称,用途,业务参考号,收/付方名称,收/付方帐号,"
             "收/付方开户行名")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        rows.append([b.day, b.at, b.day, "转账", money(-b.amount) if b.amount < 0 else "",
                     money(b.amount) if b.amount > 0 else "", money(balance), b.summary,
                     f"K{b.serial[-9:]}", "汇兑", b.purpose, "", b.counterparty, b.their_account,
                     ""])
    write_csv("cmb_corporate_202503.csv", rows, "utf-8")


def rural_commercial() -> None:
    """农村商业银行 (the common core's export, XLSX): 借方发生额/贷方发生额, 联机余额, 柜员流水号;
    期初余额 above and 借方/贷方笔数 below."""
    count_in, ins, count_out, outs = totals()
    rows: list[list[object]] = [
        ["农村商业银行 账户交易明细"], ["户名：", HOLDER, "账号：", ACCOUNT],
        ["起止日期：", "2025-03-01", "至", "2025-03-31"], ["期初余额：", money(OPENING)],
        cols("序号,交易日期,交易时间,摘要,借方发生额,贷方发生额,联机余额,"
             "对方账号,对方户名,对方行名,凭证号,柜员流水号,附言")]
    for number, (b, balance) in enumerate(zip(BOOKINGS, balances(), strict=True), start=1):
        rows.append([number, dashed(b.day), b.at, b.summary,
                     float(-b.amount) if b.amount < 0 else None,
                     float(b.amount) if b.amount > 0 else None, float(balance), b.their_account,
                     b.counterparty, "", "", b.serial, b.purpose])
    rows.append(["借方笔数：", count_out, "借方金额：", money(outs), "贷方笔数：", count_in,
                 "贷方金额：", money(ins), "期末余额：", money(balances()[-1])])
    write_xlsx("rural_commercial_202503.xlsx", rows)


def rural_online() -> None:
    """农村商业银行 网上银行 (CSV, GBK): 交易金额 with 收支标志, 本次余额, 交易流水号."""
    rows: list[list[str]] = [
        ["账户明细"], ["账号：", ACCOUNT], ["户名：", HOLDER],
        ["起止日期：", "2025-03-01", "至", "2025-03-31"],
        cols("交易日期,交易时间,收支标志,交易金额,本次余额,对方户名,对方账号,"
             "摘要,交易流水号")]
    for b, balance in zip(BOOKINGS, balances(), strict=True):
        rows.append([dashed(b.day), b.at, "支" if b.amount < 0 else "收",
                     money(abs(b.amount)), money(balance), b.counterparty, b.their_account,
                     b.summary, b.serial])
    write_csv("rural_online_202503.csv", rows, "gbk")


def unlisted() -> None:
    """A layout no built-in format knows (a small bank's own column names), two months of it
    (CSV, GBK): finance maps it once on the screen, the second month is then known by its
    header row."""
    header = cols("入账日,时刻,进账,出账,结余,付款方,说明,单号")
    for month, bookings in (("202503", BOOKINGS[:4]), ("202504", BOOKINGS[4:])):
        running = OPENING if month == "202503" else balances()[3]
        rows: list[list[str]] = [["某某村镇银行 账户往来"], ["账号：", ACCOUNT], header]
        for b in bookings:
            running += b.amount
            day = b.day if month == "202503" else f"202504{b.day[6:]}"
            rows.append([dashed(day), b.at, money(b.amount) if b.amount > 0 else "",
                         money(-b.amount) if b.amount < 0 else "", money(running),
                         b.counterparty, b.purpose, f"{month}-{b.serial[-5:]}"])
        write_csv(f"unlisted_{month}.csv", rows, "gbk")


WRITERS: tuple[Callable[[], None], ...] = (
    icbc_corporate, icbc_online, ccb_corporate, abc_corporate, abc_online, boc_corporate,
    bocom_corporate, cmb_corporate, rural_commercial, rural_online, unlisted)

if __name__ == "__main__":
    for write in WRITERS:
        write()
