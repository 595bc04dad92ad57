"""Bank account-detail exports as the big banks write them (tests/data/statements/banks: the
layouts of ICBC, CCB, ABC, BOC, BOCOM, CMB and the rural commercial banks, CSV in GBK or UTF-8
and XLSX, preamble lines above the header) are recognised without being named, and read to the
same six bookings; the older Alipay footer wording and a WeChat count written ``45.0`` are read;
broken files are still refused with the line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pos.adapters.spreadsheets import xlsx_rows
from pos.domain.errors import BadInput
from pos.domain.quantities import Money
from pos.domain.statements.detect import detect, parse_rows, parse_statement
from pos.domain.statements.model import LineKind, Source, StatementFile
from pos.domain.statements.text import csv_rows, decode

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"
BANKS = DATA / "banks"
TZ = ZoneInfo("Asia/Shanghai")
ACCOUNT = "3301040160000123456"

# file → (encoding, stated totals the file checks, 对方 of the first row)
FILES = {
    "icbc_corporate_202503.csv": ("gbk", {"合计:贷方发生额": "24061.97"}),
    "icbc_online_202503.csv": ("utf-8-sig", {"人民币合计:记账金额(收入)": "24,061.97"}),
    "ccb_corporate_202503.xlsx": ("xlsx", {}),
    "abc_corporate_202503.csv": ("gbk", {"收入笔数": "4", "支出金额": "3005.00"}),
    "abc_online_202503.csv": ("utf-8", {}),
    "boc_corporate_202503.xlsx": ("xlsx", {}),
    "bocom_corporate_202503.csv": ("gbk", {"借方笔数": "2", "贷方金额": "24,061.97"}),
    "cmb_corporate_202503.csv": ("utf-8", {}),
    "rural_commercial_202503.xlsx": ("xlsx", {"期初余额": "10000.00", "期末余额": "31056.97"}),
    "rural_online_202503.csv": ("gbk", {}),
}


def read(name: str) -> StatementFile:
    data = (BANKS / name).read_bytes()
    if name.endswith(".xlsx"):
        return parse_rows(xlsx_rows(data), tz=TZ)
    return parse_statement(data, tz=TZ)


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_banks_export_is_recognised_and_read_to_the_same_bookings(name: str) -> None:
    encoding, declared = FILES[name]
    statement = read(name)
    assert statement.source is Source.BANK and statement.encoding == encoding
    assert statement.format == ("bank-xlsx" if encoding == "xlsx" else "bank-csv")
    assert statement.account == ACCOUNT
    assert statement.period == (date(2025, 3, 1), date(2025, 3, 31))
    assert declared.items() <= statement.declared.items()
    amounts = [line.amount for line in statement.lines]
    assert amounts == [Money(820700), Money(200930), Money(-500), Money(1234567),
                       Money(-300000), Money(150000)]
    assert [line.kind for line in statement.lines].count(LineKind.DEBIT) == 2
    assert [line.balance for line in statement.lines][-1] == Money(3105697)
    first, fee = statement.lines[0], statement.lines[2]
    assert first.value_date == date(2025, 3, 3)
    assert first.counterparty == "财付通支付科技有限公司"
    assert first.memo is not None and "跨行转入" in first.memo
    assert fee.counterparty is None and fee.memo is not None and "费" in fee.memo
    if name != "icbc_online_202503.csv":  # ICBC's online export states the day only
        assert first.occurred_at == datetime(2025, 3, 3, 9, 15, 22, tzinfo=TZ)
    assert len({line.identity for line in statement.lines}) == 6


def test_the_serial_column_names_a_row_where_the_bank_gives_one() -> None:
    serials = {name: read(name).lines[0].provider_ref for name in FILES}
    assert serials["ccb_corporate_202503.xlsx"] == "20250303-00001"  # 账户明细编号-交易流水号
    assert serials["bocom_corporate_202503.csv"] == "A2025030300001"  # 业务流水号
    assert serials["abc_online_202503.csv"] == "L030300001"  # 日志号
    assert serials["cmb_corporate_202503.csv"] == "K030300001"  # 流水号
    assert serials["rural_commercial_202503.xlsx"] == "A2025030300001"  # 柜员流水号
    assert serials["icbc_corporate_202503.csv"] is None  # no serial: known by its facts


def test_boc_names_the_payer_of_money_in_and_the_payee_of_money_out() -> None:
    lines = read("boc_corporate_202503.xlsx").lines
    assert lines[1].counterparty == "支付宝（中国）网络技术有限公司"  # 付款人名称
    assert lines[4].counterparty == "杭州天然气有限公司"  # 收款人名称


@pytest.mark.parametrize(("header", "found"), [
    ("交易日期,交易时间,收入金额,支出金额,联机余额,摘要", "bank"),
    ("交易日期,借方发生额（支取）,贷方发生额（收入）,余额", "bank"),
    ("交易日期,借方发生额(支取),贷方发生额(收入),余额", "bank"),
    ("交易日期,交易金额(收入),交易金额(支出),余额", "bank"),
    ("记账日,交易金额,本次余额,对方户名", "bank"),
    ("交易日期,收支标志,交易金额,附言", "bank"),
    ("交易时间,转入金额,转出金额,余额,对方单位", "bank"),
    ("交易日期,交易金额,商户号,终端号", None),  # an acquirer's file: no balance, no direction
    ("日期,金额", None),
])
def test_detection_knows_the_banks_column_names(header: str, found: str | None) -> None:
    text, _ = decode(f"户名：,城东燃气\n{header}\n".encode())
    assert detect(csv_rows(text)) == found


def test_a_damaged_bank_export_is_still_refused_with_its_line() -> None:
    data = (BANKS / "bocom_corporate_202503.csv").read_bytes().decode("gbk")
    broken = data.replace("18,207.00", "18,207.01", 1).encode("gbk")
    with pytest.raises(BadInput) as caught:
        parse_statement(broken, tz=TZ)
    assert caught.value.code == "statement.balance_break"
    assert "Line 7" in caught.value.render("en")  # the next row's balance no longer follows
    flag = data.replace(",贷,", ",X,", 1).encode("gbk")
    with pytest.raises(BadInput) as caught:
        parse_statement(flag, tz=TZ)
    assert caught.value.code == "statement.row" and "Line 6" in caught.value.render("en")


# --- the providers' other wordings ---------------------------------------------------------

ALIPAY = (DATA / "alipay_business_detail_202503.csv").read_bytes().decode("gbk")
WECHAT = (DATA / "wechat_trade_bill_202503.csv").read_bytes().decode("utf-8-sig")


def older_alipay(trade: str, refund: str | None = None) -> bytes:
    lines = ALIPAY.split("\r\n")
    at = next(i for i, text in enumerate(lines) if text.startswith("#交易合计"))
    lines[at] = trade
    if refund is not None:
        lines.insert(at + 1, refund)
    return "\r\n".join(lines).encode("gbk")


def test_the_older_alipay_footer_wording_is_read_and_checked() -> None:
    current = parse_statement(ALIPAY.encode("gbk"), tz=TZ)
    older = parse_statement(older_alipay(
        "#交易合计：13笔，交易金额共2009.30元，优惠金额共0.00元",
        "#退款合计：0笔，交易退款金额共0.00元，优惠退款金额共0.00元"), tz=TZ)
    assert older.lines == current.lines
    assert older.declared["交易交易金额"] == "2009.30"
    assert older.declared["退款优惠金额"] == "0.00"
    assert current.declared["交易商家实收"] == "2009.30"  # the current wording still reads


@pytest.mark.parametrize(("trade", "code"), [
    ("#交易合计：13笔，交易金额共2009.31元，优惠金额共0.00元", "statement.footer_mismatch"),
    ("#交易合计：12笔，交易金额共2009.30元，优惠金额共0.00元", "statement.footer_mismatch"),
    ("#交易合计：13笔，优惠金额共0.00元", "statement.footer_unreadable"),
])
def test_an_older_alipay_footer_that_disagrees_is_refused(trade: str, code: str) -> None:
    data = older_alipay(trade)
    with pytest.raises(BadInput) as caught:
        parse_statement(data, tz=TZ)
    assert caught.value.code == code
    footer = next(n for n, text in enumerate(data.decode("gbk").split("\r\n"), start=1)
                  if text.startswith("#交易合计"))
    assert f"Line {footer}" in caught.value.render("en")


def test_a_wechat_count_written_with_a_zero_decimal_is_a_count() -> None:
    bill = parse_statement(WECHAT.replace("`40,`8207.00", "`40.0,`8207.00").encode(), tz=TZ)
    assert len(bill.lines) == 40 and bill.declared["总交易单数"] == "40.0"
    for written, why in (("40.5", "a count is a whole number"), ("4O", "it is not a number")):
        data = WECHAT.replace("`40,`8207.00", f"`{written},`8207.00").encode()
        with pytest.raises(BadInput) as caught:
            parse_statement(data, tz=TZ)
        english = caught.value.render("en")
        assert caught.value.code == "statement.count"
        assert f"“{written}” is not a count of rows ({why})" in english
        assert caught.value.render("zh_CN") != english  # translated
    wrong = WECHAT.replace("`40,`8207.00", "`41.0,`8207.00").encode()
    with pytest.raises(BadInput) as caught:
        parse_statement(wrong, tz=TZ)
    assert caught.value.code == "statement.footer_mismatch"
