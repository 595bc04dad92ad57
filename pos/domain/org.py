"""The utility (公司), its service halls (营业厅) and their counters (窗口)."""

from __future__ import annotations

from dataclasses import dataclass

HOTLINE = "0632-7791579"  # the 24-hour service hotline, 热线服务 (docs/design.md "Receipts")


@dataclass(frozen=True)
class Company:
    code: str
    name: str
    hotline: str = HOTLINE
    complaint_line: str = HOTLINE


@dataclass(frozen=True)
class Hall:
    code: str
    name: str
    address: str = ""


@dataclass(frozen=True)
class Counter:
    no: str
    name: str
    hall_code: str
