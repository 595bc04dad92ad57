"""An item's evidence is stored as its messages and rendered when shown (issue 16): what a
person reads must be exactly what rendering the message at once gave, in both languages, for
every kind of parameter; items stored before (rendered text) still read as they were kept;
and the fast reading and storing of money entries and statement cells agree with the careful
ones they replace."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from db.repositories.statements import raw_json
from pos.domain.messages import LANGUAGES, N_, Message
from pos.domain.quantities import Money
from pos.domain.reconciliation.evidence import json_default, render
from pos.domain.reconciliation.labels import line_ref
from pos.domain.reconciliation.ledger_side import JournalMoney, LedgerMovement, movement
from pos.domain.statements.model import LineKind, Source, StatementLine

LINE = StatementLine(Source.WECHAT, 14, "4200|SUCCESS|", LineKind.PAYMENT, date(2025, 3, 4),
                     None, Money(5660))


def stored(evidence: Message | str) -> object:
    return json.loads(json.dumps(evidence, ensure_ascii=False, default=json_default))


def test_evidence_renders_as_the_message_did() -> None:
    samples: list[Message | str] = [
        Message(N_("Matched by the order number {value}."), {"value": "GS202503010003"}),
        Message(N_("{row}: {amount}; ledger entry {ref}: {ledger}."), {
            "row": line_ref(LINE), "amount": Money(-5660), "ref": "#5", "ledger": Money(5)}),
        Message(N_("{row} ({reference}, {amount} on {date}) has no entry in the ledger."), {
            "row": line_ref(LINE), "amount": Money(123456789), "date": date(2025, 3, 31),
            "reference": "—"}),
        Message(N_("The provider still shows this refund as processing.")),
        "a note written as text",
    ]
    for evidence in samples:
        for language in LANGUAGES:
            expected = evidence if isinstance(evidence, str) else evidence.render(language)
            assert render(stored(evidence), language) == expected
            assert render(evidence, language) == expected  # not yet stored


def test_evidence_stored_rendered_reads_as_kept() -> None:
    kept = {"zh_CN": "按订单号匹配", "en": "Matched by the order number"}
    assert render(kept, "zh_CN") == "按订单号匹配"
    assert render(kept, "en") == "Matched by the order number"


@settings(max_examples=300)
@given(st.integers(min_value=-10**12, max_value=10**12), st.text(), st.dates(),
       st.integers())
def test_any_parameters_render_alike(fen: int, text: str, day: date, number: int) -> None:
    message = Message(N_("{row}: {amount}; ledger entry {ref}: {ledger}."), {
        "row": Message(N_("{source}, line {line}"), {"source": text, "line": number}),
        "amount": Money(fen), "ref": day, "ledger": text})
    for language in LANGUAGES:
        assert render(stored(message), language) == message.render(language)


@settings(max_examples=500)
@given(st.lists(st.tuples(st.text(), st.text()), max_size=30).map(tuple))
def test_cells_are_kept_as_json_dumps_keeps_them(pairs: tuple[tuple[str, str], ...]) -> None:
    assert raw_json(pairs) == json.dumps(pairs, ensure_ascii=False)


def test_a_money_row_is_the_movement_its_entry_was() -> None:
    at = datetime(2025, 3, 4, 2, 0, tzinfo=UTC)
    refund = JournalMoney(9, "refund", at, date(2025, 3, 4), "01", "GS1", -5660, "wechat",
                          "4200", json.dumps({"provider_ref": "5030", "refund_no": "RF1",
                                              "fee_fen": -11, "terminal": 7, "voucher": ""}))
    assert movement(refund) == LedgerMovement(
        ref="#9", channel="wechat", kind="refund", business_date=date(2025, 3, 4), at=at,
        amount=Money(-5660), counter_no="01", order_no="GS1", provider_ref="5030",
        refund_no="RF1", provider_refund_ref=None, fee=Money(-11), terminal="7",
        voucher=None)
    sale = JournalMoney(10, "advance_receipt", at, None, None, None, 100, "cash", None,
                        json.dumps({"fee_fen": True, "provider_ref": "x"}))
    assert movement(sale) == LedgerMovement(
        ref="#10", channel="cash", kind="payment", business_date=at.date(), at=at,
        amount=Money(100))
