"""The checks a file must pass against itself before any of its lines is used.

* **Totals**: what a footer (or summary) states must equal what its rows add up to.
* **Duplicates**: two rows with one identity are the same transaction.  When their cells are
  identical, the file merely states it twice (overlapping exports pasted together) and it is
  kept once; when they differ, the file contradicts itself and is refused
  (``statement.duplicate_row``), naming both lines.  Totals are checked before collapsing, on
  the rows as the file has them.
* **Balances**: a bank row's running balance must be the previous balance plus its amount
  (``statement.balance_break``), from the stated opening balance when there is one.  Rows may
  run oldest-first or newest-first (some banks export newest first): when the file's order
  breaks the chain, the reverse order is tried before the file is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.statements.model import StatementLine


def check_total(label: str, stated: Decimal | int, counted: Decimal | int, *, line: int) -> None:
    if stated != counted:
        raise BadInput(
            "statement.footer_mismatch",
            N_("Line {line}: the file's totals say {label} is {stated}, but its rows make "
               "{counted}. The file is incomplete or was altered: download or export it again."),
            line=line, label=label, stated=stated, counted=counted,
        )


def collapse_duplicates(lines: Sequence[StatementLine]) -> tuple[StatementLine, ...]:
    """The lines with repeated identical rows kept once; differing rows under one identity are
    refused."""
    seen: dict[str, StatementLine] = {}
    kept: list[StatementLine] = []
    for line in lines:
        first = seen.get(line.identity)
        if first is None:
            seen[line.identity] = line
            kept.append(line)
        elif first.raw != line.raw:
            raise BadInput(
                "statement.duplicate_row",
                N_("Lines {first} and {line} are the same transaction ({identity}) with different "
                   "contents: the file contradicts itself. Download or export it again."),
                first=first.line_no, line=line.line_no, identity=line.identity,
            )
    return tuple(kept)


def _first_break(lines: Sequence[StatementLine], opening: Money | None) -> StatementLine | None:
    previous = opening
    for line in lines:
        if line.balance is None:
            previous = None
            continue
        if previous is not None and previous + line.amount != line.balance:
            return line
        previous = line.balance
    return None


def check_balances(lines: Sequence[StatementLine], opening: Money | None) -> Money | None:
    """Check the running balances; return the closing balance (of the latest row), if stated."""
    broken = _first_break(lines, opening)
    newest_first = False
    if broken is not None and _first_break(lines[::-1], opening) is None:
        newest_first = True
        broken = None
    if broken is not None:
        index = lines.index(broken)
        previous = next((ln.balance for ln in reversed(lines[:index]) if ln.balance is not None),
                        opening)
        assert previous is not None and broken.balance is not None
        raise BadInput(
            "statement.balance_break",
            N_("Line {line}: the balance {balance} does not follow from the balance before it "
               "({previous}) and this row's amount {amount}: expected {expected}. A row is "
               "missing, repeated or altered: export the statement again."),
            line=broken.line_no, balance=broken.balance, previous=previous,
            amount=broken.amount, expected=previous + broken.amount,
        )
    ordered = lines[::-1] if newest_first else lines
    return next((ln.balance for ln in reversed(ordered) if ln.balance is not None), None)
