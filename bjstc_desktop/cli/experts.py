"""`bjstc expert ...`: the expert pool (专家库) and the panels of cases.

    bjstc expert list [--text T] [--status S] [--category C] [--discipline CODE] [--limit N] [--json]
    bjstc expert show EXPERT [--json]                 # ID number in full (audited)
    bjstc expert add --field KEY=VALUE ... [--classification L] [--modules m,...] [--json]
    bjstc expert edit EXPERT --field KEY=VALUE ... [--json]
    bjstc expert status EXPERT 在库|暂停|退出 [--reason T]
    bjstc expert relate EXPERT (--uscc U | --id-number N) --relation T [--name NAME]
    bjstc expert history EXPERT (--uscc U | --id-number N) --name NAME --on DATE [--note T]
    bjstc expert disciplines [--json]                 # the discipline code table
    bjstc expert draw CASE [--size N] [--fields 520,510] [--json]
    bjstc expert panel CASE [--json]
    bjstc expert replay CASE [--json]                 # exit 4 when a draw does not replay
    bjstc expert withdraw CASE EXPERT --reason T [--recused] [--no-replace] [--json]
    bjstc expert confirm CASE EXPERT
    bjstc expert score CASE EXPERT (--score N | --item KEY=N ...) [--opinion T] [--json]
    bjstc expert invite CASE EXPERT -o OUT.pdf [--time T] [--place P] [--phone P] [--signer S] [--json]
    bjstc expert summary CASE -o OUT.pdf [--signer S] [--json]

The list of experts comes in from Excel with `bjstc import xlsx FILE --profile experts`.
An EXPERT is named by his id, his ID number or (within a panel) his name.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bjstc_desktop.cli.common import day, emit_json, out, pairs, with_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.errors import IntegrityError, UsageError
from bjstc_desktop.core.i18n import tr


def _print_panel(view: Any) -> None:
    print(tr(f"{view.case_no}　{view.requirement}；汇总方法：{view.method}", f"{view.case_no}  {view.requirement}; {view.method}"))
    for m in view.members:
        print(f"{m.name}\t{m.category}\t{m.status}\t{m.total or '—'}\t{m.employer}\t{m.reason}")
    print(tr(f"汇总评分：{view.aggregate_text}" if view.aggregate else f"尚无汇总评分：{view.problem}",
             f"Aggregate: {view.aggregate_said}" if view.aggregate else f"No aggregate yet: {view.problem}"))


@with_workstation
def cmd_list(ws: Any, args: argparse.Namespace) -> int:
    views = ws.experts.list(args.text or "", args.status, args.category, args.discipline, limit=args.limit)
    if args.json:
        emit_json([v.as_json() for v in views])
    elif not views:
        say(tr("没有专家。", "No experts."))
    else:
        for v in views:
            print(f"{v.name}\t{v.id_number}\t{v.category}\t{','.join(v.disciplines)}\t{v.status}\t{v.employer}\t{v.id}")
    return 0


@with_workstation
def cmd_show(ws: Any, args: argparse.Namespace) -> int:
    detail = ws.experts.show(args.expert)
    if args.json:
        emit_json(detail.as_json())
    else:
        e = detail.expert
        print(f"{e.name}　{e.id_number}　{e.category}　{e.professional_title}　{e.status}")
        print(tr(f"单位：{e.employer}（{e.employer_uscc or '—'}）", f"Employer: {e.employer} ({e.employer_uscc or '-'})"))
        print(tr("学科：", "Fields: ") + "、".join(f"{c} {n}" for c, n in zip(e.disciplines, e.discipline_names, strict=True)))
        for r in detail.relations:
            print(tr(f"关联：{r['name'] or r['number']}（{r['relation']}）", f"Relation: {r['name'] or r['number']} ({r['relation']})"))
        for h in detail.history:
            print(tr(f"评审：{h['reviewed_on']} {h['applicant']} {h['case_no']}", f"Review: {h['reviewed_on']} {h['applicant']} {h['case_no']}"))
    return 0


@with_workstation
def cmd_add(ws: Any, args: argparse.Namespace) -> int:
    from bjstc_desktop.core.classification import Level, parse_level

    view = ws.experts.add(pairs(args.field), parse_level(args.classification) if args.classification else Level.PUBLIC,
                          args.modules or "")
    out(args, view.as_json(), tr(f"已录入专家 {view.name}（{view.id}）。", f"Expert {view.name} added ({view.id})."))
    return 0


@with_workstation
def cmd_edit(ws: Any, args: argparse.Namespace) -> int:
    view = ws.experts.edit(args.expert, pairs(args.field))
    out(args, view.as_json(), tr(f"已修改专家 {view.name}。", f"Expert {view.name} changed."))
    return 0


@with_workstation
def cmd_status(ws: Any, args: argparse.Namespace) -> int:
    view = ws.experts.set_status(args.expert, args.status, args.reason or "")
    out(args, view.as_json(), tr(f"{view.name}：{view.status}。", f"{view.name}: {view.status}."))
    return 0


def _subject(args: argparse.Namespace) -> tuple[str | None, str | None]:
    if bool(args.uscc) == bool(args.id_number):
        raise UsageError("请给出 --uscc 或 --id-number 之一。", "Give either --uscc or --id-number.")
    return args.uscc, args.id_number


@with_workstation
def cmd_relate(ws: Any, args: argparse.Namespace) -> int:
    uscc, number = _subject(args)
    rel = ws.experts.add_relation(args.expert, {"related_uscc": uscc, "related_id": number,
                                                "related_name": args.name or "", "relation": args.relation})
    out(args, rel, tr("已登记关联关系。", "Relation recorded."))
    return 0


@with_workstation
def cmd_history(ws: Any, args: argparse.Namespace) -> int:
    uscc, number = _subject(args)
    on = day(args.on)
    if on is None:
        raise UsageError("请给出 --on 评审日期。", "Give --on DATE.")
    ws.experts.add_history(args.expert, uscc, number, args.name, on, args.note or "")
    out(args, {"ok": True}, tr("已登记评审经历。", "Review entered in his history."))
    return 0


def cmd_disciplines(args: argparse.Namespace) -> int:
    from bjstc_desktop.core.experts import discipline_table

    table = discipline_table()
    if args.json:
        emit_json([{"code": d.code, "name": d.name, "group": d.group} for d in table])
    else:
        for d in table:
            print(f"{d.code}\t{d.name}\t{d.group}")
    return 0


@with_workstation
def cmd_draw(ws: Any, args: argparse.Namespace) -> int:
    view = ws.panels.draw(args.case, args.size, args.fields or ())
    if args.json:
        emit_json(view.as_json())
    else:
        say(tr(f"已抽取专家组（随机种子 {view.draws[-1].seed}）。", f"Panel drawn (seed {view.draws[-1].seed})."))
        _print_panel(view)
    return 0


@with_workstation
def cmd_panel(ws: Any, args: argparse.Namespace) -> int:
    view = ws.panels.panel(args.case)
    if args.json:
        emit_json(view.as_json())
    else:
        _print_panel(view)
    return 0


@with_workstation
def cmd_replay(ws: Any, args: argparse.Namespace) -> int:
    results = ws.panels.replay(args.case)
    doc = [{"seq": r.seq, "kind": r.kind, "recorded": list(r.recorded), "replayed": list(r.replayed), "same": r.same}
           for r in results]
    if args.json:
        emit_json(doc)
    else:
        for r in results:
            print(f"{r.seq}\t{r.kind}\t{'一致' if r.same else '不一致'}")
    if not all(r.same for r in results):
        raise IntegrityError("有抽取记录按其随机种子重放的结果与记录不符。", "A draw does not replay to what was recorded.")
    return 0


@with_workstation
def cmd_withdraw(ws: Any, args: argparse.Namespace) -> int:
    view = ws.panels.withdraw(args.case, args.expert, args.reason, "回避" if args.recused else "已谢绝",
                              replace=not args.no_replace)
    out(args, view.as_json(), tr("已登记，并已按原方式补抽。" if not args.no_replace else "已登记。",
                                 "Recorded and replaced." if not args.no_replace else "Recorded."))
    return 0


@with_workstation
def cmd_confirm(ws: Any, args: argparse.Namespace) -> int:
    view = ws.panels.confirm(args.case, args.expert)
    out(args, view.as_json(), tr("已确认。", "Confirmed."))
    return 0


@with_workstation
def cmd_score(ws: Any, args: argparse.Namespace) -> int:
    if (args.score is None) == (not args.item):
        raise UsageError("请给出 --score 或 --item 项=分。", "Give --score N or --item KEY=N.")
    scores: dict[str, Any] = {"score": args.score} if args.score is not None else pairs(args.item, "--item")
    view = ws.panels.score(args.case, args.expert, scores, args.opinion or "")
    if args.json:
        emit_json(view.as_json())
    else:
        _print_panel(view)
    return 0


@with_workstation
def cmd_invite(ws: Any, args: argparse.Namespace) -> int:
    result = ws.panels.invite(args.case, args.expert, Path(args.output), args.time or "", args.place or "",
                              args.phone or "", args.signer or "")
    out(args, result.as_json(), tr(f"已签发专家邀请函 {result.number}：{result.path}", f"Issued {result.number}: {result.path}"))
    return 0


@with_workstation
def cmd_summary(ws: Any, args: argparse.Namespace) -> int:
    result = ws.panels.summary(args.case, Path(args.output), args.signer or "")
    out(args, result.as_json(), tr(f"已出具评审意见汇总表 {result.number}：{result.path}",
                                   f"Issued {result.number}: {result.path}"))
    return 0
