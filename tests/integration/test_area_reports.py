"""Reports above one counter on the real stack: two halls of two counters, days of sales,
voids, refunds, closes and deposit slips (tests/support/halls.py).  The company's figures are
the halls' closed days, a hall's its counters', the month lists every close and slip, and the
queries do not grow with the days and counters."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, event

from pos.domain.day.totals import day_totals
from pos.domain.errors import BadInput, NotFound, Refused
from pos.domain.journal import EntryKind
from pos.domain.quantities import Money, Volume
from pos.domain.reports.takings import AreaReport, Figures
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from pos.services.day import area_reports, closing
from pos.services.day.daily_reports import ReportFormat
from receipts.reports.pdf import DEFAULT_FONT
from tests.support.clock import FixedClock
from tests.support.command import gaspos
from tests.support.halls import CLOSED_DATES, HALLS, OPEN_DATE, Halls, two_halls
from tests.support.services import TEST_PASSWORD, make_services

MONTH = "2026-11"


@pytest.fixture(scope="module")
def halls(tmp_path_factory: pytest.TempPathFactory) -> Halls:
    """Built once for the module (the reports only read)."""
    home = tmp_path_factory.mktemp("halls")
    clock = FixedClock("2026-11-25T09:00:00")
    svc = make_services(f"sqlite:///{home / 'ledger.sqlite'}", clock, home=home / "counter")
    return two_halls(svc, home, clock)


def month(halls: Halls, hall: str | None = None) -> AreaReport:
    return area_reports.month_report(halls.svc, halls.finance, MONTH, hall)


def stored_closes(svc: Services) -> Figures:
    """What the cashiers closed, read through the days' own repository."""
    with svc.uow() as uow:
        return figures_of_closes([close for _, close in uow.days.closes()])


def figures_of_closes(closes: list[object]) -> Figures:
    result = Figures()
    for close in closes:
        result = result.plus(close.totals)  # type: ignore[attr-defined]
    return result


def stored_kind(svc: Services, kind: EntryKind) -> Money:
    with svc.uow() as uow:
        return sum((close.totals.kind(kind).amount for _, close in uow.days.closes()
                    if close is not None), Money(0))


def same(a: Figures, b: Figures) -> None:
    assert (a.days, a.sales, a.voids, a.refunds, dict(a.by_channel), a.cash_in, a.cash_out,
            a.over_short) == (b.days, b.sales, b.voids, b.refunds, dict(b.by_channel),
                              b.cash_in, b.cash_out, b.over_short)


def test_the_company_month_is_the_sum_of_the_halls_closed_days(halls: Halls) -> None:
    company = month(halls)
    same(company.closed, stored_closes(halls.svc))  # every closed day, as the cashiers closed
    by_hall = [month(halls, code) for code in HALLS]
    total = Figures()
    for hall in by_hall:
        for day in (d for d in hall.days if d.closed):
            total = total.plus(day.totals)
    same(company.closed, total)
    assert [row.key for row in company.by_hall] == ["H1", "H2"]
    for row, hall in zip(company.by_hall, by_hall, strict=True):
        same(row.figures, hall.closed)
    assert company.closed.days == 8
    assert (company.closed.sales.count, str(company.closed.sales.volume),
            str(company.closed.sales.amount)) == (14, "116.00", "324.80")
    assert (company.closed.voids.count, str(company.closed.voids.amount)) == (2, "-11.20")
    assert (company.closed.refunds.count, str(company.closed.refunds.amount)) == (4, "-17.20")
    assert {k: str(v) for k, v in company.closed.by_channel.items()} == {
        "cash": "235.20", "wechat": "72.80", "alipay": "16.80"}
    assert str(company.closed.takings) == "324.80"
    assert str(company.closed.over_short) == "-0.50"


def test_a_hall_is_the_sum_of_its_counters_and_a_day_of_its_halls(halls: Halls) -> None:
    for code, counters in HALLS.items():
        hall = month(halls, code)
        assert [row.key for row in hall.by_counter] == list(counters)
        same(figures_of_rows(hall.by_counter), hall.closed)
        same(figures_of_rows(hall.by_day), hall.closed)
        assert {d.hall_code for d in hall.days} == {code}
    day = area_reports.day_report(halls.svc, halls.finance, CLOSED_DATES[0])
    same(figures_of_rows(day.by_hall), day.closed)
    assert day.chart == tuple((row.key, row.figures.takings) for row in day.by_hall)
    assert [str(m) for _, m in day.chart] == ["70.00", "86.80"]
    one_hall = area_reports.day_report(halls.svc, halls.finance, CLOSED_DATES[0], "H1")
    assert [key for key, _ in one_hall.chart] == ["01", "02"]


