"""Many rows to an INSERT (db/repositories/bulk.py): every row lands, with its id, and a row
that leaves out a column only SQLAlchemy would fill in is refused rather than stored wrong."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from db.models import CounterRow, SaleRow
from db.repositories.bulk import insert_rows
from tests.support.services import add_hall, make_services

AT = datetime(2026, 1, 5, 2, tzinfo=UTC)


def test_rows_land_with_their_ids_across_statements(any_url: str) -> None:
    svc = make_services(any_url)
    add_hall(svc)
    with svc.uow(write=True) as uow:
        connection = uow.session.connection()  # type: ignore[attr-defined]
        counter_id = connection.execute(CounterRow.__table__.select()
                                        .where(CounterRow.no == "01")).one().id
        rows = [{"order_no": f"B{i:05d}", "kind": "purchase", "counter_id": counter_id,
                 "state": "completed", "volume_m3x100": i, "amount_fen": 3 * i,
                 "price_parts": "[]", "first_use": False, "imported": True, "created_at": AT}
                for i in range(2345)]
        ids = dict(insert_rows(connection, SaleRow.__table__, rows, returning=("order_no", "id")))
        assert len(ids) == 2345
        stored = {row.order_no: (row.id, row.amount_fen, row.created_at) for row in
                  connection.execute(SaleRow.__table__.select())}
        assert stored == {f"B{i:05d}": (ids[f"B{i:05d}"], 3 * i, AT) for i in range(2345)}


def test_a_row_without_a_defaulted_column_is_refused(sqlite_url: str) -> None:
    svc = make_services(sqlite_url)
    with svc.uow(write=True) as uow, pytest.raises(ValueError, match="first_use"):
        insert_rows(uow.session.connection(),  # type: ignore[attr-defined]
                    SaleRow.__table__, [{"order_no": "B1", "counter_id": 1, "state": "x",
                                         "volume_m3x100": 0, "amount_fen": 0,
                                         "created_at": AT}])
