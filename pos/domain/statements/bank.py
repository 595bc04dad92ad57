"""A bank account's statement (银行账户流水), CSV or XLSX → statement lines.

Layout: ``label：value`` lines (账号, 户名, 查询日期 … 至 …, 期初余额) above a header row, one
row per booking, then optional totals (借方笔数/借方金额/贷方笔数/贷方金额/期末余额, or a 合计 row
with figures under the amount columns).  The header is the first row naming a date column
(交易日期, 记账日期 …) and the money: 借方/贷方 columns (借方 = money out of our account,
贷方 = money in), or one signed 金额 column, optionally with a 收/支 direction column.
Amounts may carry thousands separators; dates are YYYYMMDD or YYYY-MM-DD.

Checks: every stated total against the rows; the running 余额 row by row from the stated
期初余额 (``statement.balance_break``); 期末余额 against the last balance.  A bank file without
totals is accepted (banks differ), the balance chain still holds it together.

A row's identity is its 交易流水号 when the file has one, else
``date|time|amount|counterparty|memo|balance`` (the same sum recurs; the running balance
tells such rows apart).  Fees are 0: a bank row is the money as booked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, tzinfo
from decimal import Decimal

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money
from pos.domain.statements import bank_totals
from pos.domain.statements.checks import check_balances, collapse_duplicates
from pos.domain.statements.labels import is_label_row, pairs, period
from pos.domain.statements.model import LineKind, Source, StatementFile, StatementLine
from pos.domain.statements.table import Header, Record, check_width, fold, header_row
from pos.domain.statements.text import Row
from pos.domain.statements.values import (
    Where,
    date_and_time,
    decimal,
    moment,
    money,
    optional_amount,
    time_of_day,
)

KIND = N_("bank statement")
# Column names as the big banks' corporate and online-banking account-detail exports write them
# (ICBC, CCB, ABC, BOC, BOCOM, CMB, the rural commercial banks' common layout; the list is in
# docs/reconciliation.md).  Names are compared folded (table.fold): full-width and half-width
# brackets are one name.  The first name of a list that the header has wins.
DATE = ("交易日期", "记账日期", "入账日期", "交易日", "记账日", "日期", "交易时间")
TIME = ("交易时间", "记账时间", "时间")
DEBIT = ("借方发生额", "借方金额", "借方发生额(支取)", "借方", "支出金额", "支出",
         "记账金额(支出)", "交易金额(支出)", "转出金额", "付出金额", "取出金额")
CREDIT = ("贷方发生额", "贷方金额", "贷方发生额(收入)", "贷方", "收入金额", "收入",
          "记账金额(收入)", "交易金额(收入)", "转入金额", "存入金额", "存入")
AMOUNT = ("交易金额", "金额", "发生额", "记账金额")
DIRECTION = ("收/支", "收支", "借贷标志", "借贷方向", "收支方向", "收支标志", "借/贷", "借贷",
             "方向", "交易方向")
BALANCE = ("余额", "账户余额", "联机余额", "本次余额", "当前余额", "交易后余额", "账面余额")
SERIAL = ("交易流水号", "流水号", "银行流水号", "交易流水", "业务流水号", "账户明细编号-交易流水号",
          "核心流水号", "柜员流水号", "日志号")
COUNTERPARTY = ("对方户名", "对方账户名称", "对方名称", "对方账户名", "对方单位名称", "对方单位",
                "收/付方名称", "对手信息", "对方账号名称")
COUNTER_ACCOUNT = ("对方账号", "对方账户", "收/付方帐号", "收/付方账号", "对方卡号/账号")
PAYER, PAYEE = ("付款人名称", "付款方名称"), ("收款人名称", "收款方名称")
PURPOSE = ("用途", "附言", "交易附言", "备注", "交易备注", "交易说明", "客户附言", "交易详情")
ACCOUNT_KEYS = ("账号", "账户", "帐号", "卡号", "卡号/账号", "账户号")
SUMMARY = ("摘要", "交易摘要", "交易名称")
VOUCHER = ("凭证号", "凭证号码", "票据号")
IN = {"收", "收入", "贷", "贷方", "入", "C", "CR", "CREDIT", "+", "来账", "转入", "存入"}
OUT = {"支", "支出", "借", "借方", "出", "D", "DR", "DEBIT", "-", "往账", "转出", "付出"}


def _folded(names: Sequence[str]) -> set[str]:
    return {fold(name) for name in names}


def is_header(row: Row) -> bool:
    """Auto-detection: a date column with a debit and a credit column, or with one amount
    column and a running balance or a direction (an acquirer's file has amounts, but neither a
    running balance nor 借/贷)."""
    names = {fold(cell) for cell in row.cells}
    if not names & _folded(DATE):
        return False
    sides = bool(names & _folded(DEBIT)) and bool(names & _folded(CREDIT))
    signed = bool(names & _folded(AMOUNT)) and bool(
        names & (_folded(BALANCE) | _folded(DIRECTION)))
    return sides or signed


@dataclass(frozen=True)
class Columns:
    date: int
    time: int | None
    debit: int | None
    credit: int | None
    amount: int | None
    direction: int | None
    balance: int | None
    serial: int | None
    counterparty: int | None
    purpose: int | None
    summary: int | None
    voucher: int | None
    counter_account: int | None = None
    payer: int | None = None
    payee: int | None = None

    @classmethod
    def of(cls, header: Header) -> Columns:
        debit, credit = header.index(*DEBIT), header.index(*CREDIT)
        amount = None if debit is not None or credit is not None else header.require(*AMOUNT)
        day = header.require(*DATE)
        at = header.index(*TIME)
        return cls(
            date=day, time=None if at == day else at, debit=debit, credit=credit,
            amount=amount, direction=header.index(*DIRECTION),
            balance=header.index(*BALANCE), serial=header.index(*SERIAL),
            counterparty=header.index(*COUNTERPARTY), purpose=header.index(*PURPOSE),
            summary=header.index(*SUMMARY), voucher=header.index(*VOUCHER),
            counter_account=header.index(*COUNTER_ACCOUNT), payer=header.index(*PAYER),
            payee=header.index(*PAYEE),
        )


def parse(rows: Sequence[Row], *, tz: tzinfo, encoding: str, format: str) -> StatementFile:
    at = header_row(rows, _names_money, kind=KIND, first="交易日期 … 借方发生额/贷方发生额/金额",
                    encoding=encoding)
    header = Header(rows[at], Message(KIND))
    columns = Columns.of(header)
    body = [row for row in rows[at + 1:] if not row.blank]
    end = next((i for i, row in enumerate(body) if is_label_row(row)), len(body))
    details, footer = body[:end], body[end:]
    stray = next((row for row in footer if not is_label_row(row)), None)
    if stray is not None:
        raise BadInput(
            "statement.row",
            N_("Line {line}: there is more after the file's totals (line {footer_line}). Remove "
               "the extra rows, or download or export the file again."),
            line=stray.line, footer_line=footer[0].line,
        )
    check_width(header, details)
    records = [Record(header, row) for row in details]
    lines = [line(record, columns, tz, Source.BANK) for record in records]
    above = pairs(rows[:at])
    opening_text, opening_line = next(
        ((value, number) for key, value, number in above if key == "期初余额"), ("", 0))
    opening = money(decimal(opening_text, Where(opening_line, "期初余额"))) if opening_text \
        else None
    closing = check_balances(lines, opening)
    declared = bank_totals.check(footer, header, columns, lines, opening, closing)
    if opening_text:
        declared = {"期初余额": opening_text, **declared}
    account = next((value for key, value, _ in above if key in ACCOUNT_KEYS), None)
    return StatementFile(Source.BANK, format, encoding, collapse_duplicates(lines),
                         account=account or None, period=period(rows[:at]), declared=declared)


def _names_money(row: Row) -> bool:
    names = {fold(cell) for cell in row.cells}
    return bool(names & _folded(DATE)) and bool(names & _folded((*DEBIT, *CREDIT, *AMOUNT)))


def signed_amount(record: Record, c: Columns) -> Money:
    """The row's money from our side: 贷方 − 借方, or the 金额 column (signed by 收/支)."""
    if c.amount is not None:
        value = record.decimal(c.amount)
        if c.direction is None:
            return money(value)
        direction = record.get(c.direction).upper()
        if direction in IN or direction in OUT:
            return money(abs(value) if direction in IN else -abs(value))
        raise BadInput(
            "statement.row",
            N_("Line {line}, column {column}: “{text}” is not a direction (收/支, 借/贷). "
               "Correct the cell, or export the file again."),
            line=record.line, column=record.where(c.direction).column, text=record.get(c.direction),
        )
    debit = _side(record, c.debit)
    credit = _side(record, c.credit)
    if debit is None and credit is None:
        raise BadInput(
            "statement.amount",
            N_("Line {line}: neither the debit (借方) nor the credit (贷方) column holds an "
               "amount. Correct the row, or export the file again."),
            line=record.line,
        )
    if debit and credit:
        raise BadInput(
            "statement.amount",
            N_("Line {line}: both the debit (借方) and the credit (贷方) column hold an amount, "
               "but a bank row moves money one way. Correct the row, or export the file again."),
            line=record.line,
        )
    return money(abs(credit or Decimal(0)) - abs(debit or Decimal(0)))


