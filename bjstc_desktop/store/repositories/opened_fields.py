"""The field values of classified cases, opened, for queries that aggregate fields in
SQL (dashboards). Above 公开 a field's value is sealed (store/sealing.py), so the
aggregate runs twice: over case_fields for 公开 cases, and over this per-connection
TEMP table of the opened values of the classified cases the user may see. The table
lives in memory (temp_store = MEMORY) and is emptied at each use: nothing of it is
written to disk.

On a hub there is no temporary table: no role of the hub may make one (a session's
temporary tables shadow the hub's own: store/hubroles.py `definer_path`), and a table
on the server would hold the opened values there. The values go with the query itself,
as one array per column unnested into rows (ten parameters however many values), and
live only as long as it runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause

from bjstc_desktop.store.models import CaseField

_META = MetaData()
OPENED_FIELDS = Table(
    "opened_fields", _META,
    Column("case_id", String(36)), Column("key", String(64)), Column("kind", String(16)),
    Column("text_value", Text), Column("int_value", Integer), Column("date_value", Date),
    Column("json_value", Text), Column("level", Integer), Column("sealed", LargeBinary), Column("token", String(32)),
    Index("ix_opened_fields_case_key", "case_id", "key"),
    prefixes=["TEMPORARY"],
)
_BATCH = 500


# The columns of the opened values with their PostgreSQL array types (on a hub).
_HUB_ARRAYS = {"case_id": "varchar", "key": "varchar", "kind": "varchar", "text_value": "text",
               "int_value": "bigint", "date_value": "date", "json_value": "text", "level": "integer"}


def open_fields(s: Session, case_ids: Any, keys: Iterable[str]) -> FromClause:
    """The opened values of `keys` of the cases `case_ids` (a subquery of ids) whose
    fields are sealed, as a FROM clause shaped like case_fields: the TEMP table filled
    on a workstation, the values unnested from the query's own parameters on a hub."""
    q = select(CaseField).where(CaseField.case_id.in_(case_ids), CaseField.key.in_(sorted(set(keys))),
                                CaseField.sealed.is_not(None))
    opened = ({"case_id": f.case_id, "key": f.key, "kind": f.kind, "text_value": f.text_value,
               "int_value": f.int_value, "date_value": f.date_value, "json_value": f.json_value,
               "level": f.level, "sealed": None, "token": None} for f in s.execute(q).scalars())
    if s.get_bind().dialect.name == "postgresql":
        return _unnested(list(opened))
    OPENED_FIELDS.create(s.connection(), checkfirst=True)
    s.execute(delete(OPENED_FIELDS))
    rows: list[dict[str, Any]] = []
    for row in opened:
        rows.append(row)
        if len(rows) >= _BATCH:
            s.execute(insert(OPENED_FIELDS), rows)
            rows = []
    if rows:
        s.execute(insert(OPENED_FIELDS), rows)
    return OPENED_FIELDS


def _unnested(rows: list[dict[str, Any]]) -> FromClause:
    """The rows as `unnest` of one array parameter per column (a hub's query)."""
    arrays = ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in _HUB_ARRAYS.items())
    stmt = text(f"SELECT *, CAST(NULL AS bytea) AS sealed, CAST(NULL AS varchar) AS token "
                f"FROM unnest({arrays}) AS opened({', '.join(_HUB_ARRAYS)})")
    stmt = stmt.bindparams(**{name: [r[name] for r in rows] for name in _HUB_ARRAYS})
    return stmt.columns(*(OPENED_FIELDS.c[name] for name in (*_HUB_ARRAYS, "sealed", "token"))).subquery(
        "opened_fields")