def figures_of_rows(rows: object) -> Figures:
    total = Figures()
    for row in rows:  # type: ignore[attr-defined]
        f = row.figures
        total = Figures(total.days + f.days, total.sales.plus(f.sales.count, f.sales.volume,
                                                               f.sales.amount),
                        total.voids.plus(f.voids.count, f.voids.volume, f.voids.amount),
                        total.refunds.plus(f.refunds.count, f.refunds.volume,
                                           f.refunds.amount),
                        {k: total.by_channel.get(k, Money(0)) + f.by_channel.get(k, Money(0))
                         for k in {*total.by_channel, *f.by_channel}},
                        total.cash_in + f.cash_in, total.cash_out + f.cash_out,
                        total.over_short + f.over_short)
    return total


def test_the_figures_agree_with_the_journal_and_ledger_verify(halls: Halls) -> None:
    svc = halls.svc
    verified = verify_ledger(svc)
    assert verified.intact and verified.days_checked == 8
    company = month(halls)
    with svc.uow() as uow:
        for day in company.days:
            entries = uow.journal.day_entries(day.counter_no, day.business_date)
            assert day.totals == day_totals(entries), (day.counter_no, day.business_date)
    for lines in (company.by_category, company.by_tier):
        assert sum((line.amount for line in lines), Money(0)) == company.closed.sales.amount
        assert sum((line.volume for line in lines), Volume(0)) == company.closed.sales.volume
    assert [line.key for line in company.by_category] == ["residential"]
    assert company.by_category[0].count == company.closed.sales.count
    sale = company.closed.sales
    stored = stored_closes(svc)
    assert sale.amount == sum((stored_kind(svc, kind) for kind in (EntryKind.SALE,
                                                                   EntryKind.REVERSAL)),
                              Money(0)) == stored.sales.amount


def test_a_day_not_closed_is_shown_apart_and_never_in_the_totals(halls: Halls) -> None:
    company = month(halls)
    waiting = company.not_closed_days
    assert [(d.counter_no, d.business_date, d.state.value) for d in waiting] == [
        ("01", OPEN_DATE, "open"), ("03", OPEN_DATE, "settled")]
    assert (company.not_closed.sales.count, str(company.not_closed.takings)) == (2, "30.80")
    assert {k: str(v) for k, v in company.not_closed.by_channel.items()} == {
        "cash": "19.60", "wechat": "11.20"}
    open_day = closing.day_view(halls.at("01").svc, "01")
    assert waiting[0].totals == open_day.totals
    today = area_reports.day_report(halls.svc, halls.finance, OPEN_DATE)
    assert today.closed == Figures() and today.by_category == () and today.by_tier == ()
    text = area_reports.render(halls.svc, today, ReportFormat.TXT).decode()
    assert "2 个窗口营业日尚未日清" in text and "未日清" in text


def test_the_month_lists_every_day_close_and_deposit_slip(halls: Halls) -> None:
    company = month(halls)
    closes = [(d.business_date, d.hall_code, d.counter_no) for d in company.days if d.closed]
    assert closes == [(day, hall, no) for day in CLOSED_DATES for hall, counters in HALLS.items()
                      for no in counters]
    short = next(d for d in company.days if (d.counter_no, d.business_date) == (
        "04", CLOSED_DATES[1]))
    assert (short.closed_by, str(short.expected), str(short.counted), str(short.over_short),
            str(short.deposit_due)) == ("3001", "130.80", "130.30", "-0.50", "30.30")
    assert short.closed_at is not None and short.closed_at.hour == 18  # local time
    assert [(d.slip_no, str(d.amount), d.days) for d in company.deposits] == [
        ("JK20261125-01", "56.00", (("01", CLOSED_DATES[0]), ("02", CLOSED_DATES[0]))),
        ("JK20261125-02", "56.00", (("03", CLOSED_DATES[0]), ("04", CLOSED_DATES[0])))]
    assert all(d.due == d.amount for d in company.deposits)
    assert [d.slip_no for d in month(halls, "H2").deposits] == ["JK20261125-02"]


def test_xlsx_reads_back_with_its_chart(halls: Halls) -> None:
    data = area_reports.render(halls.svc, month(halls), ReportFormat.XLSX)
    book = openpyxl.load_workbook(BytesIO(data))
    assert book.sheetnames[:4] == ["汇总", "按营业厅", "按窗口", "按日"]
    summary = book["汇总"]
    assert summary["A1"].value == "测试燃气有限公司"
    assert len(summary._charts) == 1  # the bar chart of takings by day
    rows = list(summary.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "按日营业额（已日清）")
    assert rows[header + 25][1] == pytest.approx(156.80) and str(rows[header + 25][0]) == "25"
    halls_sheet = list(book["按营业厅"].iter_rows(values_only=True))
    assert halls_sheet[1][:2] == ("H1", "测试营业厅") and halls_sheet[-1][0] == "合计"
    assert str(halls_sheet[-1][-1]) == "324.8"
    closes = list(book["日清记录"].iter_rows(values_only=True))
    assert sum(1 for row in closes if row[3] == "已日清") == 8
    slips = list(book["缴款单"].iter_rows(values_only=True))
    assert [row[0] for row in slips[1:3]] == ["JK20261125-01", "JK20261125-02"]
    assert "未日清" in book.sheetnames


