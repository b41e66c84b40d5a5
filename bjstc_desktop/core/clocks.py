"""Statutory clocks: a time limit that starts, pauses, resumes, is extended and stops.

A `ClockState` is a frozen value; each operation returns a new state or raises
RefusedError (nothing changed). `due(calendar)` turns it into a `Deadline`.

Units (domain.md §1.1, §10):
- "workday": working days on the WorkCalendar (holidays and make-up days applied);
- "day": calendar days, rolled forward to the next working day (民法典 第201, 203条);
- "month": months to the corresponding day (or month end), then rolled forward (第202条);
- "hour": wall-clock hours (12345 hot-line 2h/24h); the calendar is not consulted, the
  moments are datetimes and `Deadline.at` holds the exact due moment.

Pauses (补正, 专家评审, 听证): a pause from P to R excludes the days in (P, R]. The pause
day P still counts; the resume day R is treated like an acceptance day, so counting
restarts the day after. For "workday" clocks only working days in the pause matter; for
"day" and "month" clocks every calendar day in it is added. Hour clocks exclude the exact
paused duration. Extensions add n more units, each with a named approver and a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.workcalendar import Deadline, WorkCalendar, add_months

Moment = date | datetime
_ONE_DAY = timedelta(days=1)


def moment_on(day: date) -> datetime:
    """The local moment on `day` at the current time of day: when a step back-dated to
    `day` (demo data, imports) happens, so a past day gives a past moment, today gives
    now, and the steps recorded on one day keep their order. Hour clocks count from it;
    the timeline stores it in UTC (store/models.py `utc_on`)."""
    return datetime.combine(day, datetime.now().time())


class Unit(StrEnum):
    """What a clock counts (same strings as casetypes.ClockDef.unit)."""

    WORKDAY = "workday"
    DAY = "day"
    MONTH = "month"
    HOUR = "hour"


class DueStatus(StrEnum):
    """Reminder level of a deadline (domain.md §6.3 item 4)."""

    NORMAL = "normal"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Limit:
    """A statutory time limit: n units (e.g. 20 workday, 3 month, 24 hour)."""

    n: int
    unit: Unit = Unit.WORKDAY

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 0:
            raise ValidationError(
                "时限必须是非负整数。",
                "A time limit must be a non-negative whole number.",
                field="n",
            )
        try:
            object.__setattr__(self, "unit", Unit(self.unit))
        except ValueError:
            raise ValidationError(
                f"时限单位“{self.unit}”无效。",
                f"Time-limit unit {self.unit!r} is not valid.",
                field="unit",
            ) from None


@dataclass(frozen=True)
class Pause:
    """A period that does not count; `end` is None while the pause is open."""

    start: Moment
    end: Moment | None = None
    reason: str = ""


@dataclass(frozen=True)
class Extension:
    """An approved extension of n units (延期), with who approved it and why."""

    n: int
    approved_by: str
    reason: str
    approved_on: Moment | None = None


@dataclass(frozen=True)
class ClockState:
    """One clock of a case. Build with `ClockState(Limit(20)).start(accepted_on)`."""

    limit: Limit
    started: Moment | None = None
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[Extension, ...] = ()
    stopped: Moment | None = None

    @property
    def is_running(self) -> bool:
        """Started, not stopped and not paused."""
        return self.started is not None and self.stopped is None and not self.is_paused

    @property
    def is_paused(self) -> bool:
        """A pause is open."""
        return bool(self.pauses) and self.pauses[-1].end is None

    @property
    def total(self) -> int:
        """The limit plus every extension, in the clock's unit."""
        return self.limit.n + sum(e.n for e in self.extensions)

    def start(self, on: Moment) -> ClockState:
        """Start counting; `on` (the acceptance day) is itself not counted."""
        if self.started is not None:
            raise RefusedError("时限已经起算。", "The clock has already started.")
        return replace(self, started=self._moment(on))

    def pause(self, on: Moment, reason: str = "") -> ClockState:
        """Stop the clock for 补正, expert review and the like (`on` still counts)."""
        self._require_live("暂停", "pause")
        if self.is_paused:
            raise RefusedError("时限已在暂停中。", "The clock is already paused.")
        on = self._not_before(self._moment(on), self._last_event())
        return replace(self, pauses=(*self.pauses, Pause(start=on, reason=reason)))

    def resume(self, on: Moment) -> ClockState:
        """Restart a paused clock; counting restarts the day after `on`."""
        self._require_live("恢复", "resume")
        if not self.is_paused:
            raise RefusedError(
                "时限未暂停，无法恢复计时。", "The clock is not paused, so it cannot resume."
            )
        open_pause = self.pauses[-1]
        on = self._not_before(self._moment(on), open_pause.start)
        return replace(self, pauses=(*self.pauses[:-1], replace(open_pause, end=on)))

    def extend(self, n: int, approved_by: str, reason: str, on: Moment | None = None) -> ClockState:
        """Add n units, approved by a named person for a stated reason (延期)."""
        self._require_live("延期", "extend")
        if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
            raise ValidationError(
                "延长的期限必须是正整数。",
                "An extension must be a positive whole number.",
                field="n",
            )
        if not approved_by or not approved_by.strip():
            raise ValidationError(
                "延期必须有批准人。",
                "An extension needs the name of who approved it.",
                field="approved_by",
            )
        if not reason or not reason.strip():
            raise ValidationError(
                "延期必须说明理由。", "An extension needs a reason.", field="reason"
            )
        when = None if on is None else self._not_before(self._moment(on), self.started)
        extension = Extension(
            n=n, approved_by=approved_by.strip(), reason=reason.strip(), approved_on=when
        )
        return replace(self, extensions=(*self.extensions, extension))

    def stop(self, on: Moment) -> ClockState:
        """Stop for good (decision made, case withdrawn); an open pause ends on `on`."""
        self._require_live("停止", "stop")
        on = self._not_before(self._moment(on), self._last_event())
        pauses = self.pauses
        if self.is_paused:
            pauses = (*pauses[:-1], replace(pauses[-1], end=on))
        return replace(self, pauses=pauses, stopped=on)

    def due(self, calendar: WorkCalendar, as_of: Moment | None = None) -> Deadline:
        """The due date (or moment, for hour clocks). While a pause is open the answer is
        provisional: the pause is taken to end on `as_of` (default: the day it began)."""
        if self.started is None:
            raise RefusedError("时限尚未起算。", "The clock has not started yet.")
        pauses = self._closed_pauses(as_of)
        if self.limit.unit is Unit.HOUR:
            return _due_hours(_at(self.started), self.total, [(_at(s), _at(e)) for s, e in pauses])
        if self.limit.unit is Unit.WORKDAY:
            return _due_workdays(calendar, self.started, self.total, pauses)
        days = self.total
        if self.limit.unit is Unit.MONTH:
            days = (add_months(self.started, self.total) - self.started).days
        return _due_days(calendar, self.started, days, pauses)

    # -- helpers ---------------------------------------------------------------------

    def _moment(self, value: Moment) -> Moment:
        if self.limit.unit is Unit.HOUR:
            return _at(value)
        if not isinstance(value, date):
            raise ValidationError("需要一个日期。", "A date is needed.", field="on")
        return value.date() if isinstance(value, datetime) else value

    def _require_live(self, zh_action: str, en_action: str) -> None:
        if self.started is None:
            raise RefusedError(
                f"时限尚未起算，无法{zh_action}。",
                f"The clock has not started, so it cannot {en_action}.",
            )
        if self.stopped is not None:
            raise RefusedError(
                f"时限已停止，无法{zh_action}。",
                f"The clock has stopped, so it cannot {en_action}.",
            )

    def _last_event(self) -> Moment | None:
        marks = [m for m in (self.started, *(e for p in self.pauses for e in (p.start, p.end))) if m is not None]
        return max(marks) if marks else None

    @staticmethod
    def _not_before(on: Moment, earliest: Moment | None) -> Moment:
        if earliest is not None and on < earliest:
            raise RefusedError(
                f"{on.isoformat()} 早于上一次计时事件（{earliest.isoformat()}）。",
                f"{on.isoformat()} is before the clock's previous event ({earliest.isoformat()}).",
            )
        return on

    def _closed_pauses(self, as_of: Moment | None) -> list[tuple[Moment, Moment]]:
        closed = []
        for p in self.pauses:
            end = p.end
            if end is None:
                end = p.start if as_of is None else max(p.start, self._moment(as_of))
            closed.append((p.start, end))
        return closed


