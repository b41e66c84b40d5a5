"""The Chinese lunisolar calendar and the solar terms, computed offline.

Only what the statutory holidays need (全国年节及纪念日放假办法): the Gregorian date of a
lunar month and day (正月初一, 五月初五, 八月十五, 除夕) and of a solar term (清明).
The rules are those of GB/T 33661-2017 《农历的编算和颁行》: a month begins on the
Beijing-time day of a new moon; the month holding the winter solstice is the 11th; when
13 months lie between two such months, the first of them without a major solar term
(中气) is the leap month. Times come from astronomy:

- new moons: J. Meeus, *Astronomical Algorithms* (2nd ed.), ch. 49 (mean lunation plus
  the periodic and planetary corrections; accurate to well under a minute);
- the Sun's apparent longitude: Meeus ch. 25 (VSOP87's leading terms would be finer; the
  low-precision series is within about 0.01°, and tests/core compare every festival and
  清明 date of 1950–2100 with an independent ephemeris);
- ΔT (TT − UT): the Espenak–Meeus polynomials.

Beijing time is UTC+8. Nothing here reads the network or a data file.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

_J2000 = 2451545.0
_EPOCH = date(2000, 1, 1)  # JD 2451544.5 at 0h UT
_BEIJING = 8 / 24
_SYNODIC = 29.530588861


def _sin(deg: float) -> float:
    return math.sin(math.radians(deg))


def delta_t_seconds(year: float) -> float:
    """TT − UT in seconds (Espenak & Meeus, NASA eclipse web site polynomials)."""
    y = year
    if y < 1900:
        t = y - 1860
        return 7.62 + 0.5737 * t - 0.251754 * t**2 + 0.01680668 * t**3 - 0.0004473624 * t**4 + t**5 / 233174
    if y < 1920:
        t = y - 1900
        return -2.79 + 1.494119 * t - 0.0598939 * t**2 + 0.0061966 * t**3 - 0.000197 * t**4
    if y < 1941:
        t = y - 1920
        return 21.20 + 0.84493 * t - 0.076100 * t**2 + 0.0020936 * t**3
    if y < 1961:
        t = y - 1950
        return 29.07 + 0.407 * t - t**2 / 233 + t**3 / 2547
    if y < 1986:
        t = y - 1975
        return 45.45 + 1.067 * t - t**2 / 260 - t**3 / 718
    if y < 2005:
        t = y - 2000
        return (63.86 + 0.3345 * t - 0.060374 * t**2 + 0.0017275 * t**3 + 0.000651814 * t**4
                + 0.00002373599 * t**5)
    if y < 2050:
        t = y - 2000
        return 62.92 + 0.32217 * t + 0.005589 * t**2
    if y < 2150:
        return -20 + 32 * ((y - 1820) / 100) ** 2 - 0.5628 * (2150 - y)
    return -20 + 32 * ((y - 1820) / 100) ** 2


def _beijing_date(jde: float) -> date:
    """The Beijing civil date of a moment given in Julian Ephemeris Days (TT)."""
    year = 2000 + (jde - _J2000) / 365.25
    jd_ut = jde - delta_t_seconds(year) / 86400
    return _EPOCH + timedelta(days=math.floor(jd_ut + _BEIJING - 2451544.5))


def _new_moon_jde(k: int) -> float:
    """The true new moon of lunation k (k = 0 near 2000-01-06), Meeus ch. 49."""
    t = k / 1236.85
    jde = (2451550.09766 + _SYNODIC * k + 0.00015437 * t**2 - 0.000000150 * t**3 + 0.00000000073 * t**4)
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    m = 2.5534 + 29.10535670 * k - 0.0000014 * t**2 - 0.00000011 * t**3
    mp = 201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3 - 0.000000058 * t**4
    f = 160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3 + 0.000000011 * t**4
    om = 124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3
    jde += (-0.40720 * _sin(mp) + 0.17241 * e * _sin(m) + 0.01608 * _sin(2 * mp) + 0.01039 * _sin(2 * f)
            + 0.00739 * e * _sin(mp - m) - 0.00514 * e * _sin(mp + m) + 0.00208 * e * e * _sin(2 * m)
            - 0.00111 * _sin(mp - 2 * f) - 0.00057 * _sin(mp + 2 * f) + 0.00056 * e * _sin(2 * mp + m)
            - 0.00042 * _sin(3 * mp) + 0.00042 * e * _sin(m + 2 * f) + 0.00038 * e * _sin(m - 2 * f)
            - 0.00024 * e * _sin(2 * mp - m) - 0.00017 * _sin(om) - 0.00007 * _sin(mp + 2 * m)
            + 0.00004 * _sin(2 * mp - 2 * f) + 0.00004 * _sin(3 * m) + 0.00003 * _sin(mp + m - 2 * f)
            + 0.00003 * _sin(2 * mp + 2 * f) - 0.00003 * _sin(mp + m + 2 * f) + 0.00003 * _sin(mp - m + 2 * f)
            - 0.00002 * _sin(mp - m - 2 * f) - 0.00002 * _sin(3 * mp + m) + 0.00002 * _sin(4 * mp))
    planetary = (
        (0.000325, 299.77 + 0.107408 * k - 0.009173 * t**2), (0.000165, 251.88 + 0.016321 * k),
        (0.000164, 251.83 + 26.651886 * k), (0.000126, 349.42 + 36.412478 * k), (0.000110, 84.66 + 18.206239 * k),
        (0.000062, 141.74 + 53.303771 * k), (0.000060, 207.14 + 2.453732 * k), (0.000056, 154.84 + 7.306860 * k),
        (0.000047, 34.52 + 27.261239 * k), (0.000042, 207.19 + 0.121824 * k), (0.000040, 291.34 + 1.844379 * k),
        (0.000037, 161.72 + 24.198154 * k), (0.000035, 239.56 + 25.513099 * k), (0.000023, 331.55 + 3.592518 * k),
    )
    return jde + sum(c * _sin(a) for c, a in planetary)


def sun_longitude(jde: float) -> float:
    """The Sun's apparent ecliptic longitude in degrees [0, 360), Meeus ch. 25."""
    t = (jde - _J2000) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t**2
    m = 357.52911 + 35999.05029 * t - 0.0001537 * t**2
    c = ((1.914602 - 0.004817 * t - 0.000014 * t**2) * _sin(m) + (0.019993 - 0.000101 * t) * _sin(2 * m)
         + 0.000289 * _sin(3 * m))
    omega = 125.04 - 1934.136 * t
    return (l0 + c - 0.00569 - 0.00478 * _sin(omega)) % 360


