"""The holidays the law fixes for every year (《全国年节及纪念日放假办法》), for the years
whose State Council notice is not loaded yet.

The notice of each November adds 调休 (make-up working days, longer blocks); no rule
predicts those. What the law itself fixes is applied: 元旦, 春节, 清明, 劳动节, 端午, 中秋 and
国庆 (the version in force for the year, from resources/seed/statutory_holidays.json),
and a day that falls on a Saturday or Sunday is made up on the next working day (补假).
Lunar dates and 清明 are computed offline (core/lunar.py). A deadline counted through
such a year stays flagged unverified (core/workcalendar.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from bjstc_desktop.core import lunar
from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.core.resources import resources_dir

SEED_FILE = ("seed", "statutory_holidays.json")
SUBSTITUTE_SUFFIX = "（补假）"


@dataclass(frozen=True)
class StatutoryDay:
    """A rest day the law fixes: the holiday's name and the legal basis."""

    date: date
    name: str
    basis: str


@lru_cache(maxsize=1)
def _seed(path: Path | None = None) -> dict[str, Any]:
    path = path or resources_dir().joinpath(*SEED_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data["versions"], list)
    except (OSError, ValueError, KeyError, AssertionError) as exc:
        raise IntegrityError(f"法定节假日种子文件 {path} 缺失或已损坏。",
                             f"The statutory holiday seed {path} is missing or corrupt ({exc}).") from exc
    return data


def version_for(year: int) -> dict[str, Any] | None:
    """The version of the 放假办法 in force in `year` (None before the first one known)."""
    for v in _seed()["versions"]:
        if v["from"] <= year <= v.get("to", 9999):
            return v
    return None


def _anchor(year: int, holiday: dict[str, Any]) -> date:
    kind = holiday["anchor"]
    if kind == "gregorian":
        first = date(year, holiday["month"], holiday["day"])
    elif kind == "lunar":
        first = lunar.lunar_to_gregorian(year, holiday["month"], holiday["day"])
    elif kind == "solar_term":
        first = lunar.solar_term_date(year, float(holiday["longitude"]))
    else:
        raise IntegrityError(f"法定节假日种子文件中的锚点“{kind}”无效。", f"Unknown holiday anchor {kind!r}.")
    return first + timedelta(days=holiday.get("offset", 0))


@lru_cache(maxsize=256)
def statutory_days(year: int) -> tuple[StatutoryDay, ...]:
    """The statutory rest days of `year` in date order, 补假 days included (a holiday on a
    weekend is made up on the next weekday that is not itself a holiday). Days of 春节 that
    fall in the year before (除夕 in late January is never so, but kept general) are
    left out: they belong to that year's schedule."""
    version = version_for(year)
    if version is None:
        return ()
    basis = version["basis"]
    days: dict[date, str] = {}
    for h in version["holidays"]:
        first = _anchor(year, h)
        for i in range(h["days"]):
            days.setdefault(first + timedelta(days=i), h["name"])
    if _seed().get("substitute", {}).get("rule") == "weekend_to_next_workday":
        for d, name in sorted(days.items()):
            if d.weekday() < 5 or name.endswith(SUBSTITUTE_SUFFIX):
                continue
            c = d + timedelta(days=1)
            while c.weekday() >= 5 or c in days:
                c += timedelta(days=1)
            days[c] = name + SUBSTITUTE_SUFFIX
    return tuple(StatutoryDay(d, n, basis) for d, n in sorted(days.items()) if d.year == year)


def substitute_basis() -> str:
    """The legal basis of 补假, as the seed file states it."""
    return str(_seed().get("substitute", {}).get("basis", ""))
