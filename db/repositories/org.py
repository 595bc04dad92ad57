"""Company, halls and counters."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from db.models import CompanyRow, CounterRow, HallRow, ReceiptSeriesRow
from pos.domain.org import Company, Counter, Hall

# built once, parameters bound at each call (docs/performance.md, "Many counters")
_COMPANY = select(CompanyRow).order_by(CompanyRow.id).limit(1)
_COUNTER = select(CounterRow, HallRow.code).join(HallRow).where(CounterRow.no == bindparam("no"))
_HALL = select(HallRow).where(HallRow.code == bindparam("code"))


class SqlOrgRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def company(self) -> Company | None:
        row = self._session.scalars(_COMPANY).first()
        if row is None:
            return None
        return Company(row.code, row.name, row.hotline, row.complaint_line)

    def add_company(self, company: Company) -> None:
        self._session.add(CompanyRow(code=company.code, name=company.name,
                                     hotline=company.hotline,
                                     complaint_line=company.complaint_line))
        self._session.flush()

    def add_hall(self, hall: Hall) -> None:
        company_id = self._session.scalars(select(CompanyRow.id).order_by(CompanyRow.id)).one()
        self._session.add(HallRow(company_id=company_id, code=hall.code, name=hall.name,
                                  address=hall.address))
        self._session.flush()

    def hall(self, code: str) -> Hall | None:
        row = self._session.scalars(_HALL, {"code": code}).first()
        return None if row is None else Hall(row.code, row.name, row.address)

    def add_counter(self, counter: Counter) -> None:
        hall_id = self._session.scalars(
            select(HallRow.id).where(HallRow.code == counter.hall_code)).one()
        row = CounterRow(hall_id=hall_id, no=counter.no, name=counter.name)
        self._session.add(row)
        self._session.flush()
        self._session.add(ReceiptSeriesRow(counter_id=row.id, last_no=0))
        self._session.flush()

    def counter(self, no: str) -> Counter | None:
        row = self._session.execute(_COUNTER, {"no": no}).first()
        return None if row is None else Counter(row[0].no, row[0].name, row[1])

    def counters(self) -> Sequence[Counter]:
        rows = self._session.execute(
            select(CounterRow, HallRow.code).join(HallRow).order_by(CounterRow.no))
        return [Counter(r[0].no, r[0].name, r[1]) for r in rows]
