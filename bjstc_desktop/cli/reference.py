"""The reference tools: `bjstc validate` (codes and numbers) and `bjstc calendar ...`
(working days, the holiday schedule)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from bjstc_desktop.cli.common import emit_json, open_workstation, parse_day, with_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.i18n import tr

if TYPE_CHECKING:  # validate and the seed calendar need no store
    from bjstc_desktop.workstation import Workstation


def cmd_validate(args: argparse.Namespace) -> int:
    from bjstc_desktop.core.validators import KINDS, validate

    if args.kind not in KINDS:
        raise UsageError(f"未知的校验类型“{args.kind}”，可选：{'、'.join(KINDS)}。",
                         f"Unknown kind {args.kind!r}; one of: {', '.join(KINDS)}.")
    result = validate(args.kind, args.value)
    warnings = [tr(w.zh, w.en) for w in result.warnings]
    if args.json:
        emit_json({"valid": result.valid, "kind": result.kind, "value": result.value,
                   "message": result.message(), "warnings": warnings, "details": result.details})
    else:
        print(("✓ " if result.valid else "✗ ") + result.value)
        if result.message():
            say(result.message())
        for w in warnings:
            say(tr("注意：", "Note: ") + w)
    return 0 if result.valid else 1


def _calendar_for(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The workstation's calendar when a user is named, else the bundled seed calendar."""
    from bjstc_desktop.core.workcalendar import WorkCalendar, load_seed_calendar

    if args.user:
        ws = open_workstation(args)
        try:
            return ws.reference.calendar()
        finally:
            ws.close()
    days, years = load_seed_calendar()
    return WorkCalendar(days, years)


def cmd_calendar_add(args: argparse.Namespace) -> int:
    cal = _calendar_for(args)
    deadline = cal.add_workdays(parse_day(args.date), args.n)
    doc = {"date": deadline.date.isoformat(), "calendar_verified": deadline.verified,
           "unknown_years": list(deadline.unknown_years)}
    if args.json:
        emit_json(doc)
    else:
        print(doc["date"])
        if not deadline.verified:
            say(tr(f"注意：日历不知道 {'、'.join(map(str, deadline.unknown_years))} 年的节假日安排，此日期按周一至周五推算，未经核实。",
                   f"Note: the calendar does not know {', '.join(map(str, deadline.unknown_years))}; "
                   "this date counts Monday to Friday and is not verified."))
    return 0


def cmd_calendar_between(args: argparse.Namespace) -> int:
    cal = _calendar_for(args)
    a, b = parse_day(args.a), parse_day(args.b)
    first, last = (a, b) if a <= b else (b, a)
    unknown = cal.unknown_years_in(first + dt.timedelta(days=1), last)
    doc = {"workdays": cal.workdays_between(a, b), "calendar_verified": not unknown, "unknown_years": list(unknown)}
    if args.json:
        emit_json(doc)
    else:
        print(doc["workdays"])
        if unknown:
            say(tr("注意：部分年份的节假日安排未知，结果未经核实。", "Note: some years are unknown; not verified."))
    return 0


@with_workstation
def cmd_calendar_set_year(ws: Workstation, args: argparse.Namespace) -> int:
    holidays = []
    for spec in args.holiday or ():
        try:
            first, last, name = spec.split(":", 2)
            holidays.append((parse_day(first), parse_day(last), name))
        except ValueError:
            raise UsageError(f"--holiday 应为 起:止:名称，而不是“{spec}”。", f"--holiday takes FIRST:LAST:NAME, not {spec!r}.") from None
    workdays = [parse_day(d) for d in args.workday or ()]
    before, after = ws.reference.set_calendar_year(args.year, holidays, workdays, args.source)
    say(tr(f"{args.year} 年节假日安排已登记（原 {before} 天，现 {after} 天）。",
           f"The {args.year} schedule is entered ({before} days before, {after} now)."))
    return 0
