"""Reader, printer, customer display and database, each with its live state (asked off the GUI
thread every few seconds) and a click-through to the detail."""

from __future__ import annotations

from pos.domain.messages import N_
from pos.services.core.context import Services
from pos.services.counter import health
from pos.services.counter.health import CounterHealth, Health, Status
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import QLabel, QMessageBox, QPushButton, QStatusBar, QTimer, QWidget

EVERY_MS = 10_000
NAMES = {"reader": N_("Reader"), "printer": N_("Printer"), "display": N_("Customer display"),
         "database": N_("Database")}
WORDS = {Health.GOOD: N_("ready"), Health.BAD: N_("fault"), Health.UNKNOWN: N_("not known"),
         Health.ABSENT: N_("not configured")}
COLOURS = {Health.GOOD: "color:#1b7a2f", Health.BAD: "color:#b00020; font-weight:bold",
           Health.UNKNOWN: "color:#8a6d00", Health.ABSENT: "color:#666"}


class DeviceStatusBar(QStatusBar):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, reader: str,
                 parent: QWidget | None = None, *, every_ms: int = EVERY_MS) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t, self._reader = svc, tasks, texts, reader
        self.last: CounterHealth | None = None
        self.lamps: dict[str, QPushButton] = {}
        for key, name in NAMES.items():
            lamp = QPushButton(f"{texts(name)}: …")
            lamp.setObjectName(f"status_{key}")
            lamp.setFlat(True)
            lamp.clicked.connect(lambda _=False, k=key: self._details(k))
            self.lamps[key] = lamp
            self.addPermanentWidget(lamp)
        self.operator = QLabel()
        self.operator.setObjectName("status_operator")
        self.addWidget(self.operator)
        self._asking = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(every_ms)  # asks again by itself: a lamp turns green when it can

    def refresh(self) -> None:
        if self._asking:
            return
        self._asking = True
        self._tasks.run(lambda: health.check(self._svc, self._reader), self._show,
                        self._unknown)

    def _show(self, now: CounterHealth) -> None:
        self._asking = False
        self.last = now
        for key, name in NAMES.items():
            status: Status = getattr(now, key)
            word = self._t(WORDS[status.health])
            if key == "printer" and now.waiting_prints:
                word += self._t(N_(", {n} waiting"), n=now.waiting_prints)
            lamp = self.lamps[key]
            lamp.setText(f"● {self._t(name)}: {word}")
            lamp.setProperty("state", status.health.value)
            lamp.setStyleSheet(COLOURS[status.health])

    def _unknown(self, error: BaseException) -> None:
        self._asking = False
        self.showMessage(self._t.error(error), 8000)

    def _details(self, key: str) -> None:
        if self.last is None:
            return
        status: Status = getattr(self.last, key)
        QMessageBox.information(self, self._t(NAMES[key]),
                                f"{self._t(WORDS[status.health])}\n{status.detail}")

    def stop(self) -> None:
        self._timer.stop()
