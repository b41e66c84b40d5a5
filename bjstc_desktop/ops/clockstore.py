"""A case's clocks in the store, and the case's due date derived from them."""

from __future__ import annotations

import datetime as dt
import json

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
               calendar: WorkCalendar) -> None:
    """Store one clock with the due date it gives now."""
    row = session.get(CaseClock, (case.id, key))
    if state is None:
        if row is not None:
            session.delete(row)
        return
    cd = ct.clock(key)
    if row is None:
        row = CaseClock(case_id=case.id, key=key, kind=cd.kind if cd else "limit")
        session.add(row)
    row.state = json.dumps(clock_to_json(state), ensure_ascii=False)
    row.running = state.started is not None and state.stopped is None
    if state.started is not None:
        deadline = state.due(calendar, as_of=dt.date.today())
        row.due_on, row.due_verified = deadline.date, deadline.verified
    else:
        row.due_on, row.due_verified = None, True


def refresh_case_due(session: Session, case: Case, ct: CaseType, fields: dict[str, object]) -> None:
    """The case's due date: the earliest running statutory deadline, or the deadline set
    from outside (交办时限) when the type has one. Fixed periods (公示) are not deadlines."""
    session.flush()
    rows = session.execute(select(CaseClock).where(CaseClock.case_id == case.id, CaseClock.running.is_(True),
                                                   CaseClock.kind == "limit", CaseClock.due_on.is_not(None))).scalars()
    candidates = [(r.due_on, r.due_verified) for r in rows if r.due_on is not None]  # the query's is_not(None)
    external = fields.get(ct.due_field) if ct.due_field else None
    if isinstance(external, str) and case.closed_on is None:
        candidates.append((dt.date.fromisoformat(external), True))
    if case.closed_on is not None or not candidates:
        case.due_on, case.due_verified = None, True
        return
    case.due_on, case.due_verified = min(candidates, key=lambda c: c[0])
