"""Walk demo cases along their workflows, back-dated, as officer and approver would:
each step is a legal move taken some days after the last, so clocks start in the past
and some cases are due soon or overdue today.

Many cases walk together (`walk_all`), a step at a time: each round moves every case
still walking by one step in ONE write transaction (ops/workflow.py `act_each`, a
savepoint per attempt), so a chunk of 500 cases costs about as many transactions as its
longest walk has steps, not one per move."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.demo.dates import Nature, nature
from bjstc_desktop.demo.duties import before_move
from bjstc_desktop.demo.shapers import harmonise
from bjstc_desktop.demo.values import field_value
from bjstc_desktop.ops.workflow import ActionView, Move
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


@dataclass
class _Walk:
    """One case's walk so far."""

    ct: CaseType
    case_id: str
    day: dt.date
    steps_left: int
    waited: bool = False
    taken: int = 0
    received: dt.date | None = None
    later: dict[str, Any] = field(default_factory=dict)  # values held back at intake (demo/later.py)

    def moves(self, rng: random.Random, actions: list[ActionView], present: dict[str, Any]) -> list[Move]:
        """The moves to try this step, in order, with the fields each still needs: those
        held back at intake (made consistent with the rest), dates made afresh for the
        move's day where they follow receipt (demo/dates.py), then put in order with the dates already there."""
        out = []
        for action in _pick(rng, actions, self.waited):
            extra = {}
            for k in action.required_fields:
                fd = self.ct.field(k)
                if fd is None or present.get(k) not in (None, "", []) or fd.kind is FieldKind.ROWS and k not in self.later:
                    continue  # the walk invents no table: one held back from intake, made consistent there
                fresh = k not in self.later or nature(self.ct.code, k) is Nature.AFTER  # dated on the move's day
                extra[k] = field_value(rng, fd, self.ct, self.day, received=self.received) if fresh else self.later[k]
            out.append(Move(action.action, _opinion(action), self._dated(rng, present, extra) or None))
        return out

    def _dated(self, rng: random.Random, present: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        """`extra` with its dates put in the order the type's checks ask for, against the
        dates the case holds (an end after its start, a validity after issue)."""
        dates = {k: v for k, v in {**present, **extra}.items()
                 if v and (fd := self.ct.field(k)) is not None and fd.kind is FieldKind.DATE}
        if not any(k in dates for k in extra):
            return extra
        harmonise(rng, self.ct, dates, self.day)
        return {k: dates.get(k, v) for k, v in extra.items()}


def walk_all(actors: Sequence[Workstation], cases: Sequence[tuple[CaseType, str, dt.date, int]],
             rng: random.Random, today: dt.date, later: Mapping[str, dict[str, Any]] | None = None) -> int:
    """Walk each of `cases` (type, id, received, most steps) up to its number of moves,
    each by whichever actor may (the first actor's moves first; the others', one by one,
    where the first has none); `later`: per case id, the values held back at intake.
    Returns the moves taken."""
    ws, others = actors[0], actors[1:]
    held = later or {}
    every = [_Walk(ct, case_id, received, steps, received=received, later=held.get(case_id, {}))
             for ct, case_id, received, steps in cases]
    by_id = {w.case_id: w for w in every}
    walking = [w for w in every if w.steps_left > 0]
    while walking:
        for w in walking:
            w.day += dt.timedelta(days=rng.randint(1, 12) if not w.waited else rng.randint(20, 35))
        walking = [w for w in walking if w.day <= today]
        for w in walking:
            if w.ct.panel is not None:
                before_move(ws, w.ct, w.case_id, w.day)  # a panel drawn and scored in 专家评审
        done = ws.workflow.act_each([w.case_id for w in walking],
                           lambda case_id, actions, fields: by_id[case_id].moves(rng, actions, fields),
                           on=lambda case_id: by_id[case_id].day)
        still = []
        for w, result in zip(walking, done, strict=True):
            moved = result is not None or _by_others(others, w, rng)
            w.steps_left -= 1
            if moved:
                w.taken += 1
            elif w.waited:
                continue  # waited once already: this case stops here
            w.waited = not moved  # a 公示 or consultation period may still run: wait once, then give up
            if w.steps_left > 0:
                still.append(w)
        walking = still
    return sum(w.taken for w in every)


def _by_others(others: Sequence[Workstation], w: _Walk, rng: random.Random) -> bool:
    """A move only another actor may make (a 处长's extension or approval), one by one."""
    for ws in others:
        actions = ws.workflow.actions(w.case_id)
        if not actions:
            continue
        present = ws.cases.show(w.case_id).fields or {}
        for move in w.moves(rng, actions, present):
            try:
                ws.workflow.act(w.case_id, move.action, move.opinion, move.fields, on=w.day)
            except BjstcError:
                continue
            return True
    return False


def walk(actors: Sequence[Workstation], ct: CaseType, case_id: str, rng: random.Random,
         received: dt.date, today: dt.date, max_steps: int) -> int:
    """Take up to `max_steps` moves on one case, each by whichever actor may; returns
    moves taken."""
    return walk_all(actors, [(ct, case_id, received, max_steps)], rng, today)
