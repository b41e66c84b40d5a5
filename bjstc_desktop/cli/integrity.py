"""`bjstc integrity ...`: 科研失信 records and the cases they hit.

    bjstc integrity list [--text T] [--in-force] [--json]
    bjstc integrity add --field KEY=VALUE ... [--classification L] [--json]
    bjstc integrity revoke ID --reason T [--json]
    bjstc integrity hits [--module M] [--all] [--json]      # exit 0 whether or not there are hits
    bjstc integrity measures [--json]

Fields of `add`: subject_kind (单位|个人), name, number (USCC or ID number), source,
decision_no, measure (see `measures`), scope (module codes; empty: every duty),
start_on, end_on (empty: until revoked). Lists come in from Excel with
`bjstc import xlsx FILE --profile integrity_records`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from bjstc_desktop.cli.common import emit_json, out, pairs, with_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.i18n import tr


@with_workstation
def cmd_list(ws: Any, args: argparse.Namespace) -> int:
    views = ws.integrity.list(args.text or "", dt.date.today() if args.in_force else None, limit=None)
    if args.json:
        emit_json([v.as_json() for v in views])
    elif not views:
        say(tr("没有失信记录。", "No records."))
    else:
        for v in views:
            state = tr("在效", "in force") if v.in_force else v.status if v.status != "有效" else tr("不在期内", "out of period")
            print(f"{v.subject_kind}\t{v.name}\t{v.number}\t{v.decision_no}\t{v.measure}\t{v.start_on}—{v.end_on or ''}"
                  f"\t{state}\t{v.id}")
    return 0


@with_workstation
def cmd_add(ws: Any, args: argparse.Namespace) -> int:
    from bjstc_desktop.core.classification import Level, parse_level

    view = ws.integrity.add(pairs(args.field), parse_level(args.classification) if args.classification else Level.PUBLIC)
    out(args, view.as_json(), tr(f"已登记失信记录（{view.id}）。", f"Record entered ({view.id})."))
    return 0


@with_workstation
def cmd_revoke(ws: Any, args: argparse.Namespace) -> int:
    view = ws.integrity.revoke(args.id, args.reason)
    out(args, view.as_json(), tr("已撤销。", "Revoked."))
    return 0


@with_workstation
def cmd_hits(ws: Any, args: argparse.Namespace) -> int:
    lines = ws.integrity.hits(module=args.module, open_only=not args.all)
    if args.json:
        emit_json([h.as_json() for h in lines])
    elif not lines:
        say(tr("没有案件的当事方命中在效的失信记录。", "No party of a case is in a record in force."))
    else:
        for h in lines:
            mark = tr("阻止受理", "blocks") if h.blocking else tr("提示", "notice")
            print(f"{h.case_no}\t{h.state}\t{h.party}\t{h.decision_no}\t{h.measure}\t{mark}\t{h.title}")
    return 0


def cmd_measures(args: argparse.Namespace) -> int:
    from bjstc_desktop.core.integrity import measures

    if args.json:
        emit_json(list(measures()))
    else:
        print("\n".join(measures()))
    return 0
