"""The cashier's day (日结、日清) on the real stack: open, sell on every channel, void, rewrite,
suspend, refund, hand over, settle, close, deposit; the guards of a closed day."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from pos.domain.day.business_day import DayState
from pos.domain.day.cash_count import CashCount
from pos.domain.day.totals import day_totals, totals_of_sums
from pos.domain.errors import Refused
from pos.domain.journal import EntryKind, JournalDraft
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, SaleState
from pos.domain.staff import Operator, Role
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from pos.services.core.settings import DaySettings
from pos.services.day import closing, daily_reports, deposits, money_entries
from pos.services.printing import print_queue
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import get_sale, rewrite, suspend, void
from receipts.plain import plain_text
from tests.support.clock import FixedClock
from tests.support.counter import Counter, check_invariants, load_meter, open_counter
from tests.support.faults import Crash, crash_at
from tests.support.services import add_staff, make_services

WECHAT_REF = "134567890123451234"
ALIPAY_REF = "284567890123451234"


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    return open_counter(svc, tmp_path)


@pytest.fixture
def cashier(counter: Counter) -> Operator:
    return add_staff(counter.svc, "3001", Role.CASHIER, name="李会计")


def cash(total: str) -> CashCount:
    return CashCount.parse(total)


def sell_and_load(counter: Counter, volume: str, plan: PaymentPlan) -> str:
    order_no = counter.sell(volume, plan=plan).sale.order_no
    load_meter(counter)
    return order_no


def busy_day(counter: Counter, cashier: Operator) -> dict[str, str]:
    """A day: float 200; cash 28.00, bank card 28.00, WeChat 28.00, Alipay 28.00 (10 m³ each at
    2.80); a cash sale of 56.00 voided; a sale rewritten after a crash (cash 28.00); a
    suspended WeChat sale (28.00); a clerk's handover; an overpayment refunded in cash."""
    svc = counter.svc
    closing.open_day(svc, cashier, Money.parse("200"))
    sold = {
        "cash": sell_and_load(counter, "10", PaymentPlan(Channel.CASH, tendered=Money(5000))),
        "card": sell_and_load(counter, "10", PaymentPlan(
            Channel.UNIONPAY, ref="88120001", terminal="T1", voucher="000123")),
        "wechat": sell_and_load(counter, "10", PaymentPlan(Channel.WECHAT, ref=WECHAT_REF)),
        "alipay": sell_and_load(counter, "10", PaymentPlan(Channel.ALIPAY, ref=ALIPAY_REF)),
    }
    voided = counter.sell("20", plan=PaymentPlan(Channel.CASH, tendered=Money(6000)))
    void(svc, counter.clerk, counter.supervisor, voided.sale.order_no, counter.reader, "客户改主意")
    sold["voided"] = voided.sale.order_no
    crashing = replace(svc, checkpoints=crash_at("card_written"))
    with pytest.raises(Crash):
        Counter(crashing, counter.admin, counter.clerk, counter.supervisor, counter.card).sell(
            "10", plan=PaymentPlan(Channel.CASH, tendered=Money(3000)))
    pending = next(s for s in closing.day_view(svc).unfinished)
    rewrite(svc, counter.clerk, pending, counter.reader)
    sold["rewritten"] = pending
    load_meter(counter)
    walking = replace(svc, checkpoints=crash_at("paid"))
    with pytest.raises(Crash):
        Counter(walking, counter.admin, counter.clerk, counter.supervisor, counter.card).sell(
            "10", plan=PaymentPlan(Channel.WECHAT, ref="134567890123452345"))
    walked = next(s for s in closing.day_view(svc).unfinished)
    suspend(svc, counter.clerk, counter.supervisor, walked, "客户已离开")
    sold["suspended"] = walked
    colleague = add_staff(svc, "1002", Role.CLERK, name="赵敏")
    # the drawer: 200 + 28 (cash) + 28 (rewritten) = 256
    closing.hand_over(svc, counter.clerk, colleague.staff_no, cash("100:2,50:1,5:1,1:1"))
    money_entries.refund(svc, counter.clerk, counter.supervisor, sold["cash"], "重复付款退回",
                         amount=Money.parse("5"), channel=Channel.CASH)
    return sold


