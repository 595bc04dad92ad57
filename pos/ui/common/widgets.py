"""Small pieces every dialog uses the same way."""

from __future__ import annotations

from collections.abc import Callable

from pos.ui.qt import QDialogButtonBox, QFont, QLabel, QLineEdit


def field(name: str, *, secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def problem_label(name: str) -> QLabel:
    """Where a dialog says, in red, why it cannot go on."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "refusal")
    label.setWordWrap(True)
    return label


def ok_cancel(accept: Callable[[], None], reject: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(reject)
    return buttons


def pixel_font(pixels: int, *, bold: bool = False) -> QFont:
    """A font of ``pixels`` height (the charts' labels and titles)."""
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font
