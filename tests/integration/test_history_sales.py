"""Past sales imported from a previous system are sale rows with their payments
(docs/history-import.md): lookups, the household file, the tier position and ``ledger verify``
see them, the import still closes each day as a live close does, and a second import changes
nothing.  On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pos.domain.categories import Category
from pos.domain.errors import Refused
from pos.domain.journal import EntryKind, JournalDraft
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import PaymentState, SaleState
from pos.domain.staff import Operator, Role
from pos.domain.tariff import parse_allowance, parse_tiers
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from pos.services.day.area_reports import month_report
from pos.services.records.accounts import add_account, household_file
from pos.services.records.history_import import import_history
from pos.services.records.tariffs import quote_purchase, set_tariff
from pos.services.selling.recovery import find_sales, get_sale
from tests.support.clock import FixedClock
from tests.support.services import add_hall, add_staff, make_services

HOUSEHOLD = "370402000001"
STRANGER = "330185085029"  # an account the previous system had and gaspos does not


@pytest.fixture
def finance(any_url: str, tmp_path: Path) -> tuple[Services, Operator]:
    svc = make_services(any_url, FixedClock("2026-11-27T09:30:00"), home=tmp_path / "home")
    add_hall(svc)
    admin = add_staff(svc, "9001", Role.ADMIN)
    set_tariff(svc, admin, category=Category.RESIDENTIAL, effective_from=date(2025, 1, 1),
               tiers=parse_tiers("0:2.80,400:3.36,600:4.20"), allowance=parse_allowance("4:100"))
    add_account(svc, admin, account_no=HOUSEHOLD, name="张三丰", category=Category.RESIDENTIAL,
                meter_no="CH00000001", household_size=3)
    return svc, add_staff(svc, "4001", Role.FINANCE)


def history(days: list[date], per_day: int, *, household_every: int = 0,
            refunded: tuple[str, ...] = (), receipts: bool = False) -> bytes:
    """A ``gaspos-history/1`` file: ``per_day`` cash sales of 10 m³ (28.00 yuan) a day."""
    sales, refunds, closes = [], [], []
    receipt = 0
    for day in days:
        cash = 0
        for n in range(per_day):
            order_no = f"GS{day:%Y%m%d}{n:05d}"
            mine = household_every and n % household_every == 0
            sale = {"order_no": order_no, "business_date": day.isoformat(),
                    "time": f"{day.isoformat()}T{9 + n * 8 // per_day:02d}:{n % 60:02d}:00+08:00",
                    "channel": "cash", "amount": "28.00", "volume_m3": "10",
                    "account_no": HOUSEHOLD if mine else STRANGER, "staff": "C02"}
            if receipts:
                receipt += 1
                sale["receipt_no"] = receipt
            sales.append(sale)
            cash += 2800
            if order_no in refunded:
                refunds.append({"order_no": order_no, "refund_no": f"RF{order_no}",
                                "business_date": day.isoformat(),
                                "time": f"{day.isoformat()}T17:30:00+08:00",
                                "channel": "cash", "amount": "28.00", "reason": "写卡失败"})
                cash -= 2800
        closes.append({"business_date": day.isoformat(),
                       "closed_at": f"{day.isoformat()}T18:00:00+08:00",
                       "counted": f"{cash // 100}.{cash % 100:02d}"})
    return json.dumps({"format": "gaspos-history/1", "counter": "01", "sales": sales,
                       "refunds": refunds, "day_closes": closes}).encode()


MARCH = [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]


def test_past_sales_are_rows_with_their_payments_and_the_ledger_verifies(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    report = import_history(svc, who, history(MARCH, 4, household_every=2,
                                              refunded=("GS2026030300001",), receipts=True))
    assert (report.days, report.sales, report.entries) == (3, 12, 25)
    sale = get_sale(svc, "GS2026030200000")
    assert (sale.state, sale.imported, sale.counter_no, sale.business_date, sale.account_no,
            sale.staff_no, sale.volume, sale.amount, sale.receipt_no) == (
        SaleState.COMPLETED, True, "01", date(2026, 3, 2), HOUSEHOLD, "C02", Volume.m3(10),
        Money(2800), 1)
    assert sale.created_at == sale.completed_at
    assert [(p.channel.value, p.amount, p.state) for p in sale.payments] == [
        ("cash", Money(2800), PaymentState.CONFIRMED)]
    stranger = get_sale(svc, "GS2026030200001")
    assert stranger.account_no == STRANGER  # as given: gaspos has no such account
    back = get_sale(svc, "GS2026030300001")
    assert back.state is SaleState.VOIDED
    assert [p.state for p in back.payments] == [PaymentState.REFUNDED]
    assert len(find_sales(svc, business_date=date(2026, 3, 4))) == 4
    assert len(find_sales(svc, account_no=STRANGER)) == 6
    assert len(household_file(svc, who, HOUSEHOLD).sales) == 6
    ledger = verify_ledger(svc)
    assert ledger.intact, (ledger.day_problems, ledger.sale_problems[:3])
    assert ledger.sales_checked == 12
    with svc.uow(write=True) as uow:  # live receipt numbers continue after the history's
        assert uow.sales.next_receipt_no("01") == 13
        uow.rollback()


def test_a_changed_imported_sale_is_found_by_ledger_verify(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    import_history(svc, who, history(MARCH[:1], 2))
    with svc.uow(write=True) as uow:
        uow.sales.set_state("GS2026030200001", SaleState.CANCELLED, was=SaleState.COMPLETED,
                            at=svc.clock.now())
        uow.commit()
    ledger = verify_ledger(svc)
    assert [p.order_no for p in ledger.sale_problems] == ["GS2026030200001"] * 2


def test_importing_again_is_refused_and_changes_nothing(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    data = history(MARCH, 3)
    import_history(svc, who, data)
    with svc.uow() as uow:
        head = uow.journal.head()
    with pytest.raises(Refused) as refused:
        import_history(svc, who, data)
    assert refused.value.code == "history.day_exists"
    with svc.uow() as uow:
        assert uow.journal.head() == head
    assert len(find_sales(svc)) == 9
    assert verify_ledger(svc).intact


def test_a_sale_already_in_the_ledger_is_refused(finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    import_history(svc, who, history(MARCH[1:2], 2))  # a second file goes before the first
    document = json.loads(history(MARCH[:1], 2))
    document["sales"][0]["order_no"] = "GS2026030300000"
    with pytest.raises(Refused) as refused:
        import_history(svc, who, json.dumps(document).encode())
    assert refused.value.code == "history.sale_exists"
    assert len(find_sales(svc)) == 2


def test_imported_days_are_closed_as_live_ones(finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    import_history(svc, who, history(MARCH[:1], 2))
    draft = JournalDraft(kind=EntryKind.TEST, at=svc.clock.now(), business_date=MARCH[0],
                         counter_no="01")
    with svc.uow(write=True) as uow, pytest.raises(Exception, match="closed"):
        uow.journal.append(draft)


def test_the_tier_position_counts_imported_sales_of_the_cycle_once(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    before = quote_purchase(svc, account_no=HOUSEHOLD, volume=Volume.m3(10))
    assert before.bought_before == Volume(0)
    # 2025's sales are the last cycle's; one of March's is refunded (voided): neither counts
    import_history(svc, who, history(MARCH, 20, household_every=2,
                                     refunded=("GS2026030200000",)))
    import_history(svc, who, history([date(2025, 12, 30)], 10, household_every=1))
    result = quote_purchase(svc, account_no=HOUSEHOLD, volume=Volume.m3(10))
    assert result.bought_before == Volume.m3(290)  # 29 of 30 household sales × 10 m³
    assert result.cycle.start == date(2026, 1, 1)
    with svc.uow() as uow:  # the card's position is the opening one: imports have no sequence
        assert uow.sales.position(HOUSEHOLD).last_order_no is None


def test_five_thousand_sales_in_one_import(finance: tuple[Services, Operator]) -> None:
    """Batches of many rows per INSERT (db/repositories/bulk.py) end as one whole chain; how
    fast is bench/history.py's question, not a test's."""
    svc, who = finance
    days = [date(2026, 2, 1) + timedelta(days=n) for n in range(25)]
    report = import_history(svc, who, history(days, 200, household_every=50))
    assert report.sales == 5000 and report.entries == 10_000
    ledger = verify_ledger(svc)
    assert ledger.intact and ledger.sales_checked == 5000


def test_an_opening_cycle_volume_is_not_counted_again_with_the_history(
        finance: tuple[Services, Operator], any_url: str) -> None:
    """Households first (their opening volume is the previous system's count of the cycle),
    then the history of the same cycle: the household's tier position counts it once."""
    svc, who = finance
    import_history(svc, who, history(MARCH, 20, household_every=2))  # 300 m³ of the cycle
    engine = create_engine(any_url)
    with engine.begin() as connection:  # as `gaspos import households` leaves the account
        connection.execute(text("UPDATE accounts SET opening_cycle_m3x100 = 39000, "
                                "opening_as_of = :day WHERE account_no = :no"),
                           {"day": date(2026, 11, 27), "no": HOUSEHOLD})
    engine.dispose()
    result = quote_purchase(svc, account_no=HOUSEHOLD, volume=Volume.m3(10))
    assert result.bought_before == Volume.m3(390)  # not 690


def test_the_month_report_files_imported_sales_under_their_accounts_category(
        finance: tuple[Services, Operator]) -> None:
    """An imported sale has no tariff version: the report reads its account's category, and a
    sale of an account gaspos does not have is unrecorded (db/repositories/reports.py)."""
    svc, who = finance
    import_history(svc, who, history(MARCH, 4, household_every=2))
    report = month_report(svc, who, "2026-03")
    assert sorted((line.key, line.count, line.volume) for line in report.by_category) == [
        ("residential", 6, Volume.m3(60)), ("unrecorded", 6, Volume.m3(60))]
