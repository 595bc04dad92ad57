"""A card at the counter: what it carries, whose it is, what would refuse a sale — and what
reading it settles (the meter's write-back remembered, a write the card proves finished, an
unfinished sale the card proves completed)."""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.accounts import Account, Meter, MeterState
from pos.domain.cards.checks import Check, LedgerFacts, card_checks, sale_checks, write_checks
from pos.domain.cards.contents import CardReading
from pos.domain.cards.knowledge import Judgement, Standing, WritePurpose
from pos.domain.errors import Refused
from pos.domain.sale.purchase import CardVersusLedger, LedgerPosition, compare
from pos.domain.sale.record import SaleRecord
from pos.services.cards.standing import is_rolled_back, judged_on, known, rolled_back_check
from pos.services.core.card_access import read_card
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork
from pos.services.records.accounts import masked
from pos.services.records.tariffs import CyclePosition, cycle_position
from pos.services.selling.completion import complete


@dataclass(frozen=True)
class Household:
    """The household behind a card, as the counter screen shows it (personal data masked)."""

    account: Account
    meter: Meter | None
    position: CyclePosition | None  # this cycle's volume and tier; None without a tariff


@dataclass(frozen=True)
class CardView:
    """One card as the counter sees it: what it carries, whose it is, what would refuse a sale,
    and what the read itself settled (a pending sale the card proves is completed)."""

    reading: CardReading
    checks: tuple[Check, ...]
    household: Household | None = None
    unfinished: SaleRecord | None = None
    settled: SaleRecord | None = None

    @property
    def may_sell(self) -> bool:
        return not self.checks


def read_and_settle(svc: Services, reader: str) -> CardView:
    """Read the card in ``reader`` and settle what it proves (see :func:`view`)."""
    reading = read_card(svc, reader)
    return view(svc, reading)


def view(svc: Services, reading: CardReading) -> CardView:
    with svc.uow() as uow:  # one read transaction: the ledger's facts and the card's standing
        facts = ledger_facts(uow, reading)
        ours = (facts.card is not None and facts.account is not None
                and facts.card_account_no == reading.record.account_no)
        knowledge = known(uow, reading) if ours else None
    judgement, knowledge = (judged_on(svc, reading, knowledge) if ours
                            else (Judgement(Standing.UNPROVEN), None))
    rolled_back = is_rolled_back(judgement, knowledge)
    settled, position = (_settle(svc, reading, judgement) if ours and not rolled_back
                         else (None, None))
    checks = card_checks(reading, facts)
    if rolled_back:  # nothing the card says is believed: no other advice applies
        return CardView(reading, (rolled_back_check(svc, reading, knowledge),))
    household = unfinished = None
    if ours and facts.account is not None:
        with svc.uow() as uow:
            if position is None:  # (settling read it, unless it completed a sale since)
                position = uow.sales.position(reading.record.account_no)
            unfinished = uow.sales.unfinished(reading.record.account_no)
            landed = judgement.write
            landed_sale = uow.sales.get(landed.order_no) if landed and landed.order_no else None
            try:
                cycle = cycle_position(svc, uow, facts.account, svc.today())
            except Refused:
                cycle = None
        checks += sale_checks(reading, position, unfinished)
        checks = write_checks(judgement, landed_sale, checks)
        household = Household(masked(facts.account), facts.meter, cycle)
    return CardView(reading, tuple(checks), household, unfinished, settled)


def _settle(svc: Services, reading: CardReading, judgement: Judgement
            ) -> tuple[SaleRecord | None, LedgerPosition | None]:
    """Remember the meter's write-back; finish a write the card proves landed (a rekey or a
    restore), complete an unfinished sale the card proves.  Returns the sale completed, and
    the account's position as settling left it (None when it completed one: read it again)."""
    account_no = reading.record.account_no
    with svc.uow(write=True) as uow:
        if reading.meter is not None:
            uow.accounts.record_meter_report(account_no, reading.card_no,
                                             reading.record.meter_no, reading.meter,
                                             at=svc.clock.now())
        landed = judgement.write
        if landed is not None and landed.purpose in (WritePurpose.REKEY, WritePurpose.RESTORE):
            uow.cards.prove(reading.card_no, landed.target, at=svc.clock.now())
        position = uow.sales.position(account_no)  # in this transaction: one fewer a read
        uow.commit()
    if compare(reading.record, position) is CardVersusLedger.PROVES_UNFINISHED:
        assert position.last_order_no is not None
        return complete(svc, position.last_order_no), None
    return None, position


def ledger_facts(uow: UnitOfWork, reading: CardReading) -> LedgerFacts:
    company = uow.org.company()
    card = uow.accounts.card(reading.card_no)
    account = uow.accounts.get(reading.record.account_no)
    meters = uow.accounts.meters(reading.record.account_no) if account else []
    active = next((m for m in meters if m.state is MeterState.ACTIVE), None)
    return LedgerFacts(company.code if company else None, card[0] if card else None,
                       card[1] if card else None, account, active)
