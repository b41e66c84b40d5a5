"""Sorted case lists, keyset-paged: the cursor is (sort value, id) of the last row shown,
so every page is one range read of a (module, sort column, id) index; never OFFSET,
never a sort of every case. Cases without a value (no due date) come last, paged by id.

Across several modules each module's page is read from its own index range and the
pages are merged, as CaseRepository.page does for the newest-first list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select, tuple_, union_all

from bjstc_desktop.core.searchquery import CaseSort, SortKey
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.repositories.cases import CaseFilter, CaseRepository

_COLUMNS = {SortKey.RECEIVED: Case.received_on, SortKey.DUE: Case.due_on, SortKey.CASE_NO: Case.case_no_key,
            SortKey.STATE: Case.state, SortKey.NEWEST: Case.id}
_NULLABLE = frozenset({SortKey.RECEIVED, SortKey.DUE, SortKey.CASE_NO})  # case_no_key: rows bulk-inserted
_DATES = frozenset({SortKey.RECEIVED, SortKey.DUE})

# What a list row shows (ops.views.case_view reads these by name) and its sort values:
# plain rows, not ORM objects, so a page costs little more than the SQL that reads it.
LIST_COLUMNS = (Case.id, Case.case_no, Case.case_type, Case.module, Case.title, Case.state, Case.classification,
                Case.due_on, Case.due_verified, Case.closed_on, Case.received_on, Case.handler_id, Case.district,
                Case.case_no_key)

Cursor = tuple[str | None, str]
"""(sort value as text, or None for the rows without one; case id) of the last row shown."""


@dataclass(frozen=True)
class CasePage:
    """One page of a sorted list and where the next one starts."""

    rows: list[Any]  # rows of LIST_COLUMNS
    cursor: Cursor | None
    more: bool


def cursor_of(case: Case, sort: CaseSort) -> Cursor:
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
    rows: list[Any] = []
    in_null_tail = cursor is not None and cursor[0] is None and key in _NULLABLE
    if not in_null_tail:
        conds = repo.filtered(flt)
        if key in _NULLABLE:
            conds.append(col.is_not(None))
        if cursor is not None:
            value: Any = dt.date.fromisoformat(cursor[0]) if key in _DATES and cursor[0] else cursor[0]
            if key is SortKey.NEWEST:
                conds.append(Case.id < cursor[1] if sort.descending else Case.id > cursor[1])
            else:
                pair, after = tuple_(col, Case.id), tuple_(value, cursor[1])
                conds.append(pair < after if sort.descending else pair > after)
        order = (Case.id,) if key is SortKey.NEWEST else (col, Case.id)
        rows = _read(repo, flt, conds, order, sort.descending, limit)
    if key in _NULLABLE and len(rows) < limit:
        conds = [*repo.filtered(flt), col.is_(None)]
        if in_null_tail and cursor is not None:
            conds.append(Case.id < cursor[1] if sort.descending else Case.id > cursor[1])
        rows += _read(repo, flt, conds, (Case.id,), sort.descending, limit - len(rows))
    more = len(rows) >= limit
    return CasePage(rows, cursor_of(rows[-1], sort) if rows else cursor, more)


def _read(repo: CaseRepository, flt: CaseFilter, conds: list[ColumnElement[bool]], order: tuple[Any, ...],
          descending: bool, limit: int) -> list[Any]:
    ordering = [c.desc() if descending else c.asc() for c in order]
    modules = sorted(repo.actor.modules)
    if flt.module or len(modules) <= 1:
        q = select(*LIST_COLUMNS).where(*conds).order_by(*ordering).limit(limit)
        return list(repo.session.execute(q).all())
    per_module = [
        select(select(Case.id).where(*conds, Case.module == m).order_by(*ordering).limit(limit).subquery().c.id)
        for m in modules
    ]
    ids = union_all(*per_module).subquery()
    q = select(*LIST_COLUMNS).where(Case.id.in_(select(ids.c.id))).order_by(*ordering).limit(limit)
    return list(repo.session.execute(q).all())
