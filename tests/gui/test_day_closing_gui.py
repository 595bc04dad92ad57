"""The cashier's day at the counter, by keyboard, on the demo stack: Ctrl+D signs the cashier in,
shows the day, takes the count by denomination (the difference in large type, its reason, a
supervisor above the threshold), settles, closes with the float kept for tomorrow and shows the
close slip; Ctrl+R shows the daily report with its chart, exports it and prints it.  The ledger
(closing.day_view) says what happened, not the screen alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from pos.domain.day.business_day import DayState
from pos.domain.day.cash_count import DENOMINATIONS
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel, SaleState
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.day import closing
from pos.services.day.daily_reports import ReportFormat
from pos.services.selling import recovery
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.ui.counter.flow import Step
from pos.ui.counter.window import CounterWindow
from pos.ui.day.wizard import DayWizard, Page
from pos.ui.qt import QFileDialog, QLabel, QStackedBarSeries, Qt, QWidget
from pos.ui.report.day_report import DayReportView
from pos.ui.report.tables import rows_of
from tests.gui.conftest import PASSWORD, when_modal

CASHIER, SUPERVISOR = "3001", "2001"


def sell_now(svc: Services, card_no: str, plan: PaymentPlan, volume: str = "10") -> str:
    """A sale made through the services (the counter's own sales are tested elsewhere)."""
    clerk = auth.login(svc, "1001", PASSWORD)
    svc.lab.insert_demo_card(svc.settings.data_dir / "demo-cards" / f"{card_no}.bin")
    try:
        return sell(svc, clerk, SaleRequest("demo", volume=Volume.parse(volume),
                                             payment=plan)).sale.order_no
    finally:
        svc.lab.remove_demo_card()


@pytest.fixture
def cash_sale(demo_services: Services) -> str:
    """10 m³ at 2.80 paid in cash: the drawer should hold 28.00 (the demo's float is 0)."""
    return sell_now(demo_services, "IC0000000001",
                    PaymentPlan(Channel.CASH, tendered=Money.parse("30")))


@pytest.fixture
def two_channels(cash_sale: str, demo_services: Services) -> str:
    """And 10 m³ paid by WeChat Pay on another card."""
    return sell_now(demo_services, "IC0000000002", PaymentPlan(Channel.WECHAT,
                                                               ref="134567890123452468"))


@pytest.fixture
def unfinished_sale(demo_services: Services) -> str:
    """A cash sale whose process died after the payment: pending, the card not written."""
    svc = demo_services

    class Dies(Exception):
        pass

    class DieAfterPayment:
        def reached(self, step: str) -> None:
            if step == "paid":
                raise Dies(step)

    with pytest.raises(Dies):
        sell_now(replace(svc, checkpoints=DieAfterPayment()), "IC0000000001",
                 PaymentPlan(Channel.CASH, tendered=Money.parse("30")))
    [pending] = recovery.unfinished_sales(svc)
    assert pending.state is SaleState.PENDING
    return pending.order_no


def press(qtbot: QtBot, counter: CounterWindow, key: Qt.Key) -> None:
    """Ctrl+key on the counter, once its keys are its own (no dialog over it)."""
    qtbot.waitUntil(counter.isActiveWindow)
    qtbot.keyClick(counter, key, Qt.KeyboardModifier.ControlModifier)


def sign_in(qtbot: QtBot, form_owner: DayWizard | DayReportView, staff_no: str) -> None:
    form = form_owner.sign_in
    qtbot.keyClicks(form.staff_no, staff_no)
    qtbot.keyClick(form.staff_no, Qt.Key.Key_Return)  # to the password
    qtbot.keyClicks(form.password, PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)


def open_wizard(qtbot: QtBot, counter: CounterWindow, *, blind: bool = False) -> DayWizard:
    press(qtbot, counter, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: counter.day_dialog is not None and counter.day_dialog.isVisible())
    wizard = counter.day_dialog
    assert wizard is not None and wizard.page is Page.SIGN_IN
    if blind:
        wizard.blind_box.setChecked(True)
    sign_in(qtbot, wizard, CASHIER)
    qtbot.waitUntil(lambda: wizard.page is Page.SUMMARY, timeout=20_000)
    return wizard


def type_count(qtbot: QtBot, wizard: DayWizard, pieces: dict[int, int]) -> None:
    """Row by row from 100 yuan down, by keyboard: the pieces, Enter; after the last row the
    focus is in the reason."""
    grid = wizard.count_page.grid
    for value in DENOMINATIONS:
        edit = grid.pieces[value]
        assert edit.hasFocus(), value
        if value in pieces:
            qtbot.keyClicks(edit, str(pieces[value]))
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert wizard.count_page.reason.hasFocus()


def test_settle_with_a_difference_and_close_by_keyboard(qtbot: QtBot, cash_sale: str,
                                                        counter: CounterWindow) -> None:
    svc = counter.svc
    wizard = open_wizard(qtbot, counter)
    summary = wizard.summary
    assert summary.figures["expected"].text() == "¥28.00"
    assert "现金  ¥28.00" in summary.channels.text() and summary.unfinished.text() == ""
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)  # count the cash
    assert wizard.page is Page.COUNT
    page = wizard.count_page
    assert page.difference.text() == "−28.00"  # nothing counted yet
    type_count(qtbot, wizard, {2000: 1, 500: 1})  # 25.00: three yuan short
    assert page.grid.subtotals[2000].text() == "20.00" and page.grid.total_label.text() == "25.00"
    assert page.difference.text() == "−3.00" and page.difference.property("state") == "short"
    assert "短款" in page.words.text()
    qtbot.keyClick(page.reason, Qt.Key.Key_Return)  # no reason: refused, in words
    assert "原因" in page.problem.text() and wizard.page is Page.COUNT
    page.reason.setText("找零差错")  # as the input method commits it
    qtbot.keyClick(page.reason, Qt.Key.Key_Return)  # settle
    qtbot.waitUntil(lambda: wizard.page is Page.CLOSE, timeout=20_000)
    close = wizard.close_page
    assert close.figures["difference"].text() == "−3.00" and close.kept.hasFocus()
    qtbot.keyClicks(close.kept, "5")  # replaces the proposed float
    assert close.deposit.text() == "¥20.00"
    qtbot.keyClick(close.kept, Qt.Key.Key_Return)  # to the Close button …
    assert close.close_day.hasFocus() and wizard.page is Page.CLOSE
    qtbot.keyClick(close.close_day, Qt.Key.Key_Return)  # … Enter there closes
    closed = wizard.closed_page
    qtbot.waitUntil(lambda: wizard.page is Page.CLOSED and len(closed.slip.shown) == 1,
                    timeout=20_000)
    assert closed.slip.shown[0].kind.value == "day_close"
    qtbot.waitUntil(lambda: "…" not in closed.printing.text(), timeout=20_000)
    assert closed.printing.property("role") == "ok" and closed.deposit.text() == "¥20.00"
    view = closing.day_view(svc)
    assert view.day.state is DayState.CLOSED and view.close is not None
    assert (str(view.close.counted_cash), str(view.close.expected_cash),
            str(view.close.kept_float), str(view.close.deposit_due)) == (
        "25.00", "28.00", "5.00", "20.00")
    count = view.last_settle
    assert count is not None and count.count.pieces == ((2000, 1), (500, 1))
    assert (count.staff_no, count.reason, count.approver) == (CASHIER, "找零差错", None)
    qtbot.keyClick(closed.done, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_a_difference_above_the_threshold_needs_a_supervisor(
        qtbot: QtBot, cash_sale: str, counter: CounterWindow) -> None:
    wizard = open_wizard(qtbot, counter)
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    type_count(qtbot, wizard, {})  # an empty drawer: 28.00 short, above 10.00
    wizard.count_page.reason.setText("备用金袋遗失")
    qtbot.keyClick(wizard.count_page.reason, Qt.Key.Key_F5)  # F5 settles too
    qtbot.waitUntil(lambda: wizard.approval is not None and wizard.approval.isVisible())
    approval = wizard.approval
    assert approval is not None and approval.reason_edit.text() == "备用金袋遗失"
    assert "28.00" in approval.findChildren(QLabel)[0].text()  # what is approved, and why
    qtbot.keyClicks(approval.staff_no, SUPERVISOR)
    qtbot.keyClicks(approval.password, PASSWORD)
    qtbot.keyClick(approval.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.page is Page.CLOSE, timeout=20_000)
    count = closing.day_view(counter.svc).last_settle
    assert count is not None and (str(count.difference), count.approver) == ("-28.00",
                                                                              SUPERVISOR)
    qtbot.keyClick(wizard.close_page.kept, Qt.Key.Key_Escape)  # back: the day is settled
    qtbot.waitUntil(lambda: wizard.page is Page.SUMMARY
                    and wizard.view is not None and wizard.view.day.state is DayState.SETTLED,
                    timeout=20_000)
    assert wizard.summary.recount.isVisible()


def test_a_blind_count_shows_the_difference_only_once_counted(
        qtbot: QtBot, cash_sale: str, counter: CounterWindow) -> None:
    wizard = open_wizard(qtbot, counter, blind=True)
    assert "28.00" not in wizard.summary.figures["expected"].text()
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    type_count(qtbot, wizard, {2000: 1, 500: 1, 100: 3})
    page = wizard.count_page
    assert page.difference.text() == "?" and "28.00" not in page.expected_label.text()
    qtbot.keyClick(page.reason, Qt.Key.Key_F5)  # counted: it agrees, and settles at once
    qtbot.waitUntil(lambda: wizard.page is Page.CLOSE, timeout=20_000)
    assert page.difference.text() == "0.00" and page.difference.property("state") == "zero"
    count = closing.day_view(counter.svc).last_settle
    assert count is not None and str(count.difference) == "0.00"


def test_the_wizard_refuses_to_settle_or_close_while_a_sale_is_unfinished(
        qtbot: QtBot, unfinished_sale: str, counter: CounterWindow) -> None:
    qtbot.waitUntil(lambda: counter.recovery is not None and counter.recovery.isVisible(),
                    timeout=20_000)
    assert counter.recovery is not None
    qtbot.keyClick(counter.recovery.sales, Qt.Key.Key_Escape)  # later
    wizard = open_wizard(qtbot, counter)
    summary = wizard.summary
    assert unfinished_sale in summary.unfinished.text()
    assert "挂起" in summary.unfinished.text()  # what to do: finish it, or suspend it
    assert not summary.go.isEnabled()
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_F6)
    assert wizard.page is Page.SUMMARY
    assert closing.day_view(counter.svc).day.state is DayState.OPEN
    wizard.back()  # the day read again …
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Escape)  # … and the wizard closed at once:
    qtbot.waitUntil(lambda: counter.day_dialog is not None and not isValid(counter.day_dialog))
    counter.tasks.wait()
    qtbot.wait(200)  # the late answer arrives: dropped, not shown on a deleted screen


