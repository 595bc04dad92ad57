"""Selling gas onto a card (docs/design.md "The counter sale"): the crash-safe, two-phase sale.

1. read the card; every check must pass (a safety hold only with a supervisor's override);
2. price it (by volume, or the largest whole volume an amount buys), within the limits and
   the meter's stock;
3. commit the sale **awaiting payment** — order number and purchase sequence reserved;
4. take the payment (a timeout is asked about, never assumed; a payment that never completes
   leaves the sale cancelled);
5. commit it **pending**: the money is journalled as an advance receipt (预收);
6. write the card through its profile, read it back and compare;
7. commit it **completed**: the receipt number, and the advance becomes a sale.

Whatever stops it, the sale is in a state the recovery understands (pos.services.selling.recovery):
awaiting payment (ask the provider again), pending (the card proves it → completed; else
rewrite or void), never auto-voided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from pos.domain.cards.checks import Check
from pos.domain.cards.contents import CardReading
from pos.domain.cards.knowledge import WritePurpose, stock_bound
from pos.domain.devices import DisplayLamp
from pos.domain.errors import BadInput, GasposError, Refused
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, Volume
from pos.domain.sale.payments import Tender
from pos.domain.sale.purchase import CardVersusLedger, check_stock, compare, sale_record_on_card
from pos.domain.sale.record import Channel, PricePart, SaleKind, SaleRecord, SaleState, advance_sale
from pos.domain.staff import Operator, Permission
from pos.domain.tariff import Quote, largest_volume_for, quote
from pos.services.cards.standing import refuse_unless_valid, start_write
from pos.services.core import postings
from pos.services.core.auth import authorize, check_approval
from pos.services.core.business_days import business_date_after_close, posting_day
from pos.services.core.card_access import card_in
from pos.services.core.context import Services
from pos.services.core.sale_states import move_sale, refuse_if_busy
from pos.services.counter import devices
from pos.services.ports import UnitOfWork
from pos.services.printing import print_queue
from pos.services.printing.print_queue import PrintReport
from pos.services.records.tariffs import cycle_position
from pos.services.selling import payment_refs
from pos.services.selling.card_view import CardView, read_and_settle
from pos.services.selling.completion import complete, on_card
from pos.services.selling.payments import Collected, PaymentPlan, PaymentWatch, collect


@dataclass(frozen=True)
class Override:
    """A supervisor's approval to sell despite a safety hold (安全停气), with the reason."""

    approver: Operator
    reason: str


@dataclass(frozen=True)
class SaleRequest:
    reader: str
    volume: Volume | None = None
    amount: Money | None = None  # sell the largest whole volume this buys
    payment: PaymentPlan = PaymentPlan()
    override: Override | None = None
    # what the customer was shown and agreed to (the counter app): the sale is refused, with
    # nothing taken, if the card in the reader or the price is not that any more
    expected_card: str | None = None
    expected_total: Money | None = None
    watch: PaymentWatch | None = None  # the payment dialog, while a provider has no answer


@dataclass(frozen=True)
class SaleOutcome:
    sale: SaleRecord
    change: Money
    remainder: Money | None  # selling by amount: what the amount did not buy
    printing: PrintReport = PrintReport()
    device_problems: tuple[Message, ...] = ()  # drawer or display: the clerk must know
    # sold after the day's close: booked to this later business date (the clerk is told)
    booked_late: date | None = None


OVERRIDABLE = {"account.safety_hold"}


@dataclass(frozen=True)
class Ready:
    """A sale checked as far as it can be before any money is asked for."""

    view: CardView
    priced: Quote
    tenders: tuple[Tender, ...] = ()


