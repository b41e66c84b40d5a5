"""`bjstc case ...`: one case at a time (the bulk commands are in bulk.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bjstc_desktop.cli.common import emit_json, pairs, with_workstation
from bjstc_desktop.cli.show import print_case, print_cases, state_shown
from bjstc_desktop.console import say
from bjstc_desktop.core.classification import Level, parse_level
from bjstc_desktop.core.i18n import letter_name, tr
from bjstc_desktop.workstation import Workstation


@with_workstation
def cmd_case_new(ws: Workstation, args: argparse.Namespace) -> int:
    level = parse_level(args.classification) if args.classification else Level.PUBLIC
    view = ws.cases.create(args.type, args.title, pairs(args.field), level,
                          secrecy_period=args.secrecy_period, knowers=args.knowers)
    if args.json:
        emit_json(view.as_json())
    else:
        say(tr(f"已立案：{view.case_no}（{view.id}）", f"Case created: {view.case_no} ({view.id})"))
    return 0


@with_workstation
def cmd_case_list(ws: Workstation, args: argparse.Namespace) -> int:
    cases = ws.cases.list(module=args.module, case_type=args.type, state=args.state, limit=args.limit)
    if args.json:
        emit_json([c.as_json(with_fields=False) for c in cases])
    else:
        print_cases(cases)
    return 0


@with_workstation
def cmd_case_show(ws: Workstation, args: argparse.Namespace) -> int:
    view = ws.cases.show(args.id)
    if args.json:
        emit_json(view.as_json())
    else:
        print_case(ws, view)
    return 0


@with_workstation
def cmd_case_edit(ws: Workstation, args: argparse.Namespace) -> int:
    view = ws.cases.edit(args.id, title=args.title, fields=pairs(args.field))
    if args.json:
        emit_json(view.as_json())
    else:
        say(tr(f"已修改：{view.case_no}", f"Changed: {view.case_no}"))
    return 0


@with_workstation
def cmd_case_act(ws: Workstation, args: argparse.Namespace) -> int:
    result = ws.workflow.act(args.id, args.action, args.opinion, pairs(args.field))
    if args.json:
        emit_json(result.__dict__)
    else:
        before, after = state_shown(result.case_type, result.from_state), state_shown(result.case_type, result.to_state)
        say(tr(f"{result.case_no}：{before} → {after}", f"{result.case_no}: {before} → {after}"))
        if result.due:
            say(tr(f"期限：{result.due}", f"Due: {result.due}") + ("" if result.due_verified else tr("（日历未核实）", " (calendar unverified)")))
        for w in result.warnings:
            say(tr("注意：", "Note: ") + w)
        if result.letters:
            named = [f"{letter_name(c)}（{c}）" for c in result.letters]
            named_en = [f"{letter_name(c, 'en')} ({c})" for c in result.letters]
            say(tr(f"应出具文书：{'、'.join(named)}（bjstc letter {result.case_id} 模板代码）",
                   f"Letters to issue: {', '.join(named_en)} (bjstc letter {result.case_id} TEMPLATE)"))
    return 0


@with_workstation
def cmd_case_actions(ws: Workstation, args: argparse.Namespace) -> int:
    actions = ws.workflow.actions(args.id)
    if args.json:
        emit_json([a.__dict__ for a in actions])
    else:
        for a in actions:
            need = tr("（须填意见）", " (opinion required)") if a.opinion_required else ""
            print(f"{a.action}\t{a.label} → {a.target_label or a.target}{need}")
    return 0


@with_workstation
def cmd_case_due(ws: Workstation, args: argparse.Namespace) -> int:
    cases = ws.cases.due()
    if args.json:
        emit_json([c.as_json(with_fields=False) for c in cases])
    else:
        labels = {"overdue": tr("已超期", "overdue"), "due_today": tr("今日到期", "due today"),
                  "due_soon": tr("即将到期", "due soon"), "normal": ""}
        for c in cases:
            print(f"{labels.get(c.due_status or '', '')}\t{c.due}\t{c.case_no}\t{c.state}\t{c.title}")
        if not cases:
            say(tr("没有即将到期或超期的案件。", "No cases due soon or overdue."))
    return 0


@with_workstation
def cmd_case_attach(ws: Workstation, args: argparse.Namespace) -> int:
    att = ws.attachments.add(args.id, Path(args.file), checklist_item=args.item)
    if args.json:
        emit_json(att.__dict__)
    else:
        say(tr(f"已添加附件 {att.filename}（{att.size} 字节）。", f"Attached {att.filename} ({att.size} bytes)."))
    return 0


@with_workstation
def cmd_case_attachments(ws: Workstation, args: argparse.Namespace) -> int:
    items = ws.attachments.list(args.id)
    if args.json:
        emit_json([a.__dict__ for a in items])
    else:
        for a in items:
            print(f"{a.id}\t{a.filename}\t{a.size}\t{a.checklist_item or ''}")
    return 0
