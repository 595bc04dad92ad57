"""The Alipay 业务明细 (business detail) bill → statement lines.

Layout (GBK): ``#`` lines with the account (``#账号：[…]``) and the period, a header row
(支付宝交易号,商户订单号,业务类型,…), one row per 交易 (sale) or 退款 (refund) with a tab after
every ID, then ``#`` lines again with the totals: ``#交易合计：13笔，商家实收共2009.30元，…`` and
``#退款合计：…``.  A bill without its 交易合计 line was cut off (``statement.truncated``).  The
totals are checked: number of rows, 商家实收 and 商家优惠, for sales and for refunds.  Older
bills word them ``#交易合计：N笔，交易金额共…元，优惠金额共…元`` and
``#退款合计：N笔，交易退款金额共…元，优惠退款金额共…元``: 交易金额 is checked against the rows'
订单金额 (or 商家实收, whichever the bill adds up), 优惠金额 against 商家优惠 (alone or with
支付宝优惠).

A row's identity is ``支付宝交易号|业务类型|退款批次号``: a sale and each of its refunds
(partial refunds have their own 退款批次号/请求号) are distinct.

Signs: the amount is 商家实收 (what the merchant received; a refund's is negative).  服务费 is
negative when Alipay charges it (−0.11 on a sale of 56.60) and positive when it gives it back
with a refund, so the fee (kept +, returned −) is the negated 服务费.  The period is stated as
instants; an end at 00:00:00 is the day before, inclusive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta, tzinfo
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
    Where,
    date_and_time,
    decimal,
    fee_money,
    moment,
    money,
)
from pos.domain.statements.wechat import truncated

KIND = N_("Alipay business detail bill")
FIRST = "支付宝交易号"
TRADE, REFUND = "交易", "退款"
_TOTALS = "交易合计"
_ACCOUNT = re.compile(r"账号[:：]\s*\[?(?P<account>[^\]\s]+)")
_PERIOD = re.compile(r"起始日期[:：]\s*\[(?P<start>[^\]]+)\]\s*终止日期[:：]\s*\[(?P<end>[^\]]+)\]")
_NUMBER = r"\s*(?P<{}>[-+]?[0-9,]+(?:\.[0-9]+)?)\s*"
_PARTS = {
    "trade": {"count": re.compile(r"交易合计[:：]" + _NUMBER.format("v") + "笔"),
              "received": re.compile(r"商家实收共" + _NUMBER.format("v") + "元"),
              "discount": re.compile(r"商家优惠共" + _NUMBER.format("v") + "元"),
              "ordered": re.compile(r"交易金额共" + _NUMBER.format("v") + "元"),
              "offered": re.compile(r"优惠金额共" + _NUMBER.format("v") + "元")},
    "refund": {"count": re.compile(r"退款合计[:：]" + _NUMBER.format("v") + "笔"),
               "received": re.compile(r"商家实收退款共" + _NUMBER.format("v") + "元"),
               "discount": re.compile(r"商家优惠退款共" + _NUMBER.format("v") + "元"),
               "ordered": re.compile(r"交易退款金额共" + _NUMBER.format("v") + "元"),
               "offered": re.compile(r"优惠退款金额共" + _NUMBER.format("v") + "元")},
}
_LABELS = {"count": "笔数", "received": "商家实收", "discount": "商家优惠", "ordered": "交易金额",
           "offered": "优惠金额"}
_OLDER = ("ordered", "offered")  # the older wording: 交易金额共…元，优惠金额共…元


def comment(row: Row) -> str | None:
    """The text of a ``#`` line, or None for a table row."""
    if not row.cells or not row.cells[0].startswith("#"):
        return None
    return ",".join(row.cells).rstrip(",")[1:]


def is_header(row: Row) -> bool:
    return bool(row.cells) and fold(row.cells[0]) == FIRST


@dataclass(frozen=True)
class _Columns:
    ref: int
    type: int
    received: int
    fee: int
    done: int | None
    created: int | None
    order_no: int | None
    refund_no: int | None
    discount: int | None
    terminal: int | None
    product: int | None
    remark: int | None
    ordered: int | None
    alipay_discount: int | None

    @classmethod
    def of(cls, header: Header) -> _Columns:
        done, created = header.index("完成时间"), header.index("创建时间")
        if done is None and created is None:
            header.require("完成时间", "创建时间")
        return cls(
            ref=header.require(FIRST), type=header.require("业务类型"),
            received=header.require("商家实收"), fee=header.require("服务费"),
            done=done, created=created, order_no=header.index("商户订单号"),
            refund_no=header.index("退款批次号/请求号", "退款批次号", "退款请求号"),
            discount=header.index("商家优惠"), terminal=header.index("终端号"),
            product=header.index("商品名称"), remark=header.index("备注"),
            ordered=header.index("订单金额"), alipay_discount=header.index("支付宝优惠"),
        )


