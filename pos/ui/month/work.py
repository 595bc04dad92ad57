"""What finance's month screen asks of the services on the pool thread — the month as last
reconciled with its days' money, the first month to open on, the XLSX written — and the
screen's look."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pos.domain.errors import NotFound
from pos.domain.staff import Operator, Permission
from pos.services.core import auth
from pos.services.core.context import Services
from pos.services.month import reconciliation
from pos.services.month.chart import DayTakings, daily_takings
from pos.services.month.reconciliation import MonthView
from pos.ui.common.page_style import DAY_STYLE

FINANCE_STYLE = DAY_STYLE + """
QTableView { font-size: 16px; }
QLabel[role="section"] { font-size: 17px; font-weight: bold; margin-top: 2px; }
QLabel#month_detail_title { font-size: 22px; }
QGroupBox QLineEdit { font-size: 20px; padding: 2px; }
QGroupBox QPushButton { padding: 6px 8px; }
QLabel#month_state { font-size: 24px; font-weight: bold; }
QLabel[state="open"] { color: #555; }
QLabel[state="reconciling"] { color: #b36b00; }
QLabel[state="locked"] { color: #1b7a2f; }
QLabel#month_evidence { font-size: 16px; }
QLabel#month_resolution { font-size: 18px; color: #1b7a2f; }
QLabel#month_resolution[state="open"] { color: #b00020; }
QComboBox, QDateEdit { font-size: 18px; padding: 2px 6px; }
"""
Loaded = tuple[MonthView | None, list[DayTakings]]


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def write_xlsx(svc: Services, month: str, path: Path) -> Path:
    """The save dialog asked before replacing a file; a link there is replaced, not followed."""
    svc.files.write_new(path, reconciliation.export_xlsx(svc, month), force=True)
    return path


def load_month(svc: Services, month: str) -> Loaded:
    """On the pool thread: the month as last reconciled (None: never), and its days' money."""
    try:
        view: MonthView | None = reconciliation.month_view(svc, month)
    except NotFound:
        view = None
    return view, daily_takings(svc, month)


def first_month(svc: Services, operator: Operator) -> tuple[str, Loaded]:
    """After the login: may they reconcile, and the month they open on — the oldest still
    being reconciled, else last month."""
    auth.authorize(svc, operator, Permission.RECONCILE, "month reconciliation")
    unlocked = reconciliation.unlocked_months(svc)
    last_month = date.fromordinal(svc.today().replace(day=1).toordinal() - 1)
    month = unlocked[0] if unlocked else month_of(last_month)
    return month, load_month(svc, month)
