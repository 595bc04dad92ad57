"""A CSV or XLSX file read through a saved :class:`ColumnMapping` → statement lines.

The header is the first row holding every header text the mapping names (rows above it —
titles, merchant numbers — are skipped).  The rows below it are the lines, up to the mapping's
totals row (its ``total_label``, e.g. 合计, whose figures under the amount, credit, debit and
fee columns are checked against the rows as stated) or the first ``label：value`` row; what
follows is notes.  Dates are read with the mapping's pattern, falling back to the common forms
(YYYYMMDD, YYYY-MM-DD, with or without a time) so that the CSV and XLSX exports of one
acquirer share a mapping.

A row's identity is the mapping's identity fields joined with ``|``; a row whose identity
fields are all empty is refused (``statement.identity_missing``): it could never be recognised
again.  For a bank mapping with a balance column the running balance is checked like a bank
statement's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, tzinfo
from decimal import Decimal

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money
from pos.domain.statements.checks import check_balances, check_total, collapse_duplicates
from pos.domain.statements.labels import is_label_row
from pos.domain.statements.mapping import ColumnMapping, Sign
from pos.domain.statements.model import LineKind, Source, StatementFile, StatementLine
from pos.domain.statements.table import Header, Record, check_width, fold
from pos.domain.statements.text import Row
from pos.domain.statements.values import (
    date_and_time,
    decimal,
    fee_money,
    moment,
    money,
    optional_amount,
)

__all__ = ["ColumnMapping", "Sign", "parse"]

KIND = N_("file read with the column mapping “{name}”")
_TOTALLED = ("amount", "credit", "debit", "fee")


def _find_header(rows: Sequence[Row], mapping: ColumnMapping, encoding: str) -> int:
    wanted = {fold(h) for h in mapping.columns}
    best: tuple[int, set[str]] = (-1, wanted)
    for index, row in enumerate(rows):
        missing = wanted - {fold(cell) for cell in row.cells}
        if not missing:
            return index
        if len(missing) < len(best[1]):
            best = (index, missing)
    raise BadInput(
        "statement.header_missing",
        N_("No row of the file has every column of the mapping “{name}”: {columns} not found. "
           "Check that the mapping fits this file, or that the file was read in the right "
           "encoding ({encoding})."),
        name=mapping.name, columns=", ".join(sorted(best[1])), encoding=encoding,
    )


def parse(rows: Sequence[Row], *, mapping: ColumnMapping, tz: tzinfo, encoding: str,
          format: str) -> StatementFile:
    at = _find_header(rows, mapping, encoding)
    header = Header(rows[at], Message(KIND, {"name": mapping.name}))
    index = {name: header.index(text) for name, text in mapping.fields.items()}
    details, totals = _split(rows[at + 1:], mapping)
    check_width(header, details)
    records = [Record(header, row) for row in details]
    lines = [_line(record, index, mapping, tz) for record in records]
    declared = {} if totals is None else \
        _check_totals(header, totals, records, lines, index, mapping)
    if mapping.source is Source.BANK and "balance" in index:
        check_balances(lines, None)
    return StatementFile(mapping.source, format, encoding, collapse_duplicates(lines),
                         declared=declared)


def _split(body: Sequence[Row], mapping: ColumnMapping) -> tuple[list[Row], Row | None]:
    details: list[Row] = []
    label = fold(mapping.total_label or "")
    for row in body:
        if row.blank:
            continue
        if label and fold(row.first).startswith(label):
            return details, row
        if is_label_row(row):
            break
        details.append(row)
    return details, None


def _when(record: Record, index: dict[str, int | None],
          mapping: ColumnMapping) -> tuple[date, time | None]:
    column = index["date"]
    text = record.get(column)
    try:
        parsed = datetime.strptime(text, mapping.date_format)  # noqa: DTZ007 - a local wall time
        day, at = parsed.date(), (parsed.time() if "%H" in mapping.date_format else None)
    except ValueError:
        day, at = date_and_time(text, record.where(column))
    column = index.get("time")
    text = record.get(column)
    if column is not None and text:
        try:
            at = datetime.strptime(text, mapping.time_format).time()  # noqa: DTZ007
        except ValueError:
            _, at = date_and_time(f"{day.isoformat()} {text}", record.where(column))
    return day, at


def _amount(record: Record, index: dict[str, int | None], mapping: ColumnMapping) -> Money:
    column = index.get("amount")
    if column is not None:
        value = money(record.decimal(column))
        return -value if mapping.amount_sign is Sign.NEGATED else value
    credit, debit = index.get("credit"), index.get("debit")
    if not record.get(credit) and not record.get(debit):
        raise BadInput(
            "statement.amount",
            N_("Line {line}: neither the debit (借方) nor the credit (贷方) column holds an "
               "amount. Correct the row, or export the file again."),
            line=record.line,
        )
    credit_value = abs(record.decimal(credit)) \
        if record.get(credit) else Decimal(0)
    debit_value = abs(record.decimal(debit)) \
        if record.get(debit) else Decimal(0)
    return money(credit_value - debit_value)


def _line(record: Record, index: dict[str, int | None], mapping: ColumnMapping,
          tz: tzinfo) -> StatementLine:
    day, at = _when(record, index, mapping)
    amount = _amount(record, index, mapping)
    status = record.get(index.get("status"))
    if mapping.source is Source.BANK:
        kind = LineKind.DEBIT if amount.fen < 0 else LineKind.CREDIT
    elif status and status in mapping.refund_statuses:
        amount, kind = Money(-abs(amount.fen)), LineKind.REFUND
    else:
        kind = LineKind.REFUND if amount.fen < 0 else LineKind.PAYMENT
    fee_column = index.get("fee")
    fee_text = record.get(fee_column)
    fee = fee_money(decimal(fee_text, record.where(fee_column), places=5)) if fee_text \
        else Money(0)
    if mapping.fee_sign is Sign.NEGATED:
        fee = -fee
    values = {name: record.get(column) or None for name, column in index.items()}
    values |= {"date": day.isoformat(), "amount": str(amount)}
    parts = [values.get(name) or "" for name in mapping.identity]
    if not any(parts):
        raise BadInput(
            "statement.identity_missing",
            N_("Line {line}: the columns that identify a row ({columns}) are empty, so the row "
               "could never be recognised again. Correct the file, or choose other identity "
               "columns in the mapping."),
            line=record.line,
            columns=", ".join(mapping.header_of(f) or f for f in mapping.identity),
        )
    balance_column = index.get("balance")
    balance = optional_amount(record.get(balance_column), record.where(balance_column))
    return StatementLine(
        source=mapping.source, line_no=record.line, identity="|".join(parts), kind=kind,
        value_date=day, occurred_at=moment(day, at, tz), amount=amount, fee=fee, status=status,
        order_no=values.get("order_no"), provider_ref=values.get("provider_ref"),
        refund_no=values.get("refund_no"), counterparty=values.get("counterparty"),
        memo=values.get("memo"), terminal=values.get("terminal"), voucher=values.get("voucher"),
        balance=balance,
        raw=record.raw(),
    )


def _check_totals(header: Header, row: Row, records: Sequence[Record],
                  lines: Sequence[StatementLine], index: dict[str, int | None],
                  mapping: ColumnMapping) -> dict[str, str]:
    """The totals row's figures against the rows: the sum of the cells as stated, or (amount
    and fee) the sum with refunds counted negative, whichever way the file adds them up."""
    declared: dict[str, str] = {}
    total = Record(header, row)
    flip = {"amount": mapping.amount_sign is Sign.NEGATED, "fee": mapping.fee_sign is Sign.NEGATED}
    for name in _TOTALLED:
        column = index.get(name)
        stated_text = total.get(column)
        if column is None or not stated_text:
            continue
        where = total.where(column)
        declared[where.column] = stated_text
        places = 5 if name == "fee" else 2
        stated = decimal(stated_text, where, places=places)
        counted = sum((r.decimal(column, places=places)
                       for r in records if r.get(column)), Decimal(0))
        if name in flip:
            fen = sum(getattr(line, name).fen for line in lines)
            signed = Decimal(-fen if flip[name] else fen).scaleb(-2)
            if stated == signed:
                continue
        check_total(where.column, stated, counted, line=row.line)
    return declared
