"""Generate resources/seed/calendar.json from the `chinesecalendar` package.

    python -m bjstc_desktop.tools.seed_calendar            # write the file
    python -m bjstc_desktop.tools.seed_calendar --check    # exit 1 when it is stale

The file lists, for every year chinesecalendar knows (2004 to its last year), each
holiday (with its Chinese name, weekend holidays included) and each make-up working day
on a weekend, with the notice it comes from, plus the list of known years. The output is
deterministic (no timestamps) so a re-run with the same package version changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar
from chinese_calendar import Holiday

from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.core.workcalendar import ADJUSTED_WORKDAY, HOLIDAY, SEED_FILE

# The package's own Chinese names are short (清明, 端午, 中秋); officers use these.
HOLIDAY_NAMES = {
    Holiday.new_years_day.value: "元旦",
    Holiday.spring_festival.value: "春节",
    Holiday.tomb_sweeping_day.value: "清明节",
    Holiday.labour_day.value: "劳动节",
    Holiday.dragon_boat_festival.value: "端午节",
    Holiday.mid_autumn_festival.value: "中秋节",
    Holiday.national_day.value: "国庆节",
    Holiday.anti_fascist_70th_day.value: Holiday.anti_fascist_70th_day.chinese,
}

# Days set by a notice other than the yearly one.
_VICTORY_DAY_2015 = "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知"
_SPRING_FESTIVAL_2020_EXTENDED = "国务院办公厅关于延长2020年春节假期的通知"
SPECIAL_NOTICES = {
    date(2015, 9, 3): _VICTORY_DAY_2015,
    date(2015, 9, 4): _VICTORY_DAY_2015,
    date(2015, 9, 6): _VICTORY_DAY_2015,
    date(2020, 1, 31): _SPRING_FESTIVAL_2020_EXTENDED,
    date(2020, 2, 1): _SPRING_FESTIVAL_2020_EXTENDED,
    date(2020, 2, 2): _SPRING_FESTIVAL_2020_EXTENDED,
}


def known_years() -> list[int]:
    """The years chinesecalendar has State Council data for, ascending."""
    years = {d.year for d in chinese_calendar.holidays}
    return list(range(min(years), max(years) + 1))


def source_doc(day: date, name: str) -> str:
    """The notice that set `day`. A late-December day serving 元旦 belongs to the
    next year's notice."""
    if day in SPECIAL_NOTICES:
        return SPECIAL_NOTICES[day]
    year = day.year + 1 if (day.month == 12 and name == "元旦") else day.year
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def seed_rows() -> list[dict[str, Any]]:
    """One row per exceptional day of every known year, by date."""
    rows = []
    for year in known_years():
        day = date(year, 1, 1)
        while day.year == year:
            is_holiday, raw_name = chinese_calendar.get_holiday_detail(day)
            if raw_name is not None:
                name = HOLIDAY_NAMES[raw_name]
                rows.append(
                    {
                        "date": day.isoformat(),
                        "is_workday": not is_holiday,
                        "kind": HOLIDAY if is_holiday else ADJUSTED_WORKDAY,
                        "holiday_name": name,
                        "source_doc": source_doc(day, name),
                    }
                )
            day += timedelta(days=1)
    return rows


def render(rows: list[dict[str, Any]] | None = None) -> str:
    """The JSON text: one day per line so reviews show real diffs."""
    rows = seed_rows() if rows is None else rows
    return (
        "{\n"
        f'  "generated_by": {_dump("bjstc_desktop.tools.seed_calendar")},\n'
        f'  "source": {_dump(f"chinesecalendar {chinese_calendar.__version__}")},\n'
        f'  "known_years": {_dump(known_years())},\n'
        '  "days": [\n    ' + ",\n    ".join(_dump(row) for row in rows) + "\n  ]\n}\n"
    )


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the calendar seed file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=resources_dir().joinpath(*SEED_FILE))
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    rows = seed_rows()
    text = render(rows)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run python -m bjstc_desktop.tools.seed_calendar")
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    years = known_years()
    print(f"wrote {args.output}: {len(rows)} days, years {years[0]}-{years[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
