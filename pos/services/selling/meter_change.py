"""换表: replacing an account's meter, and carrying its gas to the new one (换表补气).

The old meter's final reading and remaining gas are recorded; the new meter is bound; the
card is rekeyed for the new meter and, when gas remains, carries it as a credit purchase of no
money (its own sequence number), which the new meter loads like any purchase.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.accounts import Meter, MeterState, check_number
from pos.domain.audit import AuditAction
from pos.domain.cards.contents import CardReading
from pos.domain.cards.knowledge import KnownRecord, WritePurpose, stock_bound
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money, Volume
from pos.domain.sale.purchase import CardVersusLedger, compare
from pos.domain.sale.record import SaleKind, SaleRecord, SaleState
from pos.domain.staff import Operator, Permission
from pos.services.cards.standing import require_trusted, start_write
from pos.services.core import audit_trail
from pos.services.core.auth import authorize, check_approval
from pos.services.core.business_days import posting_day
from pos.services.core.card_access import card_in, read_card
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork
from pos.services.selling.completion import complete, on_card
from pos.services.selling.counter_sale import write_purchase


@dataclass(frozen=True)
class MeterChange:
    account_no: str
    old_meter_no: str
    new_meter_no: str
    credit: Volume
    credit_sale: SaleRecord | None


@dataclass(frozen=True)
class BeyondKnown:
    """Carrying more gas than the ledger can vouch for: a supervisor's approval (not the
    operator's own), the reason, and the old meter's reading as evidence (a photo's file name
    or the number on its display)."""

    approver: Operator
    reason: str
    evidence: str


def change_meter(svc: Services, operator: Operator, *, account_no: str, new_meter_no: str,
                 final_reading: Volume, remaining: Volume, reader: str,
                 max_stock: Volume | None = None, old_meter_seq: int | None = None,
                 beyond: BeyondKnown | None = None) -> MeterChange:
    """``old_meter_seq`` is the last purchase the old meter loaded, as the technician read it:
    needed only when the card still carries a purchase the old meter may not have loaded.

    The gas carried (the old meter's remaining gas and a purchase it never loaded) is bounded
    by the ledger's knowledge — the old meter's last report plus what was sold onto it since;
    more needs ``beyond``."""
    authorize(svc, operator, Permission.CHANGE_METER, account_no)
    new_meter_no = check_number(new_meter_no, N_("meter number"))
    reading = read_card(svc, reader)
    require_trusted(svc, reading, staff_no=operator.staff_no)
    if beyond is not None:
        check_approval(svc, operator, beyond.approver, what="meter change credit",
                       subject=account_no)
    with svc.uow(write=True) as uow:
        uow.sales.lock_account(account_no)
        if uow.accounts.meter_exists(new_meter_no):
            raise Refused("meter.exists", N_("Meter {meter_no} is already registered to an "
                                             "account."), meter_no=new_meter_no)
        old = next((m for m in uow.accounts.meters(account_no) if m.state is MeterState.ACTIVE),
                   None)
        card = uow.accounts.active_card(account_no)
        position = uow.sales.position(account_no)
        if old is None or card is None or card.card_no != reading.card_no:
            raise Refused("meter.change_card",
                          N_("Read the account's own valid card to change its meter."))
        if uow.sales.unfinished(account_no) is not None or compare(
                reading.record, position) is not CardVersusLedger.CONSISTENT:
            raise Refused("meter.change_unsettled",
                          N_("Settle the account's card first (its purchases and the ledger "
                             "must agree)."))
        if reading.meter is not None:  # the card's own write-back counts as what is known
            uow.accounts.record_meter_report(account_no, reading.card_no, old.meter_no,
                                             reading.meter, at=svc.clock.now())
        credit = remaining + _not_in_old_meter(reading, old_meter_seq)
        bound = _known_stock(uow, old.meter_no)
        why = _beyond_known(credit, bound, beyond)
        new = Meter(new_meter_no, old.vendor, old.model, max_stock or old.max_stock,
                    old.alarm_level)
        day = posting_day(svc, uow)
        sale = None
        if credit.hundredths:
            sale = SaleRecord(
                order_no=f"MC{day.business_date:%Y%m%d}{svc.settings.counter_no}"
                         f"{uow.sales.next_number('meter-credit'):04d}",
                kind=SaleKind.METER_CREDIT, state=SaleState.PENDING,
                counter_no=svc.settings.counter_no, business_date=day.business_date,
                account_no=account_no, card_no=card.card_no, meter_no=new_meter_no,
                staff_no=operator.staff_no, purchase_seq=position.last_seq + 1, volume=credit,
                amount=Money(0), cumulative_after=position.cumulative + credit,
                created_at=svc.clock.now())
        uow.accounts.change_meter(account_no, new, final_reading=final_reading,
                                  remaining=remaining, staff_no=operator.staff_no,
                                  credit_order_no=sale.order_no if sale else None,
                                  at=svc.clock.now(), bound=bound,
                                  approver_no=beyond.approver.staff_no if why and beyond else None,
                                  reason=why, evidence=beyond.evidence if why and beyond
                                  else None)
        uow.accounts.rebind_card(card.card_no, new_meter_no)
        rekeyed = KnownRecord(reading.record.purchase_seq, reading.record.cumulative_volume,
                              Volume(0), new_meter_no)
        if sale is not None:
            uow.sales.add(sale, business_day_date=day.business_date)
            start_write(svc, uow, card.card_no, WritePurpose.SALE, on_card(sale),
                        order_no=sale.order_no, staff_no=operator.staff_no)
        else:
            start_write(svc, uow, card.card_no, WritePurpose.REKEY, rekeyed,
                        staff_no=operator.staff_no)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.METER_CHANGED, account_no,
                           old=old.meter_no, new=new_meter_no, credit=str(credit),
                           final_reading=str(final_reading), known_stock=str(bound))
        if why and beyond is not None:
            audit_trail.record(svc, uow, operator.staff_no, AuditAction.METER_CREDIT_APPROVED,
                               account_no, approver=beyond.approver.staff_no, reason=why,
                               evidence=beyond.evidence, credit=str(credit),
                               known_stock=str(bound))
        uow.commit()
    if sale is not None:
        write_purchase(svc, reader, sale)
        sale = complete(svc, sale.order_no)
    else:  # nothing to carry: only rekey the card for the new meter
        with card_in(svc, reader) as in_reader:
            in_reader.write_record(rekeyed.on_card(reading.card_no, account_no,
                                              reading.record.key_version))
        with svc.uow(write=True) as uow:
            uow.cards.prove(reading.card_no, rekeyed, at=svc.clock.now())
            uow.commit()
    return MeterChange(account_no, old.meter_no, new_meter_no, credit, sale)


def _known_stock(uow: UnitOfWork, meter_no: str) -> Volume:
    """The most gas the old meter can hold as far as the ledger knows."""
    newest = uow.accounts.newest_meter_report(meter_no)
    return stock_bound(newest, uow.sales.sold_on_meter_after(
        meter_no, newest.meter_seq if newest is not None else -1))


def _beyond_known(credit: Volume, bound: Volume, beyond: BeyondKnown | None) -> str | None:
    """None when the credit is within what is known; else the checked reason for more."""
    if credit <= bound:
        return None
    if beyond is None:
        raise Refused("meter.credit_beyond_known",
                      N_("{credit} m³ is more than the ledger knows the old meter can hold "
                         "({bound} m³: its last report plus the gas bought since). Carrying "
                         "more needs a supervisor's approval, a reason and the old meter's "
                         "reading (photo or number) as evidence."), credit=credit, bound=bound)
    reason = " ".join(beyond.reason.split())
    evidence = " ".join(beyond.evidence.split())
    if not 2 <= len(reason) <= 200 or not 1 <= len(evidence) <= 200:
        raise Refused("meter.credit_evidence",
                      N_("Carrying more than the ledger knows needs a reason (2 to 200 "
                         "characters) and the old meter's reading as evidence."))
    return reason


def _not_in_old_meter(reading: CardReading, old_meter_seq: int | None) -> Volume:
    """Gas on the card that the old meter never loaded: it goes to the new meter too."""
    if reading.unloaded_volume.hundredths == 0:
        return Volume(0)
    if old_meter_seq is None:
        raise Refused("meter.change_unknown_load",
                      N_("The card still carries purchase {seq} ({volume} m³): put the card into "
                         "the old meter first, or give the old meter's last purchase sequence "
                         "as the technician read it (--old-meter-seq)."),
                      seq=reading.record.purchase_seq, volume=reading.unloaded_volume)
    return reading.unloaded_volume if old_meter_seq < reading.record.purchase_seq else Volume(0)
