"""`bjstc export cases ...` and `bjstc dashboard ...`: Excel exports of case lists and a
duty's statistics, filtered by what the user may see and audited.

    bjstc export cases [--module CODE] [--type TYPE] [--state STATE] [--query TEXT] [--mine] [--overdue]
                       --out FILE.xlsx [--json]
    bjstc dashboard MODULE [--chart KEY ...] [--xlsx FILE.xlsx] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from bjstc_desktop.cli.common import emit_json, with_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.classification import level_shown
from bjstc_desktop.core.dashboards import ChartData
from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.i18n import label, tr
from bjstc_desktop.core.modules import module


def cmd_export_cases(args: argparse.Namespace) -> int:
    """`bjstc export cases`: the visible cases matching the filters, as .xlsx."""
    if not str(args.out).lower().endswith(".xlsx"):
        raise UsageError("--out 应为 .xlsx 文件。", "--out must name an .xlsx file.")
    return with_workstation(_export_cases)(args)


def _export_cases(ws: Any, args: argparse.Namespace) -> int:
    result = ws.reports.export_cases(Path(args.out), module=args.module, case_type=args.type, state=args.state,
                             query=args.query, mine=args.mine,
                             overdue_on=dt.date.today() if args.overdue else None)
    if args.json:
        emit_json(result.as_json())
    else:
        say(tr(f"已导出 {result.rows} 件案件到 {result.path}（密级：{result.classification}）。",
               f"Exported {result.rows} cases to {result.path} (classification: {level_shown(result.classification)})."))
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    """`bjstc dashboard MODULE`: the duty's charts as text, JSON or an .xlsx workbook."""
    if args.xlsx and not str(args.xlsx).lower().endswith(".xlsx"):
        raise UsageError("--xlsx 应为 .xlsx 文件。", "--xlsx must name an .xlsx file.")
    return with_workstation(_dashboard)(args)


def _dashboard(ws: Any, args: argparse.Namespace) -> int:
    only = tuple(args.chart or ())
    if args.xlsx:
        result = ws.reports.export_dashboard(args.module, Path(args.xlsx), only=only)
        say(tr(f"已导出 {result.rows} 张统计表到 {result.path}（密级：{result.classification}）。",
               f"Exported {result.rows} tables to {result.path} (classification: {level_shown(result.classification)})."))
    data = ws.reports.dashboard(args.module, only=only)
    if args.json:
        emit_json(data.as_json())
    elif not args.xlsx:
        name = label(module(data.module))
        print(tr(f"{name}　统计（密级：{data.level.label}）", f"{name} statistics (classification: {data.level.label_en})"))
        for chart in data.charts:
            _print_chart(chart)
    return 0


def _print_chart(chart: ChartData) -> None:
    headers, rows = chart.table()
    print()
    print(f"{chart.title}\t[{chart.key}]")
    print("\t".join(headers))
    for row in rows:
        print("\t".join(_fmt(v) for v in row))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value != int(value) else f"{int(value):,}"
    return str(value)
