"""What the first window reads, over the first screen's DB-API connection: the tab
counts, a duty's first page in any sort, every account's name, the settings, whether
the officer has drafts, and the due-date reminder of the listed cases. The same SQL the
store's plain-SQL reads compile to (store/repositories/cases.py, case_lists.py,
users.py, settings.py, reference.py), with dates and sealed titles converted here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bjstc_desktop.core.clocks import due_reminder
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.core.searchquery import CaseSort, SortKey
from bjstc_desktop.core.workcalendar import CalendarDay, WorkCalendar
from bjstc_desktop.store.firstscreen.connection import PlainStore, stored_date
from bjstc_desktop.store.listrow import ListRow
from bjstc_desktop.store.sealedjson import unpack

CASES_TABLE = "cases"  # bound into a sealed case row's associated data (sealing.Sealing.name)
SETTING_DEFAULTS: dict[str, Any] = {"auto_lock_minutes": 10, "language": "zh", "due_soon_workdays": 3}
LIST_FIELDS = ("id", "case_no", "case_type", "module", "title", "state", "classification", "due_on", "due_verified",
               "closed_on", "received_on", "handler_id", "district", "case_no_key")
_SORT_COLUMNS = {SortKey.RECEIVED: "received_on", SortKey.DUE: "due_on", SortKey.CASE_NO: "case_no_key",
                 SortKey.STATE: "state", SortKey.NEWEST: "id"}
_NULLABLE = frozenset({SortKey.RECEIVED, SortKey.DUE, SortKey.CASE_NO})
Cursor = tuple[str | None, str]


def _visible(actor: Actor) -> tuple[str, list[Any]]:
    """cases.visible_to as SQL text and its parameters."""
    if not actor.role.handles_cases or not actor.modules:
        return "0", []
    modules = sorted(actor.modules)
    return f"classification <= ? AND module IN ({', '.join('?' * len(modules))})", [int(actor.clearance), *modules]


def counts(db: PlainStore, actor: Actor) -> dict[str, int]:
    """CaseRepository.count_by_module: visible cases per module, from the tallies."""
    if not actor.role.handles_cases or not actor.modules:
        return {}
    modules = sorted(actor.modules)
    rows = db.rows(f"SELECT module, sum(n) FROM case_tallies WHERE classification <= ? AND module IN "
                   f"({', '.join('?' * len(modules))}) GROUP BY module HAVING sum(n) > 0",
                   (int(actor.clearance), *modules))
    return {m: int(n) for m, n in rows}


def names(db: PlainStore) -> dict[str | None, str]:
    """users.user_names: every account's name by id."""
    return {uid: name for uid, name in db.rows("SELECT id, name FROM users")}


def settings(db: PlainStore) -> dict[str, Any]:
    """SettingsRepository.all: every setting, defaults filled in."""
    out = dict(SETTING_DEFAULTS)
    for key, value in db.rows("SELECT key, value FROM settings"):
        out[key] = json.loads(value)
    return out


def has_drafts(db: PlainStore, actor: Actor) -> bool:
    """Whether DraftRepository.all would find any of the officer's visible drafts."""
    modules = sorted(actor.modules)
    if not modules:
        return False
    found = db.rows(f"SELECT id FROM drafts WHERE user_id = ? AND classification <= ? AND module IN "
                    f"({', '.join('?' * len(modules))}) LIMIT 1", (actor.user_id, int(actor.clearance), *modules))
    return bool(found)


def _plain(db: PlainStore, rows: list[Any]) -> list[ListRow]:
    out = []
    for r in rows:
        title = r.title
        if r.sealed is not None and r.classification > 0:
            title = unpack(db.content.open(r.classification, CASES_TABLE, r.id, r.sealed)).get("title", "")
        out.append(ListRow(r.id, r.case_no, r.case_type, r.module, title, r.state, int(r.classification),
                            stored_date(r.due_on), bool(r.due_verified), stored_date(r.closed_on),
                            stored_date(r.received_on), r.handler_id, r.district, r.case_no_key))
    return out


@dataclass(frozen=True)
class PlainPage:
    """One page of a duty's list and where the next one starts (case_lists.CasePage)."""

    rows: list[ListRow]
    cursor: Cursor | None
    more: bool


def duty_page(db: PlainStore, actor: Actor, module: str, case_type: str | None, sort: CaseSort,
              limit: int) -> PlainPage:
    """case_lists.sorted_page for one duty's first page: up to `limit` visible cases of
    `module` (and `case_type`) in `sort` order, those without a sort value last."""
    key, col = sort.key, _SORT_COLUMNS[sort.key]
    visible, params = _visible(actor)
    where = [visible, "module = ?"]
    params = [*params, module]
    if case_type:
        where.append("case_type = ?")
        params.append(case_type)
    direction = "DESC" if sort.descending else "ASC"
    select = f"SELECT {', '.join(LIST_FIELDS)}, sealed FROM cases WHERE "
    order = f"id {direction}" if key is SortKey.NEWEST else f"{col} {direction}, id {direction}"
    rows: list[Any] = []
    if key in _NULLABLE:
        rows = db.rows(select + " AND ".join([*where, f"{col} IS NOT NULL"]) + f" ORDER BY {order} LIMIT ?",
                       (*params, limit))
        if len(rows) < limit:
            rows += db.rows(select + " AND ".join([*where, f"{col} IS NULL"]) + f" ORDER BY id {direction} LIMIT ?",
                            (*params, limit - len(rows)))
    else:
        rows = db.rows(select + " AND ".join(where) + f" ORDER BY {order} LIMIT ?", (*params, limit))
    page = _plain(db, rows)
    cursor = _cursor(page[-1], key) if page else None
    return PlainPage(page, cursor, len(page) >= limit)


def _cursor(row: ListRow, key: SortKey) -> Cursor:
    value = getattr(row, _SORT_COLUMNS[key])
    if isinstance(value, dt.date):
        value = value.isoformat()
    return (None if value is None else str(value), row.id)


def reminder(db: PlainStore, today: dt.date | None = None) -> Callable[[dt.date], str]:
    """ops.reminders.reminder_for over this connection (core.clocks.due_reminder)."""
    def calendar() -> WorkCalendar:
        days = [CalendarDay(stored_date(d), bool(w), k, h, s)  # type: ignore[arg-type]  # the key is never NULL
                for d, w, k, h, s in db.rows("SELECT day, is_workday, kind, holiday_name, source_doc"
                                             " FROM calendar_days")]
        return WorkCalendar(days, [y for (y,) in db.rows("SELECT year FROM calendar_years")])

    return due_reminder(settings(db).get("due_soon_workdays"), today or dt.date.today(), calendar)
