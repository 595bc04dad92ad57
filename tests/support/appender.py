"""A separate process appending to the journal (for the two-counters-at-once tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from multiprocessing.synchronize import Event

from db.engine import make_engine
from db.unit_of_work import SqlUnitOfWorkFactory
from pos.domain.journal import EntryKind, JournalDraft
from pos.domain.quantities import Money


def append_many(url: str, counter_no: str, count: int, start: Event) -> None:
    engine = make_engine(url)
    uow = SqlUnitOfWorkFactory(engine)
    start.wait(30)
    for n in range(count):
        with uow(write=True) as work:
            work.journal.append(JournalDraft(
                kind=EntryKind.TEST, at=datetime.now(UTC), counter_no=counter_no,
                amount=Money(n), ref=f"{counter_no}-{n}"))
            work.commit()
    engine.dispose()
