"""The generic transition engine: which actions a role may take from a state, and the
plan of one move (target, clock operations, letters, check results), refused with a
plain reason when the move is not allowed. Pure: the store applies the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, ClockDef, ClockEffect, ClockOp, Transition
from bjstc_desktop.core.checklib.base import as_text, fields_match
from bjstc_desktop.core.checks import CheckResult, enforced_failures, refusal, run_checks
from bjstc_desktop.core.clocks import ClockState, Limit, Moment, Unit
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.core.rulevalues import rule_book
from bjstc_desktop.core.workcalendar import WorkCalendar


@dataclass(frozen=True)
class PlannedClock:
    """One clock operation of a move. `n` is the limit for START and the units added
    for EXTEND (0 otherwise)."""

    clock: str
    label: str
    effect: ClockEffect
    unit: str
    n: int = 0
    kind: str = "limit"
    label_en: str = ""

    @property
    def limit(self) -> Limit:
        """The Limit a START creates."""
        return Limit(self.n, Unit(self.unit))


@dataclass(frozen=True)
class TransitionPlan:
    """What a permitted move does; the store records it, applies the clocks, issues the
    letters and stores the opinion."""

    case_type: str
    action: str
    label: str
    source: str
    target: str
    clock_effect: ClockEffect | None  # the main clock's effect, as declared
    clocks: tuple[PlannedClock, ...]
    letters: tuple[str, ...]
    opinion: str
    checks: tuple[CheckResult, ...]
    closes: bool  # the target is a final state

    @property
    def warnings(self) -> tuple[CheckResult, ...]:
        """Checks that did not pass but do not stop this move."""
        return tuple(c for c in self.checks if c.passed is not True)


def _role(actor_role: Role | str) -> Role:
    try:
        return Role(str(actor_role))
    except ValueError:
        raise PermissionDeniedError(f"角色“{actor_role}”不能办理案件。", f"Role {actor_role!r} cannot handle cases.") from None


def _role_names(roles: tuple[str, ...]) -> str:
    return "或".join(Role(r).label for r in roles)


def _role_names_en(roles: tuple[str, ...]) -> str:
    return " or ".join(Role(r).label_en for r in roles)


def _field_en(case_type: CaseType, key: str) -> str:
    f = case_type.field(key)
    return (f.label_en or f.label) if f else key


def available_actions(case_type: CaseType, state: str, role: Role | str,
                      fields: Mapping[str, Any] | None = None) -> tuple[Transition, ...]:
    """The moves `role` may make from `state` (when `fields` are given, only those whose
    field conditions hold). Administrators get none (三员分立)."""
    try:
        r = Role(str(role))
    except ValueError:
        return ()
    return tuple(t for t in case_type.actions_from(state)
                 if r.value in t.roles and (fields is None or fields_match(fields, t.when)))


def find_transition(case_type: CaseType, state: str, action: str) -> Transition:
    """The transition `action` from `state`, or a RefusedError saying what is possible."""
    named = [t for t in case_type.transitions if t.action == action]
    if not named:
        raise RefusedError(f"“{case_type.name}”没有“{action}”这一办理操作。",
                           f"{case_type.name_en or case_type.name} has no action {action!r}.")
    for t in named:
        if state in t.sources:
            return t
    t = named[0]
    possible = "、".join(f"{x.label}（{x.action}）" for x in case_type.actions_from(state)) or "无"
    possible_en = ", ".join(f"{x.label_en or x.label} ({x.action})" for x in case_type.actions_from(state)) or "none"
    sources = "、".join(s for x in named for s in x.sources)
    sources_en = ", ".join(case_type.state_en(s) or s for x in named for s in x.sources)
    raise RefusedError(
        f"案件当前处于“{state}”，不能办理“{t.label}”（须处于：{sources}）。当前可办理：{possible}。",
        f"A case that is “{case_type.state_en(state) or state}” cannot take “{t.label_en or t.label}” "
        f"(only from: {sources_en}). Possible now: {possible_en}.",
    )


def clock_limit(case_type: CaseType, clock: ClockDef, rules: Mapping[str, str] | None = None) -> Limit:
    """The clock's limit read from its rule."""
    return Limit(rule_book(case_type, rules).integer(clock.rule), Unit(clock.unit))


