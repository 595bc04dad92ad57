"""An error no slot handled reaches the clerk in words, and the log in full — never a traceback
on screen."""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Iterator
from typing import cast

import pytest
from pytestqt.qtbot import QtBot

from pos.domain.cards.contents import no_card
from pos.domain.errors import IntegrityFailure
from pos.ui.app import application, catch_everything
from pos.ui.common.texts import Texts
from pos.ui.qt import QApplication, QMessageBox, QWidget, check_binding
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


def test_the_installed_qt_binding_passes_its_check() -> None:
    check_binding(application("zh_CN"))


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_a_binding_that_leaks_none_is_refused() -> None:
    """A stand-in for PySide6 6.12.0's processEvents: each pass drops a reference to None."""
    class Leaking:
        passes = 0

        def processEvents(self) -> None:  # noqa: N802 - Qt's name
            self.passes += 1
            ctypes.pythonapi.Py_DecRef(ctypes.py_object(None))

    leaking = Leaking()
    try:
        with pytest.raises(IntegrityFailure) as refused:
            check_binding(cast(QApplication, leaking))
        assert refused.value.code == "app.qt_binding"
    finally:
        for _ in range(leaking.passes):  # give the references back
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
