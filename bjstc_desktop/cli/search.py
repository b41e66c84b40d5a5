"""`bjstc search`: the same ranked search and filters as the GUI's global search.

    bjstc search [TEXT] [--module CODE] [--type CODE] [--state STATE] [--district 海淀]
                 [--from DATE] [--to DATE] [--overdue] [--limit N] [--json]

TEXT may be left out when a filter is given (the matching cases, newest first)."""

from __future__ import annotations

import argparse
import datetime as dt

from bjstc_desktop.cli.common import day, emit_json, with_workstation
from bjstc_desktop.cli.show import print_cases
from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.searchquery import SearchQuery, parse_district
from bjstc_desktop.workstation import Workstation


def query_from_args(args: argparse.Namespace, today: dt.date | None = None) -> SearchQuery:
    """The SearchQuery the arguments ask for; a usage error when nothing is asked."""
    query = SearchQuery(
        text=args.text or "", module=args.module, case_type=args.type, state=args.state,
        district=parse_district(args.district), received_from=day(args.received_from),
        received_to=day(args.received_to), overdue_on=(today or dt.date.today()) if args.overdue else None,
        limit=args.limit)
    if query.is_empty():
        raise UsageError("请给出检索词或至少一个筛选条件。", "Give words to search for or at least one filter.")
    return query


@with_workstation
def cmd_search(ws: Workstation, args: argparse.Namespace) -> int:
    cases = ws.cases.search(query=query_from_args(args))
    if args.json:
        emit_json([c.as_json(with_fields=False) for c in cases])
    else:
        print_cases(cases)
    return 0
