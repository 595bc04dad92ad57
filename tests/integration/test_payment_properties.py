"""Whatever the provider does and whenever the clerk presses Stop, the sale and the provider
agree in the end (docs/payments.md): a completed sale's order is paid at the provider, a
cancelled sale's is not, and ``sale check`` settles whatever the counter could not — never a
sale without its money, never money kept without its sale, never a second charge."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos.adapters.payments import SimulatedProvider
from pos.domain.errors import Refused
from pos.domain.quantities import Volume
from pos.domain.sale.record import Channel, PaymentState, SaleState
from pos.services.core.context import Services
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import check_payment, get_sale
from tests.support.clock import FixedClock
from tests.support.counter import Counter, check_invariants, open_counter
from tests.support.services import make_services

CODES = {Channel.WECHAT: "134567890123456543", Channel.ALIPAY: "284567890123456543"}


@dataclass
class StopAfter:
    ticks: int | None
    told: int = 0

    def waiting(self, channel: Channel, seconds_left: int) -> None:
        self.told += 1

    def stop_requested(self) -> bool:
        return self.ticks is not None and self.told >= self.ticks


behaviours = st.one_of(
    st.tuples(st.sampled_from(["paid", "declined", "error_then_paid", "lost",
                               "paying_forever"]), st.just(1)),
    st.tuples(st.just("paying"), st.integers(1, 14)),
    st.tuples(st.just("reverse_refused"), st.integers(1, 6)))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(channel=st.sampled_from([Channel.WECHAT, Channel.ALIPAY]), behaviour=behaviours,
       stop=st.one_of(st.none(), st.integers(1, 70)))
def test_the_sale_and_the_provider_agree_in_the_end(
        channel: Channel, behaviour: tuple[str, int], stop: int | None) -> None:
    home = Path(tempfile.mkdtemp(prefix="gaspos-pay-property-"))
    provider = SimulatedProvider(home / "provider.json")
    svc = replace(make_services(f"sqlite:///{home / 'ledger.sqlite'}", FixedClock(),
                                home=home / "counter"), payments=provider)
    counter = open_counter(svc, home)
    code = CODES[channel]
    provider.script(code, behaviour[0], count=behaviour[1])
    refusal = _attempt(svc, counter, channel, code, stop)
    assert refusal in (None, "sale.payment_declined", "sale.payment_reversed",
                       "sale.payment_unknown")
    with svc.uow() as uow:
        [sale] = uow.sales.find()
    for _ in range(3):  # what the counter left unknown, sale check settles
        if sale.state is SaleState.AWAITING_PAYMENT:
            sale = check_payment(svc, counter.clerk, sale.order_no)
    at_provider = provider.query(channel=channel, order_no=sale.order_no).state
    if sale.state is SaleState.PENDING:  # paid after the counter gave up: sale check found it
        assert sale.payments[0].state is PaymentState.CONFIRMED
    else:
        assert sale.state in (SaleState.COMPLETED, SaleState.CANCELLED), sale.state
    taken = sale.state in (SaleState.COMPLETED, SaleState.PENDING)
    assert taken == (at_provider is PaymentState.CONFIRMED), (sale.state, at_provider)
    assert (get_sale(svc, sale.order_no).payments[0].state is PaymentState.CONFIRMED) == taken
    if sale.state is not SaleState.PENDING:
        check_invariants(svc, counter.reader)


def _attempt(svc: Services, counter: Counter, channel: Channel, code: str,
             stop: int | None) -> str | None:
    """The sale's refusal code, or None if it completed."""
    try:
        sell(svc, counter.clerk, SaleRequest(counter.reader, Volume.m3(10),
                                             payment=PaymentPlan(channel, ref=code),
                                             watch=StopAfter(stop)))
    except Refused as refused:
        return refused.code
    return None
