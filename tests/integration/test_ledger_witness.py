"""``ledger verify`` holds the sales table to the journal, and the journal to the heads this
counter wrote outside the database: someone with the database file who deletes a sale, changes
its amount or a payment, or cuts the journal's tail is found — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.domain.journal import seal
from pos.domain.quantities import Money
from pos.services.core.context import Services
from pos.services.core.ledger import verify_ledger
from tests.support.counter import Counter, load_meter, open_counter
from tests.support.services import make_services


@pytest.fixture
def counter(any_url: str, tmp_path: Path) -> Counter:
    svc = make_services(any_url, home=tmp_path / "counter")
    counter = open_counter(svc, tmp_path)
    counter.sell("20")
    load_meter(counter)
    counter.sell("30")
    return counter


def tamper(svc: Services, *statements: str) -> None:
    """As someone with the database file would: the guards off, the rows changed."""
    with svc.uow(write=True) as uow:
        session = uow.session  # type: ignore[attr-defined]
        postgres = session.get_bind().dialect.name == "postgresql"
        if postgres:
            session.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in statements:
            if not postgres or not statement.startswith("DROP TRIGGER"):
                session.execute(text(statement))
        uow.commit()


def last_sale(svc: Services) -> str:
    with svc.uow() as uow:
        return list(uow.sales.find())[-1].order_no


def first_code(svc: Services) -> list[str]:
    report = verify_ledger(svc)
    assert not report.intact
    return sorted({p.code for p in report.sale_problems}
                  | ({report.anchor.code} if report.anchor else set()))


def test_an_untouched_ledger_verifies_sales_and_anchor(counter: Counter) -> None:
    report = verify_ledger(counter.svc)
    assert report.intact
    assert report.sales_checked == 2
    assert report.anchored_seq == report.chain.entries  # the last head written is anchored


SALE = "(SELECT id FROM sales WHERE order_no = '{no}')"
ATTACKS: dict[str, tuple[Callable[[str], list[str]], str]] = {
    "a sale deleted with its payments": (lambda no: [
        f"DELETE FROM print_jobs WHERE sale_id = {SALE.format(no=no)}",
        f"DELETE FROM payments WHERE sale_id = {SALE.format(no=no)}",
        f"DELETE FROM sales WHERE order_no = '{no}'"], "sale.missing"),
    "its amount changed": (lambda no: [
        f"UPDATE sales SET amount_fen = amount_fen - 2800 WHERE order_no = '{no}'"],
        "sale.journal_disagrees"),
    "its volume changed": (lambda no: [
        f"UPDATE sales SET volume_m3x100 = volume_m3x100 + 1000 WHERE order_no = '{no}'"],
        "sale.journal_disagrees"),
    "voided on paper only": (lambda no: [
        f"UPDATE sales SET state = 'voided' WHERE order_no = '{no}'"],
        "sale.journal_disagrees"),
    "its payment changed": (lambda no: [
        f"UPDATE payments SET amount_fen = 1 WHERE sale_id = {SALE.format(no=no)}"],
        "sale.payments_disagree"),
    "its receipt number changed": (lambda no: [
        f"UPDATE sales SET receipt_no = 99 WHERE order_no = '{no}'"],
        "sale.receipt_disagrees"),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_sale_changed_behind_the_journals_back_is_found(counter: Counter,
                                                          attack: str) -> None:
    statements, code = ATTACKS[attack]
    tamper(counter.svc, *statements(last_sale(counter.svc)))
    assert code in first_code(counter.svc)


def test_a_journal_cut_at_its_tail_is_found_by_the_anchor(counter: Counter) -> None:
    svc = counter.svc
    with svc.uow() as uow:
        seq, _ = uow.journal.head()
    tamper(svc, "DROP TRIGGER journal_entries_no_delete",
           f"DELETE FROM journal_entries WHERE seq > {seq - 2}")
    report = verify_ledger(svc)
    assert report.chain.intact  # what is left still chains: only the anchor can tell
    assert report.anchor is not None and report.anchor.code == "journal.anchor_missing"
    assert report.anchor.seq == seq


def test_a_journal_rewritten_with_fresh_hashes_is_found_by_the_anchor(counter: Counter) -> None:
    """Every entry recomputed after one changed: the chain verifies, the anchored hash not."""
    svc = counter.svc
    with svc.uow() as uow:
        entries = list(uow.journal.entries())
    statements = ["DROP TRIGGER journal_entries_no_update"]
    prev = "0" * 64
    for entry in entries:
        forged = entry.seq == 2  # the first sale's money, halved
        changed = replace(entry, amount=Money(entry.amount.fen // 2)) if forged else entry
        resealed = seal(changed, seq=entry.seq, prev_hash=prev)
        prev = resealed.hash
        statements.append(
            f"UPDATE journal_entries SET prev_hash = '{resealed.prev_hash}', "
            f"hash = '{resealed.hash}', amount_fen = {changed.amount.fen} "
            f"WHERE seq = {entry.seq}")
    tamper(svc, *statements)
    report = verify_ledger(svc)
    assert report.chain.intact
    assert report.anchor is not None and report.anchor.code == "journal.anchor_missing"