def _at(value: Moment) -> datetime:
    """A moment of an hour-based clock, which is always a date and time."""
    if not isinstance(value, datetime):
        raise ValidationError(
            "按小时计算的时限需要具体时间。",
            "An hour-based clock needs a date and time.",
            field="on",
        )
    return value


def _paused(d: date, pauses: list[tuple[Moment, Moment]]) -> bool:
    return any(start < d <= end for start, end in pauses)


def _due_workdays(
    calendar: WorkCalendar, start: date, n: int, pauses: list[tuple[Moment, Moment]]
) -> Deadline:
    d, counted = start, 0
    while counted < n:
        d += _ONE_DAY
        if calendar.is_workday(d) and not _paused(d, pauses):
            counted += 1
    unknown = calendar.unknown_years_in(start + _ONE_DAY, d) if n else ()
    return Deadline(date=d, verified=not unknown, unknown_years=unknown)


def _due_days(
    calendar: WorkCalendar, start: date, n: int, pauses: list[tuple[Moment, Moment]]
) -> Deadline:
    d, counted = start, 0
    while counted < n:
        d += _ONE_DAY
        if not _paused(d, pauses):
            counted += 1
    return calendar.roll_forward(d)


def _due_hours(start: datetime, hours: int, pauses: list[tuple[datetime, datetime]]) -> Deadline:
    remaining, t = timedelta(hours=hours), start
    for pause_start, pause_end in pauses:
        if pause_start - t >= remaining:
            break
        remaining -= pause_start - t
        t = pause_end
    at = t + remaining
    return Deadline(date=at.date(), at=at)


