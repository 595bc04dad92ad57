"""The print queue (pos.domain.printing): jobs by counter, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from db.models import CounterRow, PrintJobRow, SaleRow
from pos.domain.printing import JobState, PrintJob


class SqlPrintQueue:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, counter_no: str, kind: str, document: str, *, at: datetime,
            order_no: str | None = None, reprint_no: int = 0) -> int:
        # one INSERT: the counter and the sale found by subqueries in it
        return int(self._session.execute(insert(PrintJobRow).values(
            counter_id=select(CounterRow.id).where(CounterRow.no == counter_no)
            .scalar_subquery(),
            sale_id=None if order_no is None else select(SaleRow.id).where(
                SaleRow.order_no == order_no).scalar_subquery(),
            kind=kind, document=document, state=JobState.QUEUED.value, attempts=0,
            reprint_no=reprint_no, uncertain=False, created_at=at)
            .returning(PrintJobRow.id)).scalar_one())

    def get(self, job_id: int) -> PrintJob | None:
        found = self._select().where(PrintJobRow.id == job_id)
        row = self._session.execute(found).first()
        return None if row is None else _job(row[0], row[1], row[2])

    def waiting(self, counter_no: str) -> Sequence[PrintJob]:
        """Jobs not yet printed (queued, or left sending by a process that died), oldest first."""
        found = (self._select().where(CounterRow.no == counter_no,
                                      PrintJobRow.state != JobState.PRINTED.value)
                 .order_by(PrintJobRow.id))
        return [_job(job, counter_no, order_no)
                for job, counter_no, order_no in self._session.execute(found)]

    def of_sale(self, order_no: str) -> Sequence[PrintJob]:
        found = self._select().where(SaleRow.order_no == order_no).order_by(PrintJobRow.id)
        return [_job(job, counter_no, order_no)
                for job, counter_no, order_no in self._session.execute(found)]

    def last_reprint_no(self, order_no: str, kind: str) -> int:
        return self._session.scalar(
            select(func.coalesce(func.max(PrintJobRow.reprint_no), 0))
            .join(SaleRow, PrintJobRow.sale_id == SaleRow.id)
            .where(SaleRow.order_no == order_no, PrintJobRow.kind == kind)) or 0

    def claim(self, job: PrintJob, *, at: datetime, reprint_no: int) -> bool:
        """Mark ``job`` sending, as the copy numbered ``reprint_no`` — unless someone else
        changed it since it was read (then False: they are printing it)."""
        result = self._session.execute(
            update(PrintJobRow).where(PrintJobRow.id == job.id,
                                      PrintJobRow.state == job.state.value,
                                      PrintJobRow.attempts == job.attempts).values(
                state=JobState.SENDING.value, attempts=PrintJobRow.attempts + 1,
                reprint_no=reprint_no, claimed_at=at))
        return bool(getattr(result, "rowcount", 0))

    def printed(self, job_id: int, *, at: datetime) -> None:
        self._session.execute(
            update(PrintJobRow).where(PrintJobRow.id == job_id).values(
                state=JobState.PRINTED.value, printed_at=at, last_error=None))

    def failed(self, job_id: int, *, error: str, uncertain: bool) -> None:
        values: dict[str, object] = {"state": JobState.QUEUED.value, "last_error": error}
        if uncertain:
            values["uncertain"] = True
        self._session.execute(update(PrintJobRow).where(PrintJobRow.id == job_id).values(values))

    def _select(self) -> Select[PrintJobRow, str, str | None]:
        return (select(PrintJobRow, CounterRow.no, SaleRow.order_no)
                .join(CounterRow, PrintJobRow.counter_id == CounterRow.id)
                .outerjoin(SaleRow, PrintJobRow.sale_id == SaleRow.id))


def _job(row: PrintJobRow, counter_no: str, order_no: str | None) -> PrintJob:
    return PrintJob(id=row.id, counter_no=counter_no, kind=row.kind, document=row.document,
                    state=JobState(row.state), created_at=row.created_at, order_no=order_no,
                    attempts=row.attempts, reprint_no=row.reprint_no, uncertain=row.uncertain,
                    printed_at=row.printed_at, last_error=row.last_error,
                    claimed_at=row.claimed_at)
