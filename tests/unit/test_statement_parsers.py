"""The month's statements as the reconciliation reads them: the three sample files (synthetic
data in the real formats, tests/data/statements/EXPECTED.md), the same bank statement as XLSX,
an acquirer's file through a saved column mapping, and broken files refused with the line and
the reason."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from pos.adapters.spreadsheets import xlsx_rows
from pos.domain.errors import BadInput
from pos.domain.quantities import Money
from pos.domain.statements.detect import parse_rows, parse_statement
from pos.domain.statements.mapping import ColumnMapping
from pos.domain.statements.model import LineKind, Source, StatementFile, StatementLine

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"
TZ = ZoneInfo("Asia/Shanghai")
WECHAT = (DATA / "wechat_trade_bill_202503.csv").read_bytes()
ALIPAY = (DATA / "alipay_business_detail_202503.csv").read_bytes()
BANK = (DATA / "bank_statement_202503.csv").read_bytes()


def parse(data: bytes, **options: object) -> StatementFile:
    return parse_statement(data, tz=TZ, **options)  # type: ignore[arg-type]


def refused(data: bytes, code: str, line: int | None = None, **options: object) -> BadInput:
    with pytest.raises(BadInput) as caught:
        parse(data, **options)
    assert caught.value.code == code, caught.value
    english = caught.value.render("en")
    if line is not None:
        assert f"Line {line}" in english or f"line {line}" in english, english
    assert caught.value.render("zh_CN") != english  # translated
    return caught.value


def line_of(data: bytes, needle: str, encoding: str = "utf-8-sig") -> int:
    lines = data.decode(encoding).splitlines()
    return next(number for number, text in enumerate(lines, start=1) if needle in text)


def edit(data: bytes, old: str, new: str, encoding: str = "utf-8-sig") -> bytes:
    text = data.decode(encoding)
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1).encode(encoding)


def total(lines: tuple[StatementLine, ...], attribute: str = "amount") -> Money:
    return Money(sum(getattr(line, attribute).fen for line in lines))


# --- the samples --------------------------------------------------------------------------


def test_the_wechat_bill_matches_its_summary() -> None:
    bill = parse(WECHAT)
    assert (bill.source, bill.format, bill.encoding) == (Source.WECHAT, "wechat-all", "utf-8-sig")
    assert bill.account == "1601234567"
    assert len(bill.lines) == int(bill.declared["总交易单数"]) == 40
    payments = [ln for ln in bill.lines if ln.kind is LineKind.PAYMENT]
    refunds = [ln for ln in bill.lines if ln.kind is LineKind.REFUND]
    assert (len(payments), len(refunds)) == (38, 2)
    assert str(total(tuple(payments))) == bill.declared["应结订单总金额"] == "8207.00"
    assert str(-total(tuple(refunds))) == bill.declared["退款总金额"] == "226.40"
    assert total(bill.lines, "fee") == Money(1596)  # 手续费总金额 15.96000
    assert len({ln.identity for ln in bill.lines}) == 40
    assert all("`" not in ln.identity and "`" not in "".join(c for _, c in ln.raw)
               for ln in bill.lines)


def test_wechat_refund_rows_are_negative_and_give_the_fee_back() -> None:
    bill = parse(WECHAT)
    first = next(ln for ln in bill.lines if ln.refund_no == "RF202503060001")
    assert first.kind is LineKind.REFUND
    assert (first.amount, first.fee, first.status) == (Money(-14150), Money(-28), "SUCCESS")
    assert first.identity == \
        "4200002504202503063087987545|REFUND|50300013202503068863068250354"
    assert first.provider_refund_ref == "50300013202503068863068250354"
    assert first.order_no == "GS202503060001"
    paid = next(ln for ln in bill.lines if ln.provider_ref == first.provider_ref
                and ln.kind is LineKind.PAYMENT)
    assert paid.identity == "4200002504202503063087987545|SUCCESS|"
    assert (paid.amount, paid.fee) == (Money(14150), Money(28))
    assert paid.net == Money(14122)


def test_the_processing_refund_is_kept_with_its_status() -> None:
    bill = parse(WECHAT)
    processing = [ln for ln in bill.lines if ln.status == "PROCESSING"]
    assert len(processing) == 1
    row = processing[0]
    assert row.line_no == line_of(WECHAT, "PROCESSING")
    assert (row.kind, row.amount, row.fee) == (LineKind.REFUND, Money(-8490), Money(-17))
    assert row.refund_no == "RF202503240001"
    assert row.occurred_at == datetime(2025, 3, 24, 14, 3, 18, tzinfo=TZ)
    assert ("退款状态", "PROCESSING") in row.raw and ("交易状态", "REFUND") in row.raw


def test_a_wechat_fee_is_exact_and_keeps_its_five_decimals_in_the_evidence() -> None:
    bill = parse(WECHAT)
    first = bill.lines[0]
    assert (first.line_no, first.fee, first.amount) == (2, Money(11), Money(5660))
    assert ("手续费", "0.11000") in first.raw
    assert first.value_date == date(2025, 3, 1)
    assert first.memo == "IC卡购气20方 户号:330185085029" and first.terminal == "POS-01"


def test_a_fee_stated_in_fractions_of_a_fen_rounds_half_up() -> None:
    data = edit(WECHAT, "`0.11000,", "`0.11500,")
    data = edit(data, "`15.96000,", "`15.96500,")
    bill = parse(data)
    assert bill.lines[0].fee == Money(12)
    assert ("手续费", "0.11500") in bill.lines[0].raw


def test_the_alipay_bill_matches_its_totals() -> None:
    bill = parse(ALIPAY)
    assert (bill.source, bill.format, bill.encoding) == (Source.ALIPAY, "alipay-detail", "gbk")
    assert bill.account == "20880000000012340156"
    assert bill.period == (date(2025, 3, 1), date(2025, 3, 31))
    assert len(bill.lines) == 13 and bill.declared["交易笔数"] == "13"
    assert all(ln.kind is LineKind.PAYMENT and ln.status == "交易" for ln in bill.lines)
    assert str(total(bill.lines)) == bill.declared["交易商家实收"] == "2009.30"
    assert total(bill.lines, "fee") == Money(401)  # 服务费 is negative in the file: kept
    first = bill.lines[0]
    assert first.identity == "2025030122001685455503023847|交易|"
    assert (first.amount, first.fee, first.order_no) == (Money(5660), Money(11), "GS202503010003")
    assert first.line_no == line_of(ALIPAY, "2025030122001685455503023847", "gbk")
    assert first.occurred_at == datetime(2025, 3, 1, 14, 7, 52, tzinfo=TZ)  # 完成时间
    assert all("\t" not in ln.identity and ln.terminal in ("POS-01", "POS-02")
               for ln in bill.lines)


def test_the_bank_statement_matches_its_footer_and_balances() -> None:
    statement = parse(BANK)
    assert (statement.source, statement.format, statement.encoding) == \
        (Source.BANK, "bank-csv", "gbk")
    assert statement.account == "3301 0200 0100 0012 345"
    assert statement.period == (date(2025, 3, 1), date(2025, 4, 1))
    assert len(statement.lines) == 75
    assert all(ln.kind is LineKind.CREDIT and ln.fee == Money(0) for ln in statement.lines)
    assert str(total(statement.lines)) == "23144.27"
    assert statement.declared["贷方金额"] == "23,144.27"
    assert statement.lines[-1].balance == Money(7314427)
    assert len({ln.identity for ln in statement.lines}) == 75
    first = statement.lines[0]
    assert first.identity == first.provider_ref == "20250302071539000001"
    assert (first.line_no, first.amount, first.balance) == (5, Money(16946), Money(5016946))
    assert first.counterparty == "财付通支付科技有限公司"
    assert first.memo == "1601234567结算款 账单日20250301 微信支付结算"
    deposit = next(ln for ln in statement.lines if ln.memo and "JK20250317-01" in ln.memo)
    assert (deposit.value_date, deposit.amount) == (date(2025, 3, 18), Money(60750))
    # the month's last settlements arrive on April 1st, inside the stated period
    assert [ln.value_date for ln in statement.lines[-2:]] == [date(2025, 4, 1)] * 2


def test_a_bank_statement_may_list_the_newest_row_first() -> None:
    lines = BANK.split(b"\r\n")
    data = b"\r\n".join([*lines[:4], *reversed(lines[4:79]), *lines[79:]])
    statement = parse(data)
    assert statement.lines[0].line_no == 5 and statement.lines[0].value_date == date(2025, 4, 1)
    assert [ln.identity for ln in reversed(statement.lines)] == \
        [ln.identity for ln in parse(BANK).lines]


def test_without_serial_numbers_a_bank_row_is_known_by_its_facts() -> None:
    text = BANK.decode("gbk")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[3].index("交易流水号")
    stripped = [row[:header] + row[header + 1:] if len(row) > header and row[0] != "借方笔数："
                else row for row in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(stripped)
    statement = parse(out.getvalue().encode("gbk"))
    first = statement.lines[0]
    assert first.identity == ("2025-03-02|07:15:39|169.46|财付通支付科技有限公司|"
                              "1601234567结算款 账单日20250301 微信支付结算|50169.46")
    assert len({ln.identity for ln in statement.lines}) == 75


# --- spreadsheets and other encodings -----------------------------------------------------


def _bank_workbook() -> bytes:
    rows = list(csv.reader(io.StringIO(BANK.decode("gbk"), newline="")))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    money_columns = {5, 6, 7}  # 借方发生额, 贷方发生额, 余额
    for number, row in enumerate(rows, start=1):
        for column, text in enumerate(row, start=1):
            value: str | float | datetime | time = text
            if number > 4 and row[0].isdigit():
                if column - 1 in money_columns and text:
                    value = float(text.replace(",", ""))
                elif column == 1:
                    value = datetime.strptime(text, "%Y%m%d")
                elif column == 2:
                    value = time.fromisoformat(text)
            elif text.replace(",", "").replace(".", "").isdigit() and "," in text:
                value = float(text.replace(",", ""))  # 期初余额, the footer's sums
            sheet.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_bank_statement_as_xlsx_parses_to_the_same_lines() -> None:
    data = _bank_workbook()
    with pytest.raises(BadInput) as caught:
        parse(data)
    assert caught.value.code == "statement.spreadsheet"
    rows = xlsx_rows(data)
    assert rows[4][:2] == ["2025-03-02", "07:15:39"] and rows[4][6:8] == ["169.46", "50169.46"]
    statement = parse_rows(rows, tz=TZ)
    assert (statement.format, statement.encoding) == ("bank-xlsx", "xlsx")
    from_csv = parse(BANK)
    assert [replace(ln, raw=()) for ln in statement.lines] == \
        [replace(ln, raw=()) for ln in from_csv.lines]
    assert statement.account == from_csv.account and statement.period == from_csv.period


def test_an_unreadable_workbook_is_refused() -> None:
    with pytest.raises(BadInput) as caught:
        xlsx_rows(b"PK\x03\x04 not really a zip")
    assert caught.value.code == "statement.xlsx_unreadable"


def test_a_gb18030_wechat_bill_parses() -> None:
    text = WECHAT.decode("utf-8-sig").replace("IC卡购气20方", "IC卡购气20方𠮷")
    bill = parse(text.encode("gb18030"))
    assert bill.encoding == "gb18030"
    assert len(bill.lines) == 40 and bill.lines[0].memo is not None
    assert "𠮷" in bill.lines[0].memo
    assert [ln.identity for ln in bill.lines] == [ln.identity for ln in parse(WECHAT).lines]


def test_a_utf8_alipay_bill_is_detected_as_utf8() -> None:
    bill = parse(ALIPAY.decode("gbk").encode("utf-8"))
    assert bill.encoding == "utf-8" and len(bill.lines) == 13


# --- an acquirer's file through a saved column mapping -------------------------------------

ACQUIRER = """\
银联商务 商户结算明细
商户编号：,898330149000123
清算日期,交易时间,终端号,卡号,交易类型,交易金额,手续费,参考号,凭证号,批次号
20250303,10:12:01,POS-01,6222****1234,消费,283.00,1.08,308310120001,000101,000003
20250303,11:40:22,POS-02,6217****9988,消费,141.50,0.54,308311400002,000102,000003
20250303,15:02:09,POS-01,6222****1234,退货,56.60,-0.22,308315020003,000103,000003
合计,,,,,367.90,1.40,,,
制表：系统
"""
MAPPING = ColumnMapping(
    name="unionpay-ums",
    source=Source.ACQUIRER,
    columns={"清算日期": "date", "交易时间": "time", "终端号": "terminal", "交易类型": "status",
             "交易金额": "amount", "手续费": "fee", "参考号": "provider_ref",
             "凭证号": "voucher"},
    identity=("provider_ref", "voucher"),
    date_format="%Y%m%d",
    refund_statuses=("退货",),
    total_label="合计",
)


def test_an_acquirer_file_parses_through_its_mapping() -> None:
    settlement = parse(ACQUIRER.encode("gbk"), mapping=MAPPING)
    assert (settlement.source, settlement.format) == (Source.ACQUIRER, "mapped:unionpay-ums")
    assert [ln.kind for ln in settlement.lines] == \
        [LineKind.PAYMENT, LineKind.PAYMENT, LineKind.REFUND]
    refund = settlement.lines[2]
    assert (refund.amount, refund.fee, refund.status) == (Money(-5660), Money(-22), "退货")
    assert (refund.identity, refund.line_no, refund.terminal) == \
        ("308315020003|000103", 6, "POS-01")
    assert refund.occurred_at == datetime(2025, 3, 3, 15, 2, 9, tzinfo=TZ)
    assert settlement.declared == {"交易金额": "367.90", "手续费": "1.40"}


def test_a_mapping_survives_json_and_reads_the_xlsx_export_too() -> None:
    stored = json.loads(json.dumps(MAPPING.to_dict()))
    again = ColumnMapping.from_dict(stored)
    assert again == MAPPING
    rows = [row.split(",") for row in ACQUIRER.splitlines()]
    rows[3][0] = "2025-03-03"  # a spreadsheet shows its dates its own way
    settlement = parse_rows(rows, format="csv", mapping=again, tz=TZ)
    assert settlement.lines[0].value_date == date(2025, 3, 3)
    assert len(settlement.lines) == 3 and settlement.encoding == "xlsx"


def test_a_mapping_that_cannot_read_a_file_is_refused() -> None:
    with pytest.raises(BadInput) as caught:
        ColumnMapping.from_dict({"name": "x", "source": "acquirer", "columns": {"金额": "amount"}})
    assert caught.value.code == "statement.mapping"
    with pytest.raises(BadInput) as caught:
        ColumnMapping.from_dict({**MAPPING.to_dict(), "identity": ["order_no"]})
    assert caught.value.code == "statement.mapping"
    with pytest.raises(BadInput) as caught:
        ColumnMapping.from_dict({**MAPPING.to_dict(), "source": "wechat"})
    assert caught.value.code == "statement.mapping"


def test_a_repeated_identical_row_is_kept_once_a_contradicting_one_is_refused() -> None:
    lines = ACQUIRER.splitlines(keepends=True)
    mapping = replace(MAPPING, total_label=None)
    twice = "".join([*lines[:4], lines[3], *lines[4:]])
    settlement = parse(twice.encode("gbk"), mapping=ColumnMapping.from_dict(mapping.to_dict()))
    assert len(settlement.lines) == 3
    contradicting = "".join([*lines[:4], lines[3].replace("283.00", "283.01"), *lines[4:]])
    error = refused(contradicting.encode("gbk"), "statement.duplicate_row",
                    mapping=ColumnMapping.from_dict(mapping.to_dict()))
    assert "Lines 4 and 5" in error.render("en")
    assert "308310120001|000101" in error.render("en")


# --- broken files -------------------------------------------------------------------------


def test_a_file_in_the_wrong_encoding_is_refused() -> None:
    error = refused(ALIPAY, "statement.header_missing", format="alipay", encoding="latin-1")
    assert "latin-1" in error.render("en")  # mojibake: the header cannot be found
    refused(ALIPAY, "statement.format_unknown", encoding="latin-1")
    utf8_alipay = ALIPAY.decode("gbk").encode("utf-8")
    refused(utf8_alipay, "statement.encoding", 1, format="alipay", encoding="gbk")
    refused(ALIPAY, "statement.encoding", 1, encoding="utf-8")
    refused(b"\x80\x81\xff\xfe\x00" * 10, "statement.encoding", 1)
    refused(ALIPAY, "statement.encoding", encoding="no-such-codec")


def test_a_missing_column_is_named() -> None:
    text = WECHAT.decode("utf-8-sig")
    out = []
    for row in csv.reader(io.StringIO(text, newline="")):
        out.append(row[:22] + row[23:] if len(row) == 27 else row)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(out)
    error = refused(buffer.getvalue().encode("utf-8-sig"), "statement.column_missing", 1)
    assert "手续费" in error.render("en")


def test_a_bad_amount_names_its_line_and_cell() -> None:
    data = edit(BANK, ',169.46,"50,169.46"', ',"12,3x.00","50,169.46"', "gbk")
    error = refused(data, "statement.amount", 5)
    assert "12,3x.00" in error.render("en") and "贷方发生额" in error.render("en")
    assert "第 5 行" in error.render("zh_CN")
    refused(edit(WECHAT, "`56.60,`0.00,`0,", "`56.6O,`0.00,`0,"), "statement.amount", 2)
    refused(edit(ALIPAY, ",-0.11,", ",-0.1a,", "gbk"), "statement.amount",
            line_of(ALIPAY, "2025030122001685455503023847", "gbk"), )


def test_a_bad_date_is_refused() -> None:
    refused(edit(BANK, "20250302,07:15:39", "20250230,07:15:39", "gbk"), "statement.date", 5)
    refused(edit(WECHAT, "`2025-03-01 10:29:01", "`2025-03-01 25:29:01"), "statement.date", 2)


def test_an_unknown_wechat_status_is_refused() -> None:
    # a garbled REFUND would agree with every summary figure as a payment of 0.00
    data = edit(WECHAT, "`MICROPAY,`REFUND,", "`MICROPAY,`REFUNE,")
    refused(data, "statement.status", line_of(WECHAT, "RF202503060001"))


def test_totals_that_disagree_with_the_rows_are_refused() -> None:
    footer = line_of(WECHAT, "`8207.00")
    refused(edit(WECHAT, "`40,`8207.00", "`40,`8207.01"), "statement.footer_mismatch", footer)
    refused(edit(WECHAT, "`15.96000", "`15.95000"), "statement.footer_mismatch", footer)
    alipay_footer = line_of(ALIPAY, "#交易合计", "gbk")
    refused(edit(ALIPAY, "13笔", "14笔", "gbk"), "statement.footer_mismatch", alipay_footer)
    refused(edit(ALIPAY, "共2009.30元", "共2009.40元", "gbk"), "statement.footer_mismatch",
            alipay_footer)
    bank_footer = line_of(BANK, "借方笔数", "gbk")
    refused(edit(BANK, "贷方笔数：,75", "贷方笔数：,74", "gbk"), "statement.footer_mismatch",
            bank_footer)
    refused(edit(BANK, '期末余额：,"73,144.27"', '期末余额：,"73,144.28"', "gbk"),
            "statement.footer_mismatch", bank_footer)


def test_a_cut_off_provider_bill_is_truncated_a_bank_file_need_not_have_a_footer() -> None:
    wechat = WECHAT[:WECHAT.index("总交易单数".encode())]
    refused(wechat, "statement.truncated", line_of(WECHAT, "`2025-03-31 16:56:34"))
    refused(WECHAT[:-30], "statement.truncated")  # cut inside the summary's values row
    alipay = ALIPAY[:ALIPAY.index("#---".encode("gbk"), 400)]
    refused(alipay, "statement.truncated")
    refused(ALIPAY[:ALIPAY.index(b",GS202503040002") + 5], "statement.truncated")  # in a row
    cut_character = ALIPAY[:ALIPAY.index("城东营业厅".encode("gbk")) + 3]
    refused(cut_character, "statement.truncated", line_of(ALIPAY, "2025030122001685455503023847",
                                                          "gbk"))
    refused(WECHAT[:WECHAT.index("IC卡".encode()) + 4], "statement.truncated", 2)
    bank = BANK[:BANK.index("借方笔数".encode("gbk"))]
    assert len(parse(bank).lines) == 75


def test_a_broken_balance_chain_is_refused() -> None:
    data = edit(BANK, '"50,225.95"', '"50,225.96"', "gbk")
    error = refused(data, "statement.balance_break", 6)
    assert "50225.95" in error.render("en")  # what it should have been
    missing_row = b"\r\n".join(
        line for line in BANK.split(b"\r\n") if b"20250303091159000003" not in line)
    refused(missing_row, "statement.balance_break", 7)  # the row after the missing one


def test_unknown_empty_and_spreadsheet_files_are_refused() -> None:
    error = refused("日期,金额\n2025-03-01,1.00\n".encode(), "statement.format_unknown")
    assert "--format" in error.render("en") and "--mapping" in error.render("en")
    assert "--mapping" in error.render("zh_CN")
    refused(b"", "statement.empty")
    refused(b"\xef\xbb\xbf\r\n\r\n", "statement.empty")
    refused(b"PK\x03\x04rest", "statement.spreadsheet")
    refused(WECHAT, "statement.format_unknown", format="pdf")
    refused(WECHAT, "statement.mapping_missing", format="csv")


def test_rows_after_the_totals_are_refused() -> None:
    data = WECHAT + b"`2025-03-31 16:56:34,`x\r\n"
    refused(data, "statement.row", line_of(WECHAT, "`8207.00") + 1)
