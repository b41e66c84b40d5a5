"""The working-day calendar: statutory holidays and make-up working days (调休上班日).

Monday to Friday are working days unless a `CalendarDay` entry says otherwise. A year is
*known* only when its State Council notice has been loaded. A day of an unknown year
still rests on the holidays the law fixes (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆 and
their 补假, core/statutory_holidays.py) but knows no make-up working day; every deadline
that counts such a day says so (`Deadline.verified` is False, `Deadline.unknown_years`
lists the years). It never pretends to be verified (domain.md §6.3).

Counting conventions (domain.md §1.1, 民法典 第201-203条):
- the starting day (acceptance, resumption) is never counted: counting starts the next day;
- `workdays_between(a, b)` counts the working days in the half-open interval (a, b], so
  `workdays_between(a, add_workdays(a, n).date) == n` for every n >= 0;
- a calendar-day or month period whose last day is a rest day ends on the next working day.
"""

from __future__ import annotations

import calendar as _gregorian
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from bjstc_desktop.core.errors import IntegrityError, ValidationError
from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.core.statutory_holidays import statutory_days

HOLIDAY = "holiday"
ADJUSTED_WORKDAY = "adjusted_workday"
KINDS = (HOLIDAY, ADJUSTED_WORKDAY)
SEED_FILE = ("seed", "calendar.json")
_ONE_DAY = timedelta(days=1)
ESTIMATED = "（依法推算，待国务院通知）"  # source_doc suffix of a statutory day of an unknown year
NOTICE_REMINDER_MONTH = 12  # the notice appears in November; the administrator enters it in December


@dataclass(frozen=True)
class CalendarDay:
    """One day that a State Council notice sets apart from the Mon-Fri default.

    `kind` is "holiday" (a rest day, `is_workday` False) or "adjusted_workday" (a
    make-up working day on a weekend, `is_workday` True)."""

    date: date
    is_workday: bool
    kind: str
    holiday_name: str
    source_doc: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError(
                f"日历日类型“{self.kind}”无效，应为 holiday 或 adjusted_workday。",
                f"Calendar day kind {self.kind!r} is not valid: use holiday or adjusted_workday.",
                field="kind",
            )
        if self.is_workday != (self.kind == ADJUSTED_WORKDAY):
            raise ValidationError(
                f"{self.date.isoformat()}：节假日不能是工作日，调休上班日必须是工作日。",
                f"{self.date.isoformat()}: a holiday cannot be a working day and a make-up "
                "working day must be one.",
                field="is_workday",
            )


@dataclass(frozen=True)
class Deadline:
    """A computed due date. `verified` is False when a counted day lies in a year the
    calendar does not know; those years are in `unknown_years`. Hour-based clocks also
    set `at`, the exact wall-clock moment (then `date == at.date()`)."""

    date: date
    verified: bool = True
    unknown_years: tuple[int, ...] = ()
    at: datetime | None = None