def _side(record: Record, index: int | None) -> Decimal | None:
    text = record.get(index)
    return decimal(text, record.where(index)) if text else None


def _when(record: Record, c: Columns) -> tuple[date, date, time | None]:
    """The booking day, and the day and time it happened: a time column holds the time alone
    (``10:29:01``) or a date and time (CCB's 交易时间 beside its 记账日期)."""
    day, at = date_and_time(record.get(c.date), record.where(c.date))
    text = record.get(c.time)
    if c.time is None or not text:
        return day, day, at
    try:
        happened, with_time = date_and_time(text, record.where(c.time))
    except BadInput:
        return day, day, time_of_day(text, record.where(c.time))
    return (day, happened, with_time) if with_time is not None else (day, day, at)


def _counterparty(record: Record, c: Columns, amount: Money) -> str:
    """对方户名; else the payer of money in or the payee of money out (BOC's 付款人/收款人);
    else 对方账号."""
    name = record.get(c.counterparty) or record.get(c.payer if amount.fen >= 0 else c.payee)
    return name or record.get(c.counter_account)


def line(record: Record, c: Columns, tz: tzinfo, source: Source) -> StatementLine:
    day, happened, at = _when(record, c)
    amount = signed_amount(record, c)
    balance = optional_amount(record.get(c.balance), record.where(c.balance))
    counterparty = _counterparty(record, c, amount)
    memo = " ".join(t for t in (record.get(c.purpose), record.get(c.summary)) if t)
    serial = record.get(c.serial)
    identity = serial or "|".join((
        day.isoformat(), at.isoformat() if at else "", str(amount), counterparty, memo,
        "" if balance is None else str(balance)))
    return StatementLine(
        source=source, line_no=record.line, identity=identity,
        kind=LineKind.DEBIT if amount.fen < 0 else LineKind.CREDIT, value_date=day,
        occurred_at=moment(happened, at, tz), amount=amount, provider_ref=serial or None,
        counterparty=counterparty or None, memo=memo or None,
        voucher=record.get(c.voucher) or None, balance=balance, raw=record.raw(),
    )
