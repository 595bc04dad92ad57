"""The SQLAlchemy unit of work: one session, one transaction, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.anchor_file import AnchorFile
from db.engine import WRITE_OPTION
from db.repositories.accounts import SqlAccountRepository
from db.repositories.audit import SqlAuditLog
from db.repositories.cards import SqlCardLedger
from db.repositories.days import SqlBusinessDays
from db.repositories.households import SqlHouseholdImport
from db.repositories.journal import SqlJournal
from db.repositories.months import SqlMonths
from db.repositories.org import SqlOrgRepository
from db.repositories.printing import SqlPrintQueue
from db.repositories.reports import SqlReportQueries
from db.repositories.sales import SqlSalesRepository
from db.repositories.staff import SqlStaffRepository
from db.repositories.statements import SqlStatements
from db.repositories.tariffs import SqlTariffRepository


class SqlUnitOfWork:
    def __init__(self, engine: Engine, *, write: bool = False,
                 anchors: AnchorFile | None = None) -> None:
        self._bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
        self._write = write
        self._anchors = anchors

    def __enter__(self) -> Self:
        self.session = Session(bind=self._bind, expire_on_commit=False)
        self.org = SqlOrgRepository(self.session)
        self.staff = SqlStaffRepository(self.session)
        self.accounts = SqlAccountRepository(self.session)
        self.tariffs = SqlTariffRepository(self.session)
        self.sales = SqlSalesRepository(self.session)
        self.cards = SqlCardLedger(self.session)
        self.journal = SqlJournal(self.session, write=self._write)
        self.audit = SqlAuditLog(self.session)
        self.days = SqlBusinessDays(self.session)
        self.prints = SqlPrintQueue(self.session)
        self.statements = SqlStatements(self.session)
        self.months = SqlMonths(self.session)
        self.reports = SqlReportQueries(self.session)
        self.households = SqlHouseholdImport(self.session)
        if self._write:
            self.session.connection()  # take the write lock now, not at the first write
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        if not self._write:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()
        head = self.journal.last_appended
        if head is not None and self._anchors is not None:  # outside the database, after it
            self._anchors.record(head.seq, head.hash, head.at)
            self.journal.last_appended = None

    def rollback(self) -> None:
        self.session.rollback()


class SqlUnitOfWorkFactory:
    def __init__(self, engine: Engine, *, anchors: AnchorFile | None = None) -> None:
        self._engine = engine
        self._anchors = anchors

    def __call__(self, *, write: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._engine, write=write, anchors=self._anchors)
