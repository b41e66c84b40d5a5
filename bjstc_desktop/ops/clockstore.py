"""A case's clocks in the store, and the case's due date derived from them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.clockcodec import clock_from_json, clock_to_json
from bjstc_desktop.core.clocks import ClockState
from bjstc_desktop.core.workcalendar import WorkCalendar
from bjstc_desktop.store.models import Case, CaseClock


def load_clocks(session: Session, case_id: str) -> dict[str, ClockState]:
    """The case's clocks by key."""
    rows = session.execute(select(CaseClock).where(CaseClock.case_id == case_id)).scalars()
    return {r.key: clock_from_json(json.loads(r.state)) for r in rows}


def save_clock(session: Session, case: Case, ct: CaseType, key: str, state: ClockState | None,
               calendar: WorkCalendar, *, new: bool = False) -> CaseClock | None:
    """Store one clock with the due date it gives now (`new`: the case was just made and
    has no clocks to look up). Returns the stored row (None: the clock was removed)."""
    row = None if new else session.get(CaseClock, (case.id, key))
    if state is None:
        if row is not None:
            session.delete(row)
        return None
    columns = clock_columns(ct, key, state, calendar)
    if row is None:
        row = CaseClock(case_id=case.id, key=key, kind=columns["kind"])
        session.add(row)
    for name in ("state", "running", "due_on", "due_verified"):  # a stored clock keeps its kind
        setattr(row, name, columns[name])
    return row


def clock_columns(ct: CaseType, key: str, state: ClockState, calendar: WorkCalendar) -> dict[str, Any]:
    """A clock's stored columns (kind, state, running, due date): the one place they are
    computed, for a row of the ORM (`save_clock`) and for a new case's plain insert
    (ops/new_cases.py)."""
    cd = ct.clock(key)
    out: dict[str, Any] = {"kind": cd.kind if cd else "limit",
                           "state": json.dumps(clock_to_json(state), ensure_ascii=False),
                           "running": state.started is not None and state.stopped is None,
                           "due_on": None, "due_verified": True}
    if state.started is not None:
        deadline = state.due(calendar, as_of=dt.date.today())
        out["due_on"], out["due_verified"] = deadline.date, deadline.verified
    return out


def case_due(ct: CaseType, fields: Mapping[str, object], closed_on: dt.date | None,
             clocks: Iterable[tuple[bool, str, dt.date | None, bool]]) -> tuple[dt.date | None, bool]:
    """The case's (due date, verified) from its clocks as (running, kind, due_on,
    due_verified): the earliest running statutory deadline, or the deadline set from
    outside (交办时限) when the type has one. Fixed periods (公示) are not deadlines."""
    candidates = [(due, verified) for running, kind, due, verified in clocks
                  if running and kind == "limit" and due is not None]
    external = fields.get(ct.due_field) if ct.due_field else None
    if isinstance(external, str) and closed_on is None:
        candidates.append((dt.date.fromisoformat(external), True))
    if closed_on is not None or not candidates:
        return None, True
    return min(candidates, key=lambda c: c[0])


def refresh_case_due(session: Session, case: Case, ct: CaseType, fields: dict[str, object],
                     clocks: Sequence[CaseClock] | None = None) -> None:
    """The case's due date: the earliest running statutory deadline, or the deadline set
    from outside (交办时限) when the type has one. Fixed periods (公示) are not deadlines.
    `clocks`: every clock of the case, when the caller holds them (a case just made)."""
    if clocks is None:
        session.flush()
        clocks = list(session.execute(select(CaseClock).where(
            CaseClock.case_id == case.id, CaseClock.running.is_(True), CaseClock.kind == "limit",
            CaseClock.due_on.is_not(None))).scalars())
    case.due_on, case.due_verified = case_due(ct, fields, case.closed_on,
                                              ((r.running, r.kind, r.due_on, r.due_verified) for r in clocks))
