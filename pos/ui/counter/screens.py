"""The counter's side screens, opened over the counter screen by their keys: household lookup
(F3), cards and meters (F4), devices (F10), settings (F11), the cashier's day (Ctrl+D), the daily
report (Ctrl+R), finance's month (Ctrl+M), the hall and company reports (Ctrl+Shift+R), the
administrator's staff page (Ctrl+U) and the previous system's households (Ctrl+I)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.domain.messages import N_
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.ports import SettingsStore
from pos.services.selling.card_view import CardView
from pos.ui.audit.audit_view import AuditView
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.counter.cards_dialog import CardsDialog
from pos.ui.counter.devices_dialog import DevicesDialog
from pos.ui.counter.flow import CounterFlow, Step
from pos.ui.counter.keys import KEYS
from pos.ui.counter.lookup_dialog import LookupDialog
from pos.ui.counter.settings_dialog import SettingsDialog
from pos.ui.day.wizard import DayWizard
from pos.ui.month.finance_view import FinanceView
from pos.ui.qt import QMessageBox, Qt, QWidget
from pos.ui.records.household_import import HouseholdImportDialog
from pos.ui.report.area_report import AreaReportView
from pos.ui.report.day_report import DayReportView
from pos.ui.staff.admin_view import StaffAdminView

if TYPE_CHECKING:
    _Base = QWidget
else:
    _Base = object


class SideScreens(_Base):
    """Mixed into the counter window, which provides what is declared here."""

    svc: Services
    tasks: Tasks
    t: Texts
    operator: Operator
    reader: str
    flow: CounterFlow
    view: CardView | None
    settings_store: SettingsStore | None
    lookup: LookupDialog | None
    devices_dialog: DevicesDialog | None
    settings_dialog: SettingsDialog | None
    cards_dialog: CardsDialog | None
    day_dialog: DayWizard | None
    report_dialog: DayReportView | None
    month_dialog: FinanceView | None
    area_dialog: AreaReportView | None
    staff_dialog: StaffAdminView | None = None
    household_dialog: HouseholdImportDialog | None
    audit_dialog: AuditView | None

    if TYPE_CHECKING:  # the counter window's own
        def _say(self, text: str, *, ok: bool) -> None:
            raise NotImplementedError

        def reader_has_card(self) -> bool:
            raise NotImplementedError

        def card_inserted(self, _reader: str = "") -> None:
            raise NotImplementedError

    def _no_side_screens(self) -> None:
        self.lookup = self.devices_dialog = self.settings_dialog = self.cards_dialog = None
        self.day_dialog = self.report_dialog = self.month_dialog = None
        self.area_dialog = None
        self.household_dialog = None
        self.audit_dialog = None

    def look_up(self) -> None:
        """Household lookup, over the counter screen (the card panel stays as it is)."""
        dialog = LookupDialog(self.svc, self.tasks, self.t, self.operator, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.lookup = dialog
        dialog.open()

    def devices(self) -> None:
        """The devices, each with its test (the status bar's lamps open it too)."""
        dialog = DevicesDialog(self.svc, self.tasks, self.t, self.operator, reader=self.reader,
                               parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.devices_dialog = dialog
        dialog.open()

    def cards(self) -> None:
        """Card issue, replacement, meter change — for the card in the reader."""
        view = self.view
        account_no = view.reading.record.account_no if view is not None else ""
        dialog = CardsDialog(self.svc, self.tasks, self.t, self.operator, reader=self.reader,
                             account_no=account_no, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._cards_done(dialog.changed))
        self.cards_dialog = dialog
        dialog.open()

    def _cards_done(self, changed: bool) -> None:
        self.activateWindow()
        if changed and self.flow.step is not Step.SELLING and self.reader_has_card():
            self.card_inserted()  # the card as it is now

    def edit_settings(self) -> None:
        if self.settings_store is None:
            return
        dialog = SettingsDialog(self.svc, self.tasks, self.t, self.settings_store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.open()

    def day_wizard(self) -> None:
        """Ctrl+D: the cashier settles and closes the day — never in the middle of a sale."""
        if self.flow.step is Step.SELLING:
            self._say(self.t(N_("A sale is in progress: settle the day when it has finished.")),
                      ok=False)
            return
        self.day_dialog = DayWizard(self.svc, self.tasks, self.t, self)
        self.day_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.day_dialog.open()

    def day_report(self) -> None:
        """Ctrl+R: the daily report — tables, the chart by hour, XLSX, PDF, the printer."""
        self.report_dialog = DayReportView(self.svc, self.tasks, self.t, self)
        self.report_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_dialog.open()

    def month_screen(self) -> None:
        """Ctrl+M: finance's month — statements, reconciliation, resolutions, the lock."""
        self.month_dialog = FinanceView(self.svc, self.tasks, self.t, self)
        self.month_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.month_dialog.open()

    def area_report(self) -> None:
        """Ctrl+Shift+R: a hall's or the company's day or month (supervisors, finance)."""
        self.area_dialog = AreaReportView(self.svc, self.tasks, self.t, self)
        self.area_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.area_dialog.open()

    def staff_page(self) -> None:
        """Ctrl+U: the administrator's staff page — disable, unlock, reset, change a role."""
        self.staff_dialog = StaffAdminView(self.svc, self.tasks, self.t, self)
        self.staff_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.staff_dialog.open()

    def household_import(self) -> None:
        """Ctrl+I: the previous system's households (administrator), a dry run first."""
        dialog = HouseholdImportDialog(self.svc, self.tasks, self.t, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.household_dialog = dialog
        dialog.open()

    def audit_screen(self) -> None:
        """Ctrl+L: the audit log — supervisors and administrators (docs/audit.md)."""
        self.audit_dialog = AuditView(self.svc, self.tasks, self.t, self)
        self.audit_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.audit_dialog.open()

    def show_keys(self) -> None:
        QMessageBox.information(self, self.t(N_("Keys")), "\n".join(
            f"{key}\t{self.t(what)}" for key, what in KEYS))