def _extension(case_type: CaseType, clock: ClockDef, rules: Mapping[str, str] | None,
               state: ClockState | None) -> int:
    book = rule_book(case_type, rules)
    if clock.extend_by:
        return book.integer(clock.extend_by)
    if not clock.extend_to:
        raise RefusedError(f"“{clock.label}”不能延长。", f"“{clock.label_en or clock.label}” cannot be extended.")
    base = book.integer(clock.rule)
    n = book.integer(clock.extend_to) - (state.total if state is not None else base)
    if n <= 0:
        raise RefusedError(f"“{clock.label}”已延长至上限（{book.integer(clock.extend_to)}），不能再延长。",
                           f"“{clock.label_en or clock.label}” is already at its maximum.")
    return n


def _planned_clocks(case_type: CaseType, t: Transition, fields: Mapping[str, Any], rules: Mapping[str, str] | None,
                    clocks: Mapping[str, ClockState] | None, calendar: WorkCalendar | None = None,
                    today: date | None = None) -> tuple[PlannedClock, ...]:
    planned: list[PlannedClock] = []
    for op in _with_nested(case_type, t.clock_effects):
        cd = case_type.clock(op.clock)
        if cd is None or not fields_match(fields, cd.when):
            continue
        n = 0
        if op.effect is ClockEffect.START:
            n = clock_limit(case_type, cd, rules).n
            n = _within_enclosing(case_type, cd, n, clocks, calendar, today)
        elif op.effect is ClockEffect.EXTEND:
            n = _extension(case_type, cd, rules, (clocks or {}).get(cd.key))
        planned.append(PlannedClock(cd.key, cd.label, op.effect, cd.unit, n, cd.kind, cd.label_en))
    return tuple(planned)


_FOLLOWS_ENCLOSING = (ClockEffect.PAUSE, ClockEffect.RESUME, ClockEffect.STOP)


def _with_nested(case_type: CaseType, ops: tuple[ClockOp, ...]) -> tuple[ClockOp, ...]:
    """The move's clock operations, and for each pause, resume or stop of a clock the
    same operation on every clock declared `within` it (after it, unless the move names
    that clock itself)."""
    named = {op.clock for op in ops}
    out: list[ClockOp] = []
    for op in ops:
        out.append(op)
        if op.effect in _FOLLOWS_ENCLOSING:
            for nested in _nested_in(case_type, op.clock):
                if nested.key not in named:
                    out.append(ClockOp(nested.key, op.effect))
                    named.add(nested.key)
    return tuple(out)


def _nested_in(case_type: CaseType, key: str) -> list[ClockDef]:
    """Every clock inside `key`, at any depth."""
    found: list[ClockDef] = []
    for c in case_type.clocks:
        if c.within == key:
            found += [c, *_nested_in(case_type, c.key)]
    return found


def _within_enclosing(case_type: CaseType, cd: ClockDef, n: int, clocks: Mapping[str, ClockState] | None,
                      calendar: WorkCalendar | None, today: date | None) -> int:
    """A nested clock's limit, cut to what is left of its enclosing clock today (same
    unit only: a working-day sub-step inside a working-day limit)."""
    outer_def = case_type.clock(cd.within) if cd.within else None
    outer = (clocks or {}).get(cd.within) if cd.within else None
    if (outer_def is None or outer is None or outer.started is None or outer.stopped is not None
            or calendar is None or today is None or outer_def.unit != cd.unit or cd.unit != Unit.WORKDAY):
        return n
    left = calendar.workdays_between(today, outer.due(calendar, as_of=today).date)
    return max(0, min(n, left))


def receipt_clocks(case_type: CaseType, fields: Mapping[str, Any],
                   rules: Mapping[str, str] | None = None) -> tuple[PlannedClock, ...]:
    """The clocks to start when a case is created (counted from its received date)."""
    return tuple(PlannedClock(c.key, c.label, ClockEffect.START, c.unit, clock_limit(case_type, c, rules).n, c.kind,
                              c.label_en)
                 for c in case_type.clocks if c.starts_at_receipt and fields_match(fields, c.when))


def _check_period(t: Transition, case_type: CaseType, clocks: Mapping[str, ClockState] | None,
                  calendar: WorkCalendar | None, today: date) -> None:
    state = (clocks or {}).get(t.awaits)
    if calendar is None or state is None or state.started is None or state.stopped is not None:
        return
    due = state.due(calendar, as_of=today).date
    if today <= due:
        cd = case_type.clock(t.awaits)
        label, label_en = (cd.label, cd.label_en or cd.label) if cd else (t.awaits, t.awaits)
        raise RefusedError(f"{label}至 {due} 届满，届满后方可办理“{t.label}”。",
                           f"The {label_en} runs to {due}; “{t.label_en or t.label}” must wait until it is over.")


