"""The daily report (收费日报) and the day-close slip (日结单) rendered three ways — receipt
paper, XLSX, PDF — from a report built out of hand-made journal entries on two counters: the
figures each rendering states are the report's, Chinese renders, and the close slip carries the
chain head in full and in its QR."""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from pos.domain.day.business_day import DayClose, DayState
from pos.domain.day.cash_count import CashCount
from pos.domain.day.report import EVENT_KEYS, DailyReport, DayInput, SaleFacts, build_report
from pos.domain.day.totals import day_totals
from pos.domain.journal import GENESIS_HASH, EntryKind, JournalDraft, JournalEntry, seal
from pos.domain.quantities import Money, Volume
from receipts.document import Document, DocumentKind
from receipts.escpos import render
from receipts.facts import Letterhead
from receipts.preview import MARGIN, NoCjkFont, as_png, as_text
from receipts.profiles import profile
from receipts.reports.labels import EVENTS
from receipts.reports.pdf import DEFAULT_FONT, daily_report_pdf
from receipts.reports.printed import close_slip, daily_report, day_close_qr
from receipts.reports.xlsx import daily_report_xlsx
from tests.support.escpos_decoder import decode

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BEIJING = timezone(timedelta(hours=8))
DAY = date(2026, 11, 27)
HEAD = Letterhead("演示燃气有限公司", "城东营业厅", "01", "1号窗口", "0632-7791579",
                  "0632-7791579")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 27, hour, minute, tzinfo=BEIJING)


def m(text: str) -> Money:
    """``"-560.00"`` → ``Money(-56000)`` (parsing refuses a sign: a person never types one)."""
    return -Money.parse(text[1:]) if text.startswith("-") else Money.parse(text)


def v(text: str) -> Volume:
    return -Volume.parse(text[1:]) if text.startswith("-") else Volume.parse(text)


# (counter, hour, kind, sale, channel, amount, volume, details)
MOVES: list[tuple[str, int, EntryKind, str | None, str | None, str, str, dict[str, Any]]] = [
    ("01", 9, EntryKind.ADVANCE_RECEIPT, "S1", "cash", "1288.00", "0", {}),
    ("01", 9, EntryKind.SALE, "S1", None, "1288.00", "450", {}),
    ("01", 10, EntryKind.ADVANCE_RECEIPT, "S2", "wechat", "280.00", "0", {}),
    ("01", 10, EntryKind.SALE, "S2", None, "280.00", "100", {}),
    ("01", 10, EntryKind.FEE, None, "cash", "10.00", "0", {"reason": "replacement card"}),
    ("01", 11, EntryKind.ADVANCE_RECEIPT, "S3", "unionpay", "560.00", "0", {}),
    ("01", 11, EntryKind.SALE, "S3", None, "560.00", "200", {}),
    ("01", 11, EntryKind.REVERSAL, "S3", None, "-560.00", "-200", {}),
    ("01", 11, EntryKind.REFUND, "S3", "unionpay", "-560.00", "0", {}),
    ("02", 14, EntryKind.ADVANCE_RECEIPT, "S4", "alipay", "347.20", "0", {}),
    ("02", 14, EntryKind.SALE, "S4", None, "347.20", "120", {}),
    ("02", 15, EntryKind.ADVANCE_RECEIPT, "S5", "cash", "100.00", "0", {}),
    ("02", 15, EntryKind.REFUND, "S5", "cash", "-100.00", "0", {}),
    ("02", 16, EntryKind.ADVANCE_RECEIPT, "S6", "cash", "840.00", "0", {}),
    ("02", 16, EntryKind.SALE, "S6", None, "840.00", "300", {"rewritten": True}),
]
SALES = {
    "S1": SaleFacts("S1", "1001", "residential", ((1, v("400"), m("1120.00")),
                                                  (2, v("50"), m("168.00")))),
    "S2": SaleFacts("S2", "1001", "residential", ((1, v("100"), m("280.00")),)),
    "S3": SaleFacts("S3", "1001", "commercial", ((1, v("200"), m("560.00")),)),
    "S4": SaleFacts("S4", "1002", "commercial", ((1, v("100"), m("280.00")),
                                                 (2, v("20"), m("67.20")))),
    "S6": SaleFacts("S6", "1002", "heating", ((1, v("300"), m("840.00")),)),
}
COUNT_01 = CashCount.of({10000: 17, 5000: 1, 2000: 2, 500: 1, 100: 1})  # 1796.00