def parse(rows: Sequence[Row], *, tz: tzinfo, encoding: str, format: str) -> StatementFile:
    at = header_row(rows, is_header, kind=KIND, first=FIRST, encoding=encoding)
    header = Header(rows[at], Message(KIND))
    columns = _Columns.of(header)
    end = next((i for i in range(at + 1, len(rows)) if comment(rows[i]) is not None), len(rows))
    footer = [row for row in rows[end:] if not row.blank]
    stray = next((row for row in footer if comment(row) is None), None)
    if stray is not None:
        raise BadInput(
            "statement.row",
            N_("Line {line}: there is more after the file's totals (line {footer_line}). Remove "
               "the extra rows, or download or export the file again."),
            line=stray.line, footer_line=rows[end].line,
        )
    totals = [row for row in footer if _TOTALS in (comment(row) or "")]
    if not totals:
        raise truncated(rows, KIND, "#" + _TOTALS)
    details = [row for row in rows[at + 1:end] if not row.blank]
    check_width(header, details)
    lines = _lines(details, header, columns, tz)
    records = [Record(header, row) for row in details]
    declared = _check_totals(footer, records, columns)
    account, period = _about([comment(row) or "" for row in rows[:at]])
    return StatementFile(Source.ALIPAY, format, encoding, collapse_duplicates(lines),
                         account=account, period=period, declared=declared)


def _lines(details: Sequence[Row], header: Header, c: _Columns, tz: tzinfo
           ) -> list[StatementLine]:
    """Each row's line: the common case read at once (:func:`_quick`), any other row the
    careful way (:func:`_line`)."""
    names, width = header.row.cells, header.width
    known = Cells(tz)
    optional = [i if i is not None else width for i in (
        c.done, c.created, c.order_no, c.refund_no, c.terminal, c.product, c.remark)]
    return each_row(details, width,
                    lambda number, cells: _quick(number, cells, names, c, optional, known),
                    lambda row: _line(Record(header, row), c, tz))


def _quick(number: int, cells: tuple[str, ...], names: tuple[str, ...], c: _Columns,
           optional: list[int], known: Cells) -> StatementLine | None:
    done_at, created_at, order_at, refund_at, terminal_at, product_at, remark_at = optional
    kind_text = cells[c.type]
    when = known.moment(cells[done_at] if c.done is not None and cells[done_at]
                        else cells[created_at] if c.created is not None else "")
    received = known.fen(cells[c.received])
    fee_text = cells[c.fee]
    fee = known.fee(fee_text) if fee_text else 0
    if when is None or received is None or fee is None:
        return None
    if kind_text == REFUND:
        received = -abs(received)
    if kind_text in (TRADE, REFUND):
        kind = LineKind.PAYMENT if kind_text == TRADE else LineKind.REFUND
    else:
        kind = LineKind.REFUND if received < 0 else LineKind.PAYMENT
    ref = cells[c.ref]
    refund_no = cells[refund_at] or None
    product, remark = cells[product_at], cells[remark_at]
    memo = f"{product} {remark}" if product and remark else product or remark
    return StatementLine(
        source=Source.ALIPAY, line_no=number,
        identity="|".join((ref, kind_text, refund_no or "")), kind=kind, value_date=when[0],
        occurred_at=when[1], amount=Money(received), fee=Money(-fee), status=kind_text,
        order_no=cells[order_at] or None, provider_ref=ref or None, refund_no=refund_no,
        memo=memo or None, terminal=cells[terminal_at] or None, raw=pairs(names, cells[:-1]),
    )


