"""The look the day's screens share (the settle-and-close wizard, the daily report): money in
large figures, the count's difference larger still — green when the drawer agrees, red short,
amber over — and the small helpers that fill them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos.domain.quantities import Money
from pos.ui.common.tasks import Tasks
from pos.ui.qt import QLabel, QPushButton, QWidget

DAY_STYLE = """
QLabel[role="figure"] { font-size: 22px; font-weight: bold; }
QLabel[role="heading"] { font-size: 26px; font-weight: bold; color: #0b4f9c; }
QLabel#count_difference { font-size: 60px; font-weight: bold; }
QLabel#count_difference_words { font-size: 24px; font-weight: bold; }
QLabel[state="zero"] { color: #1b7a2f; }
QLabel[state="short"] { color: #b00020; }
QLabel[state="over"] { color: #b36b00; }
QLabel[state="hidden"] { color: #777; }
QLabel#close_deposit { font-size: 44px; font-weight: bold; color: #0b4f9c; }
QLabel#closed_deposit { font-size: 36px; font-weight: bold; color: #0b4f9c; }
QTableWidget { font-size: 17px; }
QHeaderView::section { font-size: 16px; font-weight: bold; padding: 4px; }
QTabBar::tab { font-size: 16px; padding: 6px 12px; }
"""


def figure(name: str, role: str = "figure") -> QLabel:
    """A label that shows one amount (or one fact) of the day."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", role)
    label.setWordWrap(role != "figure")
    return label


def heading(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


def yuan(money: Money | None) -> str:
    return "" if money is None else f"¥{money}"


def signed(money: Money) -> str:
    """Over (+) or short (−): ``+2.00``, ``−3.00``, ``0.00``."""
    if money.fen > 0:
        return f"+{money}"
    if money.fen < 0:
        return f"−{-money}"
    return str(money)


def difference_state(difference: Money) -> str:
    return "zero" if difference.fen == 0 else "short" if difference.fen < 0 else "over"


def set_state(label: QLabel, state: str) -> None:
    """Colour ``label`` by its ``state`` property (the style sheet reads it)."""
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)


def button(text: str, name: str) -> QPushButton:
    """A button Enter does not press by itself: the screens decide what Enter means per page."""
    pushed = QPushButton(text)
    pushed.setObjectName(name)
    pushed.setAutoDefault(False)
    return pushed


def no_default_buttons(widget: QWidget) -> None:
    """Enter must not press whichever button a dialog made its default."""
    for pushed in widget.findChildren(QPushButton):
        pushed.setAutoDefault(False)
        pushed.setDefault(False)


def back_to_counter(dialog: QWidget) -> None:
    """The counter's keys (F-keys, Ctrl+D, Ctrl+R) are its own again once a dialog closes."""
    parent = dialog.parentWidget()
    if parent is not None:
        parent.activateWindow()


def run_for(widget: QWidget, tasks: Tasks, work: Callable[[], Any],
            done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
    """``tasks.run`` for a screen that may be closed (and deleted) before the answer comes —
    a print still running when the cashier presses Done: the answer is then dropped."""
    tasks.run(work, done, failed, owner=widget)
