"""The month's reconciliation items as a table: a model of the items (one row each — status,
level, channel, date, the two amounts, the difference, the resolution) and a filter by status
and channel in front of it.  An open item (a discrepancy nobody has resolved yet) is bold and
red on pink; a knock-on effect of another item is grey and italic: it resolves with its cause."""

from __future__ import annotations

from typing import Any

from pos.domain.messages import N_, Message
from pos.domain.quantities import Money
from pos.domain.reconciliation.items import ItemStatus, Level
from pos.domain.reconciliation.labels import channel_label
from pos.domain.reconciliation.month import Action, Resolution
from pos.services.month.reconciliation import ItemView
from pos.ui.common.page_style import signed
from pos.ui.common.texts import Texts
from pos.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
OPEN = "open"
ALL = ""

STATUSES: dict[str, str] = {  # by the status's value
    ItemStatus.MATCHED: N_("Matched"),
    ItemStatus.AMOUNT_DIFFERS: N_("Amount differs"),
    ItemStatus.ONLY_IN_STATEMENT: N_("Statement only"),
    ItemStatus.ONLY_IN_LEDGER: N_("Ledger only"),
    ItemStatus.IN_TRANSIT: N_("In transit"),
    ItemStatus.SUGGESTED: N_("Suggested"),
}
LEVELS: dict[str, str] = {Level.TRANSACTION: N_("Transaction"),
                          Level.SETTLEMENT: N_("Settlement"), Level.DEPOSIT: N_("Deposit")}
STATUS_FILTERS = ((ALL, N_("All items")), (OPEN, N_("Open")),
                  *((str(status), msgid) for status, msgid in STATUSES.items()))
COLUMNS = (N_("Status"), N_("Level"), N_("Channel"), N_("Date"), N_("Statement"),
           N_("Ledger"), N_("Difference"), N_("Resolution"))  # the amounts: statement, ledger
AMOUNTS = (4, 5, 6)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
OPEN_TEXT, OPEN_BACK, KNOCK_ON_TEXT = "#b00020", "#fde7ea", "#6b6b6b"


def status_label(status: str, t: Texts) -> str:
    msgid = STATUSES.get(status)  # a StrEnum member is its value
    return status if msgid is None else t(msgid)


def level_label(level: str, t: Texts) -> str:
    msgid = LEVELS.get(level)
    return level if msgid is None else t(msgid)


def channel_name(channel: str, t: Texts) -> str:
    label = channel_label(channel)
    return t.message(label) if isinstance(label, Message) else label


def resolution_text(resolution: Resolution | None, item: ItemView, t: Texts) -> str:
    if resolution is not None:
        action = {Action.EXPLAIN: t(N_("Explained")), Action.CARRY: t(N_("Carried over")),
                  Action.LINK: t(N_("Linked to entry #{seq}"), seq=resolution.entry_seq)}
        return t(N_("{action}: {note}"), action=action[resolution.action], note=resolution.note)
    if item.open:
        return t(N_("Open: to resolve"))
    if item.stored.caused_by:
        return t(N_("With its cause"))
    return ""


def money(fen: int | None) -> str:
    return "" if fen is None else str(Money(fen))


class ItemsModel(QAbstractTableModel):
    def __init__(self, texts: Texts) -> None:
        super().__init__()
        self._t = texts
        self.items: tuple[ItemView, ...] = ()

    def set_items(self, items: tuple[ItemView, ...]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._t(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self.items[index.row()], index.column()
        marked = item.open or bool(item.stored.caused_by)  # open, or a knock-on effect
        if role == Qt.ItemDataRole.DisplayRole:
            value: Any = self._text(item, column)
        elif role == KEY_ROLE:
            value = item.key
        elif role == SORT_ROLE:
            value = self._sort_value(item, column)
        elif role == Qt.ItemDataRole.ToolTipRole and column == len(COLUMNS) - 1:
            value = self._text(item, column) or None  # a long note, in full
        elif role == Qt.ItemDataRole.TextAlignmentRole and column in AMOUNTS:
            value = _RIGHT
        elif role == Qt.ItemDataRole.FontRole and marked:
            value = QFont()
            value.setBold(item.open)
            value.setItalic(not item.open)
        elif role == Qt.ItemDataRole.ForegroundRole and marked:
            value = QBrush(QColor(OPEN_TEXT if item.open else KNOCK_ON_TEXT))
        elif role == Qt.ItemDataRole.BackgroundRole and item.open:
            value = QBrush(QColor(OPEN_BACK))
        else:
            value = None
        return value

    def _text(self, item: ItemView, column: int) -> str:
        stored, t = item.stored, self._t
        texts = {
            0: lambda: status_label(stored.status, t),
            1: lambda: level_label(stored.level, t),
            2: lambda: channel_name(stored.channel, t),
            3: lambda: stored.on_date.isoformat() if stored.on_date else "",
            4: lambda: money(stored.amount_statement_fen),
            5: lambda: money(stored.amount_ledger_fen),
            6: lambda: "" if stored.difference_fen is None
            else signed(Money(stored.difference_fen)),
        }
        shown = texts.get(column)
        return resolution_text(item.resolution, item, t) if shown is None else shown()

    def _sort_value(self, item: ItemView, column: int) -> Any:
        stored = item.stored
        fen = {4: stored.amount_statement_fen, 5: stored.amount_ledger_fen,
               6: stored.difference_fen}
        if column in fen:
            value = fen[column]
            return -(10 ** 15) if value is None else value
        return self._text(item, column)


class ItemsFilter(QSortFilterProxyModel):
    """Which rows show: by status (or every open one) and by channel."""

    def __init__(self, model: ItemsModel) -> None:
        super().__init__()
        self._model = model
        self.status = ALL
        self.channel = ALL
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)

    def show_only(self, *, status: str | None = None, channel: str | None = None) -> None:
        self.beginFilterChange()
        if status is not None:
            self.status = status
        if channel is not None:
            self.channel = channel
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 - Qt's name
        item = self._model.items[row]
        if self.channel and item.stored.channel != self.channel:
            return False
        if self.status == OPEN:
            return item.open
        return not self.status or item.stored.status == self.status

    def key_at(self, row: int) -> str | None:
        if not 0 <= row < self.rowCount():
            return None
        return str(self.data(self.index(row, 0), KEY_ROLE))

    def row_of(self, key: str) -> int | None:
        for row in range(self.rowCount()):
            if self.key_at(row) == key:
                return row
        return None