def _line(record: Record, c: _Columns, tz: tzinfo) -> StatementLine:
    kind_text = record.get(c.type)
    when = c.done if c.done is not None and record.get(c.done) else c.created
    day, at = date_and_time(record.get(when), record.where(when))
    received = money(record.decimal(c.received))
    if kind_text == REFUND:
        received = Money(-abs(received.fen))
    if kind_text in (TRADE, REFUND):
        kind = LineKind.PAYMENT if kind_text == TRADE else LineKind.REFUND
    else:
        kind = LineKind.REFUND if received.fen < 0 else LineKind.PAYMENT
    fee_text = record.get(c.fee)
    fee = -fee_money(decimal(fee_text, record.where(c.fee), places=5)) if fee_text else Money(0)
    ref = record.get(c.ref)
    refund_no = none_if_empty(record.get(c.refund_no))
    memo = " ".join(text for text in (record.get(c.product), record.get(c.remark)) if text)
    return StatementLine(
        source=Source.ALIPAY, line_no=record.line,
        identity="|".join((ref, kind_text, refund_no or "")), kind=kind, value_date=day,
        occurred_at=moment(day, at, tz), amount=received, fee=fee, status=kind_text,
        order_no=record.get(c.order_no) or None, provider_ref=ref or None, refund_no=refund_no,
        memo=memo or None, terminal=record.get(c.terminal) or None, raw=record.raw(),
    )


def _sum(records: Sequence[Record], column: int | None) -> Decimal:
    if column is None:
        return Decimal(0)
    total = column_sum([r.row.cells[column] for r in records if len(r.row.cells) > column])
    if total is not None:
        return total
    return sum((r.decimal(column) for r in records if r.get(column)),  # names the bad cell
               Decimal(0))


def _check_totals(footer: Sequence[Row], records: Sequence[Record],
                  c: _Columns) -> dict[str, str]:
    declared: dict[str, str] = {}
    for side, kind_text in (("trade", TRADE), ("refund", REFUND)):
        row = next((r for r in footer if (comment(r) or "").lstrip().startswith(
            _TOTALS if side == "trade" else "退款合计")), None)
        if row is None:
            continue
        text = comment(row) or ""
        mine = [r for r in records if r.get(c.type) == kind_text]
        counted = {"count": Decimal(len(mine)), "received": abs(_sum(mine, c.received)),
                   "discount": abs(_sum(mine, c.discount))}
        older = _PARTS[side]["ordered"].search(text) is not None
        counted |= {"ordered": abs(_sum(mine, c.ordered if c.ordered is not None else c.received)),
                    "offered": abs(_sum(mine, c.discount))}
        for part, pattern in _PARTS[side].items():
            found = pattern.search(text)
            if found is None:
                required = ("count", "ordered") if older else ("count", "received")
                if part in required:  # a totals line cut short is refused
                    _unreadable(row, text)
                continue
            label = f"{kind_text}{_LABELS[part]}"
            declared[label] = found["v"].strip()
            if part in ("discount", "offered") and c.discount is None:
                continue
            places = 0 if part == "count" else 2
            stated = abs(decimal(found["v"], Where(row.line, label), places=places))
            if part in _OLDER and stated in _alternatives(part, mine, c):
                continue
            check_total(label, stated, counted[part], line=row.line)
    return declared


def _alternatives(part: str, mine: Sequence[Record], c: _Columns) -> set[Decimal]:
    """The older wording's sums, added up either way a bill may mean them: 交易金额 as the
    orders' amounts (订单金额) or as what the merchant received (商家实收); 优惠金额 as the
    merchant's discounts or those with Alipay's own (支付宝优惠)."""
    if part == "ordered":
        return {abs(_sum(mine, c.ordered)), abs(_sum(mine, c.received))} \
            if c.ordered is not None else {abs(_sum(mine, c.received))}
    found = {abs(_sum(mine, c.discount))}
    if c.alipay_discount is not None:
        found.add(abs(_sum(mine, c.discount) + _sum(mine, c.alipay_discount)))
    return found


def _unreadable(row: Row, text: str) -> None:
    raise BadInput(
        "statement.footer_unreadable",
        N_("Line {line}: the totals line “{text}” cannot be read. The file is damaged or was "
           "altered: download it again."),
        line=row.line, text=text,
    )


def _about(comments: Sequence[str]) -> tuple[str | None, tuple[date, date] | None]:
    text = "\n".join(comments)
    account = _ACCOUNT.search(text)
    period = _PERIOD.search(text)
    return (account["account"] if account else None), (_span(period) if period else None)


def _span(period: re.Match[str]) -> tuple[date, date] | None:
    """The stated period as inclusive days; None when it cannot be read (it is information,
    not a check)."""
    try:
        start, _ = date_and_time(period["start"], Where(0, ""))
        end, end_time = date_and_time(period["end"], Where(0, ""))
    except BadInput:
        return None
    if end_time is not None and end_time == time(0) and end > start:
        end -= timedelta(days=1)
    return start, end
