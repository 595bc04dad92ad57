"""Settings from the counter (F11): checked by the rules that read the file, nothing written
when one is wrong, the rest of the file (comments too) kept, read back as the app will."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from pos.bootstrap import config
from pos.bootstrap.settings_file import SettingsFile
from pos.ui.counter.window import CounterWindow
from pos.ui.qt import Qt

BEFORE = '# this counter, set up by IT\n[counter]\nno = "03"\n'


def test_settings_are_checked_saved_and_read_back(qtbot: QtBot, counter: CounterWindow,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "gaspos.toml"
    path.write_text(BEFORE, encoding="utf-8")
    counter.settings_store = SettingsFile(path)
    qtbot.keyClick(counter, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: counter.settings_dialog is not None
                    and counter.settings_dialog.isVisible())
    page = counter.settings_dialog
    assert page is not None
    qtbot.keyClicks(page.edits["printer"], "lpt1")
    page.paper.setCurrentText("80mm")
    page.save()
    qtbot.waitUntil(lambda: page.problem.text() != "", timeout=20_000)
    assert "lpt1" in page.problem.text() and path.read_text(encoding="utf-8") == BEFORE
    page.edits["printer"].clear()
    qtbot.keyClicks(page.edits["printer"], "tcp:10.0.0.7")
    page.language.setCurrentIndex(1)  # English
    page.save()
    qtbot.waitUntil(lambda: page.saved.text() != "", timeout=20_000)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# this counter, set up by IT")  # the file's own words stay
    settings = config.load(str(path))
    assert (settings.printer.connection, settings.printer.paper, settings.locale.language,
            settings.counter.no) == (
        "tcp:10.0.0.7", "80mm", "en", "03")
    page.close()
