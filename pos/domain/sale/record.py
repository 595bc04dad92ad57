"""The sale's life as an explicit state machine (docs/design.md "The counter sale",
docs/selling.md).

Allowed moves (everything else is refused)::

    awaiting_payment → pending      the payment was confirmed
    awaiting_payment → cancelled    the payment never completed
    pending          → completed    the card was written, read back and proven
    pending          → suspended    the customer left with the card (supervisor)
    pending          → voided       the purchase never reached the card; money back (supervisor)
    completed        → voided       reversal (冲正) while still on the card, not loaded
    suspended        → pending      the card came back; rewriting it
    suspended        → completed    the card came back and proves the purchase
    suspended        → refunded     given up; the money went back

* ``awaiting_payment`` — the order number exists, the money does not yet.
* ``pending`` — paid (journalled as an advance receipt, 预收) but the card is not proven yet.
* ``completed`` — written, read back and verified; it has its receipt number.
* ``voided`` — reversed (冲正): the card no longer carries it and the money went back.
* ``suspended`` — the customer left before it was resolved (挂起); the money is a liability.
* ``cancelled`` — the payment never completed; nothing was taken.
* ``refunded`` — a suspended sale given up; its money went back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pos.domain.errors import Refused
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, UnitPrice, Volume


class SaleState(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    PENDING = "pending"
    COMPLETED = "completed"
    VOIDED = "voided"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"

    @property
    def label(self) -> Message:
        return Message(_LABELS[self])

    @property
    def final(self) -> bool:
        return not SALE_TRANSITIONS[self]

    @property
    def holds_money(self) -> bool:
        """Money taken and not yet turned into a completed sale or given back."""
        return self in (SaleState.PENDING, SaleState.SUSPENDED)

    @property
    def reserves_gas(self) -> bool:
        """Counts towards the household's volume this cycle (and its purchase sequence)."""
        return self in (SaleState.PENDING, SaleState.COMPLETED, SaleState.SUSPENDED)


SALE_TRANSITIONS: dict[SaleState, frozenset[SaleState]] = {
    SaleState.AWAITING_PAYMENT: frozenset({SaleState.PENDING, SaleState.CANCELLED}),
    SaleState.PENDING: frozenset({SaleState.COMPLETED, SaleState.SUSPENDED, SaleState.VOIDED}),
    SaleState.COMPLETED: frozenset({SaleState.VOIDED}),
    SaleState.SUSPENDED: frozenset({SaleState.PENDING, SaleState.COMPLETED, SaleState.REFUNDED}),
    SaleState.VOIDED: frozenset(),
    SaleState.CANCELLED: frozenset(),
    SaleState.REFUNDED: frozenset(),
}


def advance_sale(current: SaleState, target: SaleState, order_no: str = "") -> SaleState:
    """Return ``target`` if a sale in ``current`` may become it, else refuse and say why."""
    if target not in SALE_TRANSITIONS[current]:
        raise Refused(
            "sale.illegal_transition",
            N_("Sale {order_no} is {current} and cannot become {target}."),
            order_no=order_no, current=current.label, target=target.label,
        )
    return target


class Channel(StrEnum):
    """How money was paid."""

    CASH = "cash"
    UNIONPAY = "unionpay"  # bank card through the acquirer's terminal
    WECHAT = "wechat"
    ALIPAY = "alipay"

    @property
    def label(self) -> Message:
        return Message(_CHANNEL_LABELS[self])


_LABELS = {
    SaleState.AWAITING_PAYMENT: N_("awaiting payment"),
    SaleState.PENDING: N_("pending (paid, card not yet proven)"),
    SaleState.COMPLETED: N_("completed"),
    SaleState.VOIDED: N_("voided"),
    SaleState.SUSPENDED: N_("suspended"),
    SaleState.CANCELLED: N_("cancelled"),
    SaleState.REFUNDED: N_("refunded"),
}
_CHANNEL_LABELS = {
    Channel.CASH: N_("cash"),
    Channel.UNIONPAY: N_("bank card"),
    Channel.WECHAT: N_("WeChat Pay"),
    Channel.ALIPAY: N_("Alipay"),
}


