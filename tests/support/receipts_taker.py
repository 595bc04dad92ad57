"""A separate process completing sales at one counter: it takes receipt numbers."""

from __future__ import annotations

from multiprocessing.synchronize import Event

from db.engine import make_engine
from db.unit_of_work import SqlUnitOfWorkFactory


def take_numbers(url: str, counter_no: str, count: int, start: Event,
                 results: list[int]) -> None:
    engine = make_engine(url)
    uow = SqlUnitOfWorkFactory(engine)
    start.wait(30)
    for n in range(count):
        with uow(write=True) as work:
            number = work.sales.next_receipt_no(counter_no)
            if n % 5 == 4:
                work.rollback()  # a completion that failed: its number goes back
                continue
            work.commit()
            results.append(number)
    engine.dispose()
