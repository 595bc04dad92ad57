"""Screenshots of the counter app for the README, taken offscreen on the real demo stack.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]     (default docs/screenshots)

A throwaway demo hall in a temporary home; the clerk logs in, a demo card goes in, 450 m³ are
priced, paid in cash, written and printed — each step grabbed as the clerk sees it; the payment
dialog taking a scanned WeChat payment code, waiting for the customer's PIN, and back after a
payment that did not go through.  Then the
cashier's day: the summary (a sale left unfinished blocks the settle), the count by denomination
with a difference, the closed day with its slip, and the daily report with its chart.  Last,
finance's month (Ctrl+M): the sample month of tests/data/statements — its ledger imported as
history, its three statements through the screen — reconciled, the open items with one's
evidence, and the chart of the month's takings against the bank's credits; and a bank file no
format knows, on the screen that maps its columns once.  Then the hall and company reports
(Ctrl+Shift+R).  And the administrator's staff page (Ctrl+U), and a sign-in asking for a new
password after a reset; and the administrator's import of a previous system's households
(Ctrl+I): its progress and its answer; and the audit log (Ctrl+L).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = Path(tempfile.mkdtemp(prefix="gaspos-shots-"))
for name in ("DATA", "CONFIG", "STATE", "CACHE"):
    os.environ[f"XDG_{name}_HOME"] = str(HOME / name.lower())
os.environ["XDG_CONFIG_DIRS"] = str(HOME / "etc-xdg")

from PySide6.QtTest import QTest  # noqa: E402

from drivers.virtual.sle4442 import state_file  # noqa: E402
from pos.bootstrap.wiring import build  # noqa: E402
from pos.domain.day.cash_count import DENOMINATIONS  # noqa: E402
from pos.domain.errors import GasposError  # noqa: E402
from pos.domain.quantities import Money, Volume  # noqa: E402
from pos.domain.sale.record import Channel  # noqa: E402
from pos.domain.staff import Operator  # noqa: E402
from pos.services.core import auth  # noqa: E402
from pos.services.core.context import Services, Startup  # noqa: E402
from pos.services.records import staff_admin  # noqa: E402
from pos.services.records.history_import import import_history  # noqa: E402
from pos.services.selling import recovery  # noqa: E402
from pos.services.selling.counter_sale import SaleRequest, sell  # noqa: E402
from pos.services.selling.payments import PaymentPlan  # noqa: E402
from pos.ui.app import application  # noqa: E402
from pos.ui.common.login import LoginDialog  # noqa: E402
from pos.ui.common.sign_in import SignInForm  # noqa: E402
from pos.ui.common.tasks import Tasks  # noqa: E402
from pos.ui.common.texts import Texts  # noqa: E402
from pos.ui.counter.flow import Step  # noqa: E402
from pos.ui.counter.payment_dialog import PaymentDialog  # noqa: E402
from pos.ui.counter.window import CounterWindow  # noqa: E402
from pos.ui.day.wizard import DayWizard, Page  # noqa: E402
from pos.ui.month.finance_view import FinanceView  # noqa: E402
from pos.ui.month.items import OPEN  # noqa: E402
from pos.ui.qt import QApplication, QMessageBox, Qt, QTimer, QWidget  # noqa: E402
from pos.ui.report.area_report import AreaReportView  # noqa: E402
from pos.ui.staff.admin_view import StaffAdminView  # noqa: E402


def pause(seconds: float) -> None:
    """Let Qt run for a while, sleeping in Python so the app's worker threads get the GIL
    (QTest.qWait keeps it while it waits, and a receipt's preview then renders ten times
    slower)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def until(done: Callable[[], bool], seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the app did not get there")
        pause(0.05)


def shoot(widget: QWidget, path: Path) -> None:
    pause(0.3)
    widget.grab().save(str(path))
    print(path)


class _ProcessDies(Exception):
    pass


class _DieAfterPayment:
    def reached(self, step: str) -> None:
        if step == "paid":
            raise _ProcessDies(step)


def _leave_a_sale_unfinished(svc: Services, clerk: Operator) -> None:
    """Card 2's sale: paid, then the process 'dies' before the card is written (pending)."""
    svc.lab.insert_demo_card(svc.settings.data_dir / "demo-cards" / "IC0000000002.bin")
    request = SaleRequest("demo", volume=Volume.parse("20"),
                          payment=PaymentPlan(Channel.CASH, tendered=Money.parse("100")))
    with contextlib.suppress(_ProcessDies):
        sell(dataclasses.replace(svc, checkpoints=_DieAfterPayment()), clerk, request)
    svc.lab.remove_demo_card()


def _the_scanner(window: CounterWindow, texts: Texts, out: Path) -> None:
    """The payment dialog as a keyboard-wedge scanner's code arrives (keys 5 ms apart, Enter),
    then the customer's PIN on the phone (the watch told as the sale's worker thread tells it),
    then a payment not taken — on a dialog of its own, so no sale runs meanwhile."""
    keys = [1000.0]
    dialog = PaymentDialog(texts, Money.parse("1288.00"), window, clock=lambda: keys[0])
    dialog.show()
    until(dialog.tendered.hasFocus)
    for key in "134567890123454321":
        keys[0] += 0.005
        QTest.keyClick(dialog.tendered, key)
    keys[0] += 0.005
    QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)
    shoot(dialog, out / "payment-scanned.png")
    dialog.watch.waiting(Channel.WECHAT, 17)
    shoot(dialog, out / "payment-waiting.png")
    dialog.not_paid("\n".join((texts("The payment did not go through: it was reversed, nothing "
                                      "was taken."), texts("The payment was declined; sale "
                                                           "{order_no} is cancelled and nothing "
                                                           "was taken.", order_no="S0120261127"
                                                           "0002"))))
    shoot(dialog, out / "payment-not-paid.png")
    dialog.closed_by_window()
    dialog.deleteLater()
    window.activateWindow()  # the counter's keys are its own again
    until(window.isActiveWindow)


