"""Many complete rows into one table with a single prepared statement: the values made
by SQLAlchemy's own bind processors (dates, times, booleans and blobs stored exactly as
the ORM stores them), the columns' Python defaults for what a row leaves out, and one
`executemany` through the driver. For writers that build whole rows themselves (the
writer of new cases, ops/new_cases.py): SQLAlchemy's per-row parameter handling of an
`insert(...)` executemany costs as much as SQLite's own work there."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.orm import Session


def _default(column: Column[Any]) -> Callable[[], Any]:
    d = column.default
    if d is None:
        return lambda: None
    if getattr(d, "is_callable", False):
        fn = d.arg  # type: ignore[attr-defined]  # a CallableColumnDefault: fn(context)
        return lambda: fn(None)
    value = getattr(d, "arg", None)
    return lambda: value


def insert_rows(session: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT `rows` (column name → Python value) into `model`'s table in the session's
    transaction. A row that breaks a constraint fails the statement, as any insert."""
    if not rows:
        return
    conn = session.connection()
    table: Table = model.__table__
    names = sorted({name for row in rows for name in row})
    columns = [table.c[n] for n in names]
    missing = [c for c in table.columns if c.name not in names and c.default is not None]
    columns += missing
    procs = [c.type._cached_bind_processor(conn.dialect) for c in columns]
    defaults = {c.name: _default(c) for c in columns}
    # The dialect writes the statement (quoting, the driver's placeholders: SQLite's `?`,
    # psycopg's `%(name)s` on a hub); the rows go to the driver as it expects them.
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=[c.name for c in columns])
    order = compiled.positiontup
    values: list[Any] = []
    for row in rows:
        out = {}
        for column, proc in zip(columns, procs, strict=True):
            v = row[column.name] if column.name in row else defaults[column.name]()
            out[column.name] = proc(v) if proc is not None and v is not None else v
        values.append(tuple(out[k] for k in order) if order is not None else out)
    conn.exec_driver_sql(compiled.string, values)
