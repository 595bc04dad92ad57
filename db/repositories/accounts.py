"""Accounts with their meters and cards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import TextClause, bindparam, func, insert, select, union, update
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from db.models import (
    AccountRow,
    AccountTermChangeRow,
    CardRow,
    MeterChangeRow,
    MeterReportRow,
    MeterRow,
)
from db.repositories.cards import newest_report
from pos.domain.account_terms import TermChange
from pos.domain.accounts import (
    Account,
    AccountStatus,
    Card,
    CardState,
    Meter,
    MeterState,
)
from pos.domain.cards.contents import MeterAlarm, MeterReport
from pos.domain.categories import Category
from pos.domain.meter_reports import ReadMeterReport
from pos.domain.quantities import Money, Volume

# a phone fragment of two digits finds a good part of the city, and PostgreSQL's trigram index
# cannot narrow it: it would read the whole index (docs/performance.md)
PHONE_MIN = 3


# built once, parameters bound at each call (docs/performance.md, "Many counters")
_ACCOUNT = select(AccountRow).where(AccountRow.account_no == bindparam("account_no"))
_CARD = (select(CardRow, MeterRow.meter_no, AccountRow.account_no)
         .join(MeterRow, CardRow.meter_id == MeterRow.id)
         .join(AccountRow, CardRow.account_id == AccountRow.id)
         .where(CardRow.card_no == bindparam("card_no")))
_TERM_CHANGES = (select(AccountTermChangeRow)
                 .join(AccountRow, AccountTermChangeRow.account_id == AccountRow.id)
                 .where(AccountRow.account_no == bindparam("account_no"))
                 .order_by(AccountTermChangeRow.id))


class SqlAccountRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, account_no: str) -> Account | None:
        row = self._session.scalars(_ACCOUNT, {"account_no": account_no}).first()
        return None if row is None else _account(row)

    def add(self, account: Account, meter: Meter) -> None:
        assert account.created_at is not None
        assert meter.installed_at is not None
        row = AccountRow(
            account_no=account.account_no, name=account.name, address=account.address,
            phone=account.phone, id_number=account.id_number, category=account.category.value,
            household_size=account.household_size, status=account.status.value,
            opening_cumulative_m3x100=account.opening_cumulative_volume.hundredths,
            created_at=account.created_at,
        )
        self._session.add(row)
        self._session.flush()
        self._session.add(MeterRow(
            meter_no=meter.meter_no, account_id=row.id, vendor=meter.vendor, model=meter.model,
            max_stock_m3x100=meter.max_stock.hundredths,
            alarm_level_m3x100=meter.alarm_level.hundredths, state=meter.state.value,
            installed_at=meter.installed_at,
        ))
        self._session.flush()

    def meter_exists(self, meter_no: str) -> bool:
        return self._session.scalar(
            select(func.count()).select_from(MeterRow).where(MeterRow.meter_no == meter_no)) != 0

    def meters(self, account_no: str) -> Sequence[Meter]:
        rows = self._session.scalars(
            select(MeterRow).join(AccountRow).where(AccountRow.account_no == account_no)
            .order_by(MeterRow.installed_at, MeterRow.id))
        return [
            Meter(r.meter_no, r.vendor, r.model, Volume(r.max_stock_m3x100),
                  Volume(r.alarm_level_m3x100), MeterState(r.state), r.installed_at)
            for r in rows
        ]

    def cards(self, account_no: str) -> Sequence[Card]:
        rows = self._session.execute(
            select(CardRow, MeterRow.meter_no).join(MeterRow, CardRow.meter_id == MeterRow.id)
            .join(AccountRow, CardRow.account_id == AccountRow.id)
            .where(AccountRow.account_no == account_no).order_by(CardRow.issued_at, CardRow.id))
        return [
            Card(c.card_no, meter_no, c.chip, c.profile, CardState(c.state), c.issued_at)
            for c, meter_no in rows
        ]

    def search(self, text: str, *, limit: int) -> Sequence[Account]:
        # one indexed look-up per way of finding an account, united: an OR of them (with the
        # card and meter sub-selects) would scan every household (docs/performance.md)
        found = union(
            select(AccountRow.id).where(AccountRow.account_no.startswith(text, autoescape=True)),
            select(CardRow.account_id).where(CardRow.card_no == text),
            select(MeterRow.account_id).where(
                MeterRow.meter_no.startswith(text, autoescape=True)),
            select(AccountRow.id).where(AccountRow.name.contains(text, autoescape=True),
                                        *self._bigram(text)),
            *([select(AccountRow.id).where(AccountRow.phone.contains(text, autoescape=True))]
              if len(text) >= PHONE_MIN else []),
        ).subquery()
        rows = self._session.scalars(
            select(AccountRow).where(AccountRow.id.in_(select(found.c[0])))
            .order_by(AccountRow.account_no).limit(limit))
        return [_account(row) for row in rows]

    def _bigram(self, fragment: str) -> list[TextClause]:
        """On PostgreSQL a two-character fragment is looked up among the names' two-character
        substrings (migration 0012): a trigram index cannot serve it."""
        if len(fragment) != 2 or self._session.get_bind().dialect.name != "postgresql":
            return []
        return [sql_text("gaspos_bigrams(accounts.name) @> ARRAY[CAST(:bigram AS text)]")
                .bindparams(bigram=fragment)]

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(AccountRow)) or 0

    def card(self, card_no: str) -> tuple[Card, str] | None:
        row = self._session.execute(_CARD, {"card_no": card_no}).first()
        if row is None:
            return None
        card, meter_no, account_no = row
        return (Card(card.card_no, meter_no, card.chip, card.profile, CardState(card.state),
                     card.issued_at), account_no)

    def add_card(self, account_no: str, card: Card, *, key_version: int) -> None:
        account_id, meter_id = self._session.execute(
            select(AccountRow.id, MeterRow.id).join(MeterRow, MeterRow.account_id == AccountRow.id)
            .where(AccountRow.account_no == account_no, MeterRow.meter_no == card.meter_no)).one()
        self._session.add(CardRow(
            card_no=card.card_no, account_id=account_id, meter_id=meter_id, chip=card.chip,
            profile=card.profile, key_version=key_version, state=card.state.value,
            issued_at=card.issued_at))
        self._session.flush()

    # --- cards and meters over time -----------------------------------------------------------
    def active_card(self, account_no: str) -> Card | None:
        cards = [c for c in self.cards(account_no) if c.state is CardState.ACTIVE]
        return cards[-1] if cards else None

    def set_status(self, account_no: str, status: AccountStatus) -> None:
        self._session.execute(update(AccountRow).where(AccountRow.account_no == account_no)
                              .values(status=status.value))

    def set_card_state(self, card_no: str, state: CardState, *, at: datetime) -> None:
        self._session.execute(update(CardRow).where(CardRow.card_no == card_no).values(
            state=state.value, state_changed_at=at))

    def record_meter_report(self, account_no: str, card_no: str, meter_no: str,
                            report: MeterReport, *, at: datetime) -> None:
        """Keep the meter's write-back as read at the counter, when it is news: every distinct
        report is kept, so the newest one of a meter is always known."""
        if newest_report(self._session, meter_no, card_no=card_no) == report:
            return
        # one INSERT (an unknown account leaves the NOT NULL account_id empty: refused)
        self._session.execute(insert(MeterReportRow).values(
            account_id=select(AccountRow.id).where(AccountRow.account_no == account_no)
            .scalar_subquery(), meter_no=meter_no, card_no=card_no,
            meter_seq=report.meter_seq, remaining_m3x100=report.remaining.hundredths,
            cumulative_use_m3x100=report.cumulative_use.hundredths,
            alarms=",".join(sorted(a.value for a in report.alarms)), read_at=at))

    def newest_meter_report(self, meter_no: str) -> MeterReport | None:
        """The newest write-back of the meter read from any of its cards."""
        return newest_report(self._session, meter_no)

    def change_meter(self, account_no: str, new: Meter, *, final_reading: Volume,
                     remaining: Volume, staff_no: str, credit_order_no: str | None,
                     at: datetime, bound: Volume | None = None, approver_no: str | None = None,
                     reason: str | None = None, evidence: str | None = None) -> str:
        """Retire the account's meter and bind ``new``; returns the old meter's number."""
        account_id = self._session.scalars(
            select(AccountRow.id).where(AccountRow.account_no == account_no)).one()
        old = self._session.scalars(select(MeterRow).where(
            MeterRow.account_id == account_id, MeterRow.state == MeterState.ACTIVE.value)).one()
        old.state, old.removed_at = MeterState.REMOVED.value, at
        old.final_reading_m3x100 = final_reading.hundredths
        old.remaining_at_removal_m3x100 = remaining.hundredths
        self._session.flush()
        self._session.add(MeterRow(
            meter_no=new.meter_no, account_id=account_id, vendor=new.vendor, model=new.model,
            max_stock_m3x100=new.max_stock.hundredths,
            alarm_level_m3x100=new.alarm_level.hundredths, state=MeterState.ACTIVE.value,
            installed_at=at))
        self._session.add(MeterChangeRow(
            account_id=account_id, old_meter_no=old.meter_no, new_meter_no=new.meter_no,
            final_reading_m3x100=final_reading.hundredths,
            remaining_m3x100=remaining.hundredths, credit_order_no=credit_order_no,
            staff_no=staff_no, at=at, bound_m3x100=None if bound is None else bound.hundredths,
            approver_no=approver_no, reason=reason, evidence=evidence))
        self._session.flush()
        return old.meter_no

    def rebind_card(self, card_no: str, meter_no: str) -> None:
        meter_id = self._session.scalars(
            select(MeterRow.id).where(MeterRow.meter_no == meter_no)).one()
        self._session.execute(update(CardRow).where(CardRow.card_no == card_no)
                              .values(meter_id=meter_id))

    # --- details and terms over time (docs/households.md) ------------------------------------
    def update_details(self, account_no: str, *, address: str, phone: str) -> None:
        self._session.execute(update(AccountRow).where(AccountRow.account_no == account_no)
                              .values(address=address, phone=phone))

    def term_changes(self, account_no: str) -> Sequence[TermChange]:
        rows = self._session.scalars(_TERM_CHANGES, {"account_no": account_no})
        return [TermChange(r.effective_from, Category(r.category_before),
                           Category(r.category_after), r.household_size_before,
                           r.household_size_after, r.staff_no, r.recorded_at) for r in rows]

    def get_many(self, account_nos: Sequence[str]) -> dict[str, Account]:
        """The accounts of ``account_nos`` that exist, by number (one query a thousand)."""
        wanted = list(dict.fromkeys(account_nos))
        return {row.account_no: _account(row) for at in range(0, len(wanted), 1000)
                for row in self._session.scalars(select(AccountRow).where(
                    AccountRow.account_no.in_(wanted[at:at + 1000])))}

    def term_changes_many(self, account_nos: Sequence[str]) -> dict[str, list[TermChange]]:
        """:meth:`term_changes` of many accounts at once (those without changes left out)."""
        wanted = list(dict.fromkeys(account_nos))
        found: dict[str, list[TermChange]] = {}
        for at in range(0, len(wanted), 1000):
            for number, r in self._session.execute(
                    select(AccountRow.account_no, AccountTermChangeRow).join(
                        AccountRow, AccountTermChangeRow.account_id == AccountRow.id)
                    .where(AccountRow.account_no.in_(wanted[at:at + 1000]))
                    .order_by(AccountTermChangeRow.id)):
                found.setdefault(number, []).append(TermChange(
                    r.effective_from, Category(r.category_before), Category(r.category_after),
                    r.household_size_before, r.household_size_after, r.staff_no,
                    r.recorded_at))
        return found

    def add_term_change(self, account_no: str, change: TermChange) -> None:
        row = self._session.scalars(
            select(AccountRow).where(AccountRow.account_no == account_no)).one()
        self._session.add(AccountTermChangeRow(
            account_id=row.id, effective_from=change.effective_from,
            category_before=change.category_before.value,
            category_after=change.category_after.value,
            household_size_before=change.household_size_before,
            household_size_after=change.household_size_after, staff_no=change.staff_no,
            recorded_at=change.recorded_at))
        row.category = change.category_after.value
        row.household_size = change.household_size_after
        self._session.flush()

    def meter_reports(self, account_no: str) -> Sequence[ReadMeterReport]:
        rows = self._session.scalars(
            select(MeterReportRow).join(AccountRow, MeterReportRow.account_id == AccountRow.id)
            .where(AccountRow.account_no == account_no).order_by(MeterReportRow.id))
        return [ReadMeterReport(r.meter_no, r.card_no, MeterReport(
            r.meter_seq, Volume(r.remaining_m3x100), Volume(r.cumulative_use_m3x100),
            frozenset(MeterAlarm(a) for a in r.alarms.split(",") if a)), r.read_at)
            for r in rows]


def _account(row: AccountRow) -> Account:
    return Account(
        account_no=row.account_no, name=row.name, category=Category(row.category),
        address=row.address, phone=row.phone, id_number=row.id_number,
        household_size=row.household_size, status=AccountStatus(row.status),
        opening_cumulative_volume=Volume(row.opening_cumulative_m3x100),
        created_at=row.created_at,
        opening_cycle_volume=Volume(row.opening_cycle_m3x100 or 0),
        opening_as_of=row.opening_as_of, opening_balance=Money(row.opening_balance_fen or 0),
    )
