"""The working-day calendar. Expected dates are worked out by hand from the State Council
holiday lists (domain.md §6.2), not from the code under test."""

from __future__ import annotations

import json
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bjstc_desktop.core.errors import IntegrityError, ValidationError
from bjstc_desktop.core.workcalendar import (
    CalendarDay,
    Deadline,
    WorkCalendar,
    add_months,
    load_seed_calendar,
)

D = date
NOTICE_2026 = "国务院办公厅关于2026年部分节假日安排的通知"


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(*load_seed_calendar())


def test_domain_example_20_workdays_after_2025_09_26_is_2025_10_30(cal: WorkCalendar) -> None:
    # 9/28 and 10/11 are make-up Saturdays/Sundays; 10/1-10/8 are off (domain.md §6.3).
    assert cal.add_workdays(D(2025, 9, 26), 20) == Deadline(D(2025, 10, 30), True, ())


def test_spring_festival_2026_holidays_and_make_up_saturdays(cal: WorkCalendar) -> None:
    assert cal.is_workday(D(2026, 2, 14))  # Saturday, make-up working day
    assert not cal.is_workday(D(2026, 2, 16))  # Monday inside 2/15-2/23
    assert not cal.is_workday(D(2026, 2, 23))  # Monday, last day of the holiday
    assert cal.is_workday(D(2026, 2, 28))  # Saturday, make-up working day
    assert not cal.is_workday(D(2026, 3, 1))  # ordinary Sunday
    entry = cal.entry(D(2026, 2, 14))
    assert entry is not None
    assert (entry.kind, entry.holiday_name, entry.source_doc) == (
        "adjusted_workday",
        "春节",
        NOTICE_2026,
    )


def test_20_workdays_across_spring_festival_2026(cal: WorkCalendar) -> None:
    # From Tue 2/10: 2/11-2/13 (1-3), Sat 2/14 (4), holiday to 2/23, 2/24-2/27 (5-8),
    # Sat 2/28 (9), 3/2-3/6 (10-14), 3/9-3/13 (15-19), Mon 3/16 (20).
    assert cal.add_workdays(D(2026, 2, 10), 20).date == D(2026, 3, 16)
    assert cal.add_workdays(D(2026, 2, 13), 1).date == D(2026, 2, 14)
    assert cal.add_workdays(D(2026, 2, 14), 1).date == D(2026, 2, 24)
    assert cal.workdays_between(D(2026, 2, 13), D(2026, 2, 24)) == 2


def test_20_workdays_across_national_day_2026(cal: WorkCalendar) -> None:
    # From Fri 9/18: Sun 9/20 (1), 9/21-9/24 (2-5), 中秋 9/25-27 off, 9/28-9/30 (6-8),
    # 国庆 10/1-10/7 off, 10/8-10/9 (9-10), Sat 10/10 (11), 10/12-10/16 (12-16),
    # 10/19-10/22 (17-20).
    assert cal.add_workdays(D(2026, 9, 18), 20) == Deadline(D(2026, 10, 22), True, ())
    assert cal.next_workday(D(2026, 9, 30)) == D(2026, 10, 8)
    assert cal.next_workday(D(2026, 10, 9)) == D(2026, 10, 10)
    assert cal.next_workday(D(2026, 9, 19)) == D(2026, 9, 20)


def test_workdays_between_counts_the_half_open_interval(cal: WorkCalendar) -> None:
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert cal.workdays_between(D(2026, 10, 8), D(2026, 9, 30)) == -1
    assert cal.workdays_between(D(2026, 10, 8), D(2026, 10, 8)) == 0
    assert cal.workdays_between(D(2026, 10, 2), D(2026, 10, 7)) == 0


def test_zero_workdays_is_the_start_itself_even_on_a_rest_day(cal: WorkCalendar) -> None:
    assert cal.add_workdays(D(2026, 10, 3), 0).date == D(2026, 10, 3)


def test_negative_counts_are_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValidationError):
        cal.add_workdays(D(2026, 1, 5), -1)
    with pytest.raises(ValidationError):
        cal.add_calendar_days(D(2026, 1, 5), -3)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 24), 7, D(2026, 10, 8)),  # ends on 10/1, 国庆 to 10/7 -> Thu 10/8
        (D(2026, 2, 7), 7, D(2026, 2, 14)),  # ends on a make-up Saturday: a working day
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # 元旦 1/1-1/3, Sun 1/4 is a make-up day
        (D(2026, 3, 2), 5, D(2026, 3, 9)),  # ordinary Saturday -> Monday
        (D(2026, 3, 2), 3, D(2026, 3, 5)),  # working day: no roll
    ],
)
def test_calendar_day_period_rolls_forward_to_a_working_day(
    cal: WorkCalendar, start: date, n: int, expected: date
) -> None:
    assert cal.add_calendar_days(start, n) == Deadline(expected, True, ())


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 4, 15), 3, D(2026, 7, 15)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # no 2/30: month end, a make-up Saturday
        (D(2026, 7, 1), 3, D(2026, 10, 8)),  # 10/1 is 国庆
        (D(2026, 3, 31), 2, D(2026, 6, 1)),  # 5/31 is a Sunday
    ],
)
def test_month_period_uses_the_corresponding_day_then_rolls(
    cal: WorkCalendar, start: date, n: int, expected: date
) -> None:
    assert cal.add_calendar_months(start, n).date == expected


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 12, 15), 12) == D(2027, 12, 15)