def _refused_before_payment(svc: Services, window: CounterWindow, out: Path) -> None:
    """Card 3 has been tried with a wrong security code: one try left, so it is refused before
    the customer is asked for any money (the payment dialog never opens)."""
    card = svc.settings.data_dir / "demo-cards" / "IC0000000003.bin"
    state = json.loads(state_file(card).read_text("utf-8"))
    state_file(card).write_text(json.dumps(state | {"tries_left": 1}), encoding="utf-8")
    until(lambda: window.flow.step is not Step.SELLING)
    svc.lab.insert_demo_card(card)
    until(lambda: window.flow.step is Step.CARD_SHOWN and window.view is not None
          and window.view.reading.card_no == "IC0000000003")
    QTest.keyClicks(window.sale_panel.volume, "20")
    until(lambda: window.sale_panel.quote is not None)
    window.pay()
    until(lambda: "✗" in window.card_panel.verdict.text())
    shoot(window, out / "refused-before-payment.png")
    state_file(card).write_text(json.dumps(state), encoding="utf-8")
    svc.lab.remove_demo_card()
    until(lambda: window.flow.step is Step.NO_CARD)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    svc = build(Startup(demo=True, language="zh_CN"))
    application("zh_CN")
    tasks, texts = Tasks(), Texts("zh_CN")
    login = LoginDialog(svc, tasks, texts, title=texts("gaspos counter {counter}: log in",
                                                       counter=svc.settings.counter_no))
    login.show()
    QTest.keyClicks(login.staff_no, "1001")
    QTest.keyClicks(login.password, "gaspos-demo")
    shoot(login, out / "login.png")
    login.buttons.accepted.emit()
    until(lambda: login.operator is not None)
    assert login.operator is not None
    _leave_a_sale_unfinished(svc, login.operator)
    window = CounterWindow(svc, tasks, texts, login.operator, reader="demo")
    window.resize(1280, 800)
    window.show()
    until(lambda: window.recovery is not None and window.recovery.isVisible())
    assert window.recovery is not None
    shoot(window.recovery, out / "recovery.png")
    window.recovery.reject()
    dock = window.demo_dock
    assert dock is not None
    until(lambda: dock.cards.count() > 0)
    dock.insert(dock.cards.item(0).text().split()[0] and str(svc.settings.data_dir /
                                                            "demo-cards" / "IC0000000001.bin"))
    until(lambda: window.flow.step is Step.CARD_SHOWN)
    QTest.keyClicks(window.sale_panel.volume, "450")
    until(lambda: window.sale_panel.quote is not None)
    window.status.refresh()
    shoot(window, out / "counter-mid-sale.png")

    def pay(dialog: QWidget | None = None) -> None:
        dialog = dialog or QApplication.activeModalWidget()
        if not isinstance(dialog, PaymentDialog):
            QTimer.singleShot(50, pay)
            return
        QTest.keyClicks(dialog.tendered, "1300")
        shoot(dialog, out / "payment.png")
        dialog._take()

    QTimer.singleShot(0, pay)
    window.pay()
    until(lambda: window.flow.step is Step.SOLD)
    until(lambda: len(window.receipts.shown) > 0)
    shoot(window, out / "counter-sold.png")
    svc.lab.remove_demo_card()
    _the_scanner(window, texts, out)
    _refused_before_payment(svc, window, out)
    _the_day(svc, window, out)
    _the_month(svc, window, out)
    _the_administration(svc, window, tasks, texts, out)
    window.close()
    tasks.wait()


