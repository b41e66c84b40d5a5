"""The field values of classified cases, opened, for queries that aggregate fields in
SQL (dashboards). Above 公开 a field's value is sealed (store/sealing.py), so the
aggregate runs twice: over case_fields for 公开 cases, and over this per-connection
TEMP table of the opened values of the classified cases the user may see. The table
lives in memory (temp_store = MEMORY) and is emptied at each use: nothing of it is
written to disk."""

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
)
from sqlalchemy.orm import Session

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


def open_fields(s: Session, case_ids: Any, keys: Iterable[str]) -> Table:
    """Fill the TEMP table with the opened values of `keys` of the cases `case_ids`
    (a subquery of ids) whose fields are sealed; returns the table."""
    OPENED_FIELDS.create(s.connection(), checkfirst=True)
    s.execute(delete(OPENED_FIELDS))
    q = select(CaseField).where(CaseField.case_id.in_(case_ids), CaseField.key.in_(sorted(set(keys))),
                                CaseField.sealed.is_not(None))
    rows: list[dict[str, Any]] = []
    for f in s.execute(q).scalars():
        rows.append({"case_id": f.case_id, "key": f.key, "kind": f.kind, "text_value": f.text_value,
                     "int_value": f.int_value, "date_value": f.date_value, "json_value": f.json_value,
                     "level": f.level, "sealed": None, "token": None})
        if len(rows) >= _BATCH:
            s.execute(insert(OPENED_FIELDS), rows)
            rows = []
    if rows:
        s.execute(insert(OPENED_FIELDS), rows)
    return OPENED_FIELDS