def entries() -> list[JournalEntry]:
    chain: list[JournalEntry] = []
    for counter, hour, kind, sale, channel, amount, volume, details in MOVES:
        draft = JournalDraft(
            kind=kind, at=at(hour, len(chain)), business_date=DAY, counter_no=counter,
            account_no="370402000001", sale_no=sale, channel=channel, amount=m(amount),
            volume=v(volume), details=details)
        chain.append(seal(draft, seq=len(chain) + 1,
                          prev_hash=chain[-1].hash if chain else GENESIS_HASH))
    return chain


@pytest.fixture(scope="module")
def chain() -> list[JournalEntry]:
    return entries()


@pytest.fixture(scope="module")
def report(chain: list[JournalEntry]) -> DailyReport:
    return make_report(chain)


@pytest.fixture(scope="module")
def close(chain: list[JournalEntry]) -> DayClose:
    return make_close(chain)


def make_report(chain: list[JournalEntry]) -> DailyReport:
    first = tuple(e for e in chain if e.counter_no == "01")
    second = tuple(e for e in chain if e.counter_no == "02")
    return build_report(
        company=HEAD.company, hall=HEAD.hall, business_date=DAY, generated_at=at(18, 30),
        generated_by="2001", sales=SALES,
        days=[DayInput("01", DayState.CLOSED, m("500.00"), first, counted=COUNT_01.total,
                       over_short_reason="找零差错", kept_float=m("500.00"),
                       chain_head=first[-1].hash),
              DayInput("02", DayState.OPEN, m("300.00"), second)],
        events={"replacement_card": 1, "first_card": 2, "first_use": 2},
        hour_of={e.seq: e.at.hour for e in chain})


def make_close(chain: list[JournalEntry]) -> DayClose:
    first = [e for e in chain if e.counter_no == "01"]
    totals = day_totals(first)
    return DayClose("01", DAY, at(18, 5), "2001", m("500.00"),
                    totals.expected_cash(m("500.00")), COUNT_01.total, m("500.00"),
                    first[-1].seq, first[-1].hash, totals)


def test_the_report_under_test_has_what_the_renderings_must_show(report: DailyReport) -> None:
    # five sales, one of them (200 m³, 560.00) voided the same day: the report is net
    assert (report.sales.count, str(report.sales.volume), str(report.sales.amount)) == (
        4, "970.00", "2755.20")
    assert str(report.money_in) == "2765.20"
    assert [str(c.expected) for c in report.cash] == ["1798.00", "1140.00"]
    assert report.cash[0].over_short == -m("2.00")
    assert set(EVENTS) == set(EVENT_KEYS)


# --------------------------------------------------------------------------- XLSX


