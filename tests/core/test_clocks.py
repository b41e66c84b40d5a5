"""Statutory clocks: pauses, extensions, units and reminder levels. Expected dates are
worked out by hand from the 2026 holiday list (domain.md §6.2)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bjstc_desktop.core.clocks import ClockState, DueStatus, Limit, Unit, due_status
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.workcalendar import Deadline, WorkCalendar, load_seed_calendar

D = date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(*load_seed_calendar())


def licensing_clock(accepted: date, n: int = 20) -> ClockState:
    return ClockState(Limit(n, Unit.WORKDAY)).start(accepted)


def test_clock_across_spring_festival_2026(cal: WorkCalendar) -> None:
    # 2/11-13 (1-3), Sat 2/14 (4), 2/15-23 off, 2/24-27 (5-8), Sat 2/28 (9),
    # 3/2-6 (10-14), 3/9-13 (15-19), 3/16 (20).
    assert licensing_clock(D(2026, 2, 10)).due(cal) == Deadline(D(2026, 3, 16), True, ())


def test_supplement_pause_across_spring_festival(cal: WorkCalendar) -> None:
    # Paused Thu 2/12 (counts), resumed Wed 2/25: working days 2/13, Sat 2/14, 2/24 and
    # 2/25 do not count -> four more than 3/16: 3/17, 3/18, 3/19, 3/20.
    clock = licensing_clock(D(2026, 2, 10)).pause(D(2026, 2, 12), "补正").resume(D(2026, 2, 25))
    assert clock.due(cal).date == D(2026, 3, 20)


def test_clock_across_national_day_2026_with_pause_and_extension(cal: WorkCalendar) -> None:
    clock = licensing_clock(D(2026, 9, 18))
    assert clock.due(cal).date == D(2026, 10, 22)  # see test_workcalendar
    # 专家评审 from Tue 9/22 to Tue 9/29: 9/23, 9/24, 9/28, 9/29 excluded (9/25-27 are
    # 中秋 anyway) -> 10/22 + 4 working days = 10/23, 10/26, 10/27, 10/28.
    clock = clock.pause(D(2026, 9, 22), "专家评审").resume(D(2026, 9, 29))
    assert clock.due(cal).date == D(2026, 10, 28)
    # +10 working days: 10/29, 10/30, 11/2-11/6, 11/9, 11/10, 11/11.
    extended = clock.extend(10, approved_by="王处长", reason="需现场核查", on=D(2026, 10, 20))
    assert extended.due(cal) == Deadline(D(2026, 11, 11), True, ())
    (ext,) = extended.extensions
    assert (ext.n, ext.approved_by, ext.reason, ext.approved_on) == (
        10,
        "王处长",
        "需现场核查",
        D(2026, 10, 20),
    )
    assert clock.extensions == ()  # states are values: the old one is unchanged


def test_pause_day_counts_and_resume_day_does_not(cal: WorkCalendar) -> None:
    # Paused Thu 9/24, resumed Sat 9/26: excluded are (9/24, 9/26] = 9/25 (中秋) and
    # Sat 9/26, both off anyway, so nothing is lost: still 10/22.
    clock = licensing_clock(D(2026, 9, 18)).pause(D(2026, 9, 24)).resume(D(2026, 9, 26))
    assert clock.due(cal).date == D(2026, 10, 22)
    # Resumed Mon 9/28 instead: 9/28 is excluded too -> one more day, 10/23.
    clock = licensing_clock(D(2026, 9, 18)).pause(D(2026, 9, 24)).resume(D(2026, 9, 28))
    assert clock.due(cal).date == D(2026, 10, 23)


def test_open_pause_gives_a_provisional_due_date(cal: WorkCalendar) -> None:
    clock = licensing_clock(D(2026, 9, 18)).pause(D(2026, 9, 22), "补正")
    assert clock.is_paused and not clock.is_running
    assert clock.due(cal).date == D(2026, 10, 22)
    assert clock.due(cal, as_of=D(2026, 9, 29)).date == D(2026, 10, 28)


def test_stop_closes_an_open_pause_and_keeps_the_due_date(cal: WorkCalendar) -> None:
    clock = licensing_clock(D(2026, 9, 18)).pause(D(2026, 9, 22)).stop(D(2026, 9, 29))
    assert clock.stopped == D(2026, 9, 29)
    assert clock.pauses[-1].end == D(2026, 9, 29)
    assert clock.due(cal).date == D(2026, 10, 28)


def test_calendar_day_clock_with_pause_ends_on_holiday_and_rolls(cal: WorkCalendar) -> None:
    clock = ClockState(Limit(7, "day")).start(D(2026, 9, 20))
    assert clock.due(cal).date == D(2026, 9, 28)  # 9/27 is 中秋 (Sunday) -> Mon 9/28
    # Paused 9/21 -> 9/25: 9/22-9/25 do not count. 9/21 (1), 9/26-10/1 (2-7): 10/1 is
    # 国庆, off to 10/7 -> Thu 10/8.
    clock = clock.pause(D(2026, 9, 21)).resume(D(2026, 9, 25))
    assert clock.due(cal).date == D(2026, 10, 8)


def test_month_clock_for_a_proposal_reply_with_extension(cal: WorkCalendar) -> None:
    clock = ClockState(Limit(3, Unit.MONTH)).start(D(2026, 4, 15))
    assert clock.due(cal).date == D(2026, 7, 15)
    # +1 month: 8/15/2026 is a Saturday -> Monday 8/17.
    clock = clock.extend(1, approved_by="李主任", reason="需会办")
    assert clock.due(cal).date == D(2026, 8, 17)


def test_hour_clock_counts_wall_clock_hours(cal: WorkCalendar) -> None:
    clock = ClockState(Limit(2, Unit.HOUR)).start(datetime(2026, 10, 1, 9, 0))
    due = clock.due(cal)
    assert due.at == datetime(2026, 10, 1, 11, 0)  # 国庆 does not stop a 12345 clock
    assert (due.date, due.verified) == (D(2026, 10, 1), True)


def test_hour_clock_pause_and_extension(cal: WorkCalendar) -> None:
    clock = (
        ClockState(Limit(24, Unit.HOUR))
        .start(datetime(2026, 10, 1, 9, 0))
        .pause(datetime(2026, 10, 1, 10, 0))
        .resume(datetime(2026, 10, 1, 13, 30))
    )
    assert clock.due(cal).at == datetime(2026, 10, 2, 12, 30)
    clock = clock.extend(24, approved_by="值班长", reason="需转办")
    assert clock.due(cal).at == datetime(2026, 10, 3, 12, 30)


def test_hour_clock_needs_a_time() -> None:
    with pytest.raises(ValidationError):
        ClockState(Limit(2, Unit.HOUR)).start(D(2026, 10, 1))


def test_unknown_year_deadline_is_flagged() -> None:
    cal = WorkCalendar([], known_years={2026})
    # Mon-Fri from 12/16/2026: ... 12/31 (12), 2027-01-01 元旦 by law, 1/4 (13) ... 1/13 (20).
    due = licensing_clock(D(2026, 12, 15)).due(cal)
    assert due == Deadline(D(2027, 1, 13), False, (2027,))


def test_illegal_operations_are_refused() -> None:
    fresh = ClockState(Limit(20))
    running = fresh.start(D(2026, 9, 18))
    paused = running.pause(D(2026, 9, 22))
    stopped = running.stop(D(2026, 9, 30))
    refused = [
        lambda: running.resume(D(2026, 9, 23)),  # not paused
        lambda: paused.pause(D(2026, 9, 23)),  # already paused
        lambda: running.start(D(2026, 9, 19)),  # already started
        lambda: fresh.pause(D(2026, 9, 22)),  # not started
        lambda: fresh.due(WorkCalendar([], known_years=())),  # not started
        lambda: stopped.pause(D(2026, 10, 8)),  # stopped
        lambda: stopped.stop(D(2026, 10, 8)),  # stopped
        lambda: stopped.extend(10, "王处长", "理由"),  # stopped
        lambda: paused.resume(D(2026, 9, 21)),  # before the pause began
        lambda: running.pause(D(2026, 9, 17)),  # before the clock started
    ]
    for operation in refused:
        with pytest.raises(RefusedError) as info:
            operation()
        assert info.value.zh and info.value.en


@pytest.mark.parametrize(
    ("n", "approved_by", "reason", "field"),
    [
        (10, "", "理由", "approved_by"),
        (10, "   ", "理由", "approved_by"),
        (10, "王处长", "", "reason"),
        (0, "王处长", "理由", "n"),
        (-5, "王处长", "理由", "n"),
    ],
)
def test_extension_needs_approver_reason_and_positive_length(
    n: int, approved_by: str, reason: str, field: str
) -> None:
    running = ClockState(Limit(20)).start(D(2026, 9, 18))
    with pytest.raises(ValidationError) as info:
        running.extend(n, approved_by, reason)
    assert info.value.field == field


def test_limit_validation() -> None:
    with pytest.raises(ValidationError):
        Limit(-1)
    with pytest.raises(ValidationError):
        Limit(3, "week")
    assert Limit(3, "month").unit is Unit.MONTH


@pytest.mark.parametrize(
    ("today", "threshold", "expected"),
    [
        (D(2026, 10, 9), 3, "overdue"),
        (D(2026, 10, 8), 3, "due_today"),
        (D(2026, 9, 30), 3, "due_soon"),  # only 10/8 left
        (D(2026, 9, 28), 3, "due_soon"),  # 9/29, 9/30, 10/8: 10 calendar days, 3 WD
        (D(2026, 9, 25), 3, "normal"),  # 9/28, 9/29, 9/30, 10/8
        (D(2026, 9, 24), 3, "normal"),
        (D(2026, 9, 24), 4, "due_soon"),
        (D(2026, 9, 30), 0, "normal"),
    ],
)
def test_due_status_counts_working_days(
    cal: WorkCalendar, today: date, threshold: int, expected: str
) -> None:
    assert due_status(D(2026, 10, 8), today, cal, soon_threshold=threshold) == expected


def test_due_status_default_threshold_and_validation(cal: WorkCalendar) -> None:
    assert due_status(D(2026, 10, 8), D(2026, 9, 28), cal) is DueStatus.DUE_SOON
    with pytest.raises(ValidationError):
        due_status(D(2026, 10, 8), D(2026, 9, 28), cal, soon_threshold=-1)