def test_a_busy_day_settles_to_the_right_figures_and_closes(counter: Counter,
                                                           cashier: Operator) -> None:
    svc = counter.svc
    sold = busy_day(counter, cashier)
    view = closing.day_view(svc)
    assert view.day.state is DayState.OPEN
    # cash: 28 + 56 − 56 (void) + 28 (rewritten) + 5 − 5 (overpayment in and out)
    assert (str(view.totals.cash_in), str(view.totals.cash_out)) == ("117.00", "61.00")
    assert str(view.expected_cash) == "256.00"
    assert {k: str(v) for k, v in view.totals.by_channel.items()} == {
        "cash": "56.00", "unionpay": "28.00", "wechat": "56.00", "alipay": "28.00"}
    handover = view.counts[0]
    assert (handover.staff_no, handover.to_staff, str(handover.expected),
            str(handover.counted)) == ("1001", "1002", "256.00", "256.00")
    settled = closing.settle(svc, cashier, cash("100:2,50:1,5:1,1:1"))
    assert settled.day.state is DayState.SETTLED
    assert (str(settled.last_settle.expected), str(settled.last_settle.difference)) == (
        "256.00", "0.00")
    with pytest.raises(Refused) as refused:  # the settled day takes no more postings
        money_entries.adjust(svc, counter.clerk, counter.supervisor, amount=Money(100),
                             channel=Channel.CASH, corrects=sold["cash"], reason="补录")
    assert refused.value.code == "day.not_open"
    closed = closing.close(svc, cashier, Money.parse("200"))
    assert closed.day.state is DayState.CLOSED and closed.close is not None
    assert str(closed.close.deposit_due) == "56.00"
    assert closed.close.chain_head == _head(svc)
    assert get_sale(svc, sold["suspended"]).state is SaleState.SUSPENDED
    report = verify_ledger(svc)
    assert report.intact and report.days_checked == 1
    check_invariants(svc)


def test_a_difference_needs_a_reason_and_above_the_threshold_a_supervisor(
        counter: Counter, cashier: Operator) -> None:
    svc = replace(counter.svc, settings=replace(counter.svc.settings, day=DaySettings(
        over_short_threshold=Money.parse("10"))))
    closing.open_day(svc, cashier, Money.parse("100"))
    counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money(2800)))  # 128.00 expected
    with pytest.raises(Refused) as refused:
        closing.settle(svc, cashier, cash("100:1,20:1,5:1"))  # 125: 3.00 short
    assert refused.value.code == "count.reason"
    small = closing.settle(svc, cashier, cash("100:1,20:1,5:1"), reason="找零差错")
    assert str(small.last_settle.difference) == "-3.00" and small.last_settle.approver is None
    with pytest.raises(Refused) as refused:  # a recount 28.00 short needs a supervisor
        closing.settle(svc, cashier, cash("100:1"), reason="少了一张")
    assert refused.value.code == "count.approval"
    recount = closing.settle(svc, cashier, cash("100:1"), reason="少了一张",
                                 approver=counter.supervisor)
    assert recount.last_settle.approver == "2001"
    closed = closing.close(svc, cashier, Money(0))
    assert closed.close is not None and str(closed.close.over_short) == "-28.00"
    assert str(closed.totals.over_short) == "-28.00"
    assert verify_ledger(svc).intact


def test_closing_with_a_pending_sale_is_refused_a_suspended_one_does_not_block(
        counter: Counter, cashier: Operator) -> None:
    svc = counter.svc
    closing.open_day(svc, cashier, Money(0))
    crashing = replace(svc, checkpoints=crash_at("paid"))
    with pytest.raises(Crash):
        Counter(crashing, counter.admin, counter.clerk, counter.supervisor, counter.card).sell(
            "10", plan=PaymentPlan(Channel.CASH, tendered=Money(2800)))
    with pytest.raises(Refused) as refused:
        closing.settle(svc, cashier, cash("10:2,5:1,1:3"))
    assert refused.value.code == "day.unfinished_sale"
    order_no = closing.day_view(svc).unfinished[0]
    suspend(svc, counter.clerk, counter.supervisor, order_no, "客户已离开")
    closing.settle(svc, cashier, cash("10:2,5:1,1:3"))
    assert closing.close(svc, cashier).day.state is DayState.CLOSED


