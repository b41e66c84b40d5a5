"""`bjstc import ...`: spreadsheet lists into cases, validated first.

    bjstc import profiles [--json]
    bjstc import xlsx FILE --profile P [--source NAME] [--map 'HEADER=FIELD' ...] [--case ID]
                      [--sheet NAME] [--classification LEVEL] [--dry-run] [--json]

`--dry-run` validates every row and reports what would be new, updated or unchanged;
nothing is written. Without it the rows are upserted on the natural key in one
transaction: any bad row, an interrupt or a failure imports nothing (exit 1). With
`--source` the mapping used is saved for that source and proposed next time.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bjstc_desktop.cli.common import emit_json, interruptible, open_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.classification import Level, parse_level
from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.i18n import tr
from bjstc_desktop.core.importrows import RowProblem

MAX_LISTED = 200  # problems printed in text mode (all of them with --json)


def parse_map(items: Sequence[str] | None) -> dict[str, str]:
    """--map 'HEADER=FIELD' (FIELD empty: ignore the column) → {header: field}."""
    out: dict[str, str] = {}
    for item in items or ():
        header, sep, key = item.rpartition("=")
        if not sep or not header.strip():
            raise UsageError(f"--map 应为 表头=字段，而不是“{item}”。", f"--map takes HEADER=FIELD, not {item!r}.")
        out[header.strip()] = key.strip()
    return out


def _problem_line(p: RowProblem) -> str:
    column = tr(f"［{p.column}］", f"[{p.column}] ") if p.column else ""
    return tr(f"第 {p.row} 行{column}：{p.zh}", f"Row {p.row} {column}: {p.en}")


def _print_report(doc: Any, problems: Sequence[RowProblem]) -> None:
    verb = tr("将", "would be ") if doc.dry_run else ""
    say(tr(f"{doc.file}（{doc.sheet}）：{doc.rows} 行；{verb}新增 {doc.new}，{verb}更新 {doc.updated}，"
           f"不变 {doc.unchanged}，有问题 {len({p.row for p in problems})} 行。",
           f"{doc.file} ({doc.sheet}): {doc.rows} rows; {verb}new {doc.new}, {verb}updated {doc.updated}, "
           f"unchanged {doc.unchanged}, rows with problems {len({p.row for p in problems})}."))
    for p in problems[:MAX_LISTED]:
        print(_problem_line(p))
    if len(problems) > MAX_LISTED:
        say(tr(f"……另有 {len(problems) - MAX_LISTED} 个问题（--json 列出全部）。",
               f"… {len(problems) - MAX_LISTED} more problems (--json lists them all)."))


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    """`bjstc import xlsx FILE --profile P ...`."""
    from bjstc_desktop.ops.imports import ImportRefused

    level = parse_level(args.classification) if args.classification else Level.PUBLIC
    mapping = parse_map(args.map)
    ws = open_workstation(args)
    try:
        try:
            report = interruptible(lambda stop: ws.imports.run(
                Path(args.file), args.profile, source=args.source, mapping=mapping or None, dry_run=args.dry_run,
                target_case=args.case, classification=level, sheet=args.sheet, cancelled=stop))
        except ImportRefused as exc:
            report = exc.report
            if args.json:
                emit_json(report.as_json())
            else:
                _print_report(report, report.problems)
            say(exc.message())
            return 1
        if args.json:
            emit_json(report.as_json())
        else:
            _print_report(report, report.problems)
            if report.committed:
                say(tr("已导入。", "Imported."))
        return 0 if report.ok else 1
    finally:
        ws.close()


def cmd_import_profiles(args: argparse.Namespace) -> int:
    """`bjstc import profiles`: every profile with its case type, key and fields."""
    from bjstc_desktop.core.importprofiles import PROFILES

    docs = [{"code": p.code, "name": p.name, "name_en": p.name_en, "case_type": p.case_type or None,
             "module": p.module or None, "record": p.record or None,
             "key": list(p.key_fields), "rows_field": p.rows_field or None,
             "fields": [{"key": k, "label": label} for k, label in p.targets()]} for p in PROFILES]
    if args.json:
        emit_json(docs)
    else:
        for d in docs:
            print(f"{d['code']}\t{d['case_type'] or d['record']}\t{'+'.join(d['key'])}\t{d['name']}")
    return 0
