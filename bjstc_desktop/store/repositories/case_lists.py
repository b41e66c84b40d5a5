"""Sorted case lists, keyset-paged: the cursor is (sort value, id) of the last row shown,
so every page is one range read of a (module, sort column, id) index; never OFFSET,
never a sort of every case. Cases without a value (no due date) come last, paged by id.

Across several modules each module's page is read from its own index range and the
pages are merged, as CaseRepository.page does for the newest-first list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Row, select, tuple_, union_all
from sqlalchemy.orm import Session

from bjstc_desktop.core.searchquery import CaseSort, SortKey
from bjstc_desktop.store.listrow import ListRow
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.repositories.cases import CASES, CaseFilter, CaseRepository, visible_to
from bjstc_desktop.store.sealing import keys_of, open_columns

# Core columns throughout (cases.CASES): a page of plain rows compiles without configuring
# the ORM's mappers, so the first screen's list needs no ORM (issue 15 point 4).
_COLUMNS = {SortKey.RECEIVED: CASES.received_on, SortKey.DUE: CASES.due_on, SortKey.CASE_NO: CASES.case_no_key,
            SortKey.STATE: CASES.state, SortKey.NEWEST: CASES.id}
_NULLABLE = frozenset({SortKey.RECEIVED, SortKey.DUE, SortKey.CASE_NO})  # case_no_key: rows bulk-inserted
_DATES = frozenset({SortKey.RECEIVED, SortKey.DUE})

# The Case columns of ListRow, in its order: the row type is the one list of them.
LIST_COLUMNS: tuple[Column[Any], ...] = tuple(CASES[name] for name in ListRow._fields)


def opened_rows(session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[ListRow]:
    """List rows of rows read as LIST_COLUMNS and `sealed` (and any more columns),
    every sealed title opened."""
    keys = keys_of(session)
    out = []
    make, width = ListRow._make, len(LIST_COLUMNS)
    for r in rows:
        row = make(r[:width])  # LIST_COLUMNS first, in ListRow's order
        if r.sealed is not None:
            content = open_columns(keys, Case, r.classification, r.id, r.sealed)
            row = row._replace(title=(content or {}).get("title", ""))
        out.append(row)
    return out


Cursor = tuple[str | None, str]
"""(sort value as text, or None for the rows without one; case id) of the last row shown."""


@dataclass(frozen=True)
class CasePage:
    """One page of a sorted list and where the next one starts."""

    rows: list[ListRow]
    cursor: Cursor | None
    more: bool


def cursor_of(case: Case | ListRow, sort: CaseSort) -> Cursor:
    """The cursor after `case` in a list sorted by `sort`."""
    value = getattr(case, _COLUMNS[sort.key].key)
    if isinstance(value, dt.date):
        value = value.isoformat()
    return (None if value is None else str(value), case.id)


def sorted_page(repo: CaseRepository, flt: CaseFilter, sort: CaseSort, cursor: Cursor | None = None,
                limit: int = 100) -> CasePage:
    """Up to `limit` visible cases after `cursor` in `sort` order."""
    key = sort.key
    col = _COLUMNS[key]
    rows: list[ListRow] = []
    in_null_tail = cursor is not None and cursor[0] is None and key in _NULLABLE
    if not in_null_tail:
        conds = repo.filtered(flt)
        if key in _NULLABLE:
            conds.append(col.is_not(None))
        if cursor is not None:
            value: Any = dt.date.fromisoformat(cursor[0]) if key in _DATES and cursor[0] else cursor[0]
            if key is SortKey.NEWEST:
                conds.append(CASES.id < cursor[1] if sort.descending else CASES.id > cursor[1])
            else:
                pair, after = tuple_(col, CASES.id), tuple_(value, cursor[1])
                conds.append(pair < after if sort.descending else pair > after)
        order = (CASES.id,) if key is SortKey.NEWEST else (col, CASES.id)
        rows = _read(repo, flt, conds, order, sort.descending, limit)
    if key in _NULLABLE and len(rows) < limit:
        conds = [*repo.filtered(flt), col.is_(None)]
        if in_null_tail and cursor is not None:
            conds.append(CASES.id < cursor[1] if sort.descending else CASES.id > cursor[1])
        rows += _read(repo, flt, conds, (CASES.id,), sort.descending, limit - len(rows))
    more = len(rows) >= limit
    return CasePage(rows, cursor_of(rows[-1], sort) if rows else cursor, more)


def _read(repo: CaseRepository, flt: CaseFilter, conds: list[ColumnElement[bool]], order: tuple[Any, ...],
          descending: bool, limit: int) -> list[ListRow]:
    ordering = [c.desc() if descending else c.asc() for c in order]
    modules = sorted(repo.actor.modules)
    if flt.module or len(modules) <= 1:
        q = select(*LIST_COLUMNS, CASES.sealed).where(*conds).order_by(*ordering).limit(limit)
        return opened_rows(repo.session, repo.session.execute(q).all())
    per_module = [
        select(select(CASES.id).where(*conds, CASES.module == m).order_by(*ordering).limit(limit).subquery().c.id)
        for m in modules
    ]
    ids = union_all(*per_module).subquery()
    q = select(*LIST_COLUMNS, CASES.sealed).where(CASES.id.in_(select(ids.c.id))).order_by(*ordering).limit(limit)
    return opened_rows(repo.session, repo.session.execute(q).all())


def newest_rows(repo: CaseRepository, flt: CaseFilter, after_id: str | None = None,
                limit: int | None = 100) -> list[ListRow]:
    """`CaseRepository.page` as plain rows (newest first, keyset-paged on the id, each
    module's newest from its own index): what a list shows, in plain SQL, so the
    工作台's first page configures no mapper (issue 15 point 4)."""
    conds = repo.filtered(flt)
    if after_id:
        conds.append(CASES.id < after_id)
    if limit is None:
        q = select(*LIST_COLUMNS, CASES.sealed).where(*conds).order_by(CASES.id.desc())
        return opened_rows(repo.session, repo.session.execute(q).all())
    return _read(repo, flt, conds, (CASES.id,), True, limit)


def due_rows(repo: CaseRepository, start: dt.date, end: dt.date, limit: int = 500) -> list[ListRow]:
    """Open visible cases due on or after `start` and on or before `end`, soonest first,
    as plain rows (the 工作台's overdue and due-soon lists)."""
    q = (select(*LIST_COLUMNS, CASES.sealed)
         .where(visible_to(repo.actor), CASES.closed_on.is_(None), CASES.due_on.is_not(None),
                CASES.due_on >= start, CASES.due_on <= end)
         .order_by(CASES.due_on, CASES.id).limit(limit))
    return opened_rows(repo.session, repo.session.execute(q).all())
