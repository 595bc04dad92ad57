"""Finance's month at the counter, by keyboard, on the demo stack: Ctrl+M signs finance in; the
sample month's statements (tests/data/statements: a WeChat Pay bill, an Alipay bill, a bank
statement) are imported through the screen, the month is reconciled — exactly the three planted
discrepancies are open — each is resolved with a note, and the month locks; a lock asked while
items are open is refused in the services' words.  The demo ledger has no past: the sample
month's own ledger (ledger.json, March 2025, before the demo counter's first day) is imported
through the services first."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pos.domain.reconciliation.month import MonthState
from pos.domain.staff import Operator
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.month import reconciliation
from pos.services.month.statements import Imported
from pos.services.records.history_import import import_history
from pos.ui.common.texts import Texts
from pos.ui.counter.window import CounterWindow
from pos.ui.month.finance_view import CHART, IMPORTS, ITEMS, FinanceView
from pos.ui.month.items import OPEN
from pos.ui.qt import QDate, QFileDialog, QLineSeries, QStackedBarSeries, Qt
from tests.gui.conftest import PASSWORD

DATA = Path(__file__).parent.parent / "data" / "statements"
FILES = ("wechat_trade_bill_202503.csv", "alipay_business_detail_202503.csv",
         "bank_statement_202503.csv")
FINANCE = "4001"
MONTH = "2025-03"


@pytest.fixture
def finance(demo_services: Services) -> Operator:
    return auth.login(demo_services, FINANCE, PASSWORD)


@pytest.fixture
def past_ledger(demo_services: Services, finance: Operator) -> None:
    """The sample month's ledger: 26 closed days of counter 01 in March 2025 (before go-live)."""
    report = import_history(demo_services, finance, (DATA / "ledger.json").read_bytes())
    assert (report.counter_no, report.days, report.deposits) == ("01", 26, 26)


