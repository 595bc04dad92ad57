"""Receipt numbers: one series per counter, no gaps, no duplicates, even with two writers."""

from __future__ import annotations

import multiprocessing

from pos.services.core.context import Services
from tests.support.receipts_taker import take_numbers
from tests.support.services import add_hall, make_services


def take(svc: Services, counter_no: str, *, commit: bool = True) -> int:
    with svc.uow(write=True) as uow:
        number = uow.sales.next_receipt_no(counter_no)
        if commit:
            uow.commit()
    return number


def test_each_counter_has_its_own_series_and_a_rollback_leaves_no_gap(any_url: str) -> None:
    svc = make_services(any_url)
    add_hall(svc)
    assert [take(svc, "01"), take(svc, "01"), take(svc, "02")] == [1, 2, 1]
    assert take(svc, "01", commit=False) == 3
    assert take(svc, "01") == 3  # the rolled-back number was given back


def test_two_processes_completing_at_one_counter_never_share_or_skip_a_number(
        any_url: str) -> None:
    svc = make_services(any_url)
    add_hall(svc)
    spawn = multiprocessing.get_context("spawn")
    with spawn.Manager() as manager:
        results = manager.list()
        start = spawn.Event()
        workers = [spawn.Process(target=take_numbers, args=(any_url, "01", 40, start, results))
                   for _ in range(2)]
        for worker in workers:
            worker.start()
        start.set()
        for worker in workers:
            worker.join(120)
            assert worker.exitcode == 0
        numbers = sorted(results)
    assert numbers == list(range(1, 65))  # 2 × 32 committed, 2 × 8 rolled back
