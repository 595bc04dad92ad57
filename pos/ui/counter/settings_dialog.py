"""Settings from the counter (F11): the language, this counter's reader, printer and customer
display.  Each value is checked by the same rules that read the settings file, saved there, and
used when the counter app starts again; the devices page (F10) tests what is in use now."""

from __future__ import annotations

from pos.domain.messages import N_
from pos.services.core.context import Services
from pos.services.ports import SettingsStore
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, ok_cancel, problem_label
from pos.ui.qt import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

LANGUAGES = (("zh_CN", "中文"), ("en", "English"))
PAPERS = ("58mm", "80mm")
# field → (section, key)
KEYS = {"reader": ("reader", "pattern"), "printer": ("printer", "connection"),
        "paper": ("printer", "paper"), "display": ("display", "port")}


class SettingsDialog(QDialog):
    def __init__(self, svc: Services, tasks: Tasks, texts: Texts, store: SettingsStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks, self._t, self._store = tasks, texts, store
        self.setWindowTitle(texts(N_("Settings")))
        self.setMinimumWidth(760)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("settings_language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex([c for c, _ in LANGUAGES].index(texts.language))
        self._language_was = texts.language
        form.addRow(texts(N_("Language")), self.language)
        self.edits: dict[str, QLineEdit] = {
            "reader": field("settings_reader"), "printer": field("settings_printer"),
            "display": field("settings_display")}
        self.edits["reader"].setPlaceholderText(texts(N_("PC/SC reader name pattern, e.g. ACR")))
        self.edits["printer"].setPlaceholderText(svc.printer.describe())
        self.edits["display"].setPlaceholderText(svc.display.describe())
        self.paper = QComboBox()
        self.paper.setObjectName("settings_paper")
        self.paper.addItems([texts(N_("(unchanged)")), *PAPERS])
        form.addRow(texts(N_("Card reader")), self.edits["reader"])
        form.addRow(texts(N_("Receipt printer")), self.edits["printer"])
        form.addRow(texts(N_("Paper")), self.paper)
        form.addRow(texts(N_("Customer display port")), self.edits["display"])
        layout.addLayout(form)
        layout.addWidget(QLabel(texts(N_("Empty fields stay as they are. Saved in {where}; used "
                                          "when the counter app starts again."),
                                      where=store.where())))
        self.problem = problem_label("settings_problem")
        layout.addWidget(self.problem)
        self.saved = QLabel()
        self.saved.setObjectName("settings_saved")
        layout.addWidget(self.saved)
        self.buttons = ok_cancel(self.save, self.reject)
        layout.addWidget(self.buttons)

    def changes(self) -> list[tuple[str, str, str]]:
        wanted = [(*KEYS[name], edit.text().strip()) for name, edit in self.edits.items()
                  if edit.text().strip()]
        if self.paper.currentIndex() > 0:
            wanted.append((*KEYS["paper"], self.paper.currentText()))
        language = str(self.language.currentData())
        if language != self._language_was:
            wanted.append(("locale", "language", language))
        return wanted

    def save(self) -> None:
        wanted = self.changes()
        if not wanted:
            self.reject()
            return
        self.problem.clear()
        self.buttons.setEnabled(False)

        def work() -> None:
            self._store.save(wanted)  # all checked before anything is written

        self._tasks.run(work, self._saved, self._refused, owner=self)

    def _saved(self, _: object) -> None:
        self.buttons.setEnabled(True)
        self.saved.setText(self._t(N_("Saved: the counter app uses it from its next start.")))

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(self._t.error(error))
