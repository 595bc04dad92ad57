"""Reconciliation months, their items (replaced by each run until the month locks) and the
resolutions finance gives them (append-only)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from db.models import MonthRow, ReconItemRow, ReconResolutionRow
from db.repositories.bulk import insert_rows
from pos.domain.reconciliation.month import Action, MonthState, Resolution
from pos.domain.reconciliation.stored import StoredItem

_ITEMS: Table = ReconItemRow.metadata.tables["recon_items"]


class SqlMonths:
    def __init__(self, session: Session) -> None:
        self._session = session

    def state(self, month: str) -> MonthState | None:
        state = self._session.scalars(select(MonthRow.state).where(
            MonthRow.month == month)).first()
        return None if state is None else MonthState(state)

    def names(self, state: MonthState) -> list[str]:
        return list(self._session.scalars(select(MonthRow.month).where(
            MonthRow.state == state.value).order_by(MonthRow.month)))

    def set_state(self, month: str, state: MonthState, *, at: datetime,
                  by: str | None = None) -> None:
        values: dict[str, object] = {"state": state.value}
        if state is MonthState.RECONCILING:
            values["reconciled_at"] = at
        if state is MonthState.LOCKED:
            values |= {"locked_at": at, "locked_by": by}
        if self.state(month) is None:
            self._session.add(MonthRow(month=month, **values))
            self._session.flush()
        else:
            self._session.execute(update(MonthRow).where(MonthRow.month == month)
                                  .values(**values))

    def replace_items(self, month: str, items: Sequence[StoredItem]) -> None:
        month_id = self._id(month)
        self._session.execute(delete(ReconItemRow).where(ReconItemRow.month_id == month_id))
        if items:  # many rows to a statement
            insert_rows(self._session.connection(), _ITEMS, [
                {"month_id": month_id, "key": i.key, "status": i.status, "level": i.level,
                 "channel": i.channel, "on_date": i.on_date,
                 "amount_statement_fen": i.amount_statement_fen,
                 "amount_ledger_fen": i.amount_ledger_fen, "difference_fen": i.difference_fen,
                 "caused_by": i.caused_by, "document": i.document} for i in items])

    def items(self, month: str) -> list[StoredItem]:
        rows = self._session.execute(  # plain rows: no ORM object per item
            select(_ITEMS).where(_ITEMS.c.month_id == select(MonthRow.id).where(
                MonthRow.month == month).scalar_subquery()).order_by(_ITEMS.c.id))
        return [StoredItem(r.key, r.status, r.level, r.channel, r.on_date,
                           r.amount_statement_fen, r.amount_ledger_fen, r.difference_fen,
                           r.caused_by, r.document) for r in rows]

    def add_resolution(self, month: str, resolution: Resolution) -> None:
        self._session.add(ReconResolutionRow(
            month_id=self._id(month), item_key=resolution.item_key,
            action=resolution.action.value, entry_seq=resolution.entry_seq,
            note=resolution.note, resolved_at=resolution.at, resolved_by=resolution.by))
        self._session.flush()

    def resolutions(self, month: str) -> list[Resolution]:
        rows = self._session.scalars(select(ReconResolutionRow).join(MonthRow).where(
            MonthRow.month == month).order_by(ReconResolutionRow.id))
        return [Resolution(r.item_key, Action(r.action), r.note, r.resolved_at, r.resolved_by,
                           r.entry_seq) for r in rows]

    def _id(self, month: str) -> int:
        return self._session.scalars(select(MonthRow.id).where(MonthRow.month == month)).one()