class WorkCalendar:
    """Working days from a set of exceptional days plus the years they are verified for.

    Immutable after construction; build a new one when an officer enters a new notice."""

    def __init__(self, days: Iterable[CalendarDay], known_years: Iterable[int]) -> None:
        overrides: dict[date, CalendarDay] = {}
        for day in days:
            previous = overrides.get(day.date)
            if previous is not None and previous.is_workday != day.is_workday:
                raise ValidationError(
                    f"{day.date.isoformat()} 在日历中出现两次且互相矛盾。",
                    f"{day.date.isoformat()} appears twice in the calendar with conflicting values.",
                    field="date",
                )
            overrides[day.date] = day
        self._overrides = overrides
        self._known_years = frozenset(int(y) for y in known_years)
        self._estimated: dict[int, dict[date, CalendarDay]] = {}

    @property
    def known_years(self) -> frozenset[int]:
        """The years whose State Council notice is loaded."""
        return self._known_years

    def is_known_year(self, year: int) -> bool:
        """True when the holiday notice for `year` is loaded."""
        return year in self._known_years

    def entry(self, d: date) -> CalendarDay | None:
        """The exceptional-day entry for `d` (holiday name, source notice), if any; in a
        year whose notice is not loaded, the statutory holiday it falls on (its source
        ends in ESTIMATED)."""
        d = _as_date(d)
        day = self._overrides.get(d)
        if day is None and d.year not in self._known_years:
            day = self._estimated_days(d.year).get(d)
        return day

    def is_workday(self, d: date) -> bool:
        """True when `d` is a working day (Mon-Fri default unless an entry overrides it).
        Days of unknown years rest on the statutory holidays and know no make-up working
        day; use a Deadline to see the flag."""
        day = self.entry(d)
        return day.is_workday if day is not None else _as_date(d).weekday() < 5

    def _estimated_days(self, year: int) -> dict[date, CalendarDay]:
        days = self._estimated.get(year)
        if days is None:
            days = {s.date: CalendarDay(s.date, False, HOLIDAY, s.name, s.basis + ESTIMATED)
                    for s in statutory_days(year)}
            self._estimated[year] = days
        return days

    def next_workday(self, d: date) -> date:
        """The first working day strictly after `d` (same date as add_workdays(d, 1))."""
        d = _as_date(d) + _ONE_DAY
        while not self.is_workday(d):
            d += _ONE_DAY
        return d

    def unknown_years_in(self, first: date, last: date) -> tuple[int, ...]:
        """The years from `first` to `last` (inclusive, either order) the calendar does
        not know, ascending."""
        lo, hi = sorted((_as_date(first).year, _as_date(last).year))
        return tuple(y for y in range(lo, hi + 1) if y not in self._known_years)

    def add_workdays(self, start: date, n: int) -> Deadline:
        """The n-th working day after `start` (start itself not counted; n=0 gives start)."""
        start = _as_date(start)
        _check_count(n)
        d, counted = start, 0
        while counted < n:
            d += _ONE_DAY
            if self.is_workday(d):
                counted += 1
        return self._deadline(start + _ONE_DAY, d) if n else Deadline(start)

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: `a` not counted, `b` counted when it is a working day.
        Antisymmetric: negative when b is before a. Unknown years count Mon-Fri (see
        `unknown_years_in`)."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.workdays_between(b, a)
        count, d = 0, a + _ONE_DAY
        while d <= b:
            count += self.is_workday(d)
            d += _ONE_DAY
        return count

    def add_calendar_days(self, start: date, n: int) -> Deadline:
        """A period of n calendar days from `start` (start not counted); when the last day
        is a rest day the period ends on the next working day (民法典 第201, 203条)."""
        start = _as_date(start)
        _check_count(n)
        return self.roll_forward(start + timedelta(days=n))

    def add_calendar_months(self, start: date, n: int) -> Deadline:
        """A period of n months: it ends on the corresponding day of the final month, or
        that month's last day when it has none, rolled forward to a working day
        (民法典 第202, 203条)."""
        start = _as_date(start)
        _check_count(n)
        return self.roll_forward(add_months(start, n))

    def roll_forward(self, last: date) -> Deadline:
        """`last` when it is a working day, else the next working day; flagged when the
        calendar does not know the year(s) consulted."""
        last = _as_date(last)
        end = last if self.is_workday(last) else self.next_workday(last)
        return self._deadline(last, end)

    def _deadline(self, first: date, last: date) -> Deadline:
        unknown = self.unknown_years_in(first, last)
        return Deadline(date=last, verified=not unknown, unknown_years=unknown)


def missing_notice_year(today: date, known_years: Iterable[int]) -> int | None:
    """The year whose State Council holiday notice the system administrator should enter
    now, or None: next year's from December on (the notice appears in November), this
    year's whenever it is still missing."""
    known = set(known_years)
    if today.year not in known:
        return today.year
    if today.month >= NOTICE_REMINDER_MONTH and today.year + 1 not in known:
        return today.year + 1
    return None


def add_months(d: date, n: int) -> date:
    """`d` plus n months; the month's last day when the corresponding day does not exist."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, _gregorian.monthrange(year, month)[1]))


def load_seed_calendar(path: Path | None = None) -> tuple[list[CalendarDay], set[int]]:
    """Read resources/seed/calendar.json (made by tools/seed_calendar.py): the
    exceptional days and the set of known years. Raises IntegrityError when it is
    missing or malformed."""
    path = path or resources_dir().joinpath(*SEED_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        days = [
            CalendarDay(
                date=date.fromisoformat(row["date"]),
                is_workday=bool(row["is_workday"]),
                kind=row["kind"],
                holiday_name=row["holiday_name"],
                source_doc=row["source_doc"],
            )
            for row in data["days"]
        ]
        known = {int(y) for y in data["known_years"]}
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
        raise IntegrityError(
            f"工作日历种子文件 {path} 缺失或已损坏。",
            f"The working-day calendar seed {path} is missing or corrupt ({exc}).",
        ) from exc
    return days, known


def _as_date(d: date) -> date:
    # datetime is a date subclass but does not compare with date; use the day only.
    return d.date() if isinstance(d, datetime) else d


# A hundred years of days: longer than any statutory period, short enough that counting
# working days one by one stays quick and no date runs past the calendar's end.
MAX_COUNT = 36_500


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValidationError(
            f"期限天数必须是非负整数，收到 {n!r}。",
            f"The number of days must be a non-negative whole number, got {n!r}.",
            field="n",
        )
    if n > MAX_COUNT:
        raise ValidationError(
            f"期限过长：最多 {MAX_COUNT} 个单位（约一百年），收到 {n}。",
            f"The period is too long: at most {MAX_COUNT} units (about a hundred years), got {n}.",
            field="n",
        )
