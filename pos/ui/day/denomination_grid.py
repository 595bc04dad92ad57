"""The drawer counted by denomination (点钞): one row per note and coin, 100 yuan down to 1 fen,
the pieces typed, each row's subtotal and the total as they are typed.

Keyboard only: digits type the pieces; Up and Down (or Tab) move between the rows; Enter moves
down, and on the last row says the count is done (``finished``)."""

from __future__ import annotations

from pos.domain.day.cash_count import DENOMINATIONS, MAX_PIECES, CashCount, denomination_label
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.ui.common.texts import Texts
from pos.ui.qt import (
    QEvent,
    QFrame,
    QGridLayout,
    QIntValidator,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QObject,
    Qt,
    QWidget,
    Signal,
)

GRID_STYLE = """
QLineEdit { font-size: 22px; padding: 0 6px; }
QLabel[role="denomination"] { font-size: 20px; font-weight: bold; }
QLabel[role="subtotal"] { font-size: 20px; }
QLabel[role="total"] { font-size: 24px; font-weight: bold; }
"""
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ENTER = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)


class DenominationGrid(QWidget):
    changed = Signal()  # a row's pieces changed: the total with it
    finished = Signal()  # Enter on the last row

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("denomination_grid")
        self.setStyleSheet(GRID_STYLE)
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(14)
        for column, msgid in enumerate((N_("Denomination"), N_("Pieces"), N_("Subtotal"))):
            header = QLabel(texts(msgid))
            header.setProperty("role", "hint")
            header.setAlignment(_RIGHT if column else Qt.AlignmentFlag.AlignLeft
                                | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(header, 0, column)
        self.pieces: dict[int, QLineEdit] = {}
        self.subtotals: dict[int, QLabel] = {}
        for row, fen in enumerate(DENOMINATIONS, start=1):
            name = QLabel(texts(N_("{value} yuan"), value=denomination_label(fen)))
            name.setProperty("role", "denomination")
            edit = QLineEdit()
            edit.setObjectName(f"pieces_{fen}")
            edit.setValidator(QIntValidator(0, MAX_PIECES, edit))
            edit.setAlignment(_RIGHT)
            edit.setFixedWidth(130)
            edit.setPlaceholderText("0")
            edit.textChanged.connect(self._recount)
            edit.installEventFilter(self)
            subtotal = QLabel("0.00")
            subtotal.setObjectName(f"subtotal_{fen}")
            subtotal.setProperty("role", "subtotal")
            subtotal.setAlignment(_RIGHT)
            subtotal.setMinimumWidth(130)
            grid.addWidget(name, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(subtotal, row, 2)
            self.pieces[fen], self.subtotals[fen] = edit, subtotal
        total_name = QLabel(texts(N_("Counted cash")))
        total_name.setProperty("role", "total")
        self.total_label = QLabel("0.00")
        self.total_label.setObjectName("count_total")
        self.total_label.setProperty("role", "total")
        self.total_label.setAlignment(_RIGHT)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        last = len(DENOMINATIONS) + 1
        grid.addWidget(rule, last, 0, 1, 3)
        grid.addWidget(total_name, last + 1, 0, 1, 2)
        grid.addWidget(self.total_label, last + 1, 2)
        grid.setRowStretch(last + 2, 1)  # the rows stay together at the top
        self._order = [self.pieces[fen] for fen in DENOMINATIONS]

    def count(self) -> CashCount:
        return CashCount.of({fen: int(edit.text() or 0) for fen, edit in self.pieces.items()})

    @property
    def total(self) -> Money:
        return self.count().total

    def set_count(self, count: CashCount | None) -> None:
        """Start from ``count`` (a recount), or from nothing."""
        held = dict(count.pieces) if count is not None else {}
        for fen, edit in self.pieces.items():
            edit.setText(str(held[fen]) if fen in held else "")
        self._recount()

    def start(self) -> None:
        self._order[0].setFocus(Qt.FocusReason.TabFocusReason)

    def _recount(self) -> None:
        for fen, edit in self.pieces.items():
            self.subtotals[fen].setText(str(Money(fen * int(edit.text() or 0))))
        self.total_label.setText(str(self.total))
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or watched not in self._order:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent) and isinstance(watched, QLineEdit)
        row = self._order.index(watched)
        key = event.key()
        if key == Qt.Key.Key_Up.value and row > 0:
            self._order[row - 1].setFocus(Qt.FocusReason.BacktabFocusReason)
            return True
        if key == Qt.Key.Key_Down.value or key in _ENTER:
            if row + 1 < len(self._order):
                self._order[row + 1].setFocus(Qt.FocusReason.TabFocusReason)
            elif key in _ENTER:
                self.finished.emit()
            return True
        return super().eventFilter(watched, event)
