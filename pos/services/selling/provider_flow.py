"""The conversation the providers prescribe for a payment-code order (docs/payments.md "The
flow"): charge; while there is no definite answer ask ``query`` every ``poll_seconds`` up to
the channel's budget, telling the watch how long is left; on the budget's end or Stop, reverse
at once; a reverse without a definite answer (the customer is still paying) is followed by a
query and another reverse, a few times.  Only a definite end says the payment failed; a
reverse that never gets one leaves the payment unknown for ``gaspos sale check``.

Refunds are followed the same way: a refund the provider is still processing is asked about
with ``refund_query`` within a budget, and left under way (recorded) if it is still not final;
following it later sends it again under the same refund number (a lost request is made then).

Every pause goes through ``svc.sleep`` scaled by ``payment_patience``; the budget is counted
from the pauses taken (and the clock, whichever says more), so tests run through "45 s" of
polling in no time with a clock they set.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime
from typing import TYPE_CHECKING

from pos.domain.quantities import Money
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState
from pos.services.core.context import Services

if TYPE_CHECKING:
    from pos.services.selling.payments import PaymentWatch

log = logging.getLogger(__name__)
REVERSED = "reversed"  # an answer's detail: the counter gave up and the order was reversed
SLICE = 1.0  # seconds: the watch hears from the counter (and is asked about Stop) this often


class _Budget:
    """Time left for one order: counted from the pauses taken and from the clock."""

    def __init__(self, svc: Services, seconds: float) -> None:
        self._svc, self._seconds = svc, seconds
        self._started: datetime = svc.clock.now()
        self._paused = 0.0

    def left(self) -> float:
        by_clock = (self._svc.clock.now() - self._started).total_seconds()
        return self._seconds - max(self._paused, by_clock)

    def pause(self, seconds: float) -> None:
        self._svc.sleep(seconds * self._svc.settings.payment_patience)
        self._paused += seconds


def charge(svc: Services, channel: Channel, order_no: str, amount: Money, code: str,
           watch: PaymentWatch | None) -> ProviderAnswer:
    """Charge a payment code and see it through to a definite answer, or to unknown if even
    the reverse went unanswered.  DECLINED with detail ``REVERSED``: the counter gave up."""
    answer = svc.payments.charge(channel=channel, order_no=order_no, amount=amount,
                                 payment_code=code)
    svc.checkpoints.reached("payment_charged")  # asked, its answer not yet kept
    if answer.state is PaymentState.DECLINED and answer.reverse:
        return _reversed_anyway(svc, channel, order_no, answer)
    if answer.state is not PaymentState.UNKNOWN:
        return answer
    log.info("order %s: no definite answer to the charge (%s): asking", order_no,
             answer.detail)
    return follow(svc, channel, order_no, watch)


def follow(svc: Services, channel: Channel, order_no: str, watch: PaymentWatch | None
           ) -> ProviderAnswer:
    """Ask about an order until it is definite, the budget ends or the clerk presses Stop —
    then give it up (reverse) at once."""
    times = svc.settings.payment_times
    budget = _Budget(svc, times.budget(channel))
    while not _stopped(watch):
        left = budget.left()
        if left <= 0:
            break
        if _wait(budget, channel, min(times.poll_seconds, left), watch):
            break
        answer = svc.payments.query(channel=channel, order_no=order_no)
        if answer.state is PaymentState.DECLINED:  # after a charge without a definite answer
            return _reversed_anyway(svc, channel, order_no, answer)
        if answer.state is not PaymentState.UNKNOWN:
            return answer
    log.info("order %s: %s; reversing", order_no,
             "stopped by the clerk" if _stopped(watch) else "out of time")
    return give_up(svc, channel, order_no)


def give_up(svc: Services, channel: Channel, order_no: str) -> ProviderAnswer:
    """Reverse (撤销 / cancel) an order the counter will not wait for any longer.

    DECLINED (``REVERSED``): closed or given back, nothing kept.  CONFIRMED: the provider
    refuses to reverse an order that is paid — the payment stands and the sale goes on (never
    money kept without a sale).  UNKNOWN: no definite answer after ``reverse_tries``: the
    sale stays awaiting payment for ``gaspos sale check``."""
    times = svc.settings.payment_times
    for attempt in range(times.reverse_tries):
        if attempt:
            svc.sleep(times.poll_seconds * svc.settings.payment_patience)
        reversed_ = svc.payments.reverse(channel=channel, order_no=order_no)
        if reversed_.state is PaymentState.CONFIRMED:
            return ProviderAnswer(PaymentState.DECLINED, reversed_.provider_ref, REVERSED)
        status = svc.payments.query(channel=channel, order_no=order_no)
        log.info("order %s: reverse %s (%s); the order is %s", order_no, reversed_.state,
                 reversed_.detail, status.state)
        if status.state is PaymentState.DECLINED:  # closed or never made: nothing taken
            return ProviderAnswer(PaymentState.DECLINED, status.provider_ref, REVERSED)
        if status.state is PaymentState.CONFIRMED and reversed_.state is PaymentState.DECLINED:
            return status  # paid, and the provider will not undo it: the sale goes on
    return ProviderAnswer(PaymentState.UNKNOWN, detail="not reversed")


def _reversed_anyway(svc: Services, channel: Channel, order_no: str, declined: ProviderAnswer
                     ) -> ProviderAnswer:
    """An order we charged that ended failed is reversed all the same (WeChat Pay: PAYERROR
    支付失败，请撤销订单; a failure heard only from a query after an unclear charge): reversing
    a closed or missing order is harmless.  It ends ``declined`` as the provider said — unless
    the reverse finds it paid after all (the payment stands) or is never answered (unknown,
    for ``gaspos sale check``)."""
    log.info("order %s: declined (%s); reversing it all the same", order_no, declined.detail)
    undone = give_up(svc, channel, order_no)
    return declined if undone.state is PaymentState.DECLINED else undone


def settle(svc: Services, channel: Channel, order_no: str) -> ProviderAnswer:
    """``gaspos sale check``: what became of an order left unknown (a crash, a lost answer,
    a reverse never answered) — paid, or reversed now if it is still not paid.  A channel
    the clerk confirms by hand (``manual``) is only asked: nothing there can be reversed, and
    a payment the customer made in the merchant app must not lose its sale."""
    answer = svc.payments.query(channel=channel, order_no=order_no)
    if answer.state is not PaymentState.UNKNOWN or channel not in svc.settings.payment_codes:
        return answer
    return give_up(svc, channel, order_no)


def refund(svc: Services, channel: Channel, order_no: str, refund_no: str, amount: Money
           ) -> ProviderAnswer:
    """Give ``amount`` back through the provider and follow it while it is processing:
    CONFIRMED refunded, DECLINED refused, UNKNOWN still processing when the budget ended.

    Sending it again is how a refund under way is followed (``gaspos sale check``): both
    providers take the same ``refund_no`` once, so a request that was lost is made now and one
    that arrived is only answered again."""
    answer = _send_refund(svc, channel, order_no, refund_no, amount)
    return follow_refund(svc, channel, order_no, refund_no, amount, answer)


def follow_refund(svc: Services, channel: Channel, order_no: str, refund_no: str,
                  amount: Money, answer: ProviderAnswer) -> ProviderAnswer:
    """Ask about a refund the provider is processing, within ``budget_refund``.  A query that
    says the refund failed or does not exist is never taken as final on its own: the refund is
    sent again (the same ``refund_no``) and its answer decides — a refund the provider never
    received is made, one it refused is refused again."""
    times = svc.settings.payment_times
    budget = _Budget(svc, times.refund_budget)
    while answer.state is PaymentState.UNKNOWN and budget.left() > 0:
        budget.pause(min(times.poll_seconds, budget.left()))
        answer = svc.payments.refund_query(channel=channel, order_no=order_no,
                                           refund_no=refund_no)
        if answer.state is PaymentState.DECLINED:
            log.info("refund %s: the query says %s; sending it again", refund_no,
                     answer.detail)
            answer = _send_refund(svc, channel, order_no, refund_no, amount)
    return answer


def _send_refund(svc: Services, channel: Channel, order_no: str, refund_no: str,
                 amount: Money) -> ProviderAnswer:
    return svc.payments.refund(channel=channel, order_no=order_no, refund_no=refund_no,
                               amount=amount)


def _wait(budget: _Budget, channel: Channel, seconds: float, watch: PaymentWatch | None
          ) -> bool:
    """Pause ``seconds`` in slices, telling the watch what is left; True if Stop was pressed."""
    while seconds > 0:
        if watch is not None:
            watch.waiting(channel, max(math.ceil(budget.left()), 0))
        step = min(SLICE, seconds)
        budget.pause(step)
        seconds -= step
        if _stopped(watch):
            return True
    return False


def _stopped(watch: PaymentWatch | None) -> bool:
    return watch is not None and watch.stop_requested()
