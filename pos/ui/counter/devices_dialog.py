"""The counter's devices (F10): what each one is, how it is, and a test for each — the reader
reads the card in it, the printer prints its test page, the display shows a number, the
database is checked.  Where they are configured: docs/configuration.md ([reader], [printer],
[display], [database])."""

from __future__ import annotations

from collections.abc import Callable

from pos.domain.devices import DisplayLamp
from pos.domain.messages import N_, Message
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.counter import devices as counter_devices
from pos.services.printing import print_queue
from pos.services.selling.card_view import read_and_settle
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import QDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TEST_NUMBER = "8888.88"


class DevicesDialog(QDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, operator: Operator, *,
                 reader: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._tasks, self._t, self._operator, self._reader = (svc, tasks, texts,
                                                                         operator, reader)
        self.setWindowTitle(texts(N_("Devices")))
        self.setMinimumWidth(900)
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.results: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        rows = (
            ("reader", N_("Reader"), reader, N_("Read the card (F5)"), self.test_reader),
            ("printer", N_("Printer"), svc.printer.describe(), N_("Test page (F6)"),
             self.test_printer),
            ("display", N_("Customer display"), svc.display.describe(), N_("Show a number (F7)"),
             self.test_display),
            ("database", N_("Database"), svc.database.describe(), N_("Check (F8)"),
             self.test_database),
        )
        for row, (key, name, what, test, action) in enumerate(rows):
            grid.addWidget(QLabel(texts(name)), row, 0)
            grid.addWidget(QLabel(what), row, 1)
            button = QPushButton(texts(test))
            button.setObjectName(f"test_{key}")
            button.setShortcut(f"F{5 + row}")
            button.clicked.connect(action)
            grid.addWidget(button, row, 2)
            result = QLabel()
            result.setObjectName(f"result_{key}")
            result.setWordWrap(True)
            grid.addWidget(result, row, 3)
            self.results[key], self.buttons[key] = result, button
        layout.addLayout(grid)
        layout.addWidget(QLabel(texts(N_("Devices are set in the settings file ([reader], "
                                          "[printer], [display]); see docs/configuration.md."))))

    def test_reader(self) -> None:
        self._test("reader", lambda: Message(N_("Card {card_no} read."), {
            "card_no": read_and_settle(self._svc, self._reader).reading.card_no}))

    def test_printer(self) -> None:
        def work() -> Message:
            report = print_queue.print_test_page(self._svc, self._operator)
            if report.problem is not None:
                return report.problem
            return Message(N_("Test page printed: check the width, the Chinese text, the QR "
                              "code and the cut."))
        self._test("printer", work)

    def test_display(self) -> None:
        def work() -> Message:
            if not self._svc.display.present:
                return Message(N_("No customer display is configured here."))
            problem = counter_devices.show(self._svc, DisplayLamp.TOTAL, TEST_NUMBER)
            return problem or Message(N_("The display should show {number} under 总计."),
                                      {"number": TEST_NUMBER})
        self._test("display", work)

    def test_database(self) -> None:
        def work() -> Message:
            self._svc.database.check_schema()
            return Message(N_("The database answers and its schema is current."))
        self._test("database", work)

    def _test(self, key: str, work: Callable[[], Message]) -> None:
        self.buttons[key].setEnabled(False)
        self.results[key].setText(self._t(N_("Working…")))

        def done(message: Message) -> None:
            self.buttons[key].setEnabled(True)
            self.results[key].setText(self._t.message(message))

        def failed(error: BaseException) -> None:
            self.buttons[key].setEnabled(True)
            self.results[key].setText(self._t.error(error))

        self._tasks.run(work, done, failed, owner=self)
