"""The due-date reminder of listed cases (正常 / 临期 / 今日到期 / 逾期), shared by the case
lists and the search pages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bjstc_desktop.core.clocks import due_reminder
from bjstc_desktop.ops.views import Reminder
from bjstc_desktop.store.repositories.reference import CalendarRepository
from bjstc_desktop.store.repositories.settings import SettingsRepository


def reminder_for(s: Session, today: dt.date | None = None) -> Reminder:
    """Due date → reminder level (core.clocks.due_reminder), with the threshold read
    once and the calendar read only when needed. Call it while `s` is open."""
    return due_reminder(SettingsRepository(s).get("due_soon_workdays"), today or dt.date.today(),
                        CalendarRepository(s).calendar)
