"""Many complete rows into one table with a single prepared statement: the values made
by SQLAlchemy's own bind processors (dates, times, booleans and blobs stored exactly as
the ORM stores them), the columns' Python defaults for what a row leaves out, and one
`executemany` through the driver. For writers that build whole rows themselves (the
writer of new cases, ops/new_cases.py): SQLAlchemy's per-row parameter handling of an
`insert(...)` executemany costs as much as SQLite's own work there."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.orm import Session

_ABSENT = object()  # a column a row leaves out


def _default(column: Column[Any]) -> Callable[[], Any]:
    d = column.default
    if d is None:
        return lambda: None
    if getattr(d, "is_callable", False):
        fn = d.arg  # type: ignore[attr-defined]  # a CallableColumnDefault: fn(context)
        return lambda: fn(None)
    value = getattr(d, "arg", None)
    return lambda: value


@functools.lru_cache(maxsize=128)
def _statement(table: Table, names: tuple[str, ...], dialect: Any) -> tuple[str, tuple[str, ...] | None]:
    """The INSERT of `names` into `table` as `dialect` writes it, and the order of its
    positional parameters (None: named). Compiled once per table, columns and dialect."""
    compiled = table.insert().compile(dialect=dialect, column_keys=list(names))
    order = compiled.positiontup
    return compiled.string, tuple(order) if order is not None else None


def insert_rows(session: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT `rows` (column name → Python value) into `model`'s table in the session's
    transaction. A row that breaks a constraint fails the statement, as any insert."""
    if not rows:
        return
    conn = session.connection()
    table: Table = model.__table__
    names = sorted(set().union(*rows))
    given = frozenset(names)
    columns = [table.c[n] for n in names]
    missing = [c for c in table.columns if c.name not in names and c.default is not None]
    columns += missing
    procs = [c.type._cached_bind_processor(conn.dialect) for c in columns]
    defaults = {c.name: _default(c) for c in columns}
    # The dialect writes the statement (quoting, the driver's placeholders: SQLite's `?`,
    # psycopg's `%(name)s` on a hub); the rows go to the driver as it expects them.
    statement, order = _statement(table, tuple(c.name for c in columns), conn.dialect)
    # Column by column (a comprehension per column, not a Python step per cell): each
    # value as the row gives it or the column's default, through its bind processor
    # unless None; then the rows as the driver takes them.
    complete = all(len(row) == len(names) for row in rows)  # every row names every column of `names`
    data: dict[str, list[Any]] = {}
    for column, proc in zip(columns, procs, strict=True):
        name, default = column.name, defaults[column.name]
        if complete and name in given:
            cells = [row[name] for row in rows]
        else:
            cells = [row.get(name, _ABSENT) for row in rows]
            if any(v is _ABSENT for v in cells):
                cells = [default() if v is _ABSENT else v for v in cells]
        if proc is not None:
            cells = [None if v is None else proc(v) for v in cells]
        data[name] = cells
    values: list[Any]
    if order is not None:
        values = list(zip(*(data[k] for k in order), strict=True))
    else:
        names_out = list(data)
        values = [dict(zip(names_out, cells, strict=True)) for cells in zip(*data.values(), strict=True)]
    conn.exec_driver_sql(statement, values)