@pytest.mark.skipif(not DEFAULT_FONT.exists(), reason="fonts-wqy-microhei is not installed")
def test_the_pdf_has_the_chart_and_the_tables(halls: Halls, tmp_path: Path) -> None:
    from tests.unit.test_report_renderers import render_pdf

    pdf = area_reports.render(halls.svc, month(halls), ReportFormat.PDF)
    picture, text = render_pdf(pdf, tmp_path / "month.png")
    assert picture.size == (1683, 1190)  # A4 landscape at 144 dpi
    for expected in ("公司月报", "2026-11", "按日营业额（已日清）", "156.80", "168.00",
                     "按营业厅", "东城营业厅", "324.80", "日清记录", "JK20261125-02", "未日清",
                     "30.80"):
        assert expected in text, expected


def test_only_supervisors_finance_and_administrators_see_them(halls: Halls) -> None:
    svc = halls.svc
    for operator in (halls.cashier, halls.counter.clerk):
        with pytest.raises(Refused):
            area_reports.month_report(svc, operator, MONTH)
    for operator in (halls.counter.supervisor, halls.counter.admin):
        assert area_reports.month_report(svc, operator, MONTH).closed.days == 8
    with pytest.raises(NotFound) as unknown:
        area_reports.month_report(svc, halls.finance, MONTH, "H9")
    assert unknown.value.code == "report.no_hall"
    with pytest.raises(BadInput):
        area_reports.month_report(svc, halls.finance, "2026-13")


class Statements:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, conn: object, cursor: object, statement: str, *_: object) -> None:
        self.seen.append(statement)


@pytest.fixture
def statements() -> Iterator[Statements]:
    counting = Statements()
    event.listen(Engine, "before_cursor_execute", counting)
    yield counting
    event.remove(Engine, "before_cursor_execute", counting)


def test_one_query_per_aggregate_however_many_days_and_counters(
        halls: Halls, statements: Statements) -> None:
    month(halls)
    selects = [s for s in statements.seen if s.lstrip().upper().startswith("SELECT")
               and "FROM staff" not in s]  # the operator's row, re-read by every permission check
    # the company, then days, open days' sums, categories, tiers
    assert len(selects) == 5, selects


def test_the_command_writes_each_form(halls: Halls, tmp_path: Path) -> None:
    database = tmp_path / "ledger.sqlite"
    shutil.copy(halls.svc.settings.data_dir.parent / "ledger.sqlite", database)
    env = {"GASPOS_DB": f"sqlite:///{database}", "GASPOS_OPERATOR": "4001",
           "GASPOS_PASSWORD": TEST_PASSWORD}
    shown = gaspos("report", "month", "--month", MONTH, **env)
    assert shown.code == 0, shown.err
    assert "公司月报 2026-11" in shown.out and "JK20261125-01" in shown.out
    hall = gaspos("report", "day", "--date", "2026-11-25", "--hall", "H2", **env)
    assert hall.code == 0 and "营业厅日报 2026-11-25" in hall.out and "东城营业厅" in hall.out
    for form in ("xlsx", "pdf"):
        out = tmp_path / f"month.{form}"
        done = gaspos("report", "month", "--month", MONTH, "--format", form, "--out", str(out),
                      **env)
        assert done.code == 0 and out.stat().st_size > 1000, done.err
    assert gaspos("report", "month", "--month", MONTH, "--format", "pdf", **env).code == 2
    assert gaspos("report", "month", "--month", "11/2026", **env).code == 2
    assert gaspos("report", "day", "--date", "2026-11-25", "--hall", "H9", **env).code == 1


@pytest.mark.postgres
def test_the_company_month_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    clock = FixedClock("2026-11-25T09:00:00")
    svc = make_services(pg_url, clock, home=tmp_path / "counter")
    halls = two_halls(svc, tmp_path, clock)
    company = month(halls)
    same(company.closed, stored_closes(svc))
    assert str(company.closed.takings) == "324.80" and company.closed.days == 8
    assert [(line.key, line.count, str(line.amount)) for line in company.by_tier] == [
        ("1", 14, "324.80")]
    assert len(company.deposits) == 2 and len(company.not_closed_days) == 2
    assert area_reports.render(svc, company, ReportFormat.XLSX).startswith(b"PK")
