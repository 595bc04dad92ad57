"""Finance's month on the real stack (issue: 月对账): the sample month's history imported, its
three statements imported (twice), reconciled — exactly the three planted discrepancies and
their knock-on effects, none of the non-findings — resolved and locked; a locked month never
changes.  On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos.domain.errors import BadInput, Refused
from pos.domain.reconciliation.month import Action
from pos.domain.staff import Operator, Role
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from pos.services.month import reconciliation, statements
from pos.services.month.reconciliation import MonthView
from pos.services.records.history_import import import_history
from tests.support.clock import FixedClock
from tests.support.services import add_hall, add_staff, make_services

DATA = Path(__file__).parent.parent / "data" / "statements"
FILES = ("wechat_trade_bill_202503.csv", "alipay_business_detail_202503.csv",
         "bank_statement_202503.csv")


@pytest.fixture
def finance(any_url: str, tmp_path: Path) -> tuple[Services, Operator]:
    svc = make_services(any_url, FixedClock(), home=tmp_path / "home")
    add_hall(svc)
    return svc, add_staff(svc, "4001", Role.FINANCE)


def loaded(svc: Services, who: Operator) -> MonthView:
    report = import_history(svc, who, (DATA / "ledger.json").read_bytes())
    assert (report.days, report.deposits) == (26, 26)
    for name in FILES:
        done = statements.import_statement(svc, who, (DATA / name).read_bytes(), name)
        assert done.record.lines_added == done.record.lines_in_file > 0
    return reconciliation.reconcile_month(svc, who, "2025-03")


def test_the_sample_month_finds_exactly_the_planted_discrepancies(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    view = loaded(svc, who)
    found = {(i.stored.level, i.stored.channel, i.stored.status, i.stored.difference_fen,
              i.stored.on_date.isoformat() if i.stored.on_date else None)
             for i in view.open_items}
    assert found == {
        ("transaction", "wechat", "only_in_statement", 28300, "2025-03-11"),  # D1
        ("transaction", "alipay", "only_in_ledger", -22640, "2025-03-21"),  # D2
        ("deposit", "cash", "amount_differs", -10000, "2025-03-18"),  # D3
    }
    d1 = next(i for i in view.open_items if i.stored.channel == "wechat")
    d2 = next(i for i in view.open_items if i.stored.channel == "alipay")
    assert "GS202503110005" in " ".join(e["en"] for e in d1.evidence)
    assert "GS202503210003" in " ".join(e["en"] for e in d2.evidence)
    d3 = next(i for i in view.open_items if i.stored.level == "deposit")
    assert d3.ledger == ("JK20250317-01",) and d3.stored.amount_statement_fen == 60750
    # the knock-on effects at settlement level: the same causes, not new findings
    knock_on = {(i.stored.channel, i.stored.on_date.isoformat() if i.stored.on_date else None):
                i for i in view.items if i.stored.caused_by}
    assert knock_on[("wechat", "2025-03-11")].stored.caused_by == d1.key
    assert knock_on[("wechat", "2025-03-11")].stored.difference_fen == 28300 - 57  # net of fee
    assert knock_on[("alipay", "2025-03-21")].stored.caused_by == d2.key
    # none of the non-findings
    items = view.items
    assert not [i for i in items if i.stored.on_date and i.stored.on_date.isoformat() ==
                "2025-03-25" and i.stored.status != "matched" and i.stored.channel == "cash"]
    assert all(i.stored.status in ("matched", "in_transit") for i in items
               if i.stored.channel == "unionpay")  # the Saturday batch settles on Monday
    processing = [i for i in items if i.stored.level == "transaction"
                  and any("rf202503240001" in e["en"].lower() for e in i.evidence)]
    assert len(processing) == 1 and processing[0].stored.status == "matched"
    assert any("processing" in e["en"] for e in processing[0].evidence)
    counts = {c.channel: c for c in view.summary()}
    assert (counts["unionpay"].differences, counts["unionpay"].ledger_only) == (0, 0)


def test_imports_are_idempotent_and_atomic(finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    loaded(svc, who)
    for name in FILES:
        again = statements.import_statement(svc, who, (DATA / name).read_bytes(), name)
        assert again.record.lines_added == 0 and again.skipped == again.record.lines_in_file
    broken = (DATA / FILES[0]).read_bytes().replace(b"`56.60,", b"`56.6x,", 1)
    with pytest.raises(BadInput) as refused:
        statements.import_statement(svc, who, broken, "broken.csv")
    assert "Line 2" in refused.value.render("en")
    with svc.uow() as uow:
        assert len(uow.statements.imports()) == 6  # three files, three no-op re-imports


def test_the_month_is_resolved_then_locked_and_never_changes(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    view = loaded(svc, who)
    with pytest.raises(Refused) as refused:
        reconciliation.lock_month(svc, who, "2025-03")
    assert refused.value.code == "month.open_items"
    notes = {"wechat": (Action.EXPLAIN, "收银超时后客户改付现金，微信款已原路退回"),
             "alipay": (Action.EXPLAIN, "支付宝交易未完成，客户未付款"),
             "cash": (Action.EXPLAIN, "银行没收假币一张，责任人已赔偿")}
    for item in view.open_items:
        action, note = notes[item.stored.channel]
        reconciliation.resolve(svc, who, "2025-03", item.key, action, note)
    again = reconciliation.reconcile_month(svc, who, "2025-03")  # resolutions survive a re-run
    assert not again.open_items
    locked = reconciliation.lock_month(svc, who, "2025-03")
    assert locked.state.value == "locked"
    with pytest.raises(Refused):
        reconciliation.reconcile_month(svc, who, "2025-03")
    with pytest.raises(Refused):
        reconciliation.resolve(svc, who, "2025-03", view.items[0].key, Action.EXPLAIN, "再看看")
    with pytest.raises(Refused) as refused:  # a new line in the locked month
        statements.import_statement(svc, who, (DATA / FILES[2]).read_bytes().replace(
            b"20250302,07:15:39", b"20250302,07:15:38"), "edited.csv")
    assert refused.value.code in ("statement.month_locked", "statement.balance_break")
    assert verify_ledger(svc).intact


def test_the_sample_month_reconciles_to_every_item_it_always_did(
        finance: tuple[Services, Operator]) -> None:
    """Every item of the sample month — key, level, channel, status, day, amounts, cause, rows,
    entries, score — as the matching gave them before the month was read in bulk (issue 16);
    and the view handed back is the view read back from the store."""
    svc, who = finance
    view = loaded(svc, who)
    found = [[i.key, i.stored.level, i.stored.channel, i.stored.status,
              i.stored.on_date.isoformat() if i.stored.on_date else None,
              i.stored.amount_statement_fen, i.stored.amount_ledger_fen,
              i.stored.difference_fen, i.stored.caused_by, list(i.statement), list(i.ledger),
              i.score] for i in view.items]
    expected = json.loads((DATA / "expected_items_202503.json").read_text(encoding="utf-8"))
    assert len(found) == len(expected) == 130
    assert found == expected
    again = reconciliation.month_view(svc, "2025-03")
    assert view == again
    assert [i.evidence for i in view.items] == [i.evidence for i in again.items]
