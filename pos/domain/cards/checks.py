"""Every reason a card read at the counter would refuse a sale, in words for the clerk.

Pure: the facts come from the card (a :class:`CardReading`) and the ledger (what the database
knows of the card, its account and meter).  The sale issue adds the checks that need the
ledger's sales (sequence against the ledger, pending sales, meter stock).
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.accounts import Account, AccountStatus, Card, CardState, Meter
from pos.domain.cards.contents import CardReading, MeterAlarm
from pos.domain.cards.knowledge import Judgement, Standing, WritePurpose
from pos.domain.messages import N_, Message
from pos.domain.sale.purchase import CardVersusLedger, LedgerPosition, compare
from pos.domain.sale.record import SaleRecord, SaleState


@dataclass(frozen=True)
class Check:
    code: str
    message: Message


@dataclass(frozen=True)
class LedgerFacts:
    utility_code: str | None
    card: Card | None
    card_account_no: str | None
    account: Account | None
    meter: Meter | None  # the account's active meter


def card_checks(reading: CardReading, facts: LedgerFacts) -> list[Check]:
    checks: list[Check] = []
    record = reading.record

    def refuse(code: str, msgid: str, **params: object) -> None:
        checks.append(Check(code, Message(msgid, params)))

    if facts.utility_code and reading.utility_code != facts.utility_code:
        refuse("card.other_utility",
               N_("The card belongs to utility {utility}, not to us: give it back."),
               utility=reading.utility_code)
    checks.extend(_registered(reading, facts.card))
    if facts.card_account_no is not None and facts.card_account_no != record.account_no:
        refuse("card.account_mismatch",
               N_("The card says account {on_card}, the ledger says {in_ledger}."),
               on_card=record.account_no, in_ledger=facts.card_account_no)
    if facts.account is None:
        refuse("account.unknown", N_("There is no account {account_no}."),
               account_no=record.account_no)
    elif facts.account.status is AccountStatus.CLOSED:
        refuse("account.closed", N_("Account {account_no} is closed."),
               account_no=record.account_no)
    elif facts.account.status is AccountStatus.SAFETY_HOLD:
        refuse("account.safety_hold",
               N_("Account {account_no} is on safety hold (安全停气): selling needs a "
                  "supervisor's override with a reason."), account_no=record.account_no)
    if facts.account is not None and (facts.meter is None
                                      or facts.meter.meter_no != record.meter_no):
        refuse("card.meter_mismatch",
               N_("The card is bound to meter {on_card}, but the account's meter is {meter}."),
               on_card=record.meter_no, meter=facts.meter.meter_no if facts.meter else "—")
    if reading.unknown_key_version is not None:
        refuse("keys.unknown_version",
               N_("The card was written with key version {version}, which this counter does "
                  "not have: import the utility's current key file (gaspos keys import)."),
               version=reading.unknown_key_version)
    if reading.interrupted_write:
        refuse("card.interrupted_write",
               N_("A write to this card was interrupted (the card was pulled); the last "
                  "complete data was read. Resolve it before selling."))
    if not reading.last_purchase_loaded:
        refuse("card.not_loaded",
               N_("The last purchase ({volume} m³) has not been loaded into the meter yet: "
                  "ask the customer to insert the card into the gas meter first "
                  "(请先将卡插入燃气表)."), volume=record.pending_volume)
    tamper = {MeterAlarm.MAGNETIC_TAMPER, MeterAlarm.OTHER_TAMPER}
    if reading.meter is not None and reading.meter.alarms & tamper:
        refuse("meter.tamper_alarm",
               N_("The meter reported a tampering alarm: arrange a safety inspection before "
                  "selling."))
    return checks


def _registered(reading: CardReading, card: Card | None) -> list[Check]:
    if card is None:
        return [Check("card.unknown", Message(N_(
            "Card {card_no} is not registered with us: check the customer's documents, or "
            "issue a card to the account."), {"card_no": reading.card_no}))]
    refused = card_state_check(card)
    return [refused] if refused is not None else []


def card_state_check(card: Card) -> Check | None:
    """A card the ledger says is lost (挂失), blocked (停用) or replaced is refused everywhere —
    with what the customer does next."""
    params = {"card_no": card.card_no}
    if card.state is CardState.LOST:
        return Check("card.lost", Message(N_(
            "Card {card_no} is reported lost (挂失): it may not be used. Keep it; the holder "
            "brings ID to the counter for a replacement card (补卡), or has it un-lost (解挂, "
            "gaspos card found) if it is theirs and was found."), params))
    if card.state is CardState.BLACKLISTED:
        return Check("card.blacklisted", Message(N_(
            "Card {card_no} is blocked (停用): it may not be used. Keep it; only a supervisor "
            "may unblock it (gaspos card unblock), or the holder brings ID for a replacement "
            "card with a supervisor's approval."), params))
    if card.state is not CardState.ACTIVE:
        return Check(f"card.{card.state.value}", Message(N_(
            "Card {card_no} is {state}: it may not be used. Keep it and ask a supervisor."),
            {**params, "state": card.state.label}))
    return None


def sale_checks(reading: CardReading, position: LedgerPosition,
                unfinished: SaleRecord | None) -> list[Check]:
    """The card against the ledger's purchases (docs/design.md "When a sale does not finish")."""
    checks: list[Check] = []

    def refuse(code: str, msgid: str, **params: object) -> None:
        checks.append(Check(code, Message(msgid, params)))

    if unfinished is not None and unfinished.state is SaleState.AWAITING_PAYMENT:
        refuse("sale.awaiting_payment",
               N_("Sale {order_no}'s payment has not been confirmed yet: ask again "
                  "(gaspos sale check {order_no}) before selling."), order_no=unfinished.order_no)
    versus = compare(reading.record, position)
    if versus is CardVersusLedger.LACKS_LATEST and position.unfinished:
        refuse("sale.unfinished",
               N_("Sale {order_no} ({volume} m³) is paid but not on the card: write it now "
                  "(gaspos sale rewrite {order_no}) or void it with a supervisor."),
               order_no=position.last_order_no, volume=position.last_volume)
    elif versus is CardVersusLedger.LACKS_LATEST:
        refuse("card.lacks_purchase",
               N_("The card lacks purchase {seq} (sale {order_no}, {volume} m³): write it back "
                  "(gaspos sale rewrite {order_no}) or ask a supervisor."),
               seq=position.last_seq, order_no=position.last_order_no,
               volume=position.last_volume)
    elif versus is CardVersusLedger.MISMATCH:
        refuse("card.sequence_mismatch",
               N_("The card shows purchase {on_card} ({cumulative} m³ in all), the ledger "
                  "purchase {in_ledger} ({ledger_cumulative} m³): it may be an old copy or a "
                  "replaced card. Do not sell; ask a supervisor."),
               on_card=reading.record.purchase_seq, cumulative=reading.record.cumulative_volume,
               in_ledger=position.last_seq, ledger_cumulative=position.cumulative)
    return checks


