"""`bjstc case bulk-*`: one action on many cases, each case on its own.

    bjstc case bulk-act ACTION CASE... [--opinion TEXT] [--field KEY=VALUE ...] [--json]
    bjstc case bulk-assign USER CASE... [--reason TEXT] [--json]
    bjstc case bulk-letter TEMPLATE CASE... -o FOLDER [--signer NAME] [--date D [--force-date]] [--json]

Each case is done (or refused) in its own transaction with its own audit event; a case
that fails is listed with its reason and does not stop the others. Ctrl-C stops before
the next case; the cases already done stay done. Exit 0 when every case was done, 1
when at least one failed or was not reached (the others were done: see the list).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bjstc_desktop.cli_import import _interruptible
from bjstc_desktop.cli_io import emit_json, open_workstation, say
from bjstc_desktop.core.i18n import tr


def _progress(done: int, total: int, case_no: str, ok: bool, message: str) -> None:
    say(f"[{done}/{total}] {case_no} " + ("✓" if ok else f"✗ {message}"))


def _finish(args: argparse.Namespace, result: Any) -> int:
    if args.json:
        emit_json(result.as_json())
    else:
        for o in result.failed:
            print(tr(f"失败\t{o.case_no}\t{o.message}", f"failed\t{o.case_no}\t{o.message}"))
        say(tr(f"完成 {len(result.succeeded)} 件，失败 {len(result.failed)} 件"
               + (f"，因取消未处理 {len(result.not_run)} 件" if result.not_run else "") + "。",
               f"{len(result.succeeded)} done, {len(result.failed)} failed"
               + (f", {len(result.not_run)} not reached (cancelled)" if result.not_run else "") + "."))
    if not result.failed and not result.not_run:
        return 0
    return PARTLY_DONE if result.succeeded else 1  # 1 promises that nothing changed


# cli.md's codes say 1 = "nothing changed"; a bulk run that changed some cases and not
# others needs its own code, so a script never takes a half-done run for an untouched one.
PARTLY_DONE = 5


def _run(args: argparse.Namespace, call: Callable[[Any, Callable[[], bool]], Any]) -> int:
    ws = open_workstation(args)
    try:
        result = _interruptible(lambda stop: call(ws, stop))
        return _finish(args, result)
    finally:
        ws.close()


def cmd_bulk_act(args: argparse.Namespace) -> int:
    """`bjstc case bulk-act ACTION CASE...`."""
    from bjstc_desktop.cli import _fields

    fields = _fields(args.field)
    progress = None if args.json else _progress
    return _run(args, lambda ws, stop: ws.bulk_act(args.cases, args.action, args.opinion, fields or None,
                                                   progress=progress, cancelled=stop))


def cmd_bulk_assign(args: argparse.Namespace) -> int:
    """`bjstc case bulk-assign USER CASE...`."""
    progress = None if args.json else _progress
    return _run(args, lambda ws, stop: ws.bulk_assign(args.cases, args.user_name, args.reason,
                                                      progress=progress, cancelled=stop))


def cmd_bulk_letter(args: argparse.Namespace) -> int:
    """`bjstc case bulk-letter TEMPLATE CASE... -o FOLDER`."""
    from bjstc_desktop.core.fieldvalues import parse_date

    day = dt.date.fromisoformat(parse_date(args.date)) if args.date else None
    progress = None if args.json else _progress
    return _run(args, lambda ws, stop: ws.bulk_letters(args.cases, args.template, Path(args.output),
                                                       signer=args.signer or "", issue_date=day,
                                                       progress=progress, cancelled=stop,
                                                       force_date=bool(args.force_date)))


def add_bulk_commands(case: Any, cmd: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the bulk commands under `bjstc case` (`case` is its subparsers)."""
    sp = cmd("bulk-act", cmd_bulk_act, case, help=tr("对多件案件办理同一操作", "one workflow action on many cases"))
    sp.add_argument("action")
    sp.add_argument("cases", nargs="+", metavar="CASE")
    sp.add_argument("--opinion")
    sp.add_argument("--field", action="append")
    sp = cmd("bulk-assign", cmd_bulk_assign, case, help=tr("批量更改承办人", "change the handler of many cases"))
    sp.add_argument("user_name", metavar="USER")
    sp.add_argument("cases", nargs="+", metavar="CASE")
    sp.add_argument("--reason")
    sp = cmd("bulk-letter", cmd_bulk_letter, case, help=tr("为多件案件签发同一文书", "issue one letter for many cases"))
    sp.add_argument("template")
    sp.add_argument("cases", nargs="+", metavar="CASE")
    sp.add_argument("-o", "--output", required=True, help=tr("输出文件夹", "the output folder"))
    sp.add_argument("--signer")
    sp.add_argument("--date")
    sp.add_argument("--force-date", action="store_true",
                    help=tr("成文日期早于收件日期或在今天之后时，确认使用", "accept a date before a case was received or in the future"))
