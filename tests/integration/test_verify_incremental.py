"""``ledger verify`` from its last checkpoint: it checks only what came after, still proves the
checkpoint's own entry, and its checkpoints are append-only — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from pos.domain.day.cash_count import CashCount
from pos.domain.journal import canonical_bytes, stored_canonical_bytes
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel
from pos.domain.staff import Role
from pos.services.core.ledger import verify_ledger
from pos.services.day import closing
from pos.services.selling.payments import PaymentPlan
from tests.integration.test_ledger_witness import tamper
from tests.support.counter import Counter, load_meter, open_counter
from tests.support.services import add_staff, make_services


@pytest.fixture
def counter(any_url: str, tmp_path: Path) -> Counter:
    svc = make_services(any_url, home=tmp_path / "counter")
    counter = open_counter(svc, tmp_path)
    counter.sell("20")
    load_meter(counter)
    return counter


def head(counter: Counter) -> int:
    with counter.svc.uow() as uow:
        return uow.journal.head()[0]


def test_a_first_verify_walks_everything_and_leaves_a_checkpoint(counter: Counter) -> None:
    svc = counter.svc
    first = verify_ledger(svc, full=False, record_as="2001")
    assert first.intact and not first.incremental  # nothing to start from: a full walk
    assert first.chain.entries == first.chain.head_seq == head(counter)
    with svc.uow() as uow:
        checkpoint = uow.journal.checkpoint()
    assert checkpoint is not None
    assert (checkpoint.seq, checkpoint.hash, checkpoint.by, checkpoint.full) == (
        first.chain.head_seq, first.chain.head_hash, "2001", True)


def test_an_incremental_verify_checks_only_the_new_sale(counter: Counter) -> None:
    svc = counter.svc
    verify_ledger(svc, full=False, record_as="2001")
    before = head(counter)
    counter.sell("20")
    report = verify_ledger(svc, full=False, record_as="2001")
    assert report.intact and report.incremental
    assert report.since is not None and report.since.seq == before
    assert report.chain.entries == head(counter) - before > 0  # the new sale's entries only
    assert report.sales_checked == 1
    again = verify_ledger(svc, full=False)  # from the checkpoint the last one left
    assert again.intact and again.chain.entries == 0 and again.sales_checked == 0
    full = verify_ledger(svc, full=True)
    assert full.intact and not full.incremental
    assert full.chain.entries == head(counter) and full.sales_checked == 2


def test_an_entry_changed_after_the_checkpoint_is_found(counter: Counter) -> None:
    svc = counter.svc
    verify_ledger(svc, full=False, record_as="2001")
    before = head(counter)
    counter.sell("20")
    tamper(svc, "DROP TRIGGER journal_entries_no_update",
           f"UPDATE journal_entries SET amount_fen = amount_fen + 100 WHERE seq = {before + 1}")
    report = verify_ledger(svc, full=False, record_as="2001")
    assert report.incremental and report.chain.first_break is not None
    assert (report.chain.first_break.seq, report.chain.first_break.code) == (
        before + 1, "journal.content_changed")
    with svc.uow() as uow:  # a broken verify leaves no checkpoint behind
        checkpoint = uow.journal.checkpoint()
    assert checkpoint is not None and checkpoint.seq == before


@pytest.mark.parametrize("column", ["amount_fen = amount_fen + 100",
                                    "hash = '" + "f" * 64 + "'"])
def test_the_checkpoints_own_entry_changed_is_found(counter: Counter, column: str) -> None:
    svc = counter.svc
    verify_ledger(svc, full=False, record_as="2001")
    at = head(counter)
    counter.sell("20")
    tamper(svc, "DROP TRIGGER journal_entries_no_update",
           f"UPDATE journal_entries SET {column} WHERE seq = {at}")
    report = verify_ledger(svc, full=False)
    assert report.incremental and report.chain.first_break is not None
    assert (report.chain.first_break.seq, report.chain.first_break.code) == (
        at, "journal.checkpoint_changed")
    assert not verify_ledger(svc, full=True).intact


@pytest.mark.parametrize("statement", ["UPDATE ledger_checkpoints SET seq = seq + 1",
                                       "DELETE FROM ledger_checkpoints"])
def test_checkpoints_are_append_only(counter: Counter, statement: str) -> None:
    svc = counter.svc
    verify_ledger(svc, full=False, record_as="2001")
    with svc.uow(write=True) as uow, pytest.raises(DBAPIError, match="append-only"):
        uow.session.execute(text(statement))  # type: ignore[attr-defined]


def test_checkpoints_cannot_be_truncated_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    svc = make_services(pg_url, home=tmp_path / "counter")
    with svc.uow(write=True) as uow, pytest.raises(DBAPIError, match="append-only"):
        uow.session.execute(text("TRUNCATE ledger_checkpoints"))  # type: ignore[attr-defined]


def test_stored_bytes_are_the_canonical_bytes(counter: Counter) -> None:
    with counter.svc.uow() as uow:
        entries = list(uow.journal.stream())
    assert entries
    for entry in entries:
        assert vars(entry)["stored_bytes"] == canonical_bytes(
            entry, seq=entry.seq, prev_hash=entry.prev_hash)


def test_a_value_not_in_its_plain_stored_form_is_judged_the_usual_way(counter: Counter) -> None:
    """Details stored with spaces still mean the same: no fast bytes, the same verdict."""
    svc = counter.svc
    tamper(svc, "DROP TRIGGER journal_entries_no_update",
           "UPDATE journal_entries SET details = REPLACE(details, ':', ': ') WHERE seq = 2")
    assert verify_ledger(svc).intact
    assert stored_canonical_bytes(
        seq="2", prev_hash="0" * 64, kind="sale", at="x", business_date=None, counter_no=None,
        account_no=None, sale_no=None, amount_fen=1, volume=1, channel=None, ref=None,
        details="{}") is None


def test_a_day_closed_since_the_checkpoint_is_checked(sqlite_url: str, tmp_path: Path) -> None:
    svc = make_services(sqlite_url, home=tmp_path / "counter")
    counter = open_counter(svc, tmp_path)
    cashier = add_staff(svc, "3001", Role.CASHIER, name="李会计")
    closing.open_day(svc, cashier, Money(0))
    counter.sell("10", plan=PaymentPlan(Channel.CASH, tendered=Money(2800)))
    load_meter(counter)
    assert verify_ledger(svc, full=False, record_as="3001").days_checked == 0
    closing.settle(svc, cashier, CashCount.parse("10:2,5:1,1:3"))  # 28.00, as sold
    closed = closing.close(svc, cashier, Money(0))
    tamper(svc, "DROP TRIGGER day_closes_no_update",
           "UPDATE day_closes SET counted_fen = counted_fen + 10000")
    report = verify_ledger(svc, full=False, record_as="3001")
    assert report.incremental and report.days_checked == 1
    assert [(p.business_date, p.code) for p in report.day_problems] == [
        (closed.day.business_date.isoformat(), "day.cash_changed")]