def write_checks(judgement: Judgement, landed_sale: SaleRecord | None,
                 checks: list[Check]) -> list[Check]:
    """What a write the card proves landed, but the ledger did not finish, still needs."""
    write = judgement.write
    if judgement.standing is not Standing.WRITE_LANDED or write is None:
        return checks
    if write.purpose is WritePurpose.VOID:
        return [*checks, Check("sale.void_unfinished", Message(N_(
            "The void of sale {order_no} was interrupted after the card was written: finish it "
            "(gaspos sale void {order_no}) or put the purchase back (gaspos sale rewrite "
            "{order_no})."), {"order_no": write.order_no}))]
    if write.purpose is WritePurpose.SALE and (landed_sale is None or not landed_sale.state
                                               .reserves_gas):
        # never "insert the card into the meter": that gas was not paid for
        kept = [c for c in checks if c.code not in ("card.sequence_mismatch", "card.not_loaded")]
        return [*kept, Check("card.carries_refunded", Message(N_(
            "The card carries purchase {seq} ({volume} m³) of sale {order_no}, whose money went "
            "back: that gas was not paid for. Keep the card in the reader; a supervisor takes "
            "it off (gaspos card restore)."), {"seq": write.target.seq,
                                               "volume": write.target.pending,
                                               "order_no": write.order_no}))]
    return checks