def check_ready(svc: Services, operator: Operator, request: SaleRequest, *,
                with_payment: bool = True) -> Ready:
    """Everything that can be checked before the customer pays: the card and its account, the
    price and the meter's stock, that the card can be written now (its security code, its
    key), and — ``with_payment`` — the payment parts, none reusing a reference already
    confirmed.  The counter app asks this before it opens the payment dialog."""
    authorize(svc, operator, Permission.SELL, request.reader)
    if (request.volume is None) == (request.amount is None):
        raise BadInput("sale.volume_or_amount",
                       N_("Give either the volume (m³) or the amount (yuan) to buy."))
    view = read_and_settle(svc, request.reader)
    _refuse_unless_clear(svc, operator, view, request.override)
    priced = _price(svc, view, request)
    _as_agreed(view, priced, request)
    _writable(svc, request.reader, view.reading)
    if not with_payment:
        return Ready(view, priced)
    tenders = request.payment.tenders(priced.total, rounding=svc.settings.day.cash_rounding)
    payment_refs.refuse_used(svc, tenders)
    return Ready(view, priced, tenders)


def sell(svc: Services, operator: Operator, request: SaleRequest) -> SaleOutcome:
    ready = check_ready(svc, operator, request)
    view, priced, tenders = ready.view, ready.priced, ready.tenders
    problems = [devices.show(svc, DisplayLamp.PRICE, priced.parts[0].unit_price),
                devices.show(svc, DisplayLamp.TOTAL, priced.total)]
    sale = _start(svc, operator, view.reading, priced, request.override)
    svc.checkpoints.reached("sale_started")
    collected = collect(svc, sale, tenders, request.watch)
    if collected is Collected.REVERSED:
        move_sale(svc, sale.order_no, SaleState.CANCELLED)
        raise Refused("sale.payment_reversed",
                      N_("The customer did not finish paying in time, or Stop was pressed: the "
                         "order was reversed, sale {order_no} is cancelled and nothing was "
                         "taken."), order_no=sale.order_no)
    if collected is Collected.DECLINED:
        move_sale(svc, sale.order_no, SaleState.CANCELLED)
        raise Refused("sale.payment_declined",
                      N_("The payment was declined; sale {order_no} is cancelled and nothing "
                         "was taken."), order_no=sale.order_no)
    if collected is Collected.REF_USED:
        move_sale(svc, sale.order_no, SaleState.CANCELLED)
        raise payment_refs.used_refusal(sale.order_no)
    if collected is Collected.UNKNOWN:
        raise Refused("sale.payment_unknown",
                      N_("The payment provider has not confirmed sale {order_no} yet, nor its "
                         "reversal. Do not take other money: ask again with “gaspos sale check "
                         "{order_no}”, which completes it if paid and reverses it if not."),
                      order_no=sale.order_no)
    sale = mark_paid(svc, sale.order_no, counter=True)
    svc.checkpoints.reached("paid")
    change = sum((t.change for t in tenders), Money(0))
    problems += _money_taken(svc, tenders, change)
    write_purchase(svc, request.reader, sale, expected_before=view.reading)
    svc.checkpoints.reached("card_written")
    sale = complete(svc, sale.order_no)
    svc.checkpoints.reached("completed")
    remainder = None if request.amount is None else request.amount - priced.total
    return SaleOutcome(sale, change, remainder, print_queue.print_waiting(svc),
                       _once(p for p in problems if p is not None),
                       booked_late=business_date_after_close(svc, sale))


def _writable(svc: Services, reader: str, reading: CardReading) -> None:
    """The card in the reader is still the one read, and it can be written now."""
    with card_in(svc, reader) as card:
        now = card.read()
        if now.card_no != reading.card_no or now.record != reading.record:
            raise Refused("sale.card_changed",
                          N_("The card in the reader is {card_no}, not the card {expected} that "
                             "was priced; nothing was taken. Read the card again."),
                          card_no=now.card_no, expected=reading.card_no)
        card.check_writable()


def _once(problems: Iterable[Message]) -> tuple[Message, ...]:
    """Each device problem told once, however many times the device failed."""
    told: list[Message] = []
    for problem in problems:
        if problem not in told:
            told.append(problem)
    return tuple(told)


