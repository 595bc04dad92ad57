"""A bank statement's totals (below its table) checked against its rows.

Labelled figures (``借方笔数：,0,借方金额：,0.00,贷方笔数：,75,贷方金额：,…,期末余额：,…``) and
a 合计 row with figures under the amount columns are both understood; any other label is kept
in ``declared`` unchecked.  期末余额 is checked against the last running balance, or against
期初余额 plus the rows when the rows state no balance.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.statements.checks import check_total
from pos.domain.statements.labels import is_label, is_total, pairs
from pos.domain.statements.model import StatementLine
from pos.domain.statements.table import Header, Record
from pos.domain.statements.text import Row
from pos.domain.statements.values import Where, count, decimal

if TYPE_CHECKING:
    from pos.domain.statements.bank import Columns

_COUNTS = {
    "debit": ("借方笔数", "借方总笔数", "支出笔数", "支出总笔数"),
    "credit": ("贷方笔数", "贷方总笔数", "收入笔数", "收入总笔数"),
    "all": ("总笔数", "合计笔数", "交易笔数", "笔数"),
}
_SUMS = {
    "debit": ("借方金额", "借方发生额", "借方合计", "借方总金额", "借方发生总额", "支出金额",
              "支出合计", "支出总金额"),
    "credit": ("贷方金额", "贷方发生额", "贷方合计", "贷方总金额", "贷方发生总额", "收入金额",
               "收入合计", "收入总金额"),
}
_CLOSING = ("期末余额", "账户余额", "当前余额")


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def check(footer: Sequence[Row], header: Header, columns: Columns,
          lines: Sequence[StatementLine], opening: Money | None,
          closing: Money | None) -> dict[str, str]:
    """Check every figure of the footer; return them as stated."""
    debits = [ln.amount.fen for ln in lines if ln.amount.fen < 0]
    credits = [ln.amount.fen for ln in lines if ln.amount.fen >= 0]
    counts = {"debit": len(debits), "credit": len(credits), "all": len(lines)}
    sums = {"debit": _yuan(-sum(debits)), "credit": _yuan(sum(credits))}
    if closing is None and opening is not None:
        closing = opening + Money(sum(ln.amount.fen for ln in lines))
    declared: dict[str, str] = {}
    stated: dict[str, int] = {}  # count or sum of a side → the line that states it
    for key, value, line in pairs(footer):
        declared[key] = value
        known = any(key in names for names in (*_COUNTS.values(), *_SUMS.values(), _CLOSING))
        if not value:
            if known:  # a total without its figure: the file ends inside its totals line
                raise _cut(line, key)
            continue
        where = Where(line, key)
        _note(stated, key, line)
        side = next((s for s, names in _COUNTS.items() if key in names), None)
        if side is not None:
            check_total(key, count(value, where), counts[side], line=line)
            continue
        side = next((s for s, names in _SUMS.items() if key in names), None)
        if side is not None:
            check_total(key, abs(decimal(value, where)), sums[side], line=line)
        elif key in _CLOSING and closing is not None:
            check_total(key, decimal(value, where), _yuan(closing.fen), line=line)
    _both_figures(stated)
    for row in footer:
        if is_total(row.first) and not is_label(row.first):
            declared |= _total_row(Record(header, row), columns, sums, lines)
    return declared


def _note(stated: dict[str, int], key: str, line: int) -> None:
    for kind, table in (("count", _COUNTS), ("sum", _SUMS)):
        side = next((s for s, names in table.items() if key in names), None)
        if side is not None:
            stated[f"{kind}:{side}"] = line


def _both_figures(stated: dict[str, int]) -> None:
    """A side's count comes with its sum, and the other way round."""
    for side in ("debit", "credit"):
        have = [kind for kind in ("count", "sum") if f"{kind}:{side}" in stated]
        if len(have) == 1:
            raise _cut(stated[f"{have[0]}:{side}"], side)


def _cut(line: int, label: str) -> BadInput:
    return BadInput(
        "statement.truncated",
        N_("Line {line}: the totals line stops at {label}, without all its figures: the file "
           "was cut short. Download or export it again."), line=line, label=label)


def _total_row(record: Record, columns: Columns, sums: dict[str, Decimal],
               lines: Sequence[StatementLine]) -> dict[str, str]:
    """A 合计 row: figures under the debit, credit or amount column."""
    declared: dict[str, str] = {}
    net = _yuan(sum(ln.amount.fen for ln in lines))
    for index, counted in ((columns.debit, sums["debit"]), (columns.credit, sums["credit"]),
                           (columns.amount, net)):
        text = record.get(index)
        if index is None or not text:
            continue
        where = record.where(index)
        declared[f"{record.row.first}:{where.column}"] = text
        stated = decimal(text, where)
        if index != columns.amount:
            stated = abs(stated)
        check_total(where.column, stated, counted, line=record.line)
    return declared
