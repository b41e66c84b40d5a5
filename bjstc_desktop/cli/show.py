"""Cases as the officer reads them: names and labels in his language, never keys
(`bjstc case list`, `case show`, `search`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bjstc_desktop.console import say
from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.classification import level_shown
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.core.fieldvalues import display_value
from bjstc_desktop.core.i18n import label, state_label, step_label, tr
from bjstc_desktop.core.modules import case_type

if TYPE_CHECKING:
    from bjstc_desktop.ops.views import CaseView
    from bjstc_desktop.workstation import Workstation


def print_cases(cases: list[CaseView]) -> None:
    """One line per case (case no., state, classification, due date, title, id)."""
    if not cases:
        say(tr("没有案件。", "No cases."))
        return
    for c in cases:
        due = c.due or "—"
        if c.due and not c.due_verified:
            due += tr("（日历未核实）", " (calendar unverified)")
        print(f"{c.case_no}\t{state_shown(c.type, c.state)}\t{level_shown(c.classification)}\t{due}\t{c.title}\t{c.id}")


def _type(code: str) -> CaseType | None:
    try:
        return case_type(code)
    except BjstcError:
        return None


def state_shown(type_code: str, state: str) -> str:
    """A stored state as the officer reads it."""
    return state_label(_type(type_code), state)


def print_case(ws: Workstation, view: CaseView) -> None:
    """`bjstc case show` for people: names and labels in the officer's language, never keys."""
    ct = _type(view.type)
    print(f"{view.case_no}  {view.title}")
    type_name, state = label(ct) if ct else view.type, state_shown(view.type, view.state)
    level = level_shown(view.classification)
    print(tr(f"类型：{type_name}  状态：{state}  密级：{level}  期限：{view.due or '—'}",
             f"Type: {type_name}  State: {state}  Classification: {level}  Due: {view.due or '—'}"))
    for k, v in (view.fields or {}).items():
        f = ct.field(k) if ct else None
        print(f"  {label(f) if f else k}: {display_value(f, v) if f else v}")
    for e in view.timeline:
        before, after = state_label(ct, e.from_state or ""), state_label(ct, e.to_state or "")
        print(f"  {e.at} {e.actor} {step_label(e.action, ct)} {before}→{after} {e.opinion or ''}")
    for c in ws.workflow.checks(view.id):
        mark = {True: "✓", False: "✗", None: "?"}[c.passed]
        print(f"  {mark} {c.label}{tr('：', ': ')}{c.message}")
