"""The payment-code flow the providers prescribe, through the services on real SQLite and the
simulated provider (docs/payments.md "The flow"): charge; poll while the customer pays; reverse
at the budget's end or on Stop; ``sale check`` for what stayed unknown; refunds followed.

Time: the pauses go through a recording ``sleep`` that does not wait, and the budget is
counted from the pauses, so "45 s" of polling takes no time; a customer taking "20 s" is four
queries five seconds apart."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from pos.adapters.payments import SimulatedProvider
from pos.domain.errors import GasposError, Refused
from pos.domain.journal import EntryKind
from pos.domain.quantities import Money, Volume
from pos.domain.sale import payment_codes
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState, SaleRecord, SaleState
from pos.services.core.context import Services
from pos.services.selling.counter_sale import SaleOutcome, SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import (
    check_payment,
    get_sale,
    refunds_under_way,
    rewrite,
    void,
)
from tests.support.counter import Counter, check_invariants, load_meter, open_counter
from tests.support.faults import Crash

WECHAT_CODE = "134567890123451234"
ALIPAY_CODE = "284567890123451234"


class Recording(SimulatedProvider):
    """The simulated provider, noting each question asked of it in ``events`` (shared with
    the sleeper, so the order of questions and pauses can be read)."""

    def __init__(self, path: Path, events: list[str], *, crash_after_charge: bool = False
                 ) -> None:
        super().__init__(path)
        self.events = events
        self._crash = crash_after_charge

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        self.events.append("charge")
        answer = super().charge(channel=channel, order_no=order_no, amount=amount,
                                payment_code=payment_code)
        if self._crash:  # the provider took the order; the counter died before the answer
            raise Crash("between charge and answer")
        return answer

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        self.events.append("query")
        return super().query(channel=channel, order_no=order_no)

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        self.events.append("reverse")
        return super().reverse(channel=channel, order_no=order_no)

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        self.events.append("refund")
        return super().refund(channel=channel, order_no=order_no, refund_no=refund_no,
                              amount=amount)

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        self.events.append("refund_query")
        return super().refund_query(channel=channel, order_no=order_no, refund_no=refund_no)


@dataclass
class Watch:
    """The payment dialog as the services see it: what it was told, and Stop after N ticks."""

    stop_after: int | None = None
    told: list[tuple[Channel, int]] = field(default_factory=list)

    def waiting(self, channel: Channel, seconds_left: int) -> None:
        self.told.append((channel, seconds_left))

    def stop_requested(self) -> bool:
        return self.stop_after is not None and len(self.told) >= self.stop_after


@dataclass
class Till:
    counter: Counter
    provider: Recording
    events: list[str]

    @property
    def svc(self) -> Services:
        return self.counter.svc

    def sell(self, channel: Channel, code: str, watch: Watch | None = None) -> SaleOutcome:
        return sell(self.svc, self.counter.clerk, SaleRequest(
            self.counter.reader, Volume.m3(10), payment=PaymentPlan(channel, ref=code),
            watch=watch))

    def refused(self, channel: Channel, code: str, watch: Watch | None = None) -> Refused:
        with pytest.raises(Refused) as refused:
            self.sell(channel, code, watch)
        return refused.value

    def only_sale(self) -> SaleRecord:
        with self.svc.uow() as uow:
            sales = list(uow.sales.find())
        assert len(sales) == 1
        return sales[0]

    def asked(self) -> list[str]:
        """The questions asked of the provider, without the pauses between them."""
        return [e for e in self.events if e != "pause"]


def till(svc: Services, tmp_path: Path, *, crash_after_charge: bool = False) -> Till:
    events: list[str] = []
    provider = Recording(tmp_path / "provider.json", events,
                         crash_after_charge=crash_after_charge)
    paced = replace(svc, payments=provider, sleep=lambda seconds: events.append("pause"))
    return Till(open_counter(paced, tmp_path), provider, events)


@pytest.fixture
def shop(svc: Services, tmp_path: Path) -> Till:
    return till(svc, tmp_path)


def journal_kinds(svc: Services, order_no: str) -> list[EntryKind]:
    with svc.uow() as uow:
        return [e.kind for e in uow.journal.entries() if e.sale_no == order_no]


def nothing_kept(shop: Till, sale: SaleRecord) -> None:
    assert sale.state is SaleState.CANCELLED
    assert [p.state for p in sale.payments] == [PaymentState.DECLINED]
    assert journal_kinds(shop.svc, sale.order_no) == []
    assert shop.provider.query(channel=Channel.WECHAT, order_no=sale.order_no).state is (
        PaymentState.DECLINED)  # the provider's order is closed: nothing kept there either
    check_invariants(shop.svc, shop.counter.reader)


def test_a_code_paid_at_once_completes_the_sale_and_keeps_only_the_codes_hash(
        shop: Till) -> None:
    outcome = shop.sell(Channel.WECHAT, " 1345 6789 0123 4512 34 ")
    assert outcome.sale.state is SaleState.COMPLETED
    assert shop.asked() == ["charge"]
    payment = outcome.sale.payments[0]
    assert payment.provider_ref is not None and payment.provider_ref.startswith("4200002")
    assert payment.code_hash == payment_codes.code_hash(WECHAT_CODE)
    with shop.svc.uow() as uow:  # the code itself is nowhere in the ledger
        assert WECHAT_CODE not in repr(uow.sales.get(outcome.sale.order_no))


def test_a_customer_taking_20_seconds_for_the_pin_is_waited_for(shop: Till) -> None:
    code = "134567890123451111"  # USERPAYING for four queries, then paid
    watch = Watch()
    outcome = shop.sell(Channel.WECHAT, code, watch)
    assert outcome.sale.state is SaleState.COMPLETED
    assert shop.asked() == ["charge", "query", "query", "query", "query"]
    assert shop.events.count("pause") == 20  # 4 polls of 5 s, told each second
    assert watch.told[0] == (Channel.WECHAT, 45) and watch.told[-1] == (Channel.WECHAT, 26)
    assert [left for _, left in watch.told] == sorted({left for _, left in watch.told},
                                                      reverse=True)
    check_invariants(shop.svc, shop.counter.reader)


def test_a_budget_exhausted_ends_in_a_reverse_and_no_sale(shop: Till) -> None:
    refused = shop.refused(Channel.WECHAT, "134567890123458888")  # never finishes paying
    assert refused.code == "sale.payment_reversed"
    assert shop.asked() == ["charge", *["query"] * 9, "reverse"]  # 45 s at 5 s
    assert shop.events[-2:] == ["query", "reverse"]  # no pause after the last question
    nothing_kept(shop, shop.only_sale())


def test_alipay_has_its_own_budget(shop: Till) -> None:
    refused = shop.refused(Channel.ALIPAY, "284567890123458888")
    assert refused.code == "sale.payment_reversed"
    assert shop.asked().count("query") == 12  # 60 s at 5 s


def test_stop_pressed_reverses_at_once(shop: Till) -> None:
    watch = Watch(stop_after=7)  # the clerk presses Stop in the second poll
    refused = shop.refused(Channel.WECHAT, "134567890123458888", watch)
    assert refused.code == "sale.payment_reversed"
    assert shop.asked() == ["charge", "query", "reverse"]
    assert shop.events[-1] == "reverse" and shop.events[-2] == "pause"
    nothing_kept(shop, shop.only_sale())


def test_an_answer_lost_is_found_by_query_and_the_sale_completes(shop: Till) -> None:
    outcome = shop.sell(Channel.ALIPAY, "284567890123459999")
    assert outcome.sale.state is SaleState.COMPLETED
    assert shop.asked() == ["charge", "query"]
    load_meter(shop.counter)  # a system error on the charge is asked about the same way
    again = shop.sell(Channel.WECHAT, "134567890123452222")
    assert again.sale.state is SaleState.COMPLETED


def test_a_reverse_refused_while_paying_is_asked_about_and_reversed_again(
        shop: Till) -> None:
    refused = shop.refused(Channel.WECHAT, "134567890123457777")
    assert refused.code == "sale.payment_reversed"
    assert shop.asked()[-4:] == ["query", "reverse", "query", "reverse"]
    nothing_kept(shop, shop.only_sale())


def test_a_reverse_never_answered_leaves_the_sale_for_sale_check(shop: Till) -> None:
    shop.provider.script("134567890123456666", "reverse_refused", count=4)
    refused = shop.refused(Channel.WECHAT, "134567890123456666")
    assert refused.code == "sale.payment_unknown"
    assert "gaspos sale check" in refused.render("zh_CN")
    sale = shop.only_sale()
    assert (sale.state, sale.payments[0].state) == (SaleState.AWAITING_PAYMENT,
                                                    PaymentState.UNKNOWN)
    assert shop.asked().count("reverse") == 3
    checked = check_payment(shop.svc, shop.counter.clerk, sale.order_no)
    assert checked.state is SaleState.CANCELLED  # still not paid: reversed now
    nothing_kept(shop, get_sale(shop.svc, sale.order_no))


@pytest.mark.parametrize(("code", "then"), [
    ("134567890123451234", SaleState.PENDING),  # it was paid: the sale goes on
    ("134567890123458888", SaleState.CANCELLED),  # the customer never paid: reversed
])
def test_a_crash_between_charge_and_answer_is_settled_by_sale_check(
        svc: Services, tmp_path: Path, code: str, then: SaleState) -> None:
    crashing = till(svc, tmp_path, crash_after_charge=True)
    with pytest.raises(Crash):
        crashing.sell(Channel.WECHAT, code)
    sale = crashing.only_sale()
    assert (sale.state, sale.payments[0].state) == (SaleState.AWAITING_PAYMENT,
                                                    PaymentState.REQUESTED)
    # the next start: the same ledger and provider, a process that does not crash
    after = replace(crashing.svc, payments=SimulatedProvider(tmp_path / "provider.json"))
    checked = check_payment(after, crashing.counter.clerk, sale.order_no)
    assert checked.state is then
    if then is SaleState.PENDING:
        done = rewrite(after, crashing.counter.clerk, sale.order_no, crashing.counter.reader)
        assert done.state is SaleState.COMPLETED
    check_invariants(after, crashing.counter.reader)


def test_a_void_is_refunded_through_the_provider_followed_until_success(
        shop: Till) -> None:
    sold = shop.sell(Channel.WECHAT, WECHAT_CODE)
    shop.provider.script(sold.sale.order_no, "refund_processing", count=2)
    voided = void(shop.svc, shop.counter.clerk, shop.counter.supervisor, sold.sale.order_no,
                  shop.counter.reader, "customer changed their mind")
    assert voided.state is SaleState.VOIDED
    assert voided.payments[0].state is PaymentState.REFUNDED
    # PROCESSING from the refund and two queries, then SUCCESS
    assert shop.asked()[-4:] == ["refund", "refund_query", "refund_query", "refund_query"]
    check_invariants(shop.svc, shop.counter.reader)


def test_a_refund_still_processing_is_recorded_and_followed_by_sale_check(
        shop: Till) -> None:
    sold = shop.sell(Channel.ALIPAY, ALIPAY_CODE)
    # "processing" nine times: the refund's budget (30 s at 5 s) asks six times
    shop.provider.script(sold.sale.order_no, "refund_processing", count=9)
    voided = void(shop.svc, shop.counter.clerk, shop.counter.supervisor, sold.sale.order_no,
                  shop.counter.reader, "customer changed their mind")
    assert voided.state is SaleState.VOIDED
    assert voided.payments[0].state is PaymentState.REFUND_PENDING
    assert journal_kinds(shop.svc, sold.sale.order_no)[-1] is EntryKind.REFUND
    assert [s.order_no for s in refunds_under_way(shop.svc)] == [sold.sale.order_no]
    checked = check_payment(shop.svc, shop.counter.clerk, sold.sale.order_no)
    assert checked.payments[0].state is PaymentState.REFUNDED
    assert refunds_under_way(shop.svc) == []
    check_invariants(shop.svc, shop.counter.reader)


def test_a_refund_the_provider_refuses_changes_nothing(shop: Till) -> None:
    sold = shop.sell(Channel.WECHAT, WECHAT_CODE)
    shop.provider.reverse(channel=Channel.WECHAT, order_no=sold.sale.order_no)  # closed there
    with pytest.raises(Refused) as refused:
        void(shop.svc, shop.counter.clerk, shop.counter.supervisor, sold.sale.order_no,
             shop.counter.reader, "customer changed their mind")
    assert refused.value.code == "payment.refund_failed"
    sale = get_sale(shop.svc, sold.sale.order_no)
    assert (sale.state, sale.payments[0].state) == (SaleState.COMPLETED,
                                                    PaymentState.CONFIRMED)
    assert journal_kinds(shop.svc, sale.order_no) == [EntryKind.ADVANCE_RECEIPT,
                                                      EntryKind.SALE]


def test_a_code_used_before_is_refused_before_any_call(shop: Till) -> None:
    declined = shop.refused(Channel.WECHAT, "134567890123450000")  # insufficient balance
    assert declined.code == "sale.payment_declined"
    asked = len(shop.asked())
    again = shop.refused(Channel.WECHAT, "134567890123450000")
    assert again.code == "payment.code_used"
    assert "134567890123450000" not in again.render("zh_CN")
    assert len(shop.asked()) == asked  # no question reached the provider
    assert len(_sales(shop.svc)) == 1  # and no second sale was started


def test_a_code_of_the_wrong_channel_or_not_a_code_is_refused_before_any_call(
        shop: Till) -> None:
    for channel, code, error in ((Channel.WECHAT, ALIPAY_CODE, "payment_code.channel"),
                                 (Channel.WECHAT, "6212345678901234567",
                                  "payment_code.unionpay_qr"),
                                 (Channel.ALIPAY, "fp0123456789", "payment_code.face_pay")):
        with pytest.raises(GasposError) as refused:
            shop.sell(channel, code)
        assert refused.value.code == error
    assert shop.asked() == [] and _sales(shop.svc) == []


def _sales(svc: Services) -> list[SaleRecord]:
    with svc.uow() as uow:
        return list(uow.sales.find())


def test_sale_check_never_reverses_a_payment_the_clerk_confirms_by_hand(
        svc: Services, tmp_path: Path) -> None:
    """With ``manual`` the customer paid in the merchant app: a payment left unknown stays
    unknown for the clerk to look up, never reversed into a sale without its money."""
    from pos.adapters.payments import ManualProvider

    manual = replace(svc, payments=ManualProvider(),
                     settings=replace(svc.settings, payment_codes=frozenset()))
    crashing = till(manual, tmp_path, crash_after_charge=True)
    with pytest.raises(Crash):
        crashing.sell(Channel.WECHAT, "4200001234202611270001")
    sale = crashing.only_sale()
    checked = check_payment(replace(crashing.svc, payments=ManualProvider()),
                            crashing.counter.clerk, sale.order_no)
    assert (checked.state, checked.payments[0].state) == (SaleState.AWAITING_PAYMENT,
                                                          PaymentState.UNKNOWN)
