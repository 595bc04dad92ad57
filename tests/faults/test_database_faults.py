"""The database goes away in the middle of sales, on a real PostgreSQL of this module's own:
restarted (``pg_ctl restart -m fast``) between a sale's steps and inside one of its
transactions, in the middle of a burst of sales from two counters; a counter's connection cut
from the server (``pg_terminate_backend``); a statement held past ``statement_timeout`` by a
lock. Every sale ends where the recovery path (``sale check``, ``sale rewrite``, the next card
read) completes it, the ledger verifies, money and gas agree with the journal, and the next sale
works in the same process — docs/postgresql.md "When the database goes away"."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, event

from pos.domain.categories import Category
from pos.domain.errors import Refused
from pos.domain.journal import EntryKind
from pos.domain.quantities import Volume
from pos.domain.sale.record import SaleState
from pos.domain.staff import Role
from pos.services.cards.issue import issue_card
from pos.services.core.ledger import verify_ledger
from pos.services.records.accounts import add_account
from pos.services.selling.card_view import read_and_settle
from pos.services.selling.recovery import check_payment, rewrite, unfinished_sales
from tests.support import postgres
from tests.support.counter import Counter, check_invariants, load_meter, open_counter
from tests.support.services import add_staff, make_services

pytestmark = pytest.mark.postgres

UNAVAILABLE_ZH = "数据库暂时不可用"


@pytest.fixture
def database(own_pg_cluster: postgres.Cluster) -> Iterator[str]:
    with own_pg_cluster.database() as url:
        yield url


@pytest.fixture
def counter(database: str, tmp_path: Path) -> Counter:
    svc = make_services(database, home=tmp_path / "counter-01")
    counter = open_counter(svc, tmp_path)
    counter.sell("10")  # a card with history: one purchase, loaded
    load_meter(counter)
    return counter


class RunAt:
    """Fault-injection checkpoints: ``fault()`` when the sale reaches ``step``."""

    def __init__(self, step: str, fault: Callable[[], None]) -> None:
        self._step, self._fault = step, fault

    def reached(self, step: str) -> None:
        if step == self._step:
            self._fault()


@contextmanager
def at_commit(url: str, n: int, fault: Callable[[], None]) -> Iterator[None]:
    """``fault()`` just before the ``n``-th COMMIT on ``url``'s database is sent: the
    transaction in flight is then lost with its connection."""
    name = url.rsplit("/", 1)[1]
    left = [n]

    def before_commit(connection: object) -> None:
        if connection.engine.url.database != name:
            return
        left[0] -= 1
        if left[0] == 0:
            fault()

    event.listen(Engine, "commit", before_commit)
    try:
        yield
    finally:
        event.remove(Engine, "commit", before_commit)


def recover(counter: Counter) -> None:
    """What the clerk does afterwards: read the card, ask about unknown payments, rewrite."""
    svc = counter.svc
    read_and_settle(svc, counter.reader)
    mine = svc.settings.counter_no
    for sale in unfinished_sales(svc):
        if sale.state is SaleState.AWAITING_PAYMENT and sale.counter_no == mine:
            check_payment(svc, counter.clerk, sale.order_no)
    for sale in unfinished_sales(svc):
        if sale.state is SaleState.PENDING and sale.counter_no == mine:
            rewrite(svc, counter.clerk, sale.order_no, counter.reader)


def assert_sound(*counters: Counter) -> None:
    svc = counters[0].svc
    for counter in counters:
        check_invariants(counter.svc, counter.reader)
    assert unfinished_sales(svc) == []
    report = verify_ledger(svc)
    assert report.intact, report
    with svc.uow() as uow:  # nothing lost: what was taken is what was earned, m³ too
        sales = list(uow.sales.find())
        entries = list(uow.journal.entries())
    completed = [s for s in sales if s.state is SaleState.COMPLETED]
    taken = sum(p.amount.fen for s in sales for p in s.payments if p.state == "confirmed")
    earned = sum(e.amount.fen for e in entries if e.kind is EntryKind.SALE)
    assert taken == earned == sum(s.amount.fen for s in completed)
    assert sum(e.volume.hundredths for e in entries if e.kind is EntryKind.SALE) == sum(
        s.volume.hundredths for s in completed)


def sells_again(counter: Counter) -> None:
    """The next sale, in the same process, without any restart of the program."""
    load_meter(counter)
    assert counter.sell("5").sale.state is SaleState.COMPLETED


def attempt(counter: Counter) -> Refused | None:
    try:
        counter.sell("20")
    except Refused as refused:
        return refused
    return None


def assert_told_in_words(counter: Counter, refused: Refused | None) -> None:
    """Either the sale went through, or the clerk was told, Chinese first, and no more."""
    if refused is None:
        with counter.svc.uow() as uow:
            assert list(uow.sales.find())[-1].state is SaleState.COMPLETED
        return
    assert refused.code == "db.unavailable"
    assert UNAVAILABLE_ZH in refused.render("zh_CN")


@pytest.mark.parametrize("step", ["sale_started", "paid", "card_written"])
def test_restart_between_steps_of_a_sale(counter: Counter,
                                         own_pg_cluster: postgres.Cluster, step: str) -> None:
    """The pool's pre-ping replaces the connections the restart broke: the sale goes on."""
    counter.svc = dataclasses.replace(counter.svc,
                                      checkpoints=RunAt(step, own_pg_cluster.restart))
    assert counter.sell("20").sale.state is SaleState.COMPLETED
    recover(counter)
    assert_sound(counter)
    sells_again(counter)