def _the_administration(svc: Services, window: CounterWindow, tasks: Tasks, texts: Texts,
                        out: Path) -> None:
    """The pages above one counter: reports, staff, households brought in, the audit log."""
    _the_halls(window, out)
    _the_staff(svc, window, tasks, texts, out)
    window.activateWindow()  # the staff step's own login window had the focus
    _the_households(svc, window, out)
    window.activateWindow()
    _the_audit_log(window, out)


def _pieces(fen: int) -> dict[int, int]:
    """``fen`` in the fewest notes and coins."""
    pieces = {}
    for value in DENOMINATIONS:
        pieces[value], fen = divmod(fen, value)
    return pieces


def _sign_in(form: SignInForm, staff_no: str) -> None:
    QTest.keyClicks(form.staff_no, staff_no)
    QTest.keyClicks(form.password, "gaspos-demo")
    QTest.keyClick(form.password, Qt.Key.Key_Return)


def _wizard(window: CounterWindow) -> DayWizard:
    """Ctrl+D, and the cashier signs in: the day's summary."""
    until(window.isActiveWindow)  # the counter's keys are its own (no dialog over it)
    before = window.day_dialog
    QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    until(lambda: window.day_dialog is not before and window.day_dialog is not None)
    wizard = window.day_dialog
    assert isinstance(wizard, DayWizard)
    _sign_in(wizard.sign_in, "3001")
    until(lambda: wizard.page is Page.SUMMARY)
    return wizard


def _the_day(svc: Services, window: CounterWindow, out: Path) -> None:
    """The cashier settles and closes the day (Ctrl+D), then opens the daily report (Ctrl+R)."""
    wizard = _wizard(window)
    shoot(wizard, out / "day-unfinished.png")
    QTest.keyClick(wizard, Qt.Key.Key_Escape)
    clerk = auth.login(svc, "1001", "gaspos-demo")
    supervisor = auth.login(svc, "2001", "gaspos-demo")
    for sale in recovery.unfinished_sales(svc):  # the customer left: suspended (挂起)
        recovery.suspend(svc, clerk, supervisor, sale.order_no, "客户已离开")
    wizard = _wizard(window)
    shoot(wizard, out / "day-summary.png")
    QTest.keyClick(wizard.summary.go, Qt.Key.Key_Return)
    until(lambda: wizard.page is Page.COUNT)
    assert wizard.view is not None
    grid = wizard.count_page.grid
    for value, pieces in _pieces(wizard.view.expected_cash.fen - 250).items():
        edit = grid.pieces[value]
        if pieces:
            QTest.keyClicks(edit, str(pieces))
        QTest.keyClick(edit, Qt.Key.Key_Return)  # down a row; after the last, the reason
    wizard.count_page.reason.setText("找零时多找了 2.50 元")  # as the input method commits it
    shoot(wizard, out / "day-count.png")
    QTest.keyClick(wizard.count_page.reason, Qt.Key.Key_Return)  # settle
    until(lambda: wizard.page is Page.CLOSE)
    shoot(wizard, out / "day-close.png")
    QTest.keyClick(wizard.close_page.kept, Qt.Key.Key_Return)  # to the Close button …
    QTest.keyClick(wizard.close_page.close_day, Qt.Key.Key_Return)  # … which closes
    until(lambda: wizard.page is Page.CLOSED and len(wizard.closed_page.slip.shown) == 1)
    until(lambda: "…" not in wizard.closed_page.printing.text())
    shoot(wizard, out / "day-closed.png")
    QTest.keyClick(wizard, Qt.Key.Key_Return)
    _the_report(window, out)


