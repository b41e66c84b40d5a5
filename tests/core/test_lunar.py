"""The offline lunisolar computation (core/lunar.py) and the statutory holidays of a year
whose State Council notice is not loaded (issue 16 point 10)."""

from __future__ import annotations

import json
from datetime import date as D
from datetime import timedelta
from pathlib import Path

import pytest

from bjstc_desktop.core import lunar
from bjstc_desktop.core.statutory_holidays import statutory_days, version_for
from bjstc_desktop.core.workcalendar import (
    ESTIMATED,
    CalendarDay,
    WorkCalendar,
    load_seed_calendar,
    missing_notice_year,
)

REFERENCE = json.loads((Path(__file__).parent / "data" / "lunar_reference.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("year", sorted(REFERENCE["dates"]))
def test_festivals_and_qingming_match_an_independent_ephemeris(year: str) -> None:
    y, ref = int(year), REFERENCE["dates"][year]
    assert lunar.lunar_to_gregorian(y, 1, 1).isoformat() == ref["spring"]
    assert lunar.lunar_to_gregorian(y, 5, 5).isoformat() == ref["dragon_boat"]
    assert lunar.lunar_to_gregorian(y, 8, 15).isoformat() == ref["mid_autumn"]
    assert lunar.solar_term_date(y, lunar.QINGMING).isoformat() == ref["qingming"]


def test_the_2033_leap_month_is_the_eleventh() -> None:
    # GB/T 33661-2017 settles 2033: the leap month follows the 11th, so 2034's 正月 is late.
    months = lunar.lunar_months(2034)
    assert (11, True, D(2033, 12, 22)) in months
    assert lunar.lunar_new_year(2034) == D(2034, 2, 19)


def test_a_lunar_date_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        lunar.lunar_to_gregorian(2027, 13, 1)


@pytest.fixture(scope="module")
def seeded() -> WorkCalendar:
    days, known = load_seed_calendar()
    return WorkCalendar(days, known)


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_statutory_day_of_a_known_year_is_a_rest_day_in_its_notice(seeded: WorkCalendar, year: int) -> None:
    # The data and the lunar computation agree with 23 years of State Council notices.
    assert seeded.is_known_year(year)
    fixed = [s for s in statutory_days(year) if not s.name.endswith("（补假）")]
    assert fixed
    assert [s.date for s in fixed if seeded.is_workday(s.date)] == []


def test_the_versions_of_the_law_give_their_number_of_days() -> None:
    def count(year: int) -> int:
        return sum(h["days"] for h in version_for(year)["holidays"])

    assert (count(2006), count(2010), count(2020), count(2025), count(2027)) == (10, 11, 11, 13, 13)
    assert version_for(1990) is None and statutory_days(1990) == ()


def test_2027_without_its_notice_rests_on_the_statutory_holidays() -> None:
    cal = WorkCalendar([], known_years={2026})
    assert not cal.is_known_year(2027)
    # Friday 2027-01-01 and Friday 2027-10-01 were working days before issue 16.
    for day, name in ((D(2027, 1, 1), "元旦"), (D(2027, 10, 1), "国庆节"), (D(2027, 4, 5), "清明节"),
                      (D(2027, 5, 1), "劳动节"), (D(2027, 6, 9), "端午节"), (D(2027, 9, 15), "中秋节")):
        assert not cal.is_workday(day), day
        entry = cal.entry(day)
        assert entry is not None and entry.holiday_name == name and entry.source_doc.endswith(ESTIMATED)
    # 春节 2027: 除夕 Fri 2/5, 初一 Sat 2/6 … 初三 Mon 2/8; the weekend days are made up on 2/9 and 2/10.
    assert [d for d in (D(2027, 2, 4) + timedelta(days=i) for i in range(8))
            if not cal.is_workday(d)] == [D(2027, 2, d) for d in (5, 6, 7, 8, 9, 10)]
    assert cal.entry(D(2027, 2, 9)).holiday_name == "春节（补假）"
    assert cal.is_workday(D(2027, 2, 11)) and cal.is_workday(D(2027, 1, 4))


def test_a_deadline_through_2027_counts_the_statutory_days_and_stays_unverified() -> None:
    cal = WorkCalendar([], known_years={2026})
    # 9/30 (1), 10/1-10/3 国庆 (Fri, and the weekend days made up on Mon 10/4 and Tue 10/5), 10/6 (2).
    due = cal.add_workdays(D(2027, 9, 29), 2)
    assert due.date == D(2027, 10, 6)
    assert not due.verified and due.unknown_years == (2027,)


def test_a_loaded_notice_wins_over_the_estimate() -> None:
    workday = CalendarDay(D(2027, 1, 1), True, "adjusted_workday", "调休上班", "假想通知")
    cal = WorkCalendar([workday], known_years={2027})
    assert cal.is_workday(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 10, 1))  # a known year follows its notice only


@pytest.mark.parametrize(
    ("today", "known", "due"),
    [
        (D(2026, 11, 30), {2026}, None),
        (D(2026, 12, 1), {2026}, 2027),  # the first day of December
        (D(2026, 12, 31), {2026}, 2027),
        (D(2026, 12, 1), {2026, 2027}, None),  # entered already
        (D(2027, 1, 2), {2026}, 2027),  # still missing in January: this year's
        (D(2027, 6, 1), {2026, 2027}, None),
    ],
)
def test_the_administrator_is_reminded_each_december_to_enter_next_years_notice(
        today: D, known: set[int], due: int | None) -> None:
    assert missing_notice_year(today, known) == due
