"""Large, calm type for a counter: read at arm's length, all day."""

from __future__ import annotations

STYLE = """
QWidget { font-size: 17px; }
QGroupBox { font-size: 18px; font-weight: bold; margin-top: 14px; padding-top: 8px; }
QLabel[role="value"] { font-size: 20px; }
QLabel[role="big"] { font-size: 34px; font-weight: bold; color: #0b4f9c; }
QLabel[role="wait"] { font-size: 28px; font-weight: bold; color: #8a4b00; }
QLabel[role="refusal"] { font-size: 18px; color: #b00020; }
QLabel[role="ok"] { font-size: 18px; color: #1b7a2f; }
QLabel[role="hint"] { color: #555; }
QLineEdit { font-size: 26px; padding: 4px; }
QPushButton { font-size: 18px; padding: 6px 14px; }
QStatusBar QLabel { font-size: 15px; padding: 0 10px; }
QLabel[state="good"] { color: #1b7a2f; }
QLabel[state="bad"] { color: #b00020; font-weight: bold; }
QLabel[state="unknown"] { color: #8a6d00; }
"""