def test_nothing_posts_into_a_closed_day_and_its_suspended_sale_resolves_in_the_next(
        counter: Counter, cashier: Operator, clock: FixedClock) -> None:
    svc = counter.svc
    sold = busy_day(counter, cashier)
    closing.settle(svc, cashier, cash("100:2,50:1,5:1,1:1"))
    closed = closing.close(svc, cashier, Money.parse("200"))
    assert closed.close is not None
    before = closed.close.totals.as_document()
    first_day = closed.day.business_date
    # the trigger refuses an entry dated into the closed day, even behind the services' back
    with pytest.raises(Exception, match="closed"), svc.uow(write=True) as uow:
        uow.session.execute(text(  # type: ignore[attr-defined]
            "INSERT INTO journal_entries (seq, kind, at, business_date, counter_no, amount_fen,"
            " volume_m3x100, details, prev_hash, hash) VALUES (9999, 'adjustment', "
            "'2026-11-27T10:00:00.000000+00:00', :day, '01', 100, 0, '{}', 'x', 'y')"),
            {"day": first_day.isoformat()})
    with pytest.raises(Exception, match="closed"), svc.uow(write=True) as uow:
        uow.session.execute(text(  # type: ignore[attr-defined]
            "UPDATE business_days SET float_fen = 0 WHERE business_date = :day"),
            {"day": first_day.isoformat()})
    # the customer comes back: the suspended sale is rewritten into the next (new) day
    clock.advance(hours=1)
    done = rewrite(svc, counter.clerk, sold["suspended"], counter.reader)
    assert done.state is SaleState.COMPLETED
    with svc.uow() as uow:
        sale_entry = next(e for e in uow.journal.entries()
                          if e.sale_no == done.order_no and e.kind is EntryKind.SALE)
        again = uow.days.close_of(closed.day)
    assert sale_entry.business_date != first_day
    assert again is not None and again.totals.as_document() == before
    assert verify_ledger(svc).intact


def test_a_closed_day_edited_behind_the_triggers_back_is_named_by_verify(
        counter: Counter, cashier: Operator) -> None:
    svc = counter.svc
    busy_day(counter, cashier)
    closing.settle(svc, cashier, cash("100:2,50:1,5:1,1:1"))
    closed = closing.close(svc, cashier, Money.parse("200"))
    with svc.uow(write=True) as uow:
        session = uow.session  # type: ignore[attr-defined]
        session.execute(text("DROP TRIGGER day_closes_no_update"))
        session.execute(text("UPDATE day_closes SET counted_fen = counted_fen + 10000, "
                             "totals = replace(totals, :was, :now)"),
                        {"was": '"cash":5600', "now": '"cash":15600'})
        uow.commit()
    report = verify_ledger(svc)
    assert report.chain.intact and not report.intact
    assert {(p.business_date, p.code) for p in report.day_problems} == {
        (closed.day.business_date.isoformat(), "day.totals_changed"),
        (closed.day.business_date.isoformat(), "day.cash_changed")}


def test_a_deposit_slip_takes_the_counted_cash_less_the_kept_float(
        counter: Counter, cashier: Operator) -> None:
    svc = counter.svc
    busy_day(counter, cashier)
    closing.settle(svc, cashier, cash("100:2,50:1,5:1,1:1"))
    closed = closing.close(svc, cashier, Money.parse("200"))
    day = closed.day.business_date
    with pytest.raises(Refused) as refused:
        deposits.record_deposit(svc, cashier, "JK-1", Money.parse("256"), day)
    assert refused.value.code == "deposit.amount"
    slip = deposits.record_deposit(svc, cashier, "jk-1", Money.parse("56"), day)
    assert slip.slip_no == "JK-1" and slip.days == (("01", day),)
    with pytest.raises(Refused) as refused:
        deposits.record_deposit(svc, cashier, "JK-2", Money.parse("56"), day, [("01", day)])
    assert refused.value.code == "deposit.twice"
    assert closing.day_view(svc).deposit_slip == "JK-1"


def _head(svc: Services) -> str:
    with svc.uow() as uow:
        return uow.journal.head()[1]