def test_a_clerk_cannot_settle_and_no_wizard_opens_mid_sale(
        qtbot: QtBot, cash_sale: str, counter: CounterWindow) -> None:
    counter.flow.step = Step.SELLING  # as while a card is being written
    press(qtbot, counter, Qt.Key.Key_D)
    assert counter.day_dialog is None and "售气" in counter.progress.text()
    counter.flow.step = Step.NO_CARD
    press(qtbot, counter, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: counter.day_dialog is not None and counter.day_dialog.isVisible())
    wizard = counter.day_dialog
    assert wizard is not None
    sign_in(qtbot, wizard, "1001")  # the clerk: refused by the services, in words
    qtbot.waitUntil(lambda: "无权" in wizard.sign_in.problem.text(), timeout=20_000)
    assert wizard.page is Page.SIGN_IN and wizard.cashier is None


def test_the_daily_report_shows_the_day_its_chart_and_exports(
        qtbot: QtBot, two_channels: str, counter: CounterWindow, tmp_path: Path) -> None:
    press(qtbot, counter, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: counter.report_dialog is not None
                    and counter.report_dialog.isVisible())
    view = counter.report_dialog
    assert view is not None
    sign_in(qtbot, view, CASHIER)
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    assert rows_of(view.tables["channels"]) == [
        ["现金", "1", "28.00"], ["微信支付", "1", "28.00"], ["合计", "2", "56.00"]]
    assert rows_of(view.tables["clerks"])[0] == ["1001", "2", "20.00", "56.00"]
    cash = dict((row[0], row[1]) for row in rows_of(view.tables["cash"]))
    assert (cash["应有现金"], cash["状态"]) == ("28.00", "营业中")
    assert "56.00" in view.summary.text()
    [series] = view.chart.hours_chart.series()
    assert isinstance(series, QStackedBarSeries)
    assert {bars.label(): sum(bars.at(i) for i in range(bars.count()))
            for bars in series.barSets()} == {"现金": 28.0, "微信支付": 28.0}
    target = tmp_path / "report.xlsx"

    def save_as(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(target))
        dialog.accept()

    when_modal(save_as)
    qtbot.keyClick(view.date, Qt.Key.Key_F6)  # F6: XLSX, through the file dialog
    qtbot.waitUntil(target.exists, timeout=20_000)
    qtbot.waitUntil(lambda: str(target) in view.answer.text(), timeout=20_000)
    assert target.read_bytes()[:2] == b"PK"
    pdf = tmp_path / "report.pdf"
    view.export(ReportFormat.PDF, pdf)
    qtbot.waitUntil(lambda: str(pdf) in view.answer.text(), timeout=20_000)
    assert pdf.read_bytes()[:4] == b"%PDF"
    qtbot.keyClick(view.date, Qt.Key.Key_F8)  # F8: on the counter printer
    qtbot.waitUntil(lambda: "打印" in view.answer.text() and "…" not in view.answer.text(),
                    timeout=20_000)
    assert view.answer.property("role") == "ok"
    view.scope.setCurrentIndex(1)  # the whole hall: the demo's other counters sold nothing
    qtbot.waitUntil(lambda: view.report is not None and view.report.counters == ("01",),
                    timeout=20_000)


def test_the_daily_report_is_not_for_a_clerk(qtbot: QtBot, counter: CounterWindow) -> None:
    press(qtbot, counter, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: counter.report_dialog is not None
                    and counter.report_dialog.isVisible())
    view = counter.report_dialog
    assert view is not None
    sign_in(qtbot, view, "1001")
    qtbot.waitUntil(lambda: "无权" in view.sign_in.problem.text(), timeout=20_000)
    assert view.report is None and view.operator is None