class SaleKind(StrEnum):
    PURCHASE = "purchase"
    METER_CREDIT = "meter_credit"  # 换表补气: the old meter's gas, carried to the new one


class PaymentState(StrEnum):
    REQUESTED = "requested"  # asked of the provider, no answer yet
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    UNKNOWN = "unknown"  # the provider did not answer in time: ask again, never assume
    REFUNDED = "refunded"
    # given back through the provider, which accepted the refund but has not finished it:
    # ``gaspos sale check`` follows it (docs/payments.md)
    REFUND_PENDING = "refund_pending"

    @property
    def label(self) -> Message:
        return Message(_PAYMENT_STATE_LABELS[self])


_PAYMENT_STATE_LABELS = {
    PaymentState.REQUESTED: N_("payment requested"),
    PaymentState.CONFIRMED: N_("paid"),
    PaymentState.DECLINED: N_("declined"),
    PaymentState.UNKNOWN: N_("payment unknown: ask again"),
    PaymentState.REFUNDED: N_("refunded"),
    PaymentState.REFUND_PENDING: N_("refund under way"),
}


MONEY_TAKEN = frozenset({PaymentState.CONFIRMED, PaymentState.REFUNDED,
                         PaymentState.REFUND_PENDING})  # came in (and may
# have gone back since)

_OPEN = frozenset({PaymentState.REQUESTED, PaymentState.UNKNOWN})
# The states a payment may be moved FROM to reach each state (a payment's state machine).  An
# answer is written only over a payment still open, a refund only over one taken: a second
# process (``gaspos sale check`` beside the counter still polling) that answers a payment
# already answered moves nothing, and acts on the state stored instead (docs/payments.md).
PAYMENT_MOVES_FROM: dict[PaymentState, frozenset[PaymentState]] = {
    PaymentState.REQUESTED: frozenset(),
    PaymentState.CONFIRMED: _OPEN,
    PaymentState.DECLINED: _OPEN,
    PaymentState.UNKNOWN: _OPEN,
    PaymentState.REFUND_PENDING: frozenset({PaymentState.CONFIRMED}),
    PaymentState.REFUNDED: frozenset({PaymentState.CONFIRMED, PaymentState.REFUND_PENDING}),
}


@dataclass(frozen=True)
class PaymentRecord:
    channel: Channel
    amount: Money
    state: PaymentState
    provider_ref: str | None = None
    terminal: str | None = None
    voucher: str | None = None
    tendered: Money | None = None
    change: Money | None = None
    id: int | None = None
    code_hash: str | None = None  # a scanned payment code, hashed (sale/payment_codes.py)


@dataclass(frozen=True)
class PricePart:
    tier: int
    volume: Volume
    unit_price: UnitPrice
    amount: Money


@dataclass(frozen=True)
class SaleRecord:
    """A sale as the ledger keeps it."""

    order_no: str
    kind: SaleKind
    state: SaleState
    counter_no: str
    business_date: date | None
    account_no: str
    card_no: str | None
    meter_no: str | None
    staff_no: str
    purchase_seq: int
    volume: Volume
    amount: Money
    cumulative_after: Volume
    parts: tuple[PricePart, ...] = ()
    payments: tuple[PaymentRecord, ...] = ()
    receipt_no: int | None = None
    first_use: bool = False
    created_at: datetime | None = None
    completed_at: datetime | None = None
    override_by: str | None = None
    override_reason: str | None = None
    tariff_effective_from: date | None = None
    seal_code: str | None = None  # the receipt's verification code, once completed
    # a past sale from a previous system (``gaspos import history``): no purchase sequence,
    # and its account and cashier are the previous system's numbers where gaspos lacks them
    imported: bool = False

    @property
    def channel(self) -> str:
        channels = {p.channel for p in self.payments if p.state is not PaymentState.DECLINED}
        if not channels:
            return "none"
        return next(iter(channels)).value if len(channels) == 1 else "mixed"

    @property
    def channel_label(self) -> Message:
        """:attr:`channel` for people: the channel's name, "split" or "none"."""
        channels = {p.channel for p in self.payments if p.state is not PaymentState.DECLINED}
        if len(channels) == 1:
            return next(iter(channels)).label
        return Message(N_("split payment") if channels else N_("no payment"))