def test_the_closed_day_guards_hold_on_both_databases(any_url: str, tmp_path: Path) -> None:
    svc = make_services(any_url, FixedClock(), home=tmp_path / "home")
    counter = open_counter(svc, tmp_path)
    cashier = add_staff(svc, "3001", Role.CASHIER)
    closing.open_day(svc, cashier, Money.parse("100"))
    counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money(2800)))
    closing.settle(svc, cashier, cash("100:1,20:1,5:1,1:3"))
    closed = closing.close(svc, cashier)
    day = closed.day.business_date.isoformat()
    refused = [
        ("INSERT INTO journal_entries (seq, kind, at, business_date, counter_no, amount_fen, "
         "volume_m3x100, details, prev_hash, hash) VALUES (9999, 'adjustment', :at, :day, '01', "
         "100, 0, '{}', 'x', 'y')"),
        "UPDATE business_days SET float_fen = 0 WHERE business_date = :day",
        "DELETE FROM business_days WHERE business_date = :day",
        "UPDATE day_closes SET counted_fen = 0",
        "DELETE FROM day_closes",
        "UPDATE drawer_counts SET counted_fen = 0",
        ("INSERT INTO drawer_counts (day_id, kind, at, staff_no, blind, expected_fen, "
         "counted_fen, denominations) SELECT id, 'settle', :at, '3001', false, 0, 0, '' "
         "FROM business_days WHERE business_date = :day"),
    ]
    for statement in refused:
        with pytest.raises(Exception, match="gaspos"), svc.uow(write=True) as uow:
            uow.session.execute(text(statement), {  # type: ignore[attr-defined]
                "day": day, "at": "2026-11-27T10:00:00.000000+00:00"})
    # a batch append (the history import's) is checked row by row too: its last row is refused
    with pytest.raises(Exception, match="gaspos"), svc.uow(write=True) as uow:
        uow.journal.append_many([JournalDraft(
            kind=EntryKind.ADJUSTMENT, at=datetime(2026, 11, 27, 10, tzinfo=UTC),
            business_date=closed.day.business_date if i == 2400 else None, counter_no="01",
            amount=Money(1)) for i in range(2401)])
    # the next day takes postings as usual
    load_meter(counter)
    later = counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money(2800)))
    assert later.sale.business_date != closed.day.business_date
    assert verify_ledger(svc).intact


def test_cash_rounding_drops_the_fen_and_books_the_difference(counter: Counter,
                                                              cashier: Operator) -> None:
    svc = replace(counter.svc, settings=replace(counter.svc.settings, day=DaySettings(
        cash_rounding=True)))
    rounding = Counter(svc, counter.admin, counter.clerk, counter.supervisor, counter.card)
    closing.open_day(svc, cashier, Money(0))
    # 400 m³ at 2.80 + 1 m³ at 3.36 = 1123.36: the customer pays 1123.30 in cash
    sold = rounding.sell("401", plan=PaymentPlan(Channel.CASH, tendered=Money.parse("1200")))
    assert (str(sold.sale.amount), str(sold.sale.payments[0].amount), str(sold.change)) == (
        "1123.36", "1123.30", "76.70")
    view = closing.day_view(svc)
    assert str(view.expected_cash) == "1123.30"
    assert str(view.totals.kind(EntryKind.ROUNDING).amount) == "0.06"
    check_invariants(svc)
    void(svc, counter.clerk, counter.supervisor, sold.sale.order_no, counter.reader, "客户改主意")
    after = closing.day_view(svc)
    assert (str(after.expected_cash), str(after.totals.kind(EntryKind.ROUNDING).amount)) == (
        "0.00", "0.00")
    check_invariants(svc)
    wechat = rounding.sell("401", plan=PaymentPlan(Channel.WECHAT, ref="134567890123451234"))
    assert str(wechat.sale.payments[0].amount) == "1123.36"  # only cash is rounded


def test_the_daily_report_exports_agree_with_the_ledger(counter: Counter, cashier: Operator,
                                                        tmp_path: Path) -> None:
    svc = counter.svc
    busy_day(counter, cashier)
    closing.settle(svc, cashier, cash("100:2,50:1,5:1,1:1"))
    closed = closing.close(svc, cashier, Money.parse("200"))
    report = daily_reports.daily_report(svc, cashier, closed.day.business_date)
    assert report.closed and str(report.sales.amount) == "140.00"  # 4 + rewritten, 28.00 each
    events = {line.key: line.count for line in report.events}
    assert (events["void"], events["rewrite"], events["suspension"], events["first_card"]) == (
        1, 1, 1, 1)
    book = openpyxl.load_workbook(io.BytesIO(daily_reports.render(
        svc, report, daily_reports.ReportFormat.XLSX)))
    channel_sheet = next(s for s in book.worksheets if s.title == "按支付渠道")
    rows = {row[1]: row[3] for row in channel_sheet.iter_rows(min_row=2, values_only=True)
            if row[1]}
    assert {k: f"{v:.2f}" for k, v in rows.items()} == {
        k: str(v) for k, v in closed.totals.by_channel.items()}
    total = next(row for row in channel_sheet.iter_rows(values_only=True) if row[0] == "合计")
    assert f"{total[3]:.2f}" == str(report.money_in)
    pdf = daily_reports.render(svc, report, daily_reports.ReportFormat.PDF)
    assert pdf.startswith(b"%PDF")
    text = daily_reports.render(svc, report, daily_reports.ReportFormat.TXT).decode()
    assert "140.00" in text and closed.close is not None
    assert closed.close.chain_head[:16] in text


