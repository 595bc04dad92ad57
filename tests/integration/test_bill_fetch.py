"""``gaspos statements fetch``: a month's bills from the providers, one per day up to
yesterday, imported as files are — and reconciled against the ledger (docs/payments.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pos.domain.errors import BadInput, Refused
from pos.domain.sale.record import Channel
from pos.domain.staff import Operator, Role
from pos.services.core.context import Services
from pos.services.month import bill_fetch, reconciliation, statements
from pos.services.records.history_import import import_history
from tests.support.bills import DATA, SampleBills
from tests.support.clock import FixedClock
from tests.support.services import add_hall, add_staff, make_services


@pytest.fixture
def finance(sqlite_url: str, tmp_path: Path) -> tuple[Services, Operator]:
    svc = make_services(sqlite_url, FixedClock("2025-04-02T09:00:00"), home=tmp_path / "home")
    add_hall(svc)
    who = add_staff(svc, "4001", Role.FINANCE)
    import_history(svc, who, (DATA / "ledger.json").read_bytes())
    return replace(svc, bills=SampleBills()), who


def imports(svc: Services) -> int:
    with svc.uow() as uow:
        return len(uow.statements.imports())


def test_a_months_bills_are_fetched_and_reconciled_as_the_files_are(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    for channel, lines in ((Channel.WECHAT, 40), (Channel.ALIPAY, 13)):
        fetched = bill_fetch.fetch_month(svc, who, channel, "2025-03")
        assert [d.day.day for d in fetched.days] == list(range(1, 32))
        assert fetched.missing == ()
        assert sum(d.added for d in fetched.days) == lines
    bank = (DATA / "bank_statement_202503.csv").read_bytes()
    statements.import_statement(svc, who, bank, "bank_statement_202503.csv")
    view = reconciliation.reconcile_month(svc, who, "2025-03")
    found = {(i.stored.level, i.stored.channel, i.stored.status, i.stored.difference_fen)
             for i in view.open_items}
    assert found == {  # exactly the sample month's planted discrepancies, none from fetching
        ("transaction", "wechat", "only_in_statement", 28300),
        ("transaction", "alipay", "only_in_ledger", -22640),
        ("deposit", "cash", "amount_differs", -10000),
    }


def test_a_second_fetch_changes_nothing(finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    bill_fetch.fetch_month(svc, who, Channel.WECHAT, "2025-03")
    before = imports(svc)
    again = bill_fetch.fetch_month(svc, who, Channel.WECHAT, "2025-03")
    assert all(d.already and d.added == 0 for d in again.days)
    assert imports(svc) == before


def test_a_missing_days_bill_is_named_and_the_other_days_are_imported(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    gap = replace(svc, bills=SampleBills(missing=frozenset({date(2025, 3, 11)})))
    fetched = bill_fetch.fetch_month(gap, who, Channel.WECHAT, "2025-03")
    assert [d.day for d in fetched.missing] == [date(2025, 3, 11)]
    problem = fetched.missing[0].problem
    assert problem is not None and "2025-03-11" in problem.render("zh_CN")
    assert sum(d.added for d in fetched.days) == 40 - 2  # the 11th's two payments wait
    later = bill_fetch.fetch_month(svc, who, Channel.WECHAT, "2025-03")
    assert sum(d.added for d in later.days) == 2 and later.missing == ()


def test_only_finished_days_are_fetched(finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    assert bill_fetch.days_to_fetch("2025-03", date(2025, 3, 15))[-1] == date(2025, 3, 14)
    assert bill_fetch.days_to_fetch("2025-03", date(2025, 3, 1)) == []
    assert len(bill_fetch.days_to_fetch("2025-02", date(2025, 4, 1))) == 28
    early = replace(svc, clock=FixedClock("2025-03-01T12:00:00"))
    with pytest.raises(Refused) as refused:
        bill_fetch.fetch_month(early, who, Channel.WECHAT, "2025-03")
    assert refused.value.code == "statements.fetch_nothing_yet"
    with pytest.raises(BadInput):
        bill_fetch.fetch_month(svc, who, Channel.WECHAT, "2025-3x")
    with pytest.raises(BadInput):
        bill_fetch.fetch_month(svc, who, Channel.CASH, "2025-03")


def test_empty_bills_of_different_days_are_each_imported_once(
        finance: tuple[Services, Operator]) -> None:
    """Two days without a payment give byte-identical bills: each is its own day's import."""
    svc, who = finance
    first = bill_fetch.fetch_month(svc, who, Channel.WECHAT, "2025-03")
    empty = [d for d in first.days if d.lines == 0]
    assert len(empty) >= 2 and not any(d.already for d in first.days)
    assert all(d.already for d in bill_fetch.fetch_month(svc, who, Channel.WECHAT,
                                                        "2025-03").days)
