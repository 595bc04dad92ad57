"""The card is never believed alone (docs/security.md): a customer who writes an old copy of
their card back, a replacement card that says nothing of the meter, a meter change claiming more
gas than there is, a card that cannot be written, a torn card — each as the attack or fault was
found, now refused with nothing changed, or put right by a supervisor."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from drivers.cards.station import Station
from drivers.virtual.sle4442 import Pull, state_file
from pos.domain.audit import AuditAction
from pos.domain.errors import Refused
from pos.domain.quantities import Volume
from pos.domain.sale.record import Channel, SaleState
from pos.services.cards.issue import replace_card
from pos.services.cards.restore import restore_card
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from pos.services.selling.card_view import read_and_settle
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.meter_change import BeyondKnown, change_meter
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import get_sale, refund_suspended, rewrite, suspend, void
from tests.support.attacks import copy_card, meter, restore_copy, snapshot
from tests.support.cards import KEYS
from tests.support.counter import (
    ACCOUNT,
    METER,
    Counter,
    check_invariants,
    load_meter,
    open_counter,
)
from tests.support.faults import Crash, crash_at


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    return open_counter(svc, tmp_path)


def codes(counter: Counter, reader: str | None = None) -> list[str]:
    return [c.code for c in read_and_settle(counter.svc, reader or counter.reader).checks]


def refused(code: str, action) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as caught:
        action()
    assert caught.value.code == code, caught.value.render("en")


def audited(svc: Services, subject: str, action: AuditAction) -> bool:
    with svc.uow() as uow:
        return any(e.action is action for e in uow.audit.about(subject))


# --- 1. a restored card image -------------------------------------------------------------------
def test_a_copy_written_back_after_the_meter_loaded_voids_nothing(counter: Counter,
                                                                   tmp_path: Path) -> None:
    svc, card_no = counter.svc, "IC0000000001"
    copy = copy_card(counter.card, tmp_path / "before-the-sale.bin")
    sold = counter.sell("20")
    load_meter(counter)  # the gas is in the meter
    restore_copy(copy, counter.card)  # the card says the purchase never happened
    before = snapshot(svc, counter.card)
    refused("card.rolled_back", lambda: void(svc, counter.clerk, counter.supervisor,
                                             sold.sale.order_no, counter.reader, "顾客要求退款"))
    assert snapshot(svc, counter.card) == before  # money, gas, card, meter, journal
    assert get_sale(svc, sold.sale.order_no).state is SaleState.COMPLETED
    # every operation but inspection is refused, and says what to do
    view = read_and_settle(svc, counter.reader)
    assert [c.code for c in view.checks] == ["card.rolled_back"]
    assert "补卡" not in view.checks[0].message.render("en")
    assert "card replace --approver" in view.checks[0].message.render("zh_CN")
    refused("card.rolled_back", lambda: counter.sell("10"))
    refused("card.rolled_back", lambda: rewrite(svc, counter.clerk, sold.sale.order_no,
                                                counter.reader))
    refused("card.rolled_back", lambda: restore_card(svc, counter.clerk, counter.supervisor,
                                                     counter.reader, "试图恢复"))
    refused("card.rolled_back", lambda: change_meter(
        svc, counter.clerk, account_no=ACCOUNT, new_meter_no="CH00000002",
        final_reading=Volume.m3(1), remaining=Volume.m3(0), reader=counter.reader))
    assert snapshot(svc, counter.card) == before
    assert audited(svc, card_no, AuditAction.CARD_ROLLED_BACK)
    # the right copy back does not make the card trusted again: it is replaced
    refused("card.replace_needs_approval",
            lambda: replace_card(svc, counter.clerk, ACCOUNT, f"sim:{tmp_path / 'new.bin'}"))
    issued = replace_card(svc, counter.clerk, ACCOUNT, f"sim:{tmp_path / 'new.bin'}",
                          approver=counter.supervisor)
    counter.card = tmp_path / "new.bin"
    assert issued.record.purchase_seq == 1  # the purchase again: the meter's guard skips it
    assert load_meter_visit(counter).loaded == Volume(0)
    assert counter.sell("10").sale.purchase_seq == 2  # never the old sequence again
    assert load_meter_visit(counter).loaded == Volume.m3(10)
    assert verify_ledger(svc).intact
    check_invariants(svc, counter.reader)


def load_meter_visit(counter: Counter):  # type: ignore[no-untyped-def]
    from pos.services.demo.lab import load_meter as insert

    return insert(counter.svc, counter.reader)


def test_an_older_meter_report_gives_the_copy_away(counter: Counter, tmp_path: Path) -> None:
    sold = counter.sell("20")
    copy = copy_card(counter.card, tmp_path / "before-the-meter.bin")  # carries it, unloaded
    load_meter(counter)
    read_and_settle(counter.svc, counter.reader)  # the counter saw the meter's write-back
    restore_copy(copy, counter.card)
    refused("card.rolled_back", lambda: void(counter.svc, counter.clerk, counter.supervisor,
                                             sold.sale.order_no, counter.reader, "退款"))
    assert get_sale(counter.svc, sold.sale.order_no).state is SaleState.COMPLETED


def test_a_void_stopped_after_its_own_card_write_is_finished_from_the_card(
        counter: Counter) -> None:
    svc = counter.svc
    sold = counter.sell("20")
    crashing = replace(svc, checkpoints=crash_at("void_card_written"))
    with pytest.raises(Crash):
        void(crashing, counter.clerk, counter.supervisor, sold.sale.order_no, counter.reader,
             "客户不要了")
    assert "sale.void_unfinished" in codes(counter)
    voided = void(svc, counter.clerk, counter.supervisor, sold.sale.order_no, counter.reader,
                  "客户不要了")
    assert voided.state is SaleState.VOIDED
    assert codes(counter) == []
    check_invariants(svc, counter.reader)
    assert verify_ledger(svc).intact


def test_a_stopped_void_can_be_undone_by_writing_the_purchase_back(counter: Counter) -> None:
    sold = counter.sell("20")
    with pytest.raises(Crash):
        void(replace(counter.svc, checkpoints=crash_at("void_card_written")), counter.clerk,
             counter.supervisor, sold.sale.order_no, counter.reader, "客户不要了")
    kept = rewrite(counter.svc, counter.clerk, sold.sale.order_no, counter.reader)
    assert kept.state is SaleState.COMPLETED
    assert codes(counter) == ["card.not_loaded"]
    check_invariants(counter.svc, counter.reader)


def test_a_paid_sale_the_card_lacks_is_never_voided_from_the_card(counter: Counter) -> None:
    svc = counter.svc
    with pytest.raises(Crash):
        sell(replace(svc, checkpoints=crash_at("paid")), counter.clerk, SaleRequest(
            counter.reader, Volume.m3(20), payment=PaymentPlan(Channel.CASH)))
    pending = get_sale(svc, svc_last_order(svc))
    assert pending.state is SaleState.PENDING
    before = snapshot(svc, counter.card)
    refused("sale.void_unproven", lambda: void(svc, counter.clerk, counter.supervisor,
                                               pending.order_no, counter.reader, "退款"))
    assert snapshot(svc, counter.card) == before
    rewrite(svc, counter.clerk, pending.order_no, counter.reader)  # the card gets it
    assert void(svc, counter.clerk, counter.supervisor, pending.order_no, counter.reader,
                "退款").state is SaleState.VOIDED
    check_invariants(svc, counter.reader)


def svc_last_order(svc: Services) -> str:
    with svc.uow() as uow:
        return list(uow.sales.find())[-1].order_no


# --- 2. a replacement card and the meter's stock ------------------------------------------------
def test_a_replacement_card_cannot_overfill_the_meter(counter: Counter, tmp_path: Path) -> None:
    svc = counter.svc
    counter.sell("980")
    load_meter(counter, use="950")
    load_meter(counter)  # the write-back says 30 m³ remain
    read_and_settle(svc, counter.reader)
    replace_card(svc, counter.clerk, ACCOUNT, f"sim:{tmp_path / 'new.bin'}")
    counter.card = tmp_path / "new.bin"
    assert read_and_settle(svc, counter.reader).reading.meter is None  # the new card knows nothing
    before = snapshot(svc, counter.card)
    with pytest.raises(Refused) as over:
        counter.sell("990")
    assert over.value.code == "sale.max_stock"
    assert "970.00" in over.value.render("en")
    assert snapshot(svc, counter.card) == before
    counter.sell("970")
    assert load_meter_visit(counter).loaded == Volume.m3(970)  # the meter takes all of it
    assert meter(svc, METER).remaining == 100_000


# --- 3. a meter change and the old meter's gas --------------------------------------------------
def test_a_meter_change_carries_no_more_than_the_ledger_knows(counter: Counter) -> None:
    svc = counter.svc
    counter.sell("100")
    load_meter(counter, use="80")
    load_meter(counter)  # the write-back: 20 m³ left
    read_and_settle(svc, counter.reader)
    before = snapshot(svc, counter.card)

    def change(remaining: int, beyond: BeyondKnown | None = None):  # type: ignore[no-untyped-def]
        return change_meter(svc, counter.clerk, account_no=ACCOUNT, new_meter_no="CH00000002",
                            final_reading=Volume.m3(80), remaining=Volume.m3(remaining),
                            reader=counter.reader, beyond=beyond)

    refused("meter.credit_beyond_known", lambda: change(900))
    refused("approval.self", lambda: change(900, BeyondKnown(counter.clerk, "表内余量", "照片")))
    refused("meter.credit_evidence",
            lambda: change(900, BeyondKnown(counter.supervisor, "表内余量", " ")))
    assert snapshot(svc, counter.card) == before
    done = change(900, BeyondKnown(counter.supervisor, "旧表显示余量900方，与记录不符",
                                   "IMG_0042.jpg 旧表读数 900.00"))
    assert done.credit == Volume.m3(900)
    assert audited(svc, ACCOUNT, AuditAction.METER_CREDIT_APPROVED)


def test_a_meter_change_within_what_is_known_needs_no_approval(counter: Counter) -> None:
    counter.sell("100")
    load_meter(counter, use="80")
    load_meter(counter)
    read_and_settle(counter.svc, counter.reader)
    done = change_meter(counter.svc, counter.clerk, account_no=ACCOUNT,
                        new_meter_no="CH00000002", final_reading=Volume.m3(80),
                        remaining=Volume.m3(20), reader=counter.reader)
    assert done.credit == Volume.m3(20)
    check_invariants(counter.svc, counter.reader)


# --- 4. card problems before any money ----------------------------------------------------------
def _security_state(card: Path, **changes: object) -> None:
    state = json.loads(state_file(card).read_text("utf-8"))
    state.update(changes)
    state_file(card).write_text(json.dumps(state), encoding="utf-8")


@pytest.mark.parametrize(("state", "code"), [({"tries_left": 1}, "card.psc_tries_low"),
                                             ({"psc": "123456"}, "card.wrong_psc"),
                                             ({"tries_left": 0}, "card.locked")])
def test_a_card_that_cannot_be_written_is_refused_before_the_money(
        counter: Counter, state: dict[str, object], code: str) -> None:
    svc = counter.svc
    _security_state(counter.card, **state)
    ledger_before = snapshot(svc, counter.card)
    plan = PaymentPlan(Channel.WECHAT, ref="134567890123451234")
    refused(code, lambda: sell(svc, counter.clerk, SaleRequest(
        counter.reader, Volume.m3(10), payment=plan)))
    after = snapshot(svc, counter.card)
    assert (after.sales, after.payments, after.journal) == (
        ledger_before.sales, ledger_before.payments, ledger_before.journal)
    assert not (svc.settings.data_dir / "payments-simulated.json").exists()  # never asked


# --- 5. a torn card, and a card carrying a refunded purchase ------------------------------------
def _suspended_and_refunded(counter: Counter) -> str:
    order_no = svc_last_order(counter.svc)
    suspend(counter.svc, counter.clerk, counter.supervisor, order_no, "顾客离开")
    refund_suspended(counter.svc, counter.clerk, counter.supervisor, order_no, "退款给顾客")
    return order_no


def test_a_torn_card_is_restored_by_a_supervisor(counter: Counter) -> None:
    svc = counter.svc
    counter.sell("30")
    load_meter(counter)
    pulled = replace(svc, cards=Station(lambda: KEYS, fault=Pull(10)))
    with pytest.raises(Refused):
        sell(pulled, counter.clerk, SaleRequest(counter.reader, Volume.m3(20),
                                                payment=PaymentPlan(Channel.CASH)))
    _suspended_and_refunded(counter)
    assert "card.interrupted_write" in codes(counter)  # stuck: every sale refused
    refused("approval.self", lambda: restore_card(svc, counter.clerk, counter.clerk,
                                                  counter.reader, "卡片写入中断"))
    done = restore_card(svc, counter.clerk, counter.supervisor, counter.reader, "卡片写入中断")
    assert done.written and done.record.seq == 1
    assert codes(counter) == []
    assert audited(svc, "IC0000000001", AuditAction.CARD_RESTORED)
    assert counter.sell("20").sale.purchase_seq == 2
    assert load_meter_visit(counter).loaded == Volume.m3(20)
    check_invariants(svc, counter.reader)
    assert verify_ledger(svc).intact


def test_a_refunded_purchase_left_on_the_card_is_taken_off(counter: Counter) -> None:
    svc = counter.svc
    with pytest.raises(Crash):  # written onto the card, then the counter died
        sell(replace(svc, checkpoints=crash_at("card_written")), counter.clerk, SaleRequest(
            counter.reader, Volume.m3(20), payment=PaymentPlan(Channel.CASH)))
    order_no = _suspended_and_refunded(counter)  # the customer had left with the card
    assert codes(counter) == ["card.carries_refunded"]
    restore_card(svc, counter.clerk, counter.supervisor, counter.reader, "退款后卡上仍有气量")
    assert codes(counter) == []
    assert get_sale(svc, order_no).state is SaleState.REFUNDED
    assert counter.sell("15").sale.purchase_seq == 1
    assert load_meter_visit(counter).loaded == Volume.m3(15)
    check_invariants(svc, counter.reader)


def test_a_refunded_purchase_the_meter_loaded_is_not_restored_away(counter: Counter) -> None:
    svc = counter.svc
    with pytest.raises(Crash):
        sell(replace(svc, checkpoints=crash_at("card_written")), counter.clerk, SaleRequest(
            counter.reader, Volume.m3(20), payment=PaymentPlan(Channel.CASH)))
    _suspended_and_refunded(counter)
    load_meter(counter)  # the customer loaded it at home
    refused("card.refunded_loaded", lambda: restore_card(
        svc, counter.clerk, counter.supervisor, counter.reader, "退款后卡上仍有气量"))


def test_a_replacement_card_after_a_meter_change_never_carries_the_old_meters_gas(
        counter: Counter, tmp_path: Path) -> None:
    """Found by the attack property test: the last purchase went into the old meter; the new
    meter expects the next sequence, so a replacement carrying that purchase again would load
    it twice."""
    svc = counter.svc
    counter.sell("20")
    load_meter(counter, use="20")  # loaded, and used up
    change_meter(svc, counter.clerk, account_no=ACCOUNT, new_meter_no="CH00000002",
                 final_reading=Volume.m3(20), remaining=Volume(0), reader=counter.reader)
    issued = replace_card(svc, counter.clerk, ACCOUNT, f"sim:{tmp_path / 'new.bin'}")
    counter.card = tmp_path / "new.bin"
    assert issued.record.pending_volume == Volume(0)
    assert load_meter_visit(counter).loaded == Volume(0)  # the new meter: nothing given
    check_invariants(svc, counter.reader)