@pytest.fixture
def choose(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the next open-file dialog answers with (the dialog itself is Qt's)."""
    chosen: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(
        lambda *_args, **_kw: ([str(p) for p in chosen], "")))
    return chosen


def open_month(qtbot: QtBot, counter: CounterWindow, staff_no: str = FINANCE) -> FinanceView:
    qtbot.waitUntil(counter.isActiveWindow)
    qtbot.keyClick(counter, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.month_dialog is not None
                    and counter.month_dialog.isVisible())
    view = counter.month_dialog
    assert view is not None
    form = view.sign_in
    qtbot.keyClicks(form.staff_no, staff_no)
    qtbot.keyClick(form.staff_no, Qt.Key.Key_Return)
    qtbot.keyClicks(form.password, PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    return view


def signed_in(qtbot: QtBot, counter: CounterWindow) -> FinanceView:
    view = open_month(qtbot, counter)
    qtbot.waitUntil(lambda: view.operator is not None, timeout=20_000)
    assert view.month_text() == "2026-10"  # last month: nothing is being reconciled
    assert view.state.text() == Texts("zh_CN").message(MonthState.OPEN.label)
    view.month.setDate(QDate(2025, 3, 1))
    qtbot.waitUntil(lambda: len(view.chart.days) == 31, timeout=20_000)
    return view


def key(qtbot: QtBot, view: FinanceView, pressed: Qt.Key) -> None:
    """A key where the clerk's focus is (the F-keys reach the screen from any field)."""
    qtbot.keyClick(view.focusWidget() or view, pressed)


def imported(qtbot: QtBot, view: FinanceView, choose: list[Path], *names: str) -> None:
    choose[:] = [DATA / name for name in names]
    key(qtbot, view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: not view.busy and len(view.imports.results) == len(names),
                    timeout=30_000)
    assert view.tabs.currentIndex() == IMPORTS


def reconciled(qtbot: QtBot, view: FinanceView) -> None:
    key(qtbot, view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not view.busy and view.view is not None, timeout=30_000)
    assert view.tabs.currentIndex() == ITEMS


def shown_rows(view: FinanceView) -> list[list[str]]:
    rows = view.items.rows
    return [[str(rows.index(r, c).data()) for c in range(rows.columnCount())]
            for r in range(rows.rowCount())]


def test_finance_imports_reconciles_resolves_and_locks_the_month(
        qtbot: QtBot, past_ledger: None, counter: CounterWindow, choose: list[Path],
        texts: Texts) -> None:
    view = signed_in(qtbot, counter)
    imported(qtbot, view, choose, *FILES)
    assert view.imports.rows() == [
        [FILES[0], "微信支付交易账单 (wechat-all, utf-8-sig)", "40", "40", "0"],
        [FILES[1], "支付宝业务明细 (alipay-detail, gbk)", "13", "13", "0"],
        [FILES[2], "银行流水 (bank-csv, gbk)", "75", "75", "0"]]
    assert view.imports.progress.value() == view.imports.progress.maximum() == 3
    assert "128" in view.answer.text()
    imported(qtbot, view, choose, FILES[0])  # again: nothing twice
    assert view.imports.rows()[0][2:] == ["40", "0", "40"]

    reconciled(qtbot, view)
    assert view.view is not None and len(view.view.open_items) == 3
    assert view.state.text() == texts.message(MonthState.RECONCILING.label)
    view.items.show_only(OPEN)
    rows = {(row[2], row[0]): row for row in shown_rows(view)}
    assert len(rows) == 3
    d1, d2, d3 = rows[("微信支付", "仅对账单有")], rows[("支付宝", "仅账本有")], \
        rows[("现金", "金额不符")]
    assert (d1[1], d1[3], d1[4], d1[5], d1[6]) == ("交易", "2025-03-11", "283.00", "", "+283.00")
    assert (d2[1], d2[3], d2[4], d2[5], d2[6]) == ("交易", "2025-03-21", "", "226.40", "−226.40")
    assert (d3[1], d3[3], d3[4], d3[5], d3[6]) == ("缴款", "2025-03-18", "607.50", "707.50",
                                                   "−100.00")
    # the first open item is selected, its evidence in Chinese beside the table
    selected = view.items.selected()
    assert selected is not None and selected.open
    assert view.items.detail.evidence.text().startswith("• ")
    deposit = next(i for i in view.view.open_items if i.stored.level == "deposit")
    view.items.select_key(deposit.key)
    assert "JK20250317-01" in view.items.detail.evidence.text()
    assert "缴款单 JK20250317-01" in view.items.detail.sections["ledger"][1].text()

    # locked while items are open: refused in the services' words
    key(qtbot, view, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: view.confirm is not None and view.confirm.isVisible())
    assert view.confirm is not None
    qtbot.keyClick(view.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.answer.property("role") == "refusal", timeout=20_000)
    assert MONTH in view.answer.text() and view.view.open_items[0].key in view.answer.text()
    assert view.view.state is MonthState.RECONCILING

    # each open item, by keyboard: ↑/↓ in the table, Enter to the note, the note, the F-key
    table, box = view.items.table, view.items.resolve_box
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # the first
    assert table.currentIndex().row() == 0
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert box.note.hasFocus()
    key(qtbot, view, Qt.Key.Key_F6)  # no note: refused in words
    qtbot.waitUntil(lambda: view.answer.property("role") == "refusal"
                    and "原因" in view.answer.text(), timeout=20_000)
    qtbot.keyClicks(box.entry, "x1")
    key(qtbot, view, Qt.Key.Key_F8)  # a link needs the entry's number, digits only
    assert view.answer.property("role") == "refusal" and "132" in view.answer.text()
    box.entry.clear()
    notes = {"alipay": ("支付宝交易未完成，客户未付款", Qt.Key.Key_F6),
             "cash": ("银行没收假币一张，责任人已赔偿", Qt.Key.Key_F7),
             "wechat": ("收银超时后客户改付现金，微信款已原路退回", Qt.Key.Key_F6)}
    for _ in range(3):
        item = view.items.selected()
        assert item is not None and item.open
        note, action = notes[item.stored.channel]
        box.note.setFocus()
        box.note.setText(note)  # as the input method commits it (keyClicks types no Chinese)
        key(qtbot, view, action)
        qtbot.waitUntil(lambda done=item.key: not view.busy and done in view.answer.text(),
                        timeout=20_000)
        assert table.hasFocus() and box.note.text() == ""
        if view.items.rows.rowCount():
            qtbot.keyClick(table, Qt.Key.Key_Return)  # the next open item is selected
    assert view.view.open_items == () and view.items.rows.rowCount() == 0
    resolved = reconciliation.month_view(view._svc, MONTH)
    assert {i.resolution.action.value for i in resolved.items if i.resolution} == {
        "explain", "carry"}

    key(qtbot, view, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: view.confirm is not None and view.confirm.isVisible())
    assert view.confirm is not None
    qtbot.keyClick(view.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.view is not None and view.view.state is MonthState.LOCKED,
                    timeout=20_000)
    assert view.state.text() == "已锁定" and MONTH in view.answer.text()
    assert not box.buttons[next(iter(box.buttons))].isEnabled()


def test_the_knock_on_effect_leads_to_its_cause_and_the_chart_and_xlsx(
        qtbot: QtBot, past_ledger: None, demo_services: Services, finance: Operator,
        counter: CounterWindow, choose: list[Path], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    view = signed_in(qtbot, counter)
    imported(qtbot, view, choose, *FILES)
    reconciled(qtbot, view)
    assert view.view is not None
    effect = next(i for i in view.view.items if i.stored.caused_by
                  and i.stored.channel == "wechat")
    view.items.show_only(OPEN)  # the effect is not open: following it shows every item
    view.items.select_key(effect.key)
    assert view.items.selected_key() == effect.key
    assert effect.stored.caused_by in view.items.detail.cause.text()
    key(qtbot, view, Qt.Key.Key_F4)  # to its cause
    assert view.items.selected_key() == effect.stored.caused_by
    view.items.detail.cause.linkActivated.emit(effect.key)  # and back by its link
    assert view.items.selected_key() == effect.key

    key(qtbot, view, Qt.Key.Key_F3)
    assert view.tabs.currentIndex() == CHART
    bars, line = view.chart.days_chart.series()
    assert isinstance(bars, QStackedBarSeries) and isinstance(line, QLineSeries)
    assert {b.label() for b in bars.barSets()} == {"现金", "银行卡", "微信支付", "支付宝"}
    assert line.count() == 31 and line.at(1).y() == pytest.approx(225.95)  # 2 March: T+1

    target = tmp_path / "month.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *_args, **_kw: (str(target), "")))
    key(qtbot, view, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: str(target) in view.answer.text(), timeout=20_000)
    assert target.read_bytes()[:2] == b"PK"


def test_a_refused_file_says_why_and_changes_nothing(
        qtbot: QtBot, past_ledger: None, counter: CounterWindow, choose: list[Path],
        tmp_path: Path) -> None:
    view = signed_in(qtbot, counter)
    broken = tmp_path / "broken.csv"
    broken.write_bytes((DATA / FILES[0]).read_bytes().replace(b"`56.60,", b"`56.6x,", 1))
    choose[:] = [broken, DATA / FILES[1]]
    key(qtbot, view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: not view.busy and len(view.imports.results) == 2, timeout=30_000)
    refused, alipay = view.imports.rows()
    assert refused[0] == "broken.csv" and "第 2 行" in refused[1]
    assert not isinstance(view.imports.results[0], Imported)
    assert alipay[2:] == ["13", "13", "0"]


def test_the_month_is_for_finance(qtbot: QtBot, counter: CounterWindow) -> None:
    view = open_month(qtbot, counter, "3001")  # the cashier: refused by the services
    qtbot.waitUntil(lambda: "无权" in view.sign_in.problem.text(), timeout=20_000)
    assert view.operator is None and view.pages.currentIndex() == 0
