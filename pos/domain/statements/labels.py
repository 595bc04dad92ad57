"""The ``label：value`` cells banks put above and below a statement's table.

Above: ``账号：,3301 …,户名：,…`` and ``查询日期：,20250301,至,20250401`` and ``期初余额：,…``.
Below: ``借方笔数：,0,借方金额：,0.00,贷方笔数：,75,…,期末余额：,…``.  A label may carry its
value in the same cell (``期末余额：73,144.27``) or in the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from pos.domain.errors import BadInput
from pos.domain.statements.table import fold
from pos.domain.statements.text import Row
from pos.domain.statements.values import Where, date_and_time

_LABEL = re.compile(r"(?P<key>[^:：]+)[:：](?P<value>.*)", re.DOTALL)
_TO = {"至", "到", "~", "～", "-", "—", "--"}
_SPLIT = re.compile(r"\s*(?:至|到|~|～|—|--)\s*")
PERIOD_KEYS = ("查询日期", "起止日期", "查询期间", "查询区间", "交易日期", "日期范围")
TOTAL_WORDS = ("合计", "总计", "本页合计", "累计", "汇总")


def _label(cell: str) -> re.Match[str] | None:
    """``key：value`` where the key has a letter or a Chinese character (not ``07:15:39``)."""
    match = _LABEL.fullmatch(cell)
    return match if match is not None and any(ch.isalpha() for ch in match["key"]) else None


def is_label(cell: str) -> bool:
    return _label(cell) is not None


def is_total(cell: str) -> bool:
    """A totals row's first cell: 合计, 本页合计, 人民币合计 … (a total word begins or ends it)."""
    folded = fold(cell)
    return folded.startswith(TOTAL_WORDS) or folded.endswith(TOTAL_WORDS)


def is_label_row(row: Row) -> bool:
    """A row of ``label：value`` cells, or a totals row (合计 …)."""
    first = row.first
    return is_label(first) or is_total(first)


def pairs(rows: Iterable[Row]) -> list[tuple[str, str, int]]:
    """(label, value, line) for every labelled cell of ``rows``, in order."""
    found: list[tuple[str, str, int]] = []
    for row in rows:
        cells = row.cells
        index = 0
        while index < len(cells):
            match = _label(cells[index])
            index += 1
            if match is None:
                continue
            value = match["value"].strip()
            if not value and index < len(cells) and not is_label(cells[index]):
                value = cells[index]
                index += 1
            found.append((fold(match["key"]), value, row.line))
    return found


def period(rows: Sequence[Row]) -> tuple[date, date] | None:
    """The stated period, inclusive; None when the file does not state one readably."""
    for row in rows:
        cells = row.cells
        for index, cell in enumerate(cells):
            match = _label(cell)
            if match is None or fold(match["key"]) not in PERIOD_KEYS:
                continue
            rest = [match["value"].strip(), *cells[index + 1:index + 4]]
            text = " ".join(part for part in rest if part)
            bounds = [part for part in _SPLIT.split(text) if part and part not in _TO]
            found = _span(bounds)
            if found is not None:
                return found
    return _separate(rows)


def _span(bounds: Sequence[str]) -> tuple[date, date] | None:
    if len(bounds) < 2:
        return None
    try:
        start, _ = date_and_time(bounds[0].split(" ")[0], Where(0, ""))
        end, _ = date_and_time(bounds[1].split(" ")[0], Where(0, ""))
    except BadInput:
        return None
    return (start, end) if start <= end else None


def _separate(rows: Sequence[Row]) -> tuple[date, date] | None:
    """起始日期：… 终止日期：… (or 开始日期/结束日期) given apart."""
    values = {key: value for key, value, _ in pairs(rows)}
    for start_key, end_key in (("起始日期", "终止日期"), ("开始日期", "结束日期")):
        if start_key in values and end_key in values:
            return _span([values[start_key], values[end_key]])
    return None
