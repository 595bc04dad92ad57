"""An error no slot handled reaches the clerk in words, and the log in full — never a traceback
on screen."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from pos.domain.cards import no_card
from pos.ui.app import application, catch_everything
from pos.ui.texts import Texts
from tests.gui.conftest import when_modal


@pytest.fixture
def restored_hook() -> Iterator[None]:
    before = sys.excepthook
    yield
    sys.excepthook = before


@pytest.mark.usefixtures("restored_hook")
def test_an_unhandled_error_is_shown_in_words_and_logged(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    application("zh_CN")
    catch_everything(Texts("zh_CN"))
    seen: dict[str, str] = {}

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        box.accept()

    for error in (no_card(), ZeroDivisionError("division by zero")):
        when_modal(read)
        with caplog.at_level(logging.ERROR):
            try:
                raise error
            except Exception:
                sys.excepthook(*sys.exc_info())
        assert "Traceback" not in seen["text"] and "ZeroDivision" not in seen["text"]
    assert "Traceback" in caplog.text or "ZeroDivisionError" in caplog.text
    assert "日志" in seen["text"]  # the unexpected one: see the log, ask the supervisor