@pytest.mark.parametrize("n", [1, 3, 5])
def test_restart_inside_a_sale_transaction(counter: Counter, database: str,
                                           own_pg_cluster: postgres.Cluster, n: int) -> None:
    """The n-th commit of the sale is lost with the restart: refused in words, the sale keeps
    its last committed state, and recovery completes it."""
    with at_commit(database, n, own_pg_cluster.restart):
        refused = attempt(counter)
    assert_told_in_words(counter, refused)
    recover(counter)
    assert_sound(counter)
    sells_again(counter)


@pytest.mark.parametrize("n", [2, 4, 6])  # with the restarts at 1, 3, 5: every commit
def test_connection_cut_mid_sale(counter: Counter, database: str,
                                 own_pg_cluster: postgres.Cluster, n: int) -> None:
    name = database.rsplit("/", 1)[1]
    with at_commit(database, n, lambda: own_pg_cluster.terminate(name) and None):
        refused = attempt(counter)
    assert_told_in_words(counter, refused)
    recover(counter)
    assert_sound(counter)
    sells_again(counter)


def test_statement_timeout_refuses_cleanly(database: str, tmp_path: Path,
                                           own_pg_cluster: postgres.Cluster) -> None:
    svc = make_services(database, home=tmp_path / "counter-01", statement_timeout=0.3)
    counter = open_counter(svc, tmp_path)
    with svc.uow() as uow:
        before = len(list(uow.sales.find()))
    holder = psycopg.connect(host="127.0.0.1", port=own_pg_cluster.port, user="postgres",
                             dbname=database.rsplit("/", 1)[1])  # another session holds it
    holder.execute("SELECT id FROM accounts FOR UPDATE")
    try:
        with pytest.raises(Refused) as refused:
            counter.sell("20")
        assert refused.value.code == "db.unavailable"
        assert UNAVAILABLE_ZH in refused.value.render("zh_CN")
        with svc.uow() as uow:  # nothing half-done: no sale, no journal entry
            assert len(list(uow.sales.find())) == before
            assert not [e for e in uow.journal.entries() if e.sale_no is not None]
    finally:
        holder.rollback()
        holder.close()
    assert counter.sell("20").sale.state is SaleState.COMPLETED  # the retry
    assert_sound(counter)


def test_restart_in_a_burst_from_two_counters(counter: Counter, database: str,
                                              own_pg_cluster: postgres.Cluster,
                                              tmp_path: Path) -> None:
    other = second_counter(counter, database, tmp_path)
    done = {"01": 0, "02": 0}
    refused: list[str] = []
    started = threading.Barrier(3)

    def burst(at: Counter) -> None:
        started.wait()
        for _ in range(4):
            try:
                load_meter(at)
                at.sell("5")
                done[at.svc.settings.counter_no] += 1
            except Refused as error:
                refused.append(error.code)
                try:
                    recover(at)
                except Refused as again:  # the server may still be coming back
                    refused.append(again.code)

    threads = [threading.Thread(target=burst, args=(c,)) for c in (counter, other)]
    for thread in threads:
        thread.start()
    started.wait()
    own_pg_cluster.restart()
    for thread in threads:
        thread.join(60)
    assert set(refused) <= {"db.unavailable"}, refused
    recover(counter)
    recover(other)
    assert_sound(counter, other)
    sells_again(counter)
    sells_again(other)


def second_counter(first: Counter, url: str, tmp_path: Path) -> Counter:
    """Counter 02, selling to a second household with its own card, on the same database."""
    svc = make_services(url, counter_no="02", home=tmp_path / "counter-02", upgrade=False)
    clerk = add_staff(svc, "1002", Role.CLERK, name="李梅")
    add_account(svc, first.admin, account_no="370402000002", name="李四",
                category=Category.RESIDENTIAL, meter_no="CH00000002", household_size=3,
                meter_max_stock=Volume.parse("1000"))
    card = tmp_path / "card-2.bin"
    issue_card(svc, clerk, "370402000002", f"sim:{card}")
    return Counter(svc, first.admin, clerk, first.supervisor, card)
