"""The month's items on finance's screen: the filters (status, channel), the table, and beside it
the selected item in full with the note and the keys that resolve it.  The selection follows
the item (its key), not the row, when the month is shown again."""

from __future__ import annotations

from datetime import tzinfo

from pos.domain.messages import N_
from pos.domain.reconciliation.month import MonthState
from pos.services.month.reconciliation import ItemView, MonthView
from pos.ui.common.texts import Texts
from pos.ui.month.detail import ItemDetail, ResolveBox
from pos.ui.month.items import ALL, STATUS_FILTERS, ItemsFilter, ItemsModel, channel_name
from pos.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)


class ItemsPanel(QWidget):
    """``shown()``: an item was brought forward (a link followed): its tab should show."""

    shown = Signal()

    def __init__(self, texts: Texts, tz: tzinfo) -> None:
        super().__init__()
        self._t = texts
        self.locked = False
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(texts(N_("Show"))))
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("month_status_filter")
        for value, msgid in STATUS_FILTERS:
            self.status_filter.addItem(texts(msgid), value)
        filters.addWidget(self.status_filter)
        self.channel_filter = QComboBox()
        self.channel_filter.setObjectName("month_channel_filter")
        self.channel_filter.addItem(texts(N_("All channels")), ALL)
        filters.addWidget(self.channel_filter)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.model = ItemsModel(texts)
        self.rows = ItemsFilter(self.model)
        self.table = self._table()
        self.detail = ItemDetail(texts, tz)
        self.resolve_box = ResolveBox(texts)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.detail, 1)
        column.addWidget(self.resolve_box)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([770, 450])
        layout.addWidget(split, 1)
        self.status_filter.currentIndexChanged.connect(lambda _: self._filter())
        self.channel_filter.currentIndexChanged.connect(lambda _: self._filter())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.table.activated.connect(lambda _: self.resolve_box.note.setFocus())
        self.detail.go_to.connect(self.select_key)

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("month_items")
        table.setModel(self.rows)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the services' order
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSortIndicatorShown(False)  # a click still sorts; the arrow's room is kept
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        return table

    def show_items(self, view: MonthView | None, select: str | None = None) -> None:
        key = select or self.selected_key()
        self.locked = view is not None and view.state is MonthState.LOCKED
        self.model.set_items(view.items if view else ())
        self._channels(view)
        self.select_key(key, widen=False)
        self._selected()

    def _channels(self, view: MonthView | None) -> None:
        box, chosen = self.channel_filter, self.channel_filter.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for channel in sorted({i.stored.channel for i in view.items} if view else set()):
            box.addItem(channel_name(channel, self._t), channel)
        box.setCurrentIndex(max(box.findData(chosen), 0))
        box.blockSignals(False)
        self.rows.show_only(channel=str(box.currentData()))

    def _filter(self) -> None:
        key = self.selected_key()
        self.rows.show_only(status=str(self.status_filter.currentData()),
                            channel=str(self.channel_filter.currentData()))
        self.select_key(key, widen=False)

    def show_only(self, status: str) -> None:
        self.status_filter.setCurrentIndex(max(self.status_filter.findData(status), 0))

    def selected_key(self) -> str | None:
        return self.rows.key_at(self.table.currentIndex().row())

    def item_at(self, row: int) -> ItemView | None:
        key = self.rows.key_at(row)
        return next((i for i in self.model.items if i.key == key), None)

    def selected(self) -> ItemView | None:
        return self.item_at(self.table.currentIndex().row())

    def select_key(self, key: str | None, *, widen: bool = True) -> None:
        """Select ``key``'s row (``widen``: every item shown if the filters hide it, and the
        table focused); without it, the first row."""
        row = None if key is None else self.rows.row_of(key)
        if row is None and key is not None and widen and any(
                i.key == key for i in self.model.items):
            self.status_filter.setCurrentIndex(0)
            self.channel_filter.setCurrentIndex(0)
            row = self.rows.row_of(key)
        if row is None:
            row = 0 if self.rows.rowCount() else None
        index = QModelIndex() if row is None else self.rows.index(row, 0)
        self.table.setCurrentIndex(index)
        if row is not None:
            self.table.scrollTo(index)
        if widen:
            self.shown.emit()
            self.table.setFocus()

    def next_open(self, row: int) -> str | None:
        """The first open item from ``row`` on, else from the top (after a resolution: the
        next one to do)."""
        count = self.rows.rowCount()
        order = [*range(max(row, 0), count), *range(min(max(row, 0), count))]
        return next((self.rows.key_at(r) for r in order
                     if (i := self.item_at(r)) is not None and i.open), None)

    def _selected(self) -> None:
        item = self.selected()
        effects = () if item is None else tuple(
            i.key for i in self.model.items if i.stored.caused_by == item.key)
        self.detail.show_item(item, effects)
        self.resolve_box.allow(item, locked=self.locked)

    def to_cause(self) -> None:
        item = self.selected()
        if item is not None and item.stored.caused_by:
            self.select_key(item.stored.caused_by)
