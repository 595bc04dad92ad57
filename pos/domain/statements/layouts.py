"""A bank's layout that no built-in format knows, mapped once by a person and known again.

Finance sees the file's first rows, names its header row and which column is the date, time,
money in, money out (or one signed amount), balance, counterparty, memo and serial, and saves it
under the bank's name: a :class:`ColumnMapping` of source ``bank`` that also keeps the header
row's cells.  A later file whose header row is that row, cell for cell (compared folded, so
full-width and half-width brackets are one), is read through it without being asked.

A row's identity is its serial when the layout has one, else its date, time, amount,
counterparty, memo and balance (as a bank statement's without 交易流水号): the running balance
tells recurring sums apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pos.domain.messages import N_
from pos.domain.statements import bank
from pos.domain.statements.mapping import ColumnMapping
from pos.domain.statements.model import Source
from pos.domain.statements.table import fold
from pos.domain.statements.text import Row

PREVIEW_ROWS = 30  # the rows shown, and the rows searched for a saved header
# role (the mapping's field) → (what the screen calls it, the bank column names that suggest it)
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": (N_("Date"), bank.DATE),
    "time": (N_("Time"), bank.TIME),
    "credit": (N_("Money in"), bank.CREDIT),
    "debit": (N_("Money out"), bank.DEBIT),
    "amount": (N_("Signed amount"), bank.AMOUNT),
    "balance": (N_("Balance"), bank.BALANCE),
    "counterparty": (N_("Counterparty"), bank.COUNTERPARTY),
    "memo": (N_("Memo"), (*bank.PURPOSE, *bank.SUMMARY)),
    "provider_ref": (N_("Serial number"), bank.SERIAL),
}
_FACTS = ("date", "time", "amount", "counterparty", "memo", "balance")


def preview(rows: Sequence[Row], limit: int = PREVIEW_ROWS) -> list[Row]:
    """The file's first rows with content, as the mapping screen shows them."""
    return [row for row in rows if not row.blank][:limit]


def _cells(row: Row | Sequence[str]) -> tuple[str, ...]:
    cells = [fold(cell) for cell in (row.cells if isinstance(row, Row) else row)]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def header_guess(rows: Sequence[Row]) -> int:
    """The index (in ``rows``) of the row most likely to be the header: the first naming a
    date column, else the first row with the most cells."""
    for index, row in enumerate(rows):
        if set(_cells(row)) & {fold(name) for name in bank.DATE}:
            return index
    widths = [len(_cells(row)) for row in rows]
    return widths.index(max(widths)) if widths else 0


def suggest(header: Row) -> dict[str, int]:
    """role → column, for the columns whose name a bank export uses for it."""
    cells = _cells(header)
    found: dict[str, int] = {}
    for role, (_, names) in ROLES.items():
        for name in names:
            column = cells.index(fold(name)) if fold(name) in cells else None
            if column is not None and column not in found.values():
                found[role] = column
                break
    if "credit" in found or "debit" in found:
        found.pop("amount", None)
    return found


def bank_layout(name: str, header: Row, roles: Mapping[str, int]) -> ColumnMapping:
    """The mapping a person made: ``roles`` maps a role (a key of :data:`ROLES`) to a column
    of ``header``.  Refused (``statement.mapping``) when it could not read a file."""
    columns = {header.cell(column): role for role, column in roles.items()
               if role in ROLES and 0 <= column < len(header.cells) and header.cell(column)}
    identity = ("provider_ref",) if "provider_ref" in roles else tuple(
        fact for fact in _FACTS if fact in roles or fact == "amount")
    return ColumnMapping(name=name.strip(), source=Source.BANK, columns=columns,
                         identity=identity, header=_cells(header))


def matching(rows: Sequence[Row], mappings: Iterable[ColumnMapping]) -> ColumnMapping | None:
    """The saved layout whose header row is one of the file's first rows, if any."""
    known = [mapping for mapping in mappings if mapping.header]
    for row in preview(rows):
        cells = _cells(row)
        for mapping in known:
            if _cells(mapping.header) == cells:
                return mapping
    return None