def _money_taken(svc: Services, tenders: tuple[Tender, ...], change: Money
                 ) -> list[Message | None]:
    """Cash in hand: the drawer opens and the display shows the change (找零)."""
    cash = [t for t in tenders if t.channel is Channel.CASH]
    if not cash:
        return [devices.show(svc, DisplayLamp.RECEIVED, sum(
            (t.amount for t in tenders), Money(0)))]
    # all that was handed over: the cash tendered and the other payments of a split
    received = sum((t.tendered or t.amount for t in tenders), Money(0))
    return [devices.kick_drawer(svc),
            devices.show(svc, DisplayLamp.RECEIVED, received),
            devices.show(svc, DisplayLamp.CHANGE, change)]


def mark_paid(svc: Services, order_no: str, *, counter: bool = False) -> SaleRecord:
    """awaiting payment → pending: the confirmed payments journalled as advance receipts.

    At the ``counter`` a sale that ``gaspos sale check`` marked paid while the counter was
    still polling its payment is taken as it is (pending, journalled once): the counter goes
    on and writes the card.  The move itself is guarded by the state (set_state's ``was``)."""
    with svc.uow(write=True) as uow:
        sale = uow.sales.get(order_no)
        assert sale is not None
        if counter and sale.state is SaleState.PENDING:
            return sale
        advance_sale(sale.state, SaleState.PENDING, order_no)
        day = posting_day(svc, uow)
        uow.sales.set_state(order_no, SaleState.PENDING, was=sale.state, at=svc.clock.now())
        open_sale_write(svc, uow, sale)  # before the card is touched
        postings.advance_receipts(svc, uow, day, sale)  # last: the journal's lock is short
        uow.commit()
    return replace(sale, state=SaleState.PENDING)  # the state is all the move changed


def open_sale_write(svc: Services, uow: UnitOfWork, sale: SaleRecord) -> None:
    """Record, before the card is touched, that this sale's purchase is about to be written."""
    if sale.card_no is not None and sale.meter_no is not None:
        start_write(svc, uow, sale.card_no, WritePurpose.SALE, on_card(sale),
                    order_no=sale.order_no, staff_no=sale.staff_no)


def write_purchase(svc: Services, reader: str, sale: SaleRecord,
                   expected_before: CardReading | None = None) -> None:
    """Write the sale's purchase onto its card, then read it back and compare.  On any
    failure the sale stays as it is (pending) and the clerk is told how to finish it."""
    try:
        with card_in(svc, reader) as card:
            now = card.read()
            if now.card_no != sale.card_no or (
                    expected_before is not None and now.record != expected_before.record):
                raise Refused("card.changed",
                              N_("This is not the card the sale was read from; put card "
                                 "{card_no} back."), card_no=sale.card_no)
            target = sale_record_on_card(sale, now.record.key_version)
            card.write_record(target)
            proof = card.read()
        if proof.record != target:
            raise Refused("card.write_not_verified",
                          N_("The card did not keep the purchase; keep it in the reader and "
                             "try again."))
    except GasposError as error:
        raise Refused("sale.card_not_written",
                      N_("Sale {order_no} is paid but its purchase is not on the card ({why}). "
                         "Put the card back and run “gaspos sale rewrite {order_no}” — or void "
                         "it with a supervisor."),
                      order_no=sale.order_no, why=error.message) from error


def _as_agreed(view: CardView, priced: Quote, request: SaleRequest) -> None:
    if request.expected_card is not None and view.reading.card_no != request.expected_card:
        raise Refused("sale.card_changed",
                      N_("The card in the reader is {card_no}, not the card {expected} that "
                         "was priced; nothing was taken. Read the card again."),
                      card_no=view.reading.card_no, expected=request.expected_card)
    if request.expected_total is not None and priced.total != request.expected_total:
        raise Refused("sale.price_changed",
                      N_("The price is now {total} yuan, not the {expected} yuan shown; "
                         "nothing was taken. Price it again."),
                      total=priced.total, expected=request.expected_total)


