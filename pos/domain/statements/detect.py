"""The entry points: a statement file (bytes, or a spreadsheet's rows) → a checked
:class:`StatementFile`, or :class:`BadInput` naming the line and what is wrong.

Nothing partial is ever returned: a file is parsed whole, checked against its own totals,
balances and identities, and only then handed back.  Formats:

* ``wechat`` — 微信支付交易账单 (ALL): a header starting ``交易时间,公众账号ID``;
* ``alipay`` — 支付宝业务明细: ``#支付宝…`` lines, a header starting ``支付宝交易号``;
* ``bank`` — a bank account statement: a header with a date column and 借方/贷方 (收入/支出 …),
  or one 金额 with 余额 or 借/贷 (the big banks' names: ``bank.py``);
* ``csv`` — any other CSV or XLSX, read through a saved :class:`ColumnMapping`.

``auto`` recognises the first three by their header; a file given with a mapping is read
through it.  XLSX workbooks are not text: the caller reads their rows
(``pos.adapters.spreadsheets``) and hands them to :func:`parse_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.statements import alipay, bank, mapped, wechat
from pos.domain.statements.mapping import ColumnMapping
from pos.domain.statements.model import StatementFile
from pos.domain.statements.text import Row, csv_rows, decode, text_rows

FORMATS = ("auto", "wechat", "alipay", "bank", "csv")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
FORMAT_OPTION, MAPPING_OPTION = "--format", "--mapping"


def parse_statement(data: bytes, *, format: str = "auto", mapping: ColumnMapping | None = None,
                    tz: tzinfo, encoding: str | None = None) -> StatementFile:
    """Parse a text statement (CSV).  ``encoding`` overrides detection."""
    _check_request(format, mapping)
    if data.startswith(XLSX_MAGIC):
        raise BadInput(
            "statement.spreadsheet",
            N_("The file is a spreadsheet workbook, not a text statement: its rows must be read "
               "from the workbook first (the statement import does this for {kind} files)."),
            kind="XLSX",
        )
    if data.startswith(OLE_MAGIC):
        raise BadInput(
            "statement.spreadsheet",
            N_("The file is an old-style Excel workbook: open it and save it as {kinds}, then "
               "import that file."),
            kinds="XLSX / CSV",
        )
    text, found = decode(data, encoding)
    return _parse(csv_rows(text), format, mapping, tz, found, "csv")


def parse_rows(rows: Sequence[Sequence[str]], *, format: str = "auto",
               mapping: ColumnMapping | None = None, tz: tzinfo) -> StatementFile:
    """Parse a spreadsheet's rows (first row = row 1, as the spreadsheet numbers them)."""
    _check_request(format, mapping)
    return _parse(text_rows(rows), format, mapping, tz, "xlsx", "xlsx")


def detect(rows: Sequence[Row]) -> str | None:
    """The built-in format whose header signature comes first in ``rows``, if any."""
    for row in rows:
        if wechat.is_header(row):
            return "wechat"
        if alipay.is_header(row) or (alipay.comment(row) or "").startswith("支付宝"):
            return "alipay"
        if bank.is_header(row):
            return "bank"
    return None


def _check_request(format: str, mapping: ColumnMapping | None) -> None:
    if format not in FORMATS:
        raise BadInput(
            "statement.format_unknown",
            N_("“{format}” is not a statement format: use one of {formats}."),
            format=format, formats=", ".join(FORMATS),
        )
    if format == "csv" and mapping is None:
        raise BadInput(
            "statement.mapping_missing",
            N_("A file of format “{format}” is read through a saved column mapping: give it "
               "with {mapping_option}."),
            format=format, mapping_option=MAPPING_OPTION,
        )


def _parse(rows: list[Row], format: str, mapping: ColumnMapping | None, tz: tzinfo,
           encoding: str, container: str) -> StatementFile:
    if all(row.blank for row in rows):
        raise BadInput("statement.empty",
                       N_("The file is empty: choose the statement file as downloaded."))
    chosen = format
    if chosen == "auto":
        chosen = "csv" if mapping is not None else detect(rows) or ""
    if chosen == "wechat":
        return wechat.parse(rows, tz=tz, encoding=encoding, format="wechat-all")
    if chosen == "alipay":
        return alipay.parse(rows, tz=tz, encoding=encoding, format="alipay-detail")
    if chosen == "bank":
        return bank.parse(rows, tz=tz, encoding=encoding, format=f"bank-{container}")
    if chosen == "csv" and mapping is not None:
        return mapped.parse(rows, mapping=mapping, tz=tz, encoding=encoding,
                            format=f"mapped:{mapping.name}")
    raise BadInput(
        "statement.format_unknown",
        N_("The file is not a statement this program recognises (a WeChat Pay trade bill, an "
           "Alipay business detail bill, or a bank statement with a date column and 借方/贷方, "
           "收入/支出 or 金额 with 余额), and no saved column mapping fits its header row. Map "
           "its columns once in the month screen's import (F2), or give its format with "
           "{format_option} and a saved column mapping with {mapping_option}."),
        format_option=FORMAT_OPTION, mapping_option=MAPPING_OPTION,
    )
