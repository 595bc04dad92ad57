"""The month's matching (月对账), one rule at a time, on hand-built statement rows and ledger
entries: exact references, settlements to the fen, deposits, in transit, caused-by, stable keys."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from pos.domain.messages import Message
from pos.domain.quantities import Money
from pos.domain.reconciliation.items import ItemStatus, Level, Reconciliation, ReconItem
from pos.domain.reconciliation.ledger_side import (
    LedgerDayClose,
    LedgerDeposit,
    LedgerMonth,
    LedgerMovement,
)
from pos.domain.reconciliation.matching import reconcile
from pos.domain.reconciliation.rules import (
    DEFAULT_RULES,
    UNIONPAY_RULE,
    BankCalendar,
    Lag,
    SettlementRule,
)
from pos.domain.statements.model import LineKind, Source, StatementLine

TZ = timezone(timedelta(hours=8))
FIRST, LAST = date(2025, 3, 1), date(2025, 3, 31)
TENPAY = "财付通支付科技有限公司"
ALIPAY = "支付宝（中国）网络技术有限公司"
UMS = "银联商务股份有限公司"
US = "样例县燃气有限公司"


def m(text: str) -> Money:
    return Money(int(Decimal(text) * 100))


def d(day: int, month: int = 3) -> date:
    return date(2025, month, day)


def row(source: Source, n: int, day: date, amount: str, fee: str = "0", *,
        kind: LineKind = LineKind.PAYMENT, **fields: object) -> StatementLine:
    at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ)
    return StatementLine(source=source, line_no=n, identity=f"{source.value}-{n}", kind=kind,
                         value_date=day, occurred_at=at, amount=m(amount), fee=m(fee),
                         **fields)  # type: ignore[arg-type]


def wechat(n: int, day: date, amount: str, fee: str, **fields: object) -> StatementLine:
    fields.setdefault("status", "SUCCESS")
    return row(Source.WECHAT, n, day, amount, fee, **fields)


def alipay(n: int, day: date, amount: str, fee: str, **fields: object) -> StatementLine:
    return row(Source.ALIPAY, n, day, amount, fee, **fields)


def bank(n: int, day: date, amount: str, counterparty: str, memo: str) -> StatementLine:
    kind = LineKind.CREDIT if not amount.startswith("-") else LineKind.DEBIT
    return row(Source.BANK, n, day, amount, kind=kind, counterparty=counterparty, memo=memo)


def wechat_credit(n: int, credited: date, amount: str, bill_day: date) -> StatementLine:
    return bank(n, credited, amount, TENPAY, f"1601234567结算款 账单日{bill_day:%Y%m%d}")


def mv(ref: str, channel: str, day: date, amount: str, **fields: object) -> LedgerMovement:
    at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ)
    kind = "refund" if amount.startswith("-") else "payment"
    return LedgerMovement(ref=ref, channel=channel, kind=kind, business_date=day, at=at,
                          amount=m(amount), **fields)  # type: ignore[arg-type]


def month(movements: tuple[LedgerMovement, ...] = (), deposits: tuple[LedgerDeposit, ...] = (),
          closes: tuple[LedgerDayClose, ...] = ()) -> LedgerMonth:
    return LedgerMonth(FIRST, LAST, movements, deposits, closes)


def msgids(item: ReconItem) -> list[str]:
    return [e.msgid for e in item.evidence if isinstance(e, Message)]


def only(result: Reconciliation, level: Level, channel: str | None = None) -> list[ReconItem]:
    return [i for i in result.items
            if i.level is level and (channel is None or i.channel == channel)]


def one(result: Reconciliation, level: Level, channel: str | None = None) -> ReconItem:
    found = only(result, level, channel)
    assert len(found) == 1, found
    return found[0]


# --- transaction level -------------------------------------------------------------------------

def test_a_bill_row_matches_the_ledger_entry_with_the_same_order_number() -> None:
    result = reconcile(month((mv("#7", "wechat", d(3), "84.90", order_no="GS202503030001",
                                 provider_ref="ours-differs"),)),
                       [wechat(1, d(3), "84.90", "0.17", order_no="GS202503030001",
                               provider_ref="4200002530202503037739039148")])
    item = one(result, Level.TRANSACTION)
    assert item.status is ItemStatus.MATCHED
    assert (item.statement, item.ledger) == (("wechat:wechat-1",), ("#7",))
    assert item.difference == Money(0)
    assert msgids(item)[0] == "Matched by the order number {value}."
    assert item.evidence[0] == Message("Matched by the order number {value}.",
                                       {"value": "GS202503030001"})  # as written, not folded
    assert [i for i in result.findings if i.level is Level.TRANSACTION] == []


def test_without_the_order_number_the_providers_transaction_id_matches() -> None:
    result = reconcile(month((mv("#8", "alipay", d(4), "169.80", order_no="GS202503040002",
                                 provider_ref="2025030422001911061260288475"),)),
                       [alipay(1, d(4), "169.80", "0.34",
                               provider_ref="2025030422001911061260288475")])
    item = one(result, Level.TRANSACTION)
    assert item.status is ItemStatus.MATCHED
    assert msgids(item)[0] == "Matched by the provider's transaction id {value}."


def test_a_refund_matches_by_its_refund_number_not_by_the_order_it_refunds() -> None:
    lines = [wechat(1, d(6), "141.50", "0.28", order_no="GS202503060001", provider_ref="4200A"),
             wechat(2, d(6), "-141.50", "-0.28", kind=LineKind.REFUND, order_no="GS202503060001",
                    provider_ref="4200A", refund_no="RF202503060001",
                    provider_refund_ref="5030A", status="SUCCESS")]
    movements = (mv("#1", "wechat", d(6), "141.50", order_no="GS202503060001"),
                 mv("#2", "wechat", d(6), "-141.50", order_no="GS202503060001",
                    refund_no="RF202503060001"))
    items = only(reconcile(month(movements), lines), Level.TRANSACTION)
    assert {(i.statement, i.ledger, i.status) for i in items} == {
        (("wechat:wechat-1",), ("#1",), ItemStatus.MATCHED),
        (("wechat:wechat-2",), ("#2",), ItemStatus.MATCHED)}
    refund = next(i for i in items if i.ledger == ("#2",))
    assert msgids(refund)[0] == "Matched by the refund number {value}."


def test_a_refund_without_our_number_matches_by_the_providers_refund_id() -> None:
    line = wechat(1, d(6), "-20.00", "-0.04", kind=LineKind.REFUND, provider_refund_ref="5030B")
    item = one(reconcile(month((mv("#2", "wechat", d(6), "-20.00",
                                   provider_refund_ref="5030B"),)), [line]), Level.TRANSACTION)
    assert item.status is ItemStatus.MATCHED
    assert msgids(item)[0] == "Matched by the provider's refund id {value}."


def test_a_refund_still_processing_but_in_the_ledger_is_matched_not_a_discrepancy() -> None:
    line = wechat(1, d(24), "-84.90", "-0.17", kind=LineKind.REFUND, order_no="GS202503200001",
                  refund_no="RF202503240001", status="PROCESSING")
    result = reconcile(month((mv("#9", "wechat", d(24), "-84.90", refund_no="RF202503240001"),)),
                       [line])
    item = one(result, Level.TRANSACTION)
    assert item.status is ItemStatus.MATCHED
    assert ("The provider still shows this refund as processing and the ledger has it: "
            "not a discrepancy.") in msgids(item)
    assert not item.is_discrepancy


def test_a_card_row_matches_by_terminal_and_voucher() -> None:
    rules = DEFAULT_RULES
    line = row(Source.ACQUIRER, 1, d(3), "424.50", "1.61", terminal="01234567",
               voucher="560944")
    item = one(reconcile(month((mv("#3", "unionpay", d(3), "424.50", terminal="01234567",
                                   voucher="560944"),)), [line], rules), Level.TRANSACTION)
    assert item.status is ItemStatus.MATCHED
    assert msgids(item)[0] == "Matched by the card terminal and voucher {value}."


def test_an_amount_difference_is_reported_with_both_amounts() -> None:
    result = reconcile(month((mv("#4", "wechat", d(5), "28.30", order_no="GS5"),)),
                       [wechat(1, d(5), "283.00", "0.57", order_no="GS5")])
    item = one(result, Level.TRANSACTION)
    assert item.status is ItemStatus.AMOUNT_DIFFERS
    assert (item.statement_amount, item.ledger_amount, item.difference) == (
        m("283.00"), m("28.30"), m("254.70"))
    assert item in result.findings


def test_rows_and_entries_left_over_are_only_in_the_statement_or_only_in_the_ledger() -> None:
    result = reconcile(month((mv("#5", "alipay", d(21), "226.40", order_no="GS202503210003",
                                 fee=m("0.45")),)),
                       [alipay(1, d(11), "283.00", "0.57", order_no="GS202503110005")])
    by_status = {i.status: i for i in only(result, Level.TRANSACTION)}
    assert set(by_status) == {ItemStatus.ONLY_IN_STATEMENT, ItemStatus.ONLY_IN_LEDGER}
    assert by_status[ItemStatus.ONLY_IN_STATEMENT].difference == m("283.00")
    assert by_status[ItemStatus.ONLY_IN_LEDGER].difference == m("-226.40")
    assert by_status[ItemStatus.ONLY_IN_LEDGER].ledger == ("#5",)
    assert not [i for i in result.items if i.status is ItemStatus.SUGGESTED]


# --- settlement level --------------------------------------------------------------------------

def _wechat_day(credit: str) -> Reconciliation:
    lines = [wechat(1, d(6), "141.50", "0.28", order_no="GS1"),
             wechat(2, d(6), "-141.50", "-0.28", kind=LineKind.REFUND, refund_no="RF1"),
             wechat(3, d(6), "113.20", "0.23", order_no="GS2"),
             wechat_credit(4, d(7), credit, d(6))]
    movements = (mv("#1", "wechat", d(6), "141.50", order_no="GS1"),
                 mv("#2", "wechat", d(6), "-141.50", refund_no="RF1"),
                 mv("#3", "wechat", d(6), "113.20", order_no="GS2"))
    return reconcile(month(movements), lines)


def test_a_wechat_bill_day_matches_its_bank_credit_with_the_fees_netted_exactly() -> None:
    result = _wechat_day("112.97")  # 141.50 − 141.50 + 113.20 − (0.28 − 0.28 + 0.23)
    item = one(result, Level.SETTLEMENT)
    assert item.key == "S-wechat-2025-03-06"
    assert item.status is ItemStatus.MATCHED
    assert item.statement == ("bank:bank-4",)
    assert item.ledger == ("#1", "#2", "#3")
    assert (item.statement_amount, item.ledger_amount) == (m("112.97"), m("112.97"))
    assert result.findings == ()


def test_a_one_fen_fee_difference_is_reported_there_is_no_tolerance() -> None:
    result = _wechat_day("112.96")
    item = one(result, Level.SETTLEMENT)
    assert item.status is ItemStatus.AMOUNT_DIFFERS
    assert item.difference == m("-0.01")
    assert item.caused_by is None
    assert result.findings == (item,)
    assert ("The credit differs from the statement's own net by {difference}: no transaction "
            "explains it.") in msgids(item)


def test_the_settlement_day_is_read_from_the_bank_memo_not_guessed_from_the_amount() -> None:
    lines = [wechat(1, d(10), "56.60", "0.11", order_no="A"),
             wechat(2, d(11), "56.60", "0.11", order_no="B"),
             wechat_credit(3, d(12), "56.49", d(11)),  # same amount, listed first
             wechat_credit(4, d(11), "56.49", d(10))]
    result = reconcile(month((mv("#1", "wechat", d(10), "56.60", order_no="A"),
                              mv("#2", "wechat", d(11), "56.60", order_no="B"))), lines)
    settled = {i.date: i.statement for i in only(result, Level.SETTLEMENT)}
    assert settled == {d(10): ("bank:bank-4",), d(11): ("bank:bank-3",)}


def test_a_saturday_card_batch_credited_on_monday_is_matched() -> None:
    saturday = d(15)
    assert saturday.weekday() == 5
    lines = [bank(1, d(17), "563.85", UMS, "商户898330149000123 交易日20250315")]
    movements = (mv("#1", "unionpay", saturday, "566.00", fee=m("2.15")),)
    item = one(reconcile(month(movements), lines), Level.SETTLEMENT)
    assert item.status is ItemStatus.MATCHED
    assert "No provider statement for this channel: the ledger's own fees are used." in msgids(
        item)
    assert UNIONPAY_RULE.expected_credit(saturday, BankCalendar()) == d(17)
    assert UNIONPAY_RULE.expected_credit(d(14), BankCalendar()) == d(17)  # Friday too


def test_a_card_credit_whose_memo_names_no_day_is_found_in_the_lag_window() -> None:
    lines = [bank(1, d(17), "563.85", UMS, "POS清算款"),
             bank(2, d(18), "280.00", UMS, "POS清算款")]
    movements = (mv("#1", "unionpay", d(15), "566.00", fee=m("2.15")),)
    result = reconcile(month(movements), lines)
    settled = result.item("S-unionpay-2025-03-15")
    assert settled.status is ItemStatus.MATCHED
    assert settled.statement == ("bank:bank-1",)
    leftover = [i for i in result.items if i.statement == ("bank:bank-2",)]
    assert [i.status for i in leftover] == [ItemStatus.ONLY_IN_STATEMENT]


def test_a_business_day_lag_skips_the_bank_holidays() -> None:
    rule = SettlementRule("unionpay", sources=(Source.ACQUIRER,), counterparties=("银联",),
                          lag=Lag.BUSINESS_DAYS, lag_days=1)
    calendar = BankCalendar(holidays=frozenset({d(4, 4), d(7, 4)}),
                            workdays=frozenset({d(27, 4)}))
    assert rule.expected_credit(d(3, 4), calendar) == d(8, 4)
    assert rule.expected_credit(d(25, 4), calendar) == d(27, 4)  # a Sunday worked (调休)


def test_the_month_end_settlement_credited_next_month_is_in_transit() -> None:
    lines = [wechat(1, d(31), "283.00", "0.57", order_no="GS31"),
             wechat_credit(2, d(1, 4), "282.43", d(31))]
    movements = (mv("#1", "wechat", d(31), "283.00", order_no="GS31"),)
    item = one(reconcile(month(movements), lines), Level.SETTLEMENT)
    assert item.status is ItemStatus.IN_TRANSIT
    assert item.statement == ("bank:bank-2",) and item.difference == Money(0)
    not_yet = one(reconcile(month(movements), lines[:1]), Level.SETTLEMENT)
    assert not_yet.status is ItemStatus.IN_TRANSIT
    assert not_yet.statement == () and not not_yet.is_discrepancy


def test_last_months_settlement_arriving_this_month_is_in_transit_not_a_finding() -> None:
    result = reconcile(month(), [wechat_credit(1, d(1), "99.80", d(28, 2))])
    item = one(result, Level.SETTLEMENT)
    assert item.status is ItemStatus.IN_TRANSIT and item.channel == "wechat"
    assert result.findings == ()


def test_a_bank_row_of_no_channel_is_only_in_the_statement() -> None:
    result = reconcile(month(), [bank(1, d(20), "-12.00", "示例银行", "账户管理费")])
    item = one(result, Level.SETTLEMENT)
    assert (item.channel, item.status) == ("bank", ItemStatus.ONLY_IN_STATEMENT)


def test_the_rules_are_data_another_acquirer_is_configured_not_coded() -> None:
    lakala = SettlementRule("unionpay", sources=(Source.ACQUIRER,),
                            counterparties=("拉卡拉",), memo_day=r"清算日(?P<day>\d{8})",
                            lag=Lag.WEEKDAYS, accounts=("822100",))
    rules = DEFAULT_RULES.with_rule(lakala)
    lines = [bank(1, d(4), "422.89", "拉卡拉支付股份有限公司", "商户822100 清算日20250303")]
    movements = (mv("#1", "unionpay", d(3), "424.50", fee=m("1.61")),)
    assert one(reconcile(month(movements), lines, rules),
               Level.SETTLEMENT, "unionpay").status is ItemStatus.MATCHED
    unconfigured = reconcile(month(movements), lines)  # an unknown counterparty: no credit
    assert unconfigured.item("S-unionpay-2025-03-03").status is ItemStatus.ONLY_IN_LEDGER
    assert [i.score for i in unconfigured.with_status(ItemStatus.SUGGESTED)] == [97]


# --- caused by ---------------------------------------------------------------------------------

def test_settlement_knock_on_effects_are_caused_by_the_transaction_findings() -> None:
    lines = [wechat(1, d(11), "283.00", "0.57", order_no="GS202503110005"),  # D1: not ours
             wechat(2, d(11), "141.50", "0.28", order_no="GS202503110001"),
             wechat_credit(3, d(12), "423.65", d(11)),
             alipay(4, d(20), "56.60", "0.11", order_no="GS202503200009"),
             bank(5, d(21), "56.49", ALIPAY, "自动提现 20250320")]
    movements = (mv("#1", "wechat", d(11), "141.50", order_no="GS202503110001"),
                 mv("#2", "alipay", d(20), "56.60", order_no="GS202503200009"),
                 mv("#3", "alipay", d(21), "226.40", order_no="GS202503210003",
                    fee=m("0.45")))  # D2: never completed at Alipay
    result = reconcile(month(movements), lines)
    d1 = next(i for i in only(result, Level.TRANSACTION, "wechat") if i.ledger == ())
    d2 = next(i for i in only(result, Level.TRANSACTION, "alipay") if i.ledger == ("#3",))
    assert (d1.status, d2.status) == (ItemStatus.ONLY_IN_STATEMENT, ItemStatus.ONLY_IN_LEDGER)
    wechat_day = result.item("S-wechat-2025-03-11")
    assert wechat_day.status is ItemStatus.AMOUNT_DIFFERS
    assert wechat_day.difference == m("282.43")  # D1 net of its fee
    assert wechat_day.caused_by == d1.key
    alipay_day = result.item("S-alipay-2025-03-21")
    assert alipay_day.status is ItemStatus.ONLY_IN_LEDGER
    assert alipay_day.ledger_amount == m("225.95") and alipay_day.caused_by == d2.key
    assert result.item("S-alipay-2025-03-20").status is ItemStatus.MATCHED
    assert {i.key for i in result.findings} == {d1.key, d2.key}


# --- deposits and day closes -------------------------------------------------------------------

def test_a_deposit_slip_named_in_the_memo_with_a_wrong_amount_differs() -> None:
    deposit = LedgerDeposit("JK20250317-01", m("707.50"), d(18), (d(17),))
    lines = [bank(1, d(18), "607.50", US, "缴款单JK20250317-01 营业款20250317"),
             bank(2, d(18), "707.50", US, "缴款单JK20250317-010 营业款20250317")]
    result = reconcile(month(deposits=(deposit,)), lines)
    item = result.item("D-JK20250317-01")
    assert (item.level, item.channel, item.status) == (
        Level.DEPOSIT, "cash", ItemStatus.AMOUNT_DIFFERS)
    assert item.statement == ("bank:bank-1",)  # not the slip that merely starts the same
    assert (item.statement_amount, item.ledger_amount, item.difference) == (
        m("607.50"), m("707.50"), m("-100.00"))
    assert item in result.findings


def test_a_day_closes_short_is_not_an_item_and_its_deposit_matches() -> None:
    close = LedgerDayClose("01", d(25), expected=m("679.20"), counted=m("669.20"),
                           kept_float=Money(0))
    deposit = LedgerDeposit("JK20250325-01", m("669.20"), d(26), (d(25),))
    lines = [bank(1, d(26), "669.20", US, "缴款单JK20250325-01 营业款20250325")]
    result = reconcile(month(deposits=(deposit,), closes=(close,)), lines)
    assert [(i.key, i.status) for i in result.items] == [
        ("D-JK20250325-01", ItemStatus.MATCHED)]
    assert ("Counter {counter} on {day} counted {counted} against {expected} expected: the "
            "over/short was dealt with at the day close, not a discrepancy.") in msgids(
                result.items[0])


def test_a_deposit_not_yet_credited_at_the_months_end_is_in_transit() -> None:
    early = LedgerDeposit("JK20250320-01", m("56.60"), d(21), (d(20),))
    late = LedgerDeposit("JK20250331-01", m("283.00"), d(1, 4), (d(31),))
    result = reconcile(month(deposits=(early, late)), [])
    assert result.item("D-JK20250320-01").status is ItemStatus.ONLY_IN_LEDGER
    assert result.item("D-JK20250331-01").status is ItemStatus.IN_TRANSIT


# --- suggestions -------------------------------------------------------------------------------

def test_leftovers_alike_are_suggested_never_accepted() -> None:
    result = reconcile(month((mv("#1", "wechat", d(5), "141.50", order_no="GS202503050002"),)),
                       [wechat(1, d(5), "141.50", "0.28", order_no="GS202503050020")])
    suggested = result.with_status(ItemStatus.SUGGESTED)
    assert len(suggested) == 1
    assert suggested[0].score is not None and suggested[0].score >= 80
    assert (suggested[0].statement, suggested[0].ledger) == (("wechat:wechat-1",), ("#1",))
    assert {i.status for i in result.findings} == {
        ItemStatus.ONLY_IN_STATEMENT, ItemStatus.ONLY_IN_LEDGER}


# --- determinism -------------------------------------------------------------------------------

def _a_month() -> tuple[LedgerMonth, list[StatementLine]]:
    lines = [wechat(1, d(11), "283.00", "0.57", order_no="GS202503110005"),
             wechat(2, d(11), "141.50", "0.28", order_no="GS202503110001"),
             wechat(3, d(12), "56.60", "0.11", order_no="GS202503120001"),
             wechat_credit(4, d(12), "423.65", d(11)),
             wechat_credit(5, d(13), "56.49", d(12)),
             alipay(6, d(20), "56.60", "0.11", order_no="GS202503200009"),
             bank(7, d(21), "56.49", ALIPAY, "自动提现 20250320"),
             bank(8, d(17), "563.85", UMS, "交易日20250315"),
             bank(9, d(18), "607.50", US, "缴款单JK20250317-01"),
             bank(10, d(18), "56.60", US, "缴款单JK20250316-01"),
             wechat(11, d(31), "100.00", "0.20", order_no="GS202503310001")]
    ledger = month(
        (mv("#1", "wechat", d(11), "141.50", order_no="GS202503110001"),
         mv("#2", "wechat", d(12), "56.60", order_no="GS202503120001"),
         mv("#10", "alipay", d(20), "56.60", order_no="GS202503200009"),
         mv("#11", "alipay", d(21), "226.40", order_no="GS202503210003", fee=m("0.45")),
         mv("#12", "unionpay", d(15), "566.00", fee=m("2.15")),
         mv("#13", "wechat", d(31), "100.00", order_no="GS202503310001")),
        (LedgerDeposit("JK20250317-01", m("707.50"), d(18), (d(17),)),
         LedgerDeposit("JK20250316-01", m("56.60"), d(18), (d(16),))))
    return ledger, lines


def test_keys_are_stable_across_runs_and_independent_of_the_input_order() -> None:
    ledger, lines = _a_month()
    first = reconcile(ledger, lines)
    shuffler = random.Random(20250331)
    for _ in range(5):
        shuffled = list(lines)
        shuffler.shuffle(shuffled)
        movements = list(ledger.movements)
        shuffler.shuffle(movements)
        again = reconcile(replace(ledger, movements=tuple(movements),
                                  deposits=tuple(reversed(ledger.deposits))), shuffled)
        assert again == first
    assert len({i.key for i in first.items}) == len(first.items)
    assert [i.sort_key() for i in first.items] == sorted(i.sort_key() for i in first.items)


def test_the_summary_counts_each_channels_items() -> None:
    ledger, lines = _a_month()
    result = reconcile(ledger, lines)
    summary = {s.channel: s for s in result.summary}
    assert set(summary) == {"alipay", "cash", "unionpay", "wechat"}
    assert (summary["cash"].matched, summary["cash"].differences) == (1, 1)
    assert summary["wechat"].in_transit == 1  # the 31st's credit comes in April
    assert summary["wechat"].findings == 1 and summary["alipay"].findings == 1
    assert sum(s.findings for s in result.summary) == len(result.findings) == 3
