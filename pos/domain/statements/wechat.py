"""The WeChat Pay merchant trade bill (交易账单, type ALL) → statement lines.

Layout: a header row (交易时间,公众账号ID,…), one row per payment or refund with every cell
behind a backtick, then a summary header (总交易单数,…) and its values row.  A bill without its
summary was cut off (``statement.truncated``).  Every summary figure whose detail column exists
is checked against the rows (总交易单数 against their number, 手续费总金额 against 手续费 at
its stated 5 decimals, and so on).

A row's identity is ``微信订单号|交易状态|退款单号`` (微信退款单号, or 商户退款单号 when WeChat
gave none): a payment and each of its refunds are distinct, and a refund seen again in a later
bill (PROCESSING, then SUCCESS) keeps its identity.

交易状态 is one of SUCCESS, REFUND, REVOKED; any other is refused (``statement.status``): a
garbled REFUND would otherwise pass every summary check as a payment of 0.00.

Signs: a payment's amount is its 应结订单金额; a refund row (交易状态 REFUND) carries its money
in 退款金额 and becomes a negative amount.  手续费 is already "kept (+) / given back (−)":
taken as stated (5 decimals, 分 exactly unless the bill states a fraction of a 分).  A refund
row's ``status`` is its 退款状态 (SUCCESS, PROCESSING …), a payment's its 交易状态.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from decimal import Decimal

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money
from pos.domain.statements.checks import check_total, collapse_duplicates
from pos.domain.statements.model import LineKind, Source, StatementFile, StatementLine
from pos.domain.statements.quick import Cells, column_sum, each_row, pairs
from pos.domain.statements.table import Header, Record, check_width, fold, header_row, none_if_empty
from pos.domain.statements.text import Row
from pos.domain.statements.values import (
    count,
    date_and_time,
    decimal,
    fee_money,
    moment,
    money,
)

KIND = N_("WeChat Pay trade bill")
SUMMARY = "总交易单数"
_FEE = "手续费"
_REFUND = "REFUND"
STATUSES = ("SUCCESS", _REFUND, "REVOKED")  # the 交易状态 a trade bill states
_NO_REFUND = ("0",)


def is_header(row: Row) -> bool:
    return len(row.cells) >= 2 and fold(row.cells[0]) == "交易时间" and \
        fold(row.cells[1]) == "公众账号ID"


@dataclass(frozen=True)
class _Columns:
    time: int
    provider_ref: int
    order_no: int
    status: int
    settled: int
    fee: int
    refund: int | None
    refund_status: int | None
    wx_refund_no: int | None
    mch_refund_no: int | None
    merchant: int | None
    terminal: int | None
    product: int | None
    attach: int | None

    @classmethod
    def of(cls, header: Header) -> _Columns:
        return cls(
            time=header.require("交易时间"), provider_ref=header.require("微信订单号"),
            order_no=header.require("商户订单号"), status=header.require("交易状态"),
            settled=header.require("应结订单金额", "订单金额", "总金额"),
            fee=header.require(_FEE), refund=header.index("退款金额"),
            refund_status=header.index("退款状态"), wx_refund_no=header.index("微信退款单号"),
            mch_refund_no=header.index("商户退款单号"), merchant=header.index("商户号"),
            terminal=header.index("设备号"), product=header.index("商品名称"),
            attach=header.index("商户数据包"),
        )


def parse(rows: Sequence[Row], *, tz: tzinfo, encoding: str, format: str) -> StatementFile:
    at = header_row(rows, is_header, kind=KIND, first="交易时间,公众账号ID", encoding=encoding)
    header = Header(rows[at], Message(KIND))
    columns = _Columns.of(header)
    end = next((i for i in range(at + 1, len(rows)) if _is_summary(rows[i])), None)
    after = None if end is None else next(
        (i for i in range(end + 1, len(rows)) if not rows[i].blank), None)
    values = None if after is None else rows[after]
    if end is None or after is None or values is None or (
            len(values.cells) < len(rows[end].cells)):
        raise truncated(rows, KIND, SUMMARY)
    _nothing_after(rows, after)
    details = [row for row in rows[at + 1:end] if not row.blank]
    check_width(header, details)
    lines = _lines(details, header, columns, tz)
    declared = _check_summary(Header(rows[end], Message(KIND)), values, header, details)
    account = Record(header, details[0]).get(columns.merchant) if details else None
    return StatementFile(Source.WECHAT, format, encoding, collapse_duplicates(lines),
                         account=account or None, declared=declared)


def _is_summary(row: Row) -> bool:
    cells = row.cells
    first = cells[0] if cells and cells[0] else row.first
    # a row's time (ASCII) folds to ASCII: never 总交易单数 — the fold itself is for the rest
    return not first.isascii() and fold(first) == SUMMARY


def truncated(rows: Sequence[Row], kind: str, footer: str) -> BadInput:
    last = next((row.line for row in reversed(rows) if not row.blank), 0)
    return BadInput(
        "statement.truncated",
        N_("The file ends at line {line} without its totals ({footer}), which a {kind} always "
           "has: the download was cut off. Download it again."),
        line=last, footer=footer, kind=Message(kind),
    )


def _nothing_after(rows: Sequence[Row], index: int) -> None:
    stray = next((row for row in rows[index + 1:] if not row.blank), None)
    if stray is not None:
        raise BadInput(
            "statement.row",
            N_("Line {line}: there is more after the file's totals (line {footer_line}). Remove "
               "the extra rows, or download or export the file again."),
            line=stray.line, footer_line=rows[index].line,
        )


def _lines(details: Sequence[Row], header: Header, c: _Columns, tz: tzinfo
           ) -> list[StatementLine]:
    """Each row's line: the common case read at once (:func:`_quick`), any other row the
    careful way (:func:`_line`)."""
    names, width = header.row.cells, header.width
    known = Cells(tz)
    optional = [i if i is not None else width for i in (
        c.refund, c.refund_status, c.wx_refund_no, c.mch_refund_no, c.terminal, c.product,
        c.attach)]  # a missing column reads as the empty cell appended at ``width``
    return each_row(details, width,
                    lambda number, cells: _quick(number, cells, names, c, optional, known),
                    lambda row: _line(Record(header, row), c, tz))


def _quick(number: int, cells: tuple[str, ...], names: tuple[str, ...], c: _Columns,
           optional: list[int], known: Cells) -> StatementLine | None:
    refund_at, refund_status_at, wx_at, mch_at, terminal_at, product_at, attach_at = optional
    status = cells[c.status]
    when = known.moment(cells[c.time])
    fee = known.fee(cells[c.fee])
    if status not in STATUSES or when is None or fee is None:
        return None
    if status == _REFUND:
        fen = known.fen(cells[refund_at]) if c.refund is not None else None
        if fen is None:
            return None
        amount, kind, shown = -abs(fen), LineKind.REFUND, cells[refund_status_at] or status
    else:
        fen = known.fen(cells[c.settled])
        if fen is None:
            return None
        amount, kind, shown = fen, LineKind.PAYMENT, status
    wx_refund_no = none_if_empty(cells[wx_at], *_NO_REFUND)
    mch_refund_no = none_if_empty(cells[mch_at], *_NO_REFUND)
    provider_ref = cells[c.provider_ref]
    product, attach = cells[product_at], cells[attach_at]
    memo = f"{product} {attach}" if product and attach else product or attach
    return StatementLine(
        source=Source.WECHAT, line_no=number,
        identity="|".join((provider_ref, status, wx_refund_no or mch_refund_no or "")),
        kind=kind, value_date=when[0], occurred_at=when[1], amount=Money(amount),
        fee=Money(fee), status=shown, order_no=cells[c.order_no] or None,
        provider_ref=provider_ref or None, refund_no=mch_refund_no,
        provider_refund_ref=wx_refund_no, memo=memo or None,
        terminal=cells[terminal_at] or None, raw=pairs(names, cells[:-1]),
    )


def _line(record: Record, c: _Columns, tz: tzinfo) -> StatementLine:
    status = record.get(c.status)
    if status not in STATUSES:
        raise BadInput(
            "statement.status",
            N_("Line {line}: the status “{status}” is not one a {kind} states ({known}). The "
               "file is damaged or was altered: download it again."),
            line=record.line, status=status, kind=Message(KIND), known=", ".join(STATUSES),
        )
    day, at = date_and_time(record.get(c.time), record.where(c.time))
    fee = fee_money(record.decimal(c.fee, places=5))
    wx_refund_no = none_if_empty(record.get(c.wx_refund_no), *_NO_REFUND)
    mch_refund_no = none_if_empty(record.get(c.mch_refund_no), *_NO_REFUND)
    if status == _REFUND:
        column = c.refund if c.refund is not None else record.header.require("退款金额")
        amount = Money(-abs(money(record.decimal(column)).fen))
        kind, shown = LineKind.REFUND, record.get(c.refund_status) or status
    else:
        amount = money(record.decimal(c.settled))
        kind, shown = LineKind.PAYMENT, status
    provider_ref = record.get(c.provider_ref)
    memo = " ".join(text for text in (record.get(c.product), record.get(c.attach)) if text)
    return StatementLine(
        source=Source.WECHAT, line_no=record.line,
        identity="|".join((provider_ref, status, wx_refund_no or mch_refund_no or "")),
        kind=kind, value_date=day, occurred_at=moment(day, at, tz), amount=amount,
        fee=fee, status=shown, order_no=record.get(c.order_no) or None,
        provider_ref=provider_ref or None, refund_no=mch_refund_no,
        provider_refund_ref=wx_refund_no, memo=memo or None,
        terminal=record.get(c.terminal) or None, raw=record.raw(),
    )


def _detail_column(header: Header, name: str) -> int | None:
    base = fold(name).replace("总", "", 1)
    return header.index(base, base.removesuffix("金额"))


def _check_summary(summary: Header, values: Row, header: Header,
                   details: Sequence[Row]) -> dict[str, str]:
    declared: dict[str, str] = {}
    for index, name in enumerate(summary.row.cells):
        stated = values.cell(index)
        if not name:
            continue
        declared[name] = stated
        where = Record(summary, values).where(index)
        if fold(name) == SUMMARY:
            check_total(name, count(stated, where), len(details),
                        line=values.line)
            continue
        column = _detail_column(header, name)
        if column is None:
            continue
        places = 5 if fold(header.row.cells[column]) == _FEE else 2
        total = column_sum([row.cells[column] for row in details if len(row.cells) > column],
                           places)
        if total is None:  # a cell that is not an amount: found, and named, row by row
            records = [Record(header, row) for row in details]
            total = sum((r.decimal(column, places=places)
                         for r in records if r.get(column)), Decimal(0))
        check_total(name, decimal(stated, where, places=places), total, line=values.line)
    return declared
