"""The demo's hands: a dock listing the demo cards to put into the reader and take out, and the
customer's meter (the simulator) to put the card into after a sale.  It acts through the
services' lab port; the reader then reports the card like any reader (device events)."""

from __future__ import annotations

from pathlib import Path

from pos.domain.cards.contents import MeterVisit
from pos.domain.messages import N_
from pos.services.core.context import Services
from pos.services.demo import hall, lab
from pos.services.demo.hall import DemoSummary
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)

READER = "demo"


class DemoDock(QDockWidget):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts,
                 parent: QWidget | None = None) -> None:
        super().__init__(texts(N_("Demo: cards and meter")), parent)
        self._svc, self._tasks, self._t = svc, tasks, texts
        self.setObjectName("demo_dock")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(texts(N_("Demo IC cards (Enter puts one into the reader):"))))
        self.cards = QListWidget()
        self.cards.setObjectName("demo_cards")
        self.cards.itemActivated.connect(
            lambda item: self.insert(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.cards)
        blank = QPushButton(texts(N_("A new blank card into the reader (F7)")))
        blank.setObjectName("demo_blank")
        blank.clicked.connect(self.new_blank_card)
        layout.addWidget(blank)
        take_out = QPushButton(texts(N_("Take the card out (F8)")))
        take_out.setObjectName("demo_remove")
        take_out.clicked.connect(self.remove)
        layout.addWidget(take_out)
        meter = QPushButton(texts(N_("Put the card into the meter (F9)")))
        meter.setObjectName("demo_meter")
        meter.clicked.connect(self.into_meter)
        layout.addWidget(meter)
        self.result = QLabel()
        self.result.setObjectName("demo_result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.setWidget(body)
        tasks.run(lambda: hall.ensure_demo(svc)[0], self._list, self._failed)

    def _list(self, summary: DemoSummary) -> None:
        self.cards.clear()
        for card in summary.cards:
            item = QListWidgetItem(f"{card.card_no}  {card.account_no}")
            item.setData(Qt.ItemDataRole.UserRole, str(card.path))
            self.cards.addItem(item)
        if self.cards.count():
            self.cards.setCurrentRow(0)

    def insert(self, path: str) -> None:
        self._svc.lab.insert_demo_card(Path(path))

    def new_blank_card(self) -> None:
        """A new, blank card from the box (for a new account or a replacement)."""
        folder = self._svc.settings.data_dir / "demo-cards"
        number = 1 + len(list(folder.glob("blank-*.bin")))
        path = folder / f"blank-{number:03d}.bin"
        self._svc.lab.blank_card(path)
        self.insert(str(path))

    def remove(self) -> None:
        self._svc.lab.remove_demo_card()

    def into_meter(self) -> None:
        """The customer goes home: the card leaves the reader and goes into the meter."""
        self.result.setText(self._t(N_("The card is in the meter…")))
        self._tasks.run(self._meter_visit, self._visited, self._failed)

    def _meter_visit(self) -> MeterVisit:
        visit = lab.load_meter(self._svc, READER)
        self._svc.lab.remove_demo_card()
        return visit

    def _visited(self, visit: MeterVisit) -> None:
        t = self._t
        if visit.refused is not None:
            self.result.setText(t(N_("Meter {meter_no} refused the card: {why}"),
                                  meter_no=visit.meter_no, why=t.message(visit.refused)))
            return
        self.result.setText(t(N_("Meter {meter_no} loaded {loaded} m³; {remaining} m³ in the "
                                 "meter now."), meter_no=visit.meter_no, loaded=visit.loaded,
                              remaining=visit.remaining))

    def _failed(self, error: BaseException) -> None:
        self.result.setText(self._t.error(error))
