"""Every reason a card is refused at the counter, in words a clerk understands — Chinese first."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from pos.domain.accounts import Account, AccountStatus, Card, CardState, Meter
from pos.domain.cards.checks import Check, LedgerFacts, card_checks, sale_checks
from pos.domain.cards.contents import CardReading, CardRecord, MeterAlarm, MeterReport
from pos.domain.categories import Category
from pos.domain.quantities import Money, Volume
from pos.domain.sale.purchase import LedgerPosition
from pos.domain.sale.record import SaleKind, SaleRecord, SaleState

NOW = datetime(2026, 11, 27, tzinfo=UTC)
CJK = re.compile(r"[\u4e00-\u9fff]")


def reading(seq: int = 3, pending: int = 0, cumulative: int = 60, *, meter_seq: int = 3,
            alarms: frozenset[MeterAlarm] = frozenset(), interrupted: bool = False,
            utility: str = "ZZCH", unknown_version: int | None = None) -> CardReading:
    return CardReading("open-sle4442-v1", "IC1", utility,
                       CardRecord("IC1", "A1", "M1", seq, Volume.m3(pending),
                                  Volume.m3(cumulative)),
                       MeterReport(meter_seq, Volume.m3(5), Volume.m3(50), alarms),
                       interrupted, unknown_version)


def facts(*, card_state: CardState = CardState.ACTIVE, account: bool = True,
          status: AccountStatus = AccountStatus.ACTIVE, meter_no: str = "M1",
          card_account: str = "A1", known_card: bool = True) -> LedgerFacts:
    return LedgerFacts(
        "ZZCH", Card("IC1", "M1", "sle4442", "open", card_state, NOW) if known_card else None,
        card_account if known_card else None,
        Account("A1", "张三", Category.RESIDENTIAL, status=status) if account else None,
        Meter(meter_no, "", "", Volume.m3(1000), Volume.m3(5)))


def sale(state: SaleState, seq: int = 4) -> SaleRecord:
    return SaleRecord("GS1", SaleKind.PURCHASE, state, "01", None, "A1", "IC1", "M1", "1001",
                      seq, Volume.m3(10), Money(2800), Volume.m3(70))


def every_check() -> list[Check]:
    checks = card_checks(reading(), facts()) + card_checks(
        reading(utility="OTHR", interrupted=True, pending=10, meter_seq=2, unknown_version=2,
                alarms=frozenset({MeterAlarm.MAGNETIC_TAMPER})),
        facts(card_state=CardState.BLACKLISTED, status=AccountStatus.SAFETY_HOLD, meter_no="M9",
              card_account="A2"))
    checks += card_checks(reading(), facts(known_card=False, account=False))
    checks += card_checks(reading(), facts(status=AccountStatus.CLOSED))
    checks += card_checks(reading(), facts(card_state=CardState.LOST))
    position = LedgerPosition(4, Volume.m3(70), Volume.m3(10), "GS1", SaleState.PENDING)
    checks += sale_checks(reading(), position, sale(SaleState.PENDING))
    completed = LedgerPosition(4, Volume.m3(70), Volume.m3(10), "GS1", SaleState.COMPLETED)
    checks += sale_checks(reading(), completed, None)
    checks += sale_checks(reading(seq=1), position, sale(SaleState.AWAITING_PAYMENT))
    return checks


def test_a_clean_card_has_no_check() -> None:
    assert card_checks(reading(), facts()) == []
    assert sale_checks(reading(), LedgerPosition(3, Volume.m3(60)), None) == []


def test_every_check_speaks_chinese_and_english() -> None:
    codes = set()
    for check in every_check():
        codes.add(check.code)
        chinese, english = check.message.render("zh_CN"), check.message.render("en")
        assert CJK.search(chinese), (check.code, chinese)
        assert chinese != english
    assert codes == {
        "card.other_utility", "card.unknown", "card.blacklisted", "card.lost",
        "card.account_mismatch", "account.unknown", "account.closed", "account.safety_hold",
        "card.meter_mismatch", "keys.unknown_version", "card.interrupted_write",
        "card.not_loaded", "meter.tamper_alarm", "sale.unfinished", "card.lacks_purchase",
        "card.sequence_mismatch", "sale.awaiting_payment"}


def test_the_not_loaded_check_says_what_the_seed_says() -> None:
    check = next(c for c in card_checks(reading(pending=10, meter_seq=2), facts())
                 if c.code == "card.not_loaded")
    assert "请先将卡插入燃气表" in check.message.render("zh_CN")
