"""`bjstc search`: the same ranked search and filters as the GUI's global search.

    bjstc search [TEXT] [--module CODE] [--type CODE] [--state STATE] [--district 海淀]
                 [--from DATE] [--to DATE] [--overdue] [--limit N] [--json]

TEXT may be left out when a filter is given (the matching cases, newest first)."""

from __future__ import annotations

import argparse
import datetime as dt

from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.i18n import tr
from bjstc_desktop.core.searchquery import MAX_RESULTS, SearchQuery, parse_district


def add_search_arguments(sp: argparse.ArgumentParser) -> None:
    """The query text and the structured filters of `bjstc search`."""
    sp.add_argument("text", nargs="?", default="", help=tr("检索词（案号、名称、人名、统一社会信用代码……）",
                                                           "words, a case no., a name, a USCC, ..."))
    sp.add_argument("--module", help=tr("业务模块代码", "duty module code"))
    sp.add_argument("--type", help=tr("案件类型代码", "case type code"))
    sp.add_argument("--state", help=tr("状态", "state"))
    sp.add_argument("--district", help=tr("区（名称或代码，如 海淀、110108）", "district (name or code)"))
    sp.add_argument("--from", dest="received_from", metavar="DATE", help=tr("收文日期起", "received on or after"))
    sp.add_argument("--to", dest="received_to", metavar="DATE", help=tr("收文日期止", "received on or before"))
    sp.add_argument("--overdue", action="store_true", help=tr("只看已超期未办结的", "only open cases past due"))
    sp.add_argument("--limit", type=int, default=200, help=tr(f"最多条数（1-{MAX_RESULTS}）", f"at most (1-{MAX_RESULTS})"))


def query_from_args(args: argparse.Namespace, today: dt.date | None = None) -> SearchQuery:
    """The SearchQuery the arguments ask for; a usage error when nothing is asked."""
    query = SearchQuery(
        text=args.text or "", module=args.module, case_type=args.type, state=args.state,
        district=parse_district(args.district), received_from=_date(args.received_from),
        received_to=_date(args.received_to), overdue_on=(today or dt.date.today()) if args.overdue else None,
        limit=args.limit)
    if query.is_empty():
        raise UsageError("请给出检索词或至少一个筛选条件。", "Give words to search for or at least one filter.")
    return query


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    from bjstc_desktop.core.fieldvalues import parse_date

    return dt.date.fromisoformat(parse_date(text))