def _refuse_unless_clear(svc: Services, operator: Operator, view: CardView,
                         override: Override | None) -> None:
    blocking: list[Check] = [c for c in view.checks
                             if not (c.code in OVERRIDABLE and override is not None)]
    if view.household is None and not blocking:
        raise Refused("card.unknown", N_("This card belongs to no account we know."))
    if blocking:
        first = blocking[0]
        raise Refused(first.code, first.message.msgid, **dict(first.message.params))
    if override is not None and any(c.code in OVERRIDABLE for c in view.checks):
        check_approval(svc, operator, override.approver, what="safety hold override",
                       subject=view.reading.card_no)


def _price(svc: Services, view: CardView, request: SaleRequest) -> Quote:
    assert view.household is not None and view.household.meter is not None
    account = view.household.account
    day = svc.today()
    meter = view.household.meter
    # the cycle from the card's view when it is today's (the sale start locks the account and
    # re-checks), the meter's stock read here
    with svc.uow() as uow:
        position = view.household.position
        if position is None or position.day != day:  # the card's view has it (same day)
            position = cycle_position(svc, uow, account, day)
        newest = uow.accounts.newest_meter_report(meter.meter_no)
        sold = uow.sales.sold_on_meter_after(meter.meter_no,
                                             newest.meter_seq if newest is not None else -1)
    if request.volume is not None:
        volume = svc.settings.sale.limits.check(request.volume)
        priced = quote(position.version, day=day, bought_in_cycle=position.bought,
                       volume=volume, household_size=position.household_size)
    else:
        assert request.amount is not None
        priced = largest_volume_for(request.amount, position.version, day=day,
                                    bought_in_cycle=position.bought,
                                    household_size=position.household_size,
                                    step=svc.settings.sale.limits.step)
        if priced.volume.hundredths == 0:
            raise Refused("sale.amount_too_small",
                          N_("{amount} yuan does not buy {step} m³."), amount=request.amount,
                          step=svc.settings.sale.limits.step)
        svc.settings.sale.limits.check(priced.volume)
    check_stock(stock_bound(newest, sold), priced.volume, meter.max_stock)
    return priced


def _start(svc: Services, operator: Operator, reading: CardReading, priced: Quote,
           override: Override | None) -> SaleRecord:
    account_no = reading.record.account_no
    with svc.uow(write=True) as uow:
        uow.sales.lock_account(account_no)
        refuse_if_busy(uow, account_no)
        refuse_unless_valid(svc, reading.card_no, uow)  # reported lost since it was read?
        position = uow.sales.position(account_no)
        if compare(reading.record, position) is not CardVersusLedger.CONSISTENT:
            raise Refused("card.sequence_mismatch",
                          N_("The card changed while the sale was being prepared; read it "
                             "again."))
        day = posting_day(svc, uow)
        sale = SaleRecord(
            order_no=_order_no(svc, uow, day.business_date.strftime("%Y%m%d")),
            kind=SaleKind.PURCHASE, state=SaleState.AWAITING_PAYMENT,
            counter_no=svc.settings.counter_no, business_date=day.business_date,
            account_no=account_no, card_no=reading.card_no, meter_no=reading.record.meter_no,
            staff_no=operator.staff_no, purchase_seq=position.last_seq + 1,
            volume=priced.volume, amount=priced.total,
            cumulative_after=position.cumulative + priced.volume,
            parts=tuple(PricePart(p.tier, p.volume, p.unit_price, p.amount)
                        for p in priced.parts),
            first_use=_first_use(uow, reading), created_at=svc.clock.now(),
            override_by=override.approver.staff_no if override else None,
            override_reason=override.reason if override else None,
            tariff_effective_from=priced.version.effective_from)
        uow.sales.add(sale, business_day_date=day.business_date)
        uow.commit()
    return sale


def _order_no(svc: Services, uow: UnitOfWork, day: str) -> str:
    counter = svc.settings.counter_no
    return f"GS{day}{counter}{uow.sales.next_number(f'order:{counter}:{day}'):04d}"


def _first_use(uow: UnitOfWork, reading: CardReading) -> bool:
    """The card's first purchase (a new account's or a replacement card's): the customer gets
    the first-use guidance (docs/design.md, step 6)."""
    return not uow.sales.card_has_purchase(reading.card_no)

