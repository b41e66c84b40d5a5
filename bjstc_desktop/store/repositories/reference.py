"""Reference tables: the working-day calendar and the rule parameters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.workcalendar import CalendarDay as DomainDay
from bjstc_desktop.core.workcalendar import WorkCalendar
from bjstc_desktop.store.models import CalendarDay, CalendarYear, RuleParameter, table, utcnow

_CALENDARS: dict[tuple[object, ...], WorkCalendar] = {}  # WorkCalendar is immutable


class CalendarRepository:
    """The calendar as stored: exceptional days and the years whose notice is loaded."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def calendar(self) -> WorkCalendar:
        """The working-day calendar the clocks count on. Kept per store while its days
        and years are unchanged (the check is one aggregate query; building the calendar
        from its ~800 rows takes ~15 ms and every list page needs it). Plain SQL: the
        first screen's list reads it with no mapper configured."""
        day_rows, year_rows = table(CalendarDay).c, table(CalendarYear).c
        days_n, days_at = self.session.execute(select(func.count(), func.max(day_rows.updated_at))).one()
        years_n, years_at = self.session.execute(select(func.count(), func.max(year_rows.updated_at))).one()
        key = (str(self.session.get_bind().engine.url), days_n, str(days_at), years_n, str(years_at))
        cached = _CALENDARS.get(key)
        if cached is None:
            cols = (day_rows.day, day_rows.is_workday, day_rows.kind, day_rows.holiday_name,
                    day_rows.source_doc)  # plain rows: a fifth of the time of ORM objects
            days = [DomainDay(*r) for r in self.session.execute(select(*cols))]
            years = [y for (y,) in self.session.execute(select(year_rows.year))]
            cached = WorkCalendar(days, years)
            if len(_CALENDARS) >= 8:
                _CALENDARS.clear()
            _CALENDARS[key] = cached
        return cached

    def known_years(self) -> list[int]:
        """Years whose State Council notice is loaded."""
        return sorted(y for (y,) in self.session.execute(select(CalendarYear.year)))

    def days_of_year(self, year: int) -> list[CalendarDay]:
        """The exceptional days of a year, in order."""
        q = select(CalendarDay).where(CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31))
        return list(self.session.execute(q.order_by(CalendarDay.day)).scalars())

    def set_year(self, year: int, days: list[DomainDay], source_doc: str, by: str) -> tuple[int, int]:
        """Replace a year's exceptional days with those of its notice and mark the year
        known; returns (days before, days after)."""
        old = self.days_of_year(year)
        for day in old:
            self.session.delete(day)
        self.session.flush()
        for d in days:
            self.session.add(CalendarDay(day=d.date, is_workday=d.is_workday, kind=d.kind,
                                         holiday_name=d.holiday_name, source_doc=source_doc, updated_by=by))
        row = self.session.get(CalendarYear, year)
        if row is None:
            self.session.add(CalendarYear(year=year, source_doc=source_doc, updated_by=by))
        else:
            row.source_doc, row.updated_by, row.updated_at = source_doc, by, utcnow()
        return len(old), len(days)


class RuleRepository:
    """Statutory numbers with their legal basis."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def values(self) -> dict[str, str]:
        """Every rule key with its current value."""
        return dict(self.session.execute(select(RuleParameter.key, RuleParameter.value)).all())

    def all(self) -> list[RuleParameter]:
        """Every rule, by key."""
        return list(self.session.execute(select(RuleParameter).order_by(RuleParameter.key)).scalars())

    def get(self, key: str) -> RuleParameter:
        """One rule."""
        row = self.session.get(RuleParameter, key)
        if row is None:
            raise NotFoundError(f"没有规则参数“{key}”。", f"There is no rule parameter {key!r}.")
        return row
