"""Reference data loaded into a new store: the working-day calendar (from
chinesecalendar via resources/seed/calendar.json) and the rule table (from the
module files, each number with its legal basis)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.core.workcalendar import load_seed_calendar
from bjstc_desktop.store.models import CalendarDay, CalendarYear, RuleParameter


def seed_calendar(session: Session) -> int:
    """Insert the seed calendar's exceptional days and known years; returns days added."""
    days, years = load_seed_calendar()
    existing = {d for (d,) in session.query(CalendarDay.day)}
    added = 0
    for d in days:
        if d.date in existing:
            continue
        session.add(CalendarDay(day=d.date, is_workday=d.is_workday, kind=d.kind,
                                holiday_name=d.holiday_name or "", source_doc=d.source_doc or ""))
        added += 1
    known = {y for (y,) in session.query(CalendarYear.year)}
    for y in sorted(set(years) - known):
        session.add(CalendarYear(year=y, source_doc=f"国务院办公厅关于{y}年部分节假日安排的通知"))
    return added


def seed_rules(session: Session) -> int:
    """Insert every rule the module files declare that the table does not have yet."""
    known = {k for (k,) in session.query(RuleParameter.key)}
    added = 0
    for ct in all_case_types():
        for r in ct.rules:
            if r.key in known:
                continue
            session.add(RuleParameter(key=r.key, label=r.label, value=r.value, unit=r.unit, basis=r.basis))
            known.add(r.key)
            added += 1
    return added