def test_seed_knows_2004_to_at_least_2026(cal: WorkCalendar) -> None:
    last = max(cal.known_years)
    assert last >= 2026
    assert cal.known_years == frozenset(range(2004, last + 1))
    assert not cal.is_known_year(2003)
    assert not cal.is_known_year(last + 1)


def test_a_deadline_in_2027_is_flagged_unverified(cal: WorkCalendar) -> None:
    if cal.is_known_year(2027):
        pytest.skip("this chinesecalendar already knows 2027")
    # 12/16-18 (1-3), 12/21-25 (4-8), 12/28-31 (9-12); Fri 2027-01-01 is 元旦 by law even
    # without the notice; 1/4-1/8 (13-17), 1/11-1/13 (18-20).
    assert cal.add_workdays(D(2026, 12, 15), 20) == Deadline(D(2027, 1, 13), False, (2027,))
    assert cal.add_workdays(D(2026, 12, 1), 5) == Deadline(D(2026, 12, 8), True, ())


def test_unknown_year_with_a_hand_built_calendar() -> None:
    holiday = CalendarDay(D(2026, 12, 25), False, "holiday", "测试", "测试通知")
    cal = WorkCalendar([holiday], known_years={2026})
    result = cal.add_workdays(D(2026, 12, 23), 3)  # 12/24, (12/25 off), 12/28, 12/29
    assert result == Deadline(D(2026, 12, 29), True, ())
    result = cal.add_workdays(D(2026, 12, 30), 3)  # 12/31, (2027-01-01 元旦 by law), 01-04, 01-05
    assert result == Deadline(D(2027, 1, 5), False, (2027,))
    # A calendar-day period only consults the calendar on its last day(s).
    assert cal.add_calendar_days(D(2026, 12, 20), 14) == Deadline(D(2027, 1, 4), False, (2027,))
    assert cal.add_calendar_days(D(2025, 12, 20), 10) == Deadline(D(2025, 12, 30), False, (2025,))


def test_a_count_starting_before_2004_is_flagged(cal: WorkCalendar) -> None:
    # 12/30 (1), 12/31 (2), 2004-01-01 元旦 off, Fri 1/2 (3).
    assert cal.add_workdays(D(2003, 12, 29), 3) == Deadline(D(2004, 1, 2), False, (2003,))


def test_calendar_day_validation() -> None:
    with pytest.raises(ValidationError):
        CalendarDay(D(2026, 2, 16), True, "holiday", "春节", NOTICE_2026)
    with pytest.raises(ValidationError):
        CalendarDay(D(2026, 2, 14), False, "adjusted_workday", "春节", NOTICE_2026)
    with pytest.raises(ValidationError):
        CalendarDay(D(2026, 2, 14), True, "weekend", "春节", NOTICE_2026)
    a = CalendarDay(D(2026, 2, 14), True, "adjusted_workday", "春节", NOTICE_2026)
    b = CalendarDay(D(2026, 2, 14), False, "holiday", "春节", NOTICE_2026)
    with pytest.raises(ValidationError):
        WorkCalendar([a, b], known_years={2026})


def test_seed_entries_carry_names_and_notices() -> None:
    days, _known = load_seed_calendar()
    by_date = {d.date: d for d in days}
    assert by_date[D(2025, 10, 6)].holiday_name == "中秋节"
    assert by_date[D(2026, 5, 9)].kind == "adjusted_workday"
    assert by_date[D(2026, 6, 19)].holiday_name == "端午节"
    assert by_date[D(2026, 4, 6)].holiday_name == "清明节"
    # A December day serving 元旦 comes from the next year's notice.
    assert by_date[D(2018, 12, 29)].source_doc == "国务院办公厅关于2019年部分节假日安排的通知"
    assert by_date[D(2020, 1, 31)].source_doc == "国务院办公厅关于延长2020年春节假期的通知"
    # Only exceptional days or named holidays: never an ordinary weekday.
    assert all(d.kind == "holiday" or d.date.weekday() >= 5 for d in days)
    assert D(2026, 3, 2) not in by_date


def test_seed_agrees_with_chinese_calendar_day_by_day(cal: WorkCalendar) -> None:
    d, last = D(2004, 1, 1), D(max(cal.known_years), 12, 31)
    while d <= last:
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


def test_seed_file_is_up_to_date() -> None:
    from bjstc_desktop.core.resources import resources_dir
    from bjstc_desktop.tools.seed_calendar import render

    assert (resources_dir() / "seed" / "calendar.json").read_text(encoding="utf-8") == render()


def test_corrupt_or_missing_seed_is_an_integrity_error(tmp_path) -> None:
    with pytest.raises(IntegrityError):
        load_seed_calendar(tmp_path / "missing.json")
    bad = tmp_path / "calendar.json"
    bad.write_text(json.dumps({"known_years": [2026], "days": [{"date": "2026-02-14"}]}))
    with pytest.raises(IntegrityError):
        load_seed_calendar(bad)


def test_resources_dir_honours_the_environment(monkeypatch, tmp_path) -> None:
    from bjstc_desktop.core.resources import resources_dir

    monkeypatch.setenv("BJSTC_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path


_SEED = WorkCalendar(*load_seed_calendar())


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2005, 1, 1), max_value=D(2026, 12, 31)),
    n=st.integers(min_value=0, max_value=200),
)
def test_workdays_between_inverts_add_workdays(start: date, n: int) -> None:
    due = _SEED.add_workdays(start, n).date
    assert _SEED.workdays_between(start, due) == n
    if n:
        assert _SEED.is_workday(due)
        assert _SEED.workdays_between(start, due - timedelta(days=1)) == n - 1
