"""The due-date reminder of listed cases (正常 / 临期 / 今日到期 / 逾期), shared by the case
lists and the search pages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bjstc_desktop.core.clocks import DueStatus, due_status
from bjstc_desktop.core.workcalendar import WorkCalendar
from bjstc_desktop.ops.views import Reminder
from bjstc_desktop.store.repositories.reference import CalendarRepository
from bjstc_desktop.store.repositories.settings import SettingsRepository


def reminder_for(s: Session, today: dt.date | None = None) -> Reminder:
    """Due date → reminder level, with the threshold read once and the calendar read
    only when a due date is near enough for working days to matter (a page of closed or
    far-off cases never loads it). Call it while `s` is open."""
    threshold = SettingsRepository(s).get("due_soon_workdays")
    threshold = threshold if isinstance(threshold, int) and threshold >= 0 else 3
    day = today or dt.date.today()
    # More calendar days than this always hold more than `threshold` working days, even
    # across the longest holiday with its weekends.
    far = dt.timedelta(days=3 * threshold + 30)
    calendar: list[WorkCalendar] = []

    def remind(due: dt.date) -> str:
        if due <= day:
            return DueStatus.OVERDUE.value if due < day else DueStatus.DUE_TODAY.value
        if due - day > far:
            return DueStatus.NORMAL.value
        if not calendar:
            calendar.append(CalendarRepository(s).calendar())
        return due_status(due, day, calendar[0], threshold).value

    return remind
