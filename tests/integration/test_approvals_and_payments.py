"""A second person approves, a refund never exceeds what was taken, and one payment backs one
sale: each refusal changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pos.adapters.payments import ManualProvider
from pos.domain.errors import Refused
from pos.domain.quantities import Money, Volume
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState, SaleState
from pos.domain.staff import Role
from pos.services.core.context import Services
from pos.services.core.settings import DaySettings
from pos.services.day.money_entries import adjust, refund
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import get_sale, refund_suspended, suspend
from tests.support.attacks import snapshot
from tests.support.counter import Counter, load_meter, open_counter
from tests.support.faults import Crash, crash_at
from tests.support.services import add_staff


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    return open_counter(svc, tmp_path)


def refused(code: str, action) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as caught:
        action()
    assert caught.value.code == code, caught.value.render("en")


def pay(counter: Counter, plan: PaymentPlan, volume: int = 10):  # type: ignore[no-untyped-def]
    return sell(counter.svc, counter.clerk, SaleRequest(counter.reader, Volume.m3(volume),
                                                        payment=plan))


# --- 6. approvals -------------------------------------------------------------------------------
def test_a_supervisor_never_approves_their_own_money_entries(counter: Counter) -> None:
    svc, boss = counter.svc, counter.supervisor
    with pytest.raises(Crash):
        sell(replace(svc, checkpoints=crash_at("paid")), boss, SaleRequest(
            counter.reader, Volume.m3(10), payment=PaymentPlan(Channel.CASH)))
    order_no = next(iter(s.order_no for s in _sales(svc)))
    before = snapshot(svc, counter.card)
    refused("approval.self", lambda: suspend(svc, boss, boss, order_no, "顾客离开"))
    assert snapshot(svc, counter.card) == before
    other = add_staff(svc, "2002", Role.SUPERVISOR)
    suspend(svc, boss, other, order_no, "顾客离开")
    refused("approval.self", lambda: refund_suspended(svc, other, other, order_no, "退款"))
    refused("approval.self", lambda: adjust(svc, boss, boss, amount=Money.parse("5"),
                                            channel=Channel.CASH, corrects=order_no,
                                            reason="更正"))
    assert refund_suspended(svc, boss, other, order_no, "退款").state is SaleState.REFUNDED


def _sales(svc: Services):  # type: ignore[no-untyped-def]
    with svc.uow() as uow:
        return list(uow.sales.find())


def test_an_overpayment_refund_never_exceeds_what_the_sale_took(counter: Counter) -> None:
    svc = counter.svc
    sold = pay(counter, PaymentPlan(Channel.UNIONPAY, ref="REF00001", terminal="T1",
                                    voucher="000101"))
    took = sold.sale.amount
    before = snapshot(svc, counter.card)
    refused("refund.above_taken", lambda: refund(
        svc, counter.clerk, counter.supervisor, sold.sale.order_no, "重复扣款",
        amount=took + Money(1), channel=Channel.UNIONPAY))
    refused("refund.above_taken", lambda: refund(
        svc, counter.clerk, counter.supervisor, sold.sale.order_no, "重复扣款",
        amount=Money(100), channel=Channel.WECHAT))  # nothing was taken by WeChat
    assert snapshot(svc, counter.card) == before
    refund(svc, counter.clerk, counter.supervisor, sold.sale.order_no, "重复扣款",
           amount=took, channel=Channel.UNIONPAY)
    refused("refund.above_taken", lambda: refund(
        svc, counter.clerk, counter.supervisor, sold.sale.order_no, "又一次",
        amount=Money(1), channel=Channel.UNIONPAY))


def test_a_large_adjustment_needs_finance(counter: Counter) -> None:
    svc = replace(counter.svc, settings=replace(counter.svc.settings, day=DaySettings(
        adjust_finance_above=Money.parse("100"))))
    sold = pay(counter, PaymentPlan(Channel.CASH))
    finance = add_staff(svc, "4001", Role.FINANCE)
    refused("adjust.finance_approver", lambda: adjust(
        svc, counter.clerk, counter.supervisor, amount=-Money.parse("150"),
        channel=Channel.CASH, corrects=sold.sale.order_no, reason="收款错误"))
    adjust(svc, counter.clerk, counter.supervisor, amount=-Money.parse("50"),
           channel=Channel.CASH, corrects=sold.sale.order_no, reason="收款错误")
    adjust(svc, counter.clerk, finance, amount=-Money.parse("150"), channel=Channel.CASH,
           corrects=sold.sale.order_no, reason="收款错误")


# --- 7. one payment backs one sale --------------------------------------------------------------
def test_a_bank_card_slip_backs_one_sale(counter: Counter) -> None:
    svc = counter.svc
    slip = PaymentPlan(Channel.UNIONPAY, ref="889900112233", terminal="12345678",
                       voucher="000042")
    pay(counter, slip)
    load_meter(counter)
    before = snapshot(svc, counter.card)
    refused("payment.ref_used", lambda: pay(counter, slip))
    assert snapshot(svc, counter.card) == before
    other_voucher = replace(slip, voucher="000043")
    assert pay(counter, other_voucher).sale.state is SaleState.COMPLETED


def test_a_transaction_id_typed_twice_is_refused(counter: Counter) -> None:
    svc = replace(counter.svc, payments=ManualProvider(),  # the clerk types the id
                  settings=replace(counter.svc.settings, payment_codes=frozenset()))
    typed = PaymentPlan(Channel.WECHAT, ref="4200001234202611270001")
    sell(svc, counter.clerk, SaleRequest(counter.reader, Volume.m3(10), payment=typed))
    load_meter(counter)
    refused("payment.ref_used", lambda: sell(svc, counter.clerk, SaleRequest(
        counter.reader, Volume.m3(10), payment=typed)))
    refused("payment.ref_used", lambda: sell(svc, counter.clerk, SaleRequest(
        counter.reader, Volume.m3(10), payment=PaymentPlan(split=(
            (Channel.ALIPAY, Money.parse("14.00"), "2026112722001400001"),
            (Channel.ALIPAY, Money.parse("14.00"), "2026112722001400001"))))))


class SameTransactionProvider:
    """A provider that (wrongly) answers every order with one transaction id — as two counters
    typing the same id at the same moment would look from the second one's side."""

    def ready(self, *, channel: Channel) -> None:
        pass

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        return ProviderAnswer(PaymentState.CONFIRMED, "4200000000000000000001")

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        return ProviderAnswer(PaymentState.CONFIRMED, "4200000000000000000001")

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        return ProviderAnswer(PaymentState.CONFIRMED, refund_no)


def test_a_confirmation_reusing_a_transaction_keeps_nothing(counter: Counter) -> None:
    svc = replace(counter.svc, payments=SameTransactionProvider())
    code = PaymentPlan(Channel.WECHAT, ref="134567890123451234")
    sell(svc, counter.clerk, SaleRequest(counter.reader, Volume.m3(10), payment=code))
    load_meter(counter)
    fresh = PaymentPlan(Channel.WECHAT, ref="134567890123455678")  # a new code, same answer
    refused("payment.ref_used", lambda: sell(svc, counter.clerk, SaleRequest(
        counter.reader, Volume.m3(10), payment=fresh)))
    second = _sales(svc)[-1]
    assert second.state is SaleState.CANCELLED
    assert get_sale(svc, second.order_no).payments[0].state == "declined"