def rows(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def yuan(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def total_row(sheet: Worksheet) -> list[Any]:
    [found] = [row for row in rows(sheet) if row[0] == "合计"]
    return found


def test_the_workbook_states_the_reports_figures_as_numbers(report: DailyReport) -> None:
    book = load_workbook(BytesIO(daily_report_xlsx(HEAD, report)))
    assert book.sheetnames == ["汇总", "按收费员", "按支付渠道", "按用气类别", "按阶梯",
                               "业务事项", "分时段收款"]
    channels = book["按支付渠道"]
    body = rows(channels)[1:-1]
    assert {r[1]: yuan(r[3]) for r in body} == {
        "cash": Decimal("2138.00"), "unionpay": Decimal("0.00"), "wechat": Decimal("280.00"),
        "alipay": Decimal("347.20")}
    assert [r[0] for r in body] == ["现金", "银行卡", "微信支付", "支付宝"]
    assert yuan(total_row(channels)[3]) == sum(yuan(r[3]) for r in body) == Decimal("2765.20")

    clerks = book["按收费员"]
    assert total_row(clerks)[1:] == [4, pytest.approx(970.0), pytest.approx(2755.2)]
    assert yuan(total_row(book["按阶梯"])[3]) == Decimal("2755.20")
    assert total_row(book["按阶梯"])[1] is None  # tiers' counts overlap
    hourly = total_row(book["分时段收款"])
    assert yuan(hourly[-1]) == Decimal("3425.20")  # money in: refunds are not in the hours

    summary = rows(book["汇总"])
    [sales] = [r for r in summary if r[0] == "售气"]
    assert (sales[1], yuan(sales[2]), yuan(sales[3])) == (4, Decimal("970.00"),
                                                          Decimal("2755.20"))
    [first] = [r for r in summary if r[0] == "01"]
    assert [yuan(x) for x in first[2:10]] == [Decimal(x) for x in (
        "500.00", "1298.00", "0.00", "1798.00", "1796.00", "-2.00", "500.00", "1296.00")]
    assert first[10:] == ["找零差错", report.cash[0].chain_head]
    [second] = [r for r in summary if r[0] == "02"]
    assert second[6:10] == [None, None, None, None]  # not counted yet
    cash_total = summary[summary.index(second) + 1]
    assert cash_total[0] == "合计"
    assert yuan(cash_total[5]) == Decimal("2938.00")
    assert cash_total[6:10] == [None] * 4  # counter 02 has not counted: no hall total yet


def test_the_workbook_is_formatted_for_people_and_holds_no_formulas(
        report: DailyReport) -> None:
    book = load_workbook(BytesIO(daily_report_xlsx(HEAD, report)))
    for sheet in book.worksheets:
        assert sheet.freeze_panes in ("A2", "A3")
        assert all(not (isinstance(c.value, str) and c.value.startswith("="))
                   for row in sheet.iter_rows() for c in row)
        assert sheet.column_dimensions["A"].width >= 10
    clerks = book["按收费员"]
    assert clerks["A1"].font.b and clerks.freeze_panes == "A2"
    assert clerks["D2"].number_format == "0.00" and clerks["C2"].number_format == "0.00"
    assert isinstance(clerks["D2"].value, float | int)
    english = load_workbook(BytesIO(daily_report_xlsx(HEAD, report, "en")))
    assert english.sheetnames[0] == "Summary"


# --------------------------------------------------------------------------- PDF


def render_pdf(pdf: bytes, path: Path) -> tuple[Image.Image, str]:
    """Page 1 as a picture (QtPdf, i.e. pdfium; saved at ``path``) and the text of every page
    as a reader extracts it."""
    from PySide6.QtPdf import QPdfDocument

    from pos.ui.qt import QBuffer, QByteArray, QGuiApplication, QIODevice, QSize

    _app = QGuiApplication.instance() or QGuiApplication([])
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    size = document.pagePointSize(0)
    image = document.render(0, QSize(int(size.width() * 2), int(size.height() * 2)))
    image.save(str(path))
    text = "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))
    document.close()
    return Image.open(path).convert("L"), text


@pytest.mark.skipif(not DEFAULT_FONT.exists(), reason="fonts-wqy-microhei is not installed")
def test_the_pdf_is_a4_with_chinese_text(report: DailyReport, tmp_path: Path,
                                         caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        pdf = daily_report_pdf(HEAD, report)
    assert pdf.startswith(b"%PDF")
    assert not [r for r in caplog.records if "missing" in r.getMessage()], "glyphs missing"
    picture, text = render_pdf(pdf, tmp_path / "daily_report_page1.png")
    assert picture.size == (1190, 1683)  # A4, 595.3 × 841.9 pt, at 144 dpi
    assert min(picture.tobytes()) < 64  # something is printed
    for expected in ("收费日报", "演示燃气有限公司", "2026-11-27", "按支付渠道", "微信支付",
                     "2755.20", "2765.20", "1798.00", "找零差错", "长款(+)/短款(-)"):
        assert expected in text, expected
    assert daily_report_pdf(HEAD, report, "en").startswith(b"%PDF")


def test_a_missing_font_is_named(report: DailyReport, tmp_path: Path) -> None:
    with pytest.raises(NoCjkFont, match=r"no-such-font\.ttc"):
        daily_report_pdf(HEAD, report, font=tmp_path / "no-such-font.ttc")


# --------------------------------------------------------------------------- paper


def paper_text(document: Document, paper: str = "58mm") -> str:
    return decode(render(document, profile(paper))).text


def value(text: str, label: str) -> str:
    """The value printed right of ``label`` (first such line)."""
    for row in text.splitlines():
        if row.startswith(label) and row[len(label):][:1] in (" ", ""):
            return row[len(label):].strip()
    raise AssertionError(f"no line {label!r} in\n{text}")


def test_the_printed_daily_report_states_the_figures(report: DailyReport,
                                                     tmp_path: Path) -> None:
    document = daily_report(HEAD, report)
    assert document.kind is DocumentKind.DAILY_REPORT
    assert Document.from_json(document.to_json()) == document
    for paper in ("58mm", "80mm"):
        text = paper_text(document, paper)
        assert "收费日报" in text and "城东营业厅 1号窗口" in text
        assert value(text, "营业日") == "2026-11-27"
        assert "未日清" in text  # counter 02 is still open
        assert value(text, "购气次数") == "4"
        assert value(text, "购气量") == "970.00立方米"
        assert value(text, "金额（元）") == "￥2755.20"
        assert value(text, "净收款合计") == "￥2765.20"
        assert value(text, "收费员 1001") == "2笔    1568.00"  # 1001 sold 3, one voided
        assert value(text, "现金") == "4笔    2138.00"  # the refund is no payment
        assert value(text, "第2档") == "2笔     235.20"
        assert value(text, "冲正") == "1笔    -560.00"
        assert value(text, "补写卡") == "1笔     840.00"
        assert value(text, "补卡") == "1笔       0.00"
        assert "长短款" not in text and "抹零" not in text  # nothing happened: no row
        assert value(text, "应有现金") == "1798.00"
        assert value(text, "长款(+)/短款(-)") == "-2.00"
        assert value(text, "应缴款") == "1296.00"
        assert value(text, "账本链头") == (report.cash[0].chain_head or "")[:16]
        assert text.count("账本链头") == 1  # the open counter has none yet
        assert "未点钞" in text
    as_png(document, profile("58mm"), tmp_path / "daily-report-58mm.png")
    assert "[QR]" not in as_text(document, profile("58mm"))


def test_the_close_slip_carries_the_chain_head_and_its_qr(close: DayClose,
                                                          tmp_path: Path) -> None:
    document = close_slip(HEAD, close, COUNT_01)
    assert document.kind is DocumentKind.DAY_CLOSE
    printout = decode(render(document, profile("58mm")))
    text = printout.text
    assert "日结单" in text
    assert value(text, "窗口") == "01"
    assert value(text, "日清时间") == "2026-11-27 18:05:00"
    assert value(text, "100元 × 17") == "1700.00"
    assert value(text, "1元 × 1") == "1.00"
    assert value(text, "实点现金") == "1796.00"
    assert value(text, "应有现金") == "1798.00"
    assert value(text, "长款(+)/短款(-)") == "-2.00"
    assert value(text, "留存备用金") == "500.00"
    assert value(text, "应缴款") == "1296.00"
    assert value(text, "现金") == "1298.00"
    assert value(text, "银行卡") == "0.00"
    assert value(text, "微信支付") == "280.00"
    assert value(text, "合计") == "1578.00"
    lines = [line.strip() for line in text.splitlines()]
    assert close.chain_head[:32] in lines and close.chain_head[32:] in lines
    qr = f"GPDAY|01|2026-11-27|{close.chain_head}"
    assert day_close_qr(close) == qr
    assert printout.decoded_qr() == [qr]
    native = decode(render(document, profile("80mm", native_qr=True)))
    assert native.qr_codes == [qr]
    assert "收款员：" in text and "复核：" in text
    picture = as_png(document, profile("58mm"), tmp_path / "close-slip-58mm.png")
    assert Image.open(picture).size[0] == profile("58mm").dots + 2 * MARGIN


def test_the_close_slip_refuses_a_count_that_is_not_the_close(close: DayClose) -> None:
    with pytest.raises(ValueError, match=r"1795\.00"):
        close_slip(HEAD, close, CashCount.of({10000: 17, 5000: 1, 2000: 2, 500: 1}))


def test_english_renderings(report: DailyReport, close: DayClose) -> None:
    text = paper_text(daily_report(HEAD, report, "en"), "80mm")
    assert "Daily report" in text and "WeChat Pay" in text
    assert "Day-close slip" in paper_text(close_slip(HEAD, close, COUNT_01, "en"), "80mm")
