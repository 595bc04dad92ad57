"""Selling gas at the counter, end to end on the simulated reader and meter (docs/design.md "The
counter sale")."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from drivers.cards.station import Station
from drivers.virtual.sle4442 import Pull
from pos.domain.accounts import AccountStatus
from pos.domain.errors import BadInput, Refused
from pos.domain.journal import EntryKind
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel, SaleRecord, SaleState
from pos.domain.staff import Role
from pos.services.cards.issue import replace_card
from pos.services.core.context import Services
from pos.services.records.accounts import set_status
from pos.services.selling.card_view import read_and_settle
from pos.services.selling.counter_sale import Override, SaleRequest, sell
from pos.services.selling.meter_change import change_meter
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import get_sale, refund_suspended, rewrite, suspend, void
from tests.support.cards import KEYS
from tests.support.counter import Counter, check_invariants, load_meter, open_counter
from tests.support.faults import Crash, crash_at
from tests.support.services import add_staff


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    return open_counter(svc, tmp_path)


def journal_kinds(svc: Services, order_no: str) -> list[EntryKind]:
    with svc.uow() as uow:
        return [e.kind for e in uow.journal.entries() if e.sale_no == order_no]


def codes(counter: Counter) -> set[str]:
    return {c.code for c in read_and_settle(counter.svc, counter.reader).checks}


def test_a_days_work_at_the_counter(counter: Counter, tmp_path: Path) -> None:
    """issue → sell → refused before the meter loads → load → sell across a tier boundary →
    void a sale still on the card → replacement card → rewrite."""
    first = counter.sell("380", plan=PaymentPlan(Channel.CASH, tendered=Money.parse("1100")))
    assert (first.sale.state, str(first.sale.amount), str(first.change)) == (
        SaleState.COMPLETED, "1064.00", "36.00")
    assert first.sale.receipt_no == 1 and first.sale.first_use
    assert journal_kinds(counter.svc, first.sale.order_no) == [EntryKind.ADVANCE_RECEIPT,
                                                                EntryKind.SALE]
    with pytest.raises(Refused) as refused:
        counter.sell("10")
    assert refused.value.code == "card.not_loaded"
    assert "请先将卡插入燃气表" in refused.value.render("zh_CN")
    load_meter(counter, use="50")
    across = counter.sell("50")  # 20 m³ left in tier 1, 30 in tier 2
    assert [(p.tier, str(p.volume), str(p.amount)) for p in across.sale.parts] == [
        (1, "20.00", "56.00"), (2, "30.00", "100.80")]
    assert str(across.sale.amount) == "156.80"
    assert (across.sale.receipt_no, across.sale.first_use) == (2, False)
    voided = void(counter.svc, counter.clerk, counter.supervisor, across.sale.order_no,
                  counter.reader, "customer changed their mind")
    assert voided.state is SaleState.VOIDED
    assert journal_kinds(counter.svc, across.sale.order_no)[-2:] == [EntryKind.REVERSAL,
                                                                      EntryKind.REFUND]
    assert read_and_settle(counter.svc, counter.reader).reading.record.purchase_seq == 1
    check_invariants(counter.svc, counter.reader)
    again = counter.sell("30")
    assert again.sale.purchase_seq == 2  # the voided sequence is used again
    lost = Counter(counter.svc, counter.admin, counter.clerk, counter.supervisor,
                   tmp_path / "replacement.bin")
    issued = replace_card(counter.svc, counter.clerk, "370402000001", lost.reader)
    assert issued.record.pending_volume == Volume.m3(30)  # not proven loaded: carried again
    assert "card.replaced" in codes(counter)
    load_meter(lost)  # the meter loads purchase 2 from the new card, once
    assert read_and_settle(counter.svc, lost.reader).checks == ()
    with pytest.raises(Refused) as pending:  # the old card is blacklisted for good
        counter.sell("5")
    assert pending.value.code == "card.replaced"
    check_invariants(counter.svc, lost.reader)


def test_a_card_pulled_mid_write_leaves_a_pending_sale_that_rewrite_finishes(
        counter: Counter) -> None:
    pulling = replace(counter.svc, cards=Station(lambda: KEYS, fault=Pull(12)))
    with pytest.raises(Refused) as refused:
        sell(pulling, counter.clerk, SaleRequest(counter.reader, Volume.m3(20),
                                                 payment=PaymentPlan(Channel.CASH)))
    assert refused.value.code == "sale.card_not_written"
    assert "gaspos sale rewrite" in refused.value.render("zh_CN")
    order_no = str(refused.value.message.params["order_no"])
    assert get_sale(counter.svc, order_no).state is SaleState.PENDING
    view = read_and_settle(counter.svc, counter.reader)
    assert view.reading.interrupted_write
    assert {"sale.unfinished", "card.interrupted_write"} <= {c.code for c in view.checks}
    done = rewrite(counter.svc, counter.clerk, order_no, counter.reader)
    assert done.state is SaleState.COMPLETED
    check_invariants(counter.svc, counter.reader)


def test_reading_the_card_completes_a_sale_the_card_proves(counter: Counter) -> None:
    crashing = replace(counter.svc, checkpoints=crash_at("card_written"))
    with pytest.raises(Crash):
        sell(crashing, counter.clerk, SaleRequest(counter.reader, Volume.m3(40),
                                                  payment=PaymentPlan(Channel.CASH)))
    pending = [s for s in _sales(counter.svc) if s.state is SaleState.PENDING]
    assert len(pending) == 1
    view = read_and_settle(counter.svc, counter.reader)
    assert view.settled is not None and view.settled.state is SaleState.COMPLETED
    assert view.settled.receipt_no == 1
    check_invariants(counter.svc, counter.reader)


def _sales(svc: Services) -> list[SaleRecord]:
    with svc.uow() as uow:
        return list(uow.sales.find())


def test_wechat_that_times_out_and_later_succeeded_is_a_sale(counter: Counter) -> None:
    outcome = counter.sell("10", plan=PaymentPlan(Channel.WECHAT, ref="134567890123459999"))
    assert outcome.sale.state is SaleState.COMPLETED
    payment = outcome.sale.payments[0]
    assert (payment.state, payment.provider_ref is not None) == ("confirmed", True)
    check_invariants(counter.svc, counter.reader)


def test_alipay_that_never_completed_is_cancelled_and_nothing_is_recorded_as_paid(
        counter: Counter) -> None:
    with pytest.raises(Refused) as refused:
        counter.sell("10", plan=PaymentPlan(Channel.ALIPAY, ref="284567890123458888"))
    assert refused.value.code == "sale.payment_reversed"  # out of time: reversed
    sale = _sales(counter.svc)[0]
    assert sale.state is SaleState.CANCELLED
    assert sale.payments[0].state == "declined"
    assert journal_kinds(counter.svc, sale.order_no) == []
    assert read_and_settle(counter.svc, counter.reader).reading.record.purchase_seq == 0
    check_invariants(counter.svc, counter.reader)


def test_a_split_payment_with_a_declined_part_gives_the_confirmed_part_back(
        counter: Counter) -> None:
    plan = PaymentPlan(split=((Channel.WECHAT, Money.parse("20"), "134567890123451111"),
                              (Channel.ALIPAY, Money.parse("8"), "284567890123450000")))
    with pytest.raises(Refused):
        counter.sell("10", plan=plan)
    sale = _sales(counter.svc)[0]
    assert sale.state is SaleState.CANCELLED
    assert [p.state for p in sale.payments] == ["refunded", "declined"]
    mixed = counter.sell("10", plan=PaymentPlan(split=(
        (Channel.CASH, Money.parse("8"), None),
        (Channel.WECHAT, Money.parse("20"), "134567890123452222"))))
    assert (mixed.sale.channel, mixed.sale.state) == ("mixed", SaleState.COMPLETED)


def test_selling_by_amount_buys_the_largest_whole_volume(counter: Counter) -> None:
    outcome = sell(counter.svc, counter.clerk, SaleRequest(
        counter.reader, amount=Money.parse("100"),
        payment=PaymentPlan(Channel.CASH, tendered=Money.parse("100"))))
    assert (str(outcome.sale.volume), str(outcome.sale.amount)) == ("35.00", "98.00")
    assert str(outcome.remainder) == "2.00"
    assert str(outcome.change) == "2.00"


@pytest.mark.parametrize(("volume", "code"), [
    ("0.5", "sale.volume_below_minimum"), ("1001", "sale.volume_above_maximum"),
    ("10.5", "sale.volume_step"),
])
def test_volumes_outside_the_limits_are_refused(counter: Counter, volume: str, code: str) -> None:
    with pytest.raises(BadInput) as refused:
        counter.sell(volume)
    assert refused.value.code == code
    assert _sales(counter.svc) == []


def test_the_meters_stock_limits_a_purchase(svc: Services, tmp_path: Path) -> None:
    counter = open_counter(svc, tmp_path, max_stock="100")
    counter.sell("80")
    load_meter(counter)
    with pytest.raises(Refused) as refused:
        counter.sell("30")
    assert refused.value.code == "sale.max_stock"
    assert "20.00" in refused.value.render("en")


def test_bad_payments_are_refused_before_anything_is_charged(counter: Counter) -> None:
    with pytest.raises(BadInput) as short:
        counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money.parse("5")))
    assert short.value.code == "payment.cash_short"
    with pytest.raises(BadInput) as no_ref:
        counter.sell("10", plan=PaymentPlan(Channel.WECHAT))
    assert no_ref.value.code == "payment.ref"
    with pytest.raises(BadInput) as wrong_sum:
        counter.sell("10", plan=PaymentPlan(split=((Channel.CASH, Money.parse("1"), None),
                                                   (Channel.CASH, Money.parse("1"), None))))
    assert wrong_sum.value.code == "payment.sum"
    assert _sales(counter.svc) == []


def test_a_suspended_sale_is_carried_then_rewritten_or_refunded(
        counter: Counter, tmp_path: Path) -> None:
    walking = replace(counter.svc, checkpoints=crash_at("paid"))  # the customer walks away
    with pytest.raises(Crash):
        sell(walking, counter.clerk, SaleRequest(counter.reader, Volume.m3(25),
                                                 payment=PaymentPlan(Channel.CASH)))
    order_no = _sales(counter.svc)[0].order_no
    suspended = suspend(counter.svc, counter.clerk, counter.supervisor, order_no, "客户已离开")
    assert suspended.state is SaleState.SUSPENDED
    with pytest.raises(Refused) as busy:
        counter.sell("5")
    assert busy.value.code in ("sale.unfinished", "account.busy")
    done = rewrite(counter.svc, counter.clerk, order_no, counter.reader)
    assert done.state is SaleState.COMPLETED
    check_invariants(counter.svc, counter.reader)
    load_meter(counter)
    with pytest.raises(Crash):
        sell(walking, counter.clerk, SaleRequest(counter.reader, Volume.m3(7),
                                                 payment=PaymentPlan(Channel.CASH)))
    second = next(s for s in _sales(counter.svc) if s.state is SaleState.PENDING)
    suspend(counter.svc, counter.clerk, counter.supervisor, second.order_no, "客户已离开")
    refunded = refund_suspended(counter.svc, counter.clerk, counter.supervisor,
                                second.order_no, "客户不再购买")
    assert refunded.state is SaleState.REFUNDED
    check_invariants(counter.svc, counter.reader)


def test_only_supervisors_approve_voids_and_a_loaded_purchase_is_never_voided(
        counter: Counter) -> None:
    sold = counter.sell("10")
    other_clerk = add_staff(counter.svc, "1002", Role.CLERK)
    with pytest.raises(Refused) as refused:
        void(counter.svc, counter.clerk, other_clerk, sold.sale.order_no, counter.reader,
             "no reason")
    assert refused.value.code == "auth.cannot_approve"
    with pytest.raises(Refused) as own:
        void(counter.svc, counter.clerk, counter.clerk, sold.sale.order_no, counter.reader,
             "no reason")
    assert own.value.code == "approval.self"
    load_meter(counter)
    with pytest.raises(Refused) as loaded:
        void(counter.svc, counter.clerk, counter.supervisor, sold.sale.order_no,
             counter.reader, "too late")
    assert loaded.value.code == "sale.loaded"
    assert get_sale(counter.svc, sold.sale.order_no).state is SaleState.COMPLETED


def test_a_meter_change_carries_the_old_meters_gas_to_the_new_one(counter: Counter) -> None:
    counter.sell("100")
    load_meter(counter, use="40")
    change = change_meter(counter.svc, counter.clerk, account_no="370402000001",
                          new_meter_no="CH00000002", final_reading=Volume.m3(40),
                          remaining=Volume.m3(60), reader=counter.reader)
    assert change.credit == Volume.m3(60)
    assert change.credit_sale is not None and change.credit_sale.amount == Money(0)
    reading = read_and_settle(counter.svc, counter.reader).reading
    assert (reading.record.meter_no, reading.unloaded_volume) == ("CH00000002", Volume.m3(60))
    load_meter(counter)  # the new meter takes the credit
    after = read_and_settle(counter.svc, counter.reader)
    assert after.reading.meter is not None and after.reading.meter.remaining == Volume.m3(60)
    assert after.checks == ()
    counter.sell("10")
    check_invariants(counter.svc, counter.reader)


def test_a_safety_hold_needs_a_supervisors_override(counter: Counter) -> None:
    set_status(counter.svc, counter.admin, "370402000001", AccountStatus.SAFETY_HOLD,
               "安检发现隐患")
    with pytest.raises(Refused) as refused:
        counter.sell("10")
    assert refused.value.code == "account.safety_hold"
    sold = sell(counter.svc, counter.clerk, SaleRequest(
        counter.reader, Volume.m3(10), payment=PaymentPlan(Channel.CASH),
        override=Override(counter.supervisor, "安检已整改完毕")))
    assert (sold.sale.override_by, sold.sale.override_reason) == ("2001", "安检已整改完毕")


def test_a_sale_moved_meanwhile_by_another_counter_is_not_moved_again(counter: Counter) -> None:
    """Two counters acting on one sale (a rewrite completing it while another refunds it):
    the second move is checked against the state it read, refused, and changes nothing."""
    sold = counter.sell("10").sale
    with counter.svc.uow(write=True) as uow, pytest.raises(Refused) as refused:
        uow.sales.set_state(sold.order_no, SaleState.REFUNDED, was=SaleState.SUSPENDED,
                            at=counter.svc.clock.now())
    assert refused.value.code == "sale.changed_meanwhile"
    assert get_sale(counter.svc, sold.order_no).state is SaleState.COMPLETED