def plan_transition(case_type: CaseType, state: str, action: str, actor_role: Role | str,
                    fields: Mapping[str, Any], opinion: str | None, rules: Mapping[str, str] | None,
                    today: date, *, clocks: Mapping[str, ClockState] | None = None,
                    calendar: WorkCalendar | None = None, facts: Mapping[str, Any] | None = None) -> TransitionPlan:
    """Plan `action` on a case of `case_type` in `state`, or refuse it: an action not
    legal from the state (RefusedError), a role not allowed (PermissionDeniedError),
    unmet field conditions, missing required fields (named in Chinese), a missing
    opinion, blocking checks that fail (on the fields and the store's `facts`), an
    extension beyond its maximum, or (with the case's `clocks` and a `calendar`) a 公示期
    not yet over."""
    t = find_transition(case_type, state, action)
    role = _role(actor_role)
    if role.value not in t.roles:
        raise PermissionDeniedError(
            f"“{t.label}”须由{_role_names(t.roles)}办理，您的角色是{role.label}。",
            f"“{t.label_en or t.label}” must be taken by {_role_names_en(t.roles)}; your role is {role.label_en}.",
        )
    for key, allowed in t.when:
        if as_text(fields.get(key)) not in allowed:
            f = case_type.field(key)
            shown = "、".join(v or "（未填）" for v in allowed)
            shown_en = ", ".join((f.choice_en(v) if f else "") or v or "(empty)" for v in allowed)
            raise RefusedError(f"“{t.label}”仅适用于{f.label if f else key}为“{shown}”的案件。",
                               f"“{t.label_en or t.label}” applies only when {_field_en(case_type, key)} is "
                               f"{shown_en}.")
    absent = [k for k in t.required_fields if fields.get(k) in (None, "", [])]
    if absent:
        labels = [(fd.label if (fd := case_type.field(k)) else k) for k in absent]
        raise RefusedError(f"办理“{t.label}”前须填写：{'、'.join(labels)}。",
                           f"“{t.label_en or t.label}” needs these fields first: "
                           f"{', '.join(_field_en(case_type, k) for k in absent)}.")
    text = (opinion or "").strip()
    if t.opinion_required and not text:
        raise RefusedError(f"办理“{t.label}”须填写办理意见。", f"“{t.label_en or t.label}” needs an opinion.")
    results = run_checks(case_type, fields, rules, today, calendar=calendar, facts=facts)
    failures = enforced_failures(case_type, results, action)
    if failures:
        raise refusal(f"“{t.label}”", f"“{t.label_en or t.label}”", failures)
    if t.awaits:
        _check_period(t, case_type, clocks, calendar, today)
    return TransitionPlan(
        case_type=case_type.code, action=t.action, label=t.label, source=state, target=t.target,
        clock_effect=t.clock_effect, clocks=_planned_clocks(case_type, t, fields, rules, clocks, calendar, today),
        letters=t.letters, opinion=text, checks=tuple(results), closes=t.target in case_type.final_states,
    )


def apply_clock(state: ClockState | None, planned: PlannedClock, on: Moment, *,
                approved_by: str = "", reason: str = "") -> ClockState | None:
    """Apply one planned clock operation to a case's clock state (None: not started).
    Pausing, resuming or stopping a clock that never started or has stopped changes
    nothing (one transition may leave a 公示 clock from several states); resuming a
    clock that is not paused changes nothing; an extension needs the approver's name
    and the reason (the opinion)."""
    if planned.effect is ClockEffect.START:
        if state is not None and state.started is not None:
            return state.start(on)  # refused: it has already started
        return ClockState(planned.limit).start(on)
    if planned.effect is ClockEffect.EXTEND:
        if state is None or state.started is None:
            raise RefusedError(f"“{planned.label}”尚未起算，不能延期。", f"“{planned.label_en or planned.label}” has not started.")
        return state.extend(planned.n, approved_by, reason, on)
    if state is None or state.started is None or state.stopped is not None:
        return state  # nothing to pause, resume or stop
    if planned.effect is ClockEffect.PAUSE:
        return state.pause(on, reason)
    if planned.effect is ClockEffect.RESUME:
        return state.resume(on) if state.is_paused else state
    return state.stop(on)