def due_reminder(threshold: object, today: date, calendar: Callable[[], WorkCalendar]) -> Callable[[date], str]:
    """Due date → reminder level (`due_status`'s value) for a list of cases, with the
    setting `threshold` (working days; not a whole number ≥ 0: 3) and the work calendar
    loaded by `calendar` only when a due date is near enough for working days to matter
    (a page of closed or far-off cases never loads it)."""
    soon = threshold if isinstance(threshold, int) and threshold >= 0 else 3
    # More calendar days than this always hold more than `soon` working days, even
    # across the longest holiday with its weekends.
    far = timedelta(days=3 * soon + 30)
    loaded: list[WorkCalendar] = []

    def remind(due: date) -> str:
        if due <= today:
            return DueStatus.OVERDUE.value if due < today else DueStatus.DUE_TODAY.value
        if due - today > far:
            return DueStatus.NORMAL.value
        if not loaded:
            loaded.append(calendar())
        return due_status(due, today, loaded[0], soon).value

    return remind


def due_status(
    deadline_date: date, today: date, calendar: WorkCalendar, soon_threshold: int = 3
) -> DueStatus:
    """Reminder level: overdue after the day, due_today on it, due_soon when at most
    `soon_threshold` working days remain (counted as in workdays_between), else normal."""
    if (
        isinstance(soon_threshold, bool)
        or not isinstance(soon_threshold, int)
        or soon_threshold < 0
    ):
        raise ValidationError(
            "提醒阈值必须是非负整数。",
            "The reminder threshold must be a non-negative whole number.",
            field="soon_threshold",
        )
    deadline_date = deadline_date.date() if isinstance(deadline_date, datetime) else deadline_date
    today = today.date() if isinstance(today, datetime) else today
    if today > deadline_date:
        return DueStatus.OVERDUE
    if today == deadline_date:
        return DueStatus.DUE_TODAY
    if calendar.workdays_between(today, deadline_date) <= soon_threshold:
        return DueStatus.DUE_SOON
    return DueStatus.NORMAL
