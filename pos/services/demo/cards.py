"""Demo cards: a few households of the demo hall get issued IC cards as simulated card files,
so that reading, loading the meter and (with the sale) selling can be tried at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pos.domain.accounts import Account, Card, CardState, Meter
from pos.domain.cards.contents import CardRecord
from pos.domain.cards.knowledge import KnownRecord
from pos.domain.errors import Refused
from pos.domain.quantities import Volume
from pos.services.core.context import Services

DEMO_CARDS = 5
PROFILE = "open-sle4442-v1"


@dataclass(frozen=True)
class DemoCard:
    card_no: str
    account_no: str
    path: Path

    @property
    def reader(self) -> str:
        return f"sim:{self.path}"


def demo_card_plan(svc: Services, accounts: tuple[Account, ...]) -> tuple[DemoCard, ...]:
    folder = svc.settings.data_dir / "demo-cards"
    return tuple(DemoCard(f"IC{n:010d}", account.account_no, folder / f"IC{n:010d}.bin")
                 for n, account in enumerate(accounts[:DEMO_CARDS], 1))


def issue_demo_cards(svc: Services, accounts: tuple[Account, ...], meters: list[Meter],
                     company_code: str) -> tuple[DemoCard, ...]:
    """Issue the planned demo cards; none when this installation has no keys of the company
    (a real ledger seeded for training keeps its real keys out of demo files)."""
    try:
        keys = svc.keys.load()
    except Refused:
        return ()
    if keys.utility_code != company_code:
        return ()
    planned = demo_card_plan(svc, accounts)
    profile = svc.cards.profile(PROFILE)
    meter_of = {a.account_no: m.meter_no for a, m in zip(accounts, meters, strict=False)}
    for demo_card in planned:
        with svc.uow(write=True) as uow:
            number = uow.sales.next_number("card")  # the real series: IC0000000001, …
            uow.commit()
        assert f"IC{number:010d}" == demo_card.card_no, "demo cards go into an empty ledger"
        svc.lab.blank_card(demo_card.path)
        record = CardRecord(demo_card.card_no, demo_card.account_no,
                            meter_of[demo_card.account_no], 0, Volume(0), Volume(0),
                            keys.current_version)
        with svc.cards.session(demo_card.reader) as card:
            profile.issue(card, record)
        with svc.uow(write=True) as uow:
            uow.accounts.add_card(demo_card.account_no, Card(
                demo_card.card_no, record.meter_no, "sle4442", PROFILE, CardState.ACTIVE,
                svc.clock.now()), key_version=keys.current_version)
            uow.cards.prove(demo_card.card_no, KnownRecord.of(record), at=svc.clock.now())
            uow.commit()
    return planned
