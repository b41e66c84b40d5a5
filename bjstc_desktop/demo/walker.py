"""Walk a demo case along its workflow, back-dated, as officer and approver would:
each step is a legal move taken some days after the last, so clocks start in the past
and some cases are due soon or overdue today."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.demo.duties import before_move
from bjstc_desktop.demo.values import field_value
from bjstc_desktop.ops.workflow import ActionView
from bjstc_desktop.workstation import Workstation

_REFUSING = ("不予", "退回", "终止", "撤销", "驳回", "不通过", "取消", "暂停")


def _opinion(action: ActionView) -> str:
    if any(w in action.label for w in _REFUSING):
        return f"经审查，不符合规定条件，拟{action.label}。"
    return f"经审查，材料齐全，符合规定，同意{action.label}。"


def _pick(rng: random.Random, actions: list[ActionView], waited: bool) -> list[ActionView]:
    """Mostly forward along the main path; now and then a refusal or a branch (never
    just because a period is still running)."""
    forward = [a for a in actions if not any(w in a.label for w in _REFUSING)]
    other = [a for a in actions if a not in forward]
    rng.shuffle(forward)
    rng.shuffle(other)
    if other and rng.random() < 0.08:
        return other + forward
    return forward if not waited else forward + other


def walk(actors: Sequence[Workstation], ct: CaseType, case_id: str, rng: random.Random,
         received: dt.date, today: dt.date, max_steps: int) -> int:
    """Take up to `max_steps` moves, each by whichever actor may; returns moves taken."""
    day, taken, waited = received, 0, False
    for _ in range(max_steps):
        day += dt.timedelta(days=rng.randint(1, 12) if not waited else rng.randint(20, 35))
        if day > today:
            break
        moved = False
        before_move(actors[0], ct, case_id, day)  # a panel drawn and scored in 专家评审
        options = {a.action: (ws, a) for ws in actors for a in ws.workflow.actions(case_id)}
        present = actors[0].cases.show(case_id).fields or {}
        for action in _pick(rng, [a for _, a in options.values()], waited):
            ws = options[action.action][0]
            extra = {k: field_value(rng, ct.field(k), ct, day) for k in action.required_fields
                     if present.get(k) in (None, "", []) and ct.field(k) is not None
                     and ct.field(k).kind is not FieldKind.ROWS}
            try:
                ws.workflow.act(case_id, action.action, _opinion(action), extra or None, on=day)
            except BjstcError:
                continue  # a check or a period still stops this move: try another
            moved, taken = True, taken + 1
            break
        if not moved and waited:
            break
        waited = not moved  # a 公示 or consultation period may still run: wait once, then give up
    return taken
