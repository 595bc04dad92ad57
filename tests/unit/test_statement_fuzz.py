"""Damaged statements: whatever is cut off or garbled, a parse either returns a file that agrees
with its own totals or refuses with BadInput — never another exception, never a partial file."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos.adapters.spreadsheets import xlsx_rows
from pos.domain.errors import BadInput
from pos.domain.statements.detect import parse_rows, parse_statement
from pos.domain.statements.model import LineKind, Source, StatementFile

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"
TZ = ZoneInfo("Asia/Shanghai")
SAMPLES = {
    name: (DATA / f"{name}.csv").read_bytes()
    for name in ("wechat_trade_bill_202503", "alipay_business_detail_202503",
                 "bank_statement_202503")
}
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _yuan(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _agrees_with_itself(statement: StatementFile) -> None:
    """What a returned file promises: unique identities, and the totals it states hold."""
    lines = statement.lines
    assert len({line.identity for line in lines}) == len(lines)
    declared = statement.declared
    if statement.source is Source.WECHAT:
        assert len(lines) == int(declared["总交易单数"])
        assert sum(ln.fee.fen for ln in lines) == round(_yuan(declared["手续费总金额"]) * 100)
    elif statement.source is Source.ALIPAY:
        trades = [ln for ln in lines if ln.status == "交易"]
        assert len(trades) == int(declared["交易笔数"])
        assert sum(ln.amount.fen for ln in trades) == _yuan(declared["交易商家实收"]) * 100
    elif statement.source is Source.BANK and "贷方笔数" in declared:
        credits = [ln for ln in lines if ln.kind is LineKind.CREDIT]
        assert len(credits) == int(declared["贷方笔数"])
        assert sum(ln.amount.fen for ln in credits) == _yuan(declared["贷方金额"]) * 100


def _check(outcome: StatementFile | BadInput) -> None:
    if isinstance(outcome, BadInput):
        assert outcome.code.startswith("statement.")
        assert outcome.render("en") and outcome.render("zh_CN")
    else:
        _agrees_with_itself(outcome)


def _parse_or_refuse(data: bytes) -> None:
    outcome: StatementFile | BadInput
    try:
        outcome = parse_statement(data, tz=TZ)
    except BadInput as refusal:
        outcome = refusal
    _check(outcome)


@pytest.mark.parametrize("name", SAMPLES)
@FUZZ
@given(cut=st.data())
def test_a_file_cut_anywhere_parses_whole_or_is_refused(name: str, cut: st.DataObject) -> None:
    data = SAMPLES[name]
    _parse_or_refuse(data[:cut.draw(st.integers(0, len(data)), label="cut")])


_EDITS = st.lists(st.tuples(st.sampled_from(("replace", "insert", "delete")),
                            st.floats(0, 1, exclude_max=True),
                            st.sampled_from([*b",`\t\r\n\"#-.0123456789: ", 0x80, 0xA3, 0xFF])
                            | st.integers(0, 255)),
                  min_size=1, max_size=6)


def _mutate(data: bytes, edits: list[tuple[str, float, int]]) -> bytes:
    out = bytearray(data)
    for action, where, byte in edits:
        if not out:
            break
        at = int(where * len(out))
        if action == "replace":
            out[at] = byte
        elif action == "insert":
            out.insert(at, byte)
        else:
            del out[at]
    return bytes(out)


@pytest.mark.parametrize("name", SAMPLES)
@FUZZ
@given(edits=_EDITS)
def test_a_garbled_file_parses_whole_or_is_refused(
        name: str, edits: list[tuple[str, float, int]]) -> None:
    _parse_or_refuse(_mutate(SAMPLES[name], edits))


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["交易日期", "交易时间", "借方发生额", "贷方发生额", "余额", "交易流水号"])
    sheet.append(["20250302", "07:15:39", None, 169.46, 50169.46, "A1"])
    sheet.append(["20250303", "08:00:00", 0.46, None, 50169.0, "A2"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WORKBOOK = _workbook()


@settings(max_examples=60, deadline=None)
@given(edits=_EDITS, cut=st.integers(0, len(WORKBOOK)))
def test_a_damaged_workbook_is_read_or_refused(edits: list[tuple[str, float, int]],
                                               cut: int) -> None:
    outcome: StatementFile | BadInput
    try:
        outcome = parse_rows(xlsx_rows(_mutate(WORKBOOK[:cut] or WORKBOOK, edits)), tz=TZ)
    except BadInput as refusal:
        outcome = refusal
    _check(outcome)
