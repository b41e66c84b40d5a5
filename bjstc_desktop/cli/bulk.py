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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bjstc_desktop.cli.common import (
    PARTLY_DONE,
    day,
    emit_json,
    interruptible,
    open_workstation,
    pairs,
)
from bjstc_desktop.console import say
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


def _run(args: argparse.Namespace, call: Callable[[Any, Callable[[], bool]], Any]) -> int:
    ws = open_workstation(args)
    try:
        result = interruptible(lambda stop: call(ws, stop))
        return _finish(args, result)
    finally:
        ws.close()


def cmd_bulk_act(args: argparse.Namespace) -> int:
    """`bjstc case bulk-act ACTION CASE...`."""
    fields = pairs(args.field)
    progress = None if args.json else _progress
    return _run(args, lambda ws, stop: ws.bulk.act(args.cases, args.action, args.opinion, fields or None,
                                                   progress=progress, cancelled=stop))


def cmd_bulk_assign(args: argparse.Namespace) -> int:
    """`bjstc case bulk-assign USER CASE...`."""
    progress = None if args.json else _progress
    return _run(args, lambda ws, stop: ws.bulk.assign(args.cases, args.user_name, args.reason,
                                                      progress=progress, cancelled=stop))


def cmd_bulk_letter(args: argparse.Namespace) -> int:
    """`bjstc case bulk-letter TEMPLATE CASE... -o FOLDER`."""
    progress = None if args.json else _progress
    return _run(args, lambda ws, stop: ws.bulk.letters(args.cases, args.template, Path(args.output),
                                                       signer=args.signer or "", issue_date=day(args.date),
                                                       progress=progress, cancelled=stop,
                                                       force_date=bool(args.force_date)))