def _solar_term_jde(year: int, longitude: float) -> float:
    """The moment (JDE) in `year` when the Sun's apparent longitude reaches `longitude`."""
    # Longitude 0 (春分) falls near 20 March; the Sun moves ~0.9856° a day.
    jde = 2451623.80984 + 365.2422 * (year - 2000) + ((longitude % 360) / 360) * 365.2422
    for _ in range(8):
        diff = (longitude - sun_longitude(jde) + 180) % 360 - 180
        jde += diff * 365.2422 / 360
        if abs(diff) < 1e-7:
            break
    return jde


def solar_term_date(year: int, longitude: float) -> date:
    """The Beijing date of the solar term at `longitude` degrees in `year` (清明: 15)."""
    return _beijing_date(_solar_term_jde(year, longitude))


QINGMING = 15.0  # 清明: the Sun at apparent longitude 15°


def _new_moon_on_or_before(d: date) -> date:
    """The Beijing date of the last new moon on or before `d`."""
    k = math.floor((d - date(2000, 1, 6)).days / _SYNODIC) + 1
    while _beijing_date(_new_moon_jde(k)) > d:
        k -= 1
    return _beijing_date(_new_moon_jde(k))


def _month_starts(first: date, last: date) -> list[date]:
    """New-moon dates from `first` (itself a new moon) up to `last` (exclusive)."""
    k = round((first - date(2000, 1, 6)).days / _SYNODIC)
    while _beijing_date(_new_moon_jde(k)) < first:
        k += 1
    starts = []
    while (d := _beijing_date(_new_moon_jde(k))) < last:
        starts.append(d)
        k += 1
    return starts


def _major_terms(year: int) -> list[date]:
    """The Beijing dates of the twelve major solar terms (中气, longitudes 0, 30, … 330) of
    `year`, plus the winter solstices of the years around it."""
    return sorted({solar_term_date(y, lon) for y in (year - 1, year, year + 1) for lon in range(0, 360, 30)})


@lru_cache(maxsize=64)
def lunar_months(year: int) -> tuple[tuple[int, bool, date], ...]:
    """The lunar months from the 11th month holding the winter solstice of `year` − 1 up
    to (not including) the one holding that of `year`: (number, is_leap, first day)."""
    m11 = _new_moon_on_or_before(solar_term_date(year - 1, 270))
    next_m11 = _new_moon_on_or_before(solar_term_date(year, 270))
    starts = _month_starts(m11, next_m11)
    bounds = [*starts, next_m11]
    leap_index = None
    if len(starts) == 13:
        majors = _major_terms(year)
        for i in range(1, 13):
            if not any(bounds[i] <= t < bounds[i + 1] for t in majors):
                leap_index = i
                break
    months, number = [], 11
    for i, start in enumerate(starts):
        if i == leap_index:
            months.append((number, True, start))
            continue
        if i:
            number = number % 12 + 1
        months.append((number, False, start))
    return tuple(months)


def lunar_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of lunar `month`/`day` (not leap) of the lunar year that begins
    in Gregorian `year` (e.g. (2027, 1, 1) → 2027-02-06, 春节)."""
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        raise ValueError(f"no lunar date {month}/{day}")
    # Months 11 and 12 of lunar year `year` begin after the winter solstice of `year`.
    span = lunar_months(year + 1) if month >= 11 else lunar_months(year)
    seen_first = month >= 11
    for number, leap, start in span:
        seen_first = seen_first or number == 1
        if number == month and not leap and seen_first:
            return start + timedelta(days=day - 1)
    raise ValueError(f"lunar month {month} of {year} not found")


def lunar_new_year(year: int) -> date:
    """正月初一 (春节) of the lunar year beginning in Gregorian `year`."""
    return lunar_to_gregorian(year, 1, 1)