def _the_report(window: CounterWindow, out: Path) -> None:
    until(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    until(lambda: window.report_dialog is not None and window.report_dialog.isVisible())
    report = window.report_dialog
    assert report is not None
    _sign_in(report.sign_in, "3001")
    until(lambda: report.report is not None)
    shoot(report, out / "daily-report.png")
    report.tabs.setCurrentIndex(len(report.tables) - 1)  # the cash of the day
    shoot(report, out / "daily-report-cash.png")
    report.reject()


SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "statements"
STATEMENTS = ("wechat_trade_bill_202503.csv", "alipay_business_detail_202503.csv",
              "bank_statement_202503.csv")


def _the_month(svc: Services, window: CounterWindow, out: Path) -> None:
    """Finance (Ctrl+M) on the sample month: imported, reconciled, the open items, the chart."""
    finance = auth.login(svc, "4001", "gaspos-demo")
    import_history(svc, finance, (SAMPLE / "ledger.json").read_bytes())  # March 2025's ledger
    until(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    until(lambda: window.month_dialog is not None and window.month_dialog.isVisible())
    view = window.month_dialog
    assert isinstance(view, FinanceView)
    _sign_in(view.sign_in, "4001")
    until(lambda: view.operator is not None)
    view.month.setDate(view.month.date().fromString("2025-03-01", "yyyy-MM-dd"))
    until(lambda: len(view.chart.days) == 31)
    view.import_files([SAMPLE / name for name in STATEMENTS])  # as F2's file dialog answers
    until(lambda: not view.busy)
    shoot(view, out / "month-import.png")
    QTest.keyClick(view, Qt.Key.Key_F5)
    until(lambda: not view.busy and view.view is not None and view.view.open_items != ())
    view.items.show_only(OPEN)
    deposit = next(i for i in view.view.open_items if i.stored.level == "deposit")
    view.items.select_key(deposit.key)
    shoot(view, out / "month-reconciliation.png")
    QTest.keyClick(view, Qt.Key.Key_F3)
    shoot(view, out / "month-chart.png")
    _the_mapping(view, out)
    view.reject()


def _the_halls(window: CounterWindow, out: Path) -> None:
    """Ctrl+Shift+R: finance's company month (the sample March, imported above) by day."""
    until(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    until(lambda: window.area_dialog is not None and window.area_dialog.isVisible())
    view = window.area_dialog
    assert isinstance(view, AreaReportView)
    _sign_in(view.sign_in, "4001")
    until(lambda: view.operator is not None and view.report is not None)
    view.kind.setCurrentIndex(1)
    view.date.setDate(view.date.date().fromString("2025-03-01", "yyyy-MM-dd"))
    until(lambda: view.report is not None and view.report.period.name == "2025-03")
    view.tabs.setCurrentIndex(2)  # by day
    shoot(view, out / "hall-reports.png")
    view.reject()


def _the_mapping(view: FinanceView, out: Path) -> None:
    """A bank file no format knows: the mapping screen, its columns chosen (then Esc)."""
    view.import_files([SAMPLE / "banks" / "unlisted_202503.csv"])
    until(lambda: view.imports.mapping is not None and view.imports.mapping.isVisible())
    dialog = view.imports.mapping
    assert dialog is not None
    dialog.name.setText("某某村镇银行")
    for role, column in (("date", 0), ("time", 1), ("credit", 2), ("debit", 3), ("balance", 4),
                         ("counterparty", 5), ("memo", 6), ("provider_ref", 7)):
        choice = dialog.roles[role]
        choice.setCurrentIndex(choice.findData(column))
    shoot(dialog, out / "month-mapping.png")
    dialog.reject()
    until(lambda: not view.busy)


def _the_staff(svc: Services, window: CounterWindow, tasks: Tasks, texts: Texts,
               out: Path) -> None:
    """The administrator's staff page (Ctrl+U): a leaver disabled, a clerk locked out after
    wrong passwords, a password just reset; then a sign-in asking for the new password."""
    admin = auth.login(svc, "9001", "gaspos-demo")
    staff_admin.disable(svc, admin, "1003")
    for _ in range(5):
        with contextlib.suppress(GasposError):
            auth.login(svc, "1002", "wrong")
    until(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    until(lambda: window.staff_dialog is not None and window.staff_dialog.isVisible())
    page = window.staff_dialog
    assert isinstance(page, StaffAdminView)
    _sign_in(page.sign_in, "9001")
    until(lambda: page.operator is not None and page.table.rowCount() > 0)
    page.table.selectRow([v.staff_no for v in page.staff].index("3001"))
    page.reset_password()
    until(lambda: page.findChild(QMessageBox, "staff_confirm") is not None)
    box = page.findChild(QMessageBox, "staff_confirm")
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    until(lambda: bool(page.notice.text()) and "3001" in page.notice.text())
    until(lambda: page.staff[[v.staff_no for v in page.staff].index("3001")].password_due
          is not None)
    shoot(page, out / "staff.png")
    temporary = page.notice.text().split("：")[-1].strip()
    page.reject()
    login = LoginDialog(svc, tasks, texts, title=texts("gaspos counter {counter}: log in",
                                                       counter=svc.settings.counter_no))
    login.show()
    QTest.keyClicks(login.staff_no, "3001")
    QTest.keyClicks(login.password, temporary)
    login.buttons.accepted.emit()
    until(lambda: login.change.asking)
    QTest.keyClicks(login.change.new, "newpass2026")
    shoot(login, out / "login-new-password.png")
    login.reject()


def _the_households(svc: Services, window: CounterWindow, out: Path) -> None:
    """The administrator (Ctrl+I) imports a previous system's export: the dry run, then the
    import with its progress bar."""
    from pos.services.records.household_import import save_mapping
    from pos.ui.records.household_import import HouseholdImportDialog

    admin = auth.login(svc, "9001", "gaspos-demo")
    columns = {"户号": "account_no", "户名": "name", "用气类别": "category", "人口数":
               "household_size", "表号": "meter_no", "卡号": "card_no", "购气次数": "card_seq",
               "累计购气量": "card_cumulative", "本年已购气量": "opening_cycle_volume",
               "预存余额": "opening_balance"}
    save_mapping(svc, admin, "旧系统", json.dumps({"columns": columns}).encode())
    lines = [",".join(columns)] + [
        f"6201{i:08d},用户{i},{'居民' if i % 50 else '商业'},{i % 5 + 1},LM{i:08d},"
        f"{f'K{i:09d}' if i % 10 else ''},{i % 40 + 1},{(i % 40 + 1) * 20}.00,"
        f"{i * 37 % 500}.00,{f'{i % 300}.50' if i % 7 == 0 else '0'}" for i in range(1, 40_001)]
    file = HOME / "旧系统用户档案.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    until(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    until(lambda: window.household_dialog is not None and window.household_dialog.isVisible())
    dialog = window.household_dialog
    assert isinstance(dialog, HouseholdImportDialog)
    _sign_in(dialog.sign_in, "9001")
    until(lambda: dialog.operator is not None)
    dialog.mapping.setCurrentText("旧系统")
    dialog.choose(file)
    dialog.dry_run()
    until(lambda: dialog.report is not None, 120)
    dialog.run_import()
    until(lambda: dialog.stage.text().startswith("正在写入") or not dialog.busy, 120)
    if dialog.busy:
        shoot(dialog, out / "households-import-progress.png")
    until(lambda: dialog.report is not None and not dialog.report.dry_run, 120)
    shoot(dialog, out / "households-import.png")
    dialog.reject()


def _the_audit_log(window: CounterWindow, out: Path) -> None:
    """A supervisor (Ctrl+L) reads the audit log: the demo hall's day, then only what the
    cashier (3001) did."""
    until(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    until(lambda: window.audit_dialog is not None and window.audit_dialog.isVisible())
    view = window.audit_dialog
    assert view is not None
    _sign_in(view.sign_in, "2001")
    until(lambda: view.operator is not None and not view.busy)
    shoot(view, out / "audit-log.png")
    QTest.keyClicks(view.staff, "3001")
    QTest.keyClick(view.staff, Qt.Key.Key_Return)
    until(lambda: not view.busy and view.table.rowCount() < 20)
    shoot(view, out / "audit-log-staff.png")
    view.reject()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