def test_the_services_refuse_to_touch_a_closed_day(counter: Counter, cashier: Operator) -> None:
    svc = counter.svc
    closing.open_day(svc, cashier, Money(0))
    sold = counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money(2800)))
    closing.settle(svc, cashier, cash("10:2,5:1,1:3"))
    closing.close(svc, cashier, Money(0))
    for attempt, code in [
        (lambda: void(svc, counter.clerk, counter.supervisor, sold.sale.order_no,
                      counter.reader, "客户改主意"), "sale.day_closed"),
        (lambda: closing.settle(svc, cashier, cash("10:2")), "day.none_open"),
        (lambda: closing.close(svc, cashier), "day.none_open"),
        (lambda: closing.hand_over(svc, counter.clerk, "2001", cash("10:2")),
         "day.none_open"),
    ]:
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.code == code
    assert closing.day_view(svc).day.state is DayState.CLOSED
    assert verify_ledger(svc).intact


def test_one_slip_covers_the_whole_halls_days(counter: Counter, cashier: Operator) -> None:
    svc = counter.svc
    other = replace(svc, settings=replace(svc.settings, counter_no="02"))
    closing.open_day(svc, cashier, Money.parse("100"))
    counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money(2800)))
    closing.open_day(other, cashier, Money.parse("300"))
    closing.settle(svc, cashier, cash("100:1,20:1,5:1,1:3"))
    closing.settle(other, cashier, cash("100:3"))
    first = closing.close(svc, cashier, Money.parse("100")).day.business_date
    second = closing.close(other, cashier, Money(0)).day.business_date
    slip = deposits.record_deposit(svc, cashier, "JK-HALL-1", Money.parse("328"), first,
                                   [("01", first), ("02", second)])
    assert slip.days == (("01", first), ("02", second))
    assert closing.day_view(other).deposit_slip == "JK-HALL-1"
    report = daily_reports.daily_report(svc, cashier, first)  # the hall: both counters
    assert [c.counter_no for c in report.cash] == ["01", "02"]
    assert [str(c.deposit_due) for c in report.cash] == ["28.00", "300.00"]


def test_a_sale_after_the_close_says_which_business_day_it_is_booked_to(
        counter: Counter, cashier: Operator, clock: FixedClock) -> None:
    svc = counter.svc
    first = counter.sell("10")
    assert first.booked_late is None
    load_meter(counter)
    closing.settle(svc, cashier, cash("20:1,5:1,1:3"))
    closing.close(svc, cashier)
    clock.advance(minutes=30)  # the same evening: the next customer
    late = counter.sell("10")
    assert late.booked_late == date(2026, 11, 28)
    assert late.sale.business_date == date(2026, 11, 28)
    [receipt] = [d for d in print_queue.documents_of_sale(svc, late.sale.order_no)
                 if d.kind.value == "sale_receipt"]
    printed = plain_text(receipt)
    assert "2026-11-28" in printed and "日结后售出" in printed


def test_the_totals_summed_by_the_database_are_the_totals_of_the_entries(
        any_url: str, tmp_path: Path) -> None:
    """Settle and close sum the day in SQL (``day_sums``): the same figures as the entries one
    by one on both databases — a cash over/short booked at the close included."""
    svc = make_services(any_url, FixedClock(), home=tmp_path / "home")
    counter = open_counter(svc, tmp_path)
    cashier = add_staff(svc, "3001", Role.CASHIER)
    closing.open_day(svc, cashier, Money.parse("100"))
    counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money(5000)))  # 28.00 change
    load_meter(counter)
    counter.sell("20", plan=PaymentPlan(Channel.WECHAT, ref=WECHAT_REF))
    load_meter(counter)
    voided = counter.sell("20", plan=PaymentPlan(Channel.CASH, tendered=Money(6000)))
    void(svc, counter.clerk, counter.supervisor, voided.sale.order_no, counter.reader, "客户改主意")
    settled = closing.settle(svc, cashier, cash("100:1,20:1,5:1"), reason="找零差错")
    closed = closing.close(svc, cashier)
    assert closed.close is not None and str(closed.totals.over_short) == "-3.00"
    with svc.uow() as uow:
        day = closed.day
        entries = uow.journal.day_entries(day.counter_no, day.business_date)
        summed = totals_of_sums(uow.journal.day_sums(day.counter_no, day.business_date))
    assert summed == day_totals(entries) == closed.close.totals
    assert settled.totals == day_totals([e for e in entries
                                         if e.kind is not EntryKind.CASH_OVER_SHORT])
    assert (str(summed.cash_in), str(summed.cash_out)) == ("84.00", "56.00")
    assert verify_ledger(svc).intact
