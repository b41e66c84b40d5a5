"""`bjstc archive ...`: filing closed cases and the archive (文书档案, DA/T 22-2015).

    bjstc archive file CASE [--opinion T] [--json]        # 档号 for each of its letters
    bjstc archive list [--year Y] [--retention 永久|30年|10年] [--module M] [--json]
    bjstc archive export -o FILE.xlsx [--year Y] [--retention R] [--module M]
    bjstc archive print -o FILE.pdf [--year Y] [--retention R] [--module M]
    bjstc archive export-records -o FOLDER [--year Y] [--case CASE] [--json]
    bjstc archive retention TYPE KIND 永久|30年|10年 --basis T   # system administrator

A filed case is read-only: every command that would change it is refused (exit 1).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bjstc_desktop.cli.common import emit_json, out, with_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.i18n import tr


@with_workstation
def cmd_file(ws: Any, args: argparse.Namespace) -> int:
    result = ws.archives.file(args.case, args.opinion)
    if args.json:
        emit_json(result.as_json())
    else:
        for i in result.items:
            print(f"{i.archive_no}\t{i.retention}\t{i.doc_no or '—'}\t{i.title}")
        say(tr(f"已归档 {result.case_no}，共 {len(result.items)} 件。", f"{result.case_no} filed: {len(result.items)} item(s)."))
    for w in result.warnings:
        say(w)
    return 0


@with_workstation
def cmd_list(ws: Any, args: argparse.Namespace) -> int:
    entries = ws.archives.catalogue(args.year, args.retention, args.module)
    if args.json:
        emit_json([e.as_json() for e in entries])
    elif not entries:
        say(tr("没有归档文件。", "Nothing filed."))
    else:
        for e in entries:
            print("\t".join(str(v) for v in e.row()))
    return 0


@with_workstation
def cmd_export(ws: Any, args: argparse.Namespace) -> int:
    path = ws.archives.export_catalogue(Path(args.output), args.year, args.retention, args.module)
    say(tr(f"已导出归档文件目录：{path}", f"Catalogue exported: {path}"))
    return 0


@with_workstation
def cmd_print(ws: Any, args: argparse.Namespace) -> int:
    ws.archives.print_catalogue(Path(args.output), args.year, args.retention, args.module)
    say(tr(f"已生成归档文件目录：{args.output}", f"Catalogue written: {args.output}"))
    return 0


@with_workstation
def cmd_export_records(ws: Any, args: argparse.Namespace) -> int:
    result = ws.archives.export_records(Path(args.output), args.year, args.case)
    out(args, result.as_json(), tr(f"已导出电子档案 {result.items} 件：{result.path}",
                                   f"{result.items} item(s) exported: {result.path}"))
    return 0


@with_workstation
def cmd_retention(ws: Any, args: argparse.Namespace) -> int:
    key = ws.archives.set_retention(args.type, args.kind, args.period, args.basis)
    out(args, {"key": key}, tr(f"已设定保管期限（{key}）。", f"Retention set ({key})."))
    return 0
