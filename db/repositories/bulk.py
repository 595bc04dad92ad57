"""Many rows to one INSERT statement: the bulk writes of ``gaspos import history``.

On SQLite each statement pays a fixed cost: the closed-day guard on ``journal_entries`` (a
``BEFORE INSERT`` trigger that may ``RAISE(ABORT)``) makes it open a statement journal for every
statement, and SQLAlchemy processes an executemany's parameters row by row.  One statement per
row paid both for every row — for the journal about two thirds of its insert (20,000 rows:
0.13 s without the trigger, 0.44 s with it, 0.18 s with it at 2,000 rows a statement).  Here
SQLite gets as many rows to a statement as its bound-parameter limit allows; triggers, checks,
unique indexes and foreign keys still see every row.  PostgreSQL keeps SQLAlchemy's own batched
executemany.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert

MANY_ROWS = 1000  # rows per statement at most on SQLite


def bound_variables(connection: Connection, most: int = 32_766) -> int:
    """How many values one statement may bind: SQLite's compiled-in limit (999 in old
    builds), at most ``most``."""
    if connection.dialect.name != "sqlite":
        return most
    driver = connection.connection.driver_connection
    return min(most, driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if driver else 999)


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]],
                returning: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    """Insert ``rows`` (each naming the same columns) into ``table``; the ``returning``
    columns of the inserted rows, in no particular order, as the driver gives them."""
    if not rows:
        return []
    if connection.dialect.name != "sqlite":
        statement = insert(table)
        if not returning:
            connection.execute(statement, list(rows))
            return []
        return [tuple(row) for row in connection.execute(
            statement.returning(*(table.c[name] for name in returning)), list(rows))]
    names = [column.name for column in table.c if column.name in rows[0]]
    defaulted = [column.name for column in table.c
                 if column.name not in rows[0] and column.default is not None]
    if defaulted:  # a Python-side default only SQLAlchemy's own insert would apply
        raise ValueError(f"{table.name}: give {', '.join(defaulted)} in every row")
    processors = [table.c[name].type.bind_processor(connection.dialect) for name in names]
    per = max(1, min(MANY_ROWS, bound_variables(connection) // len(names)))
    row = "(" + ",".join("?" * len(names)) + ")"
    # the table's and its columns' own names, never input
    head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "  # noqa: S608
    tail = f" RETURNING {', '.join(returning)}" if returning else ""
    get = itemgetter(*names)
    single = len(names) == 1  # itemgetter of one name gives the value, not a tuple
    processed = [(i, process) for i, process in enumerate(processors) if process is not None]
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        flat: list[Any] = []
        for values in chunk:
            cells = [get(values)] if single else list(get(values))
            for i, process in processed:
                cells[i] = process(cells[i])
            flat.extend(cells)
        result = connection.exec_driver_sql(head + ",".join([row] * len(chunk)) + tail,
                                            tuple(flat))
        if returning:
            found.extend(tuple(got) for got in result)
    return found
