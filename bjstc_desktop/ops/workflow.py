"""Acting on cases: the legal moves for the acting user, a move carried out (state,
clocks, timeline, audit — all in one transaction), and the computed checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.archives import ARCHIVE_STATE
from bjstc_desktop.core.checks import CheckResult, run_checks
from bjstc_desktop.core.clocks import Unit, moment_on
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.core.fieldvalues import parse_fields, parse_note
from bjstc_desktop.core.i18n import label, state_label
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.core.workflow import apply_clock, available_actions, plan_transition
from bjstc_desktop.ops.archives import ensure_not_filed, file_in
from bjstc_desktop.ops.assign import AssignOps
from bjstc_desktop.ops.case_changes import batch_changes, case_changes, step_moment
from bjstc_desktop.ops.clockstore import load_clocks, refresh_case_due, save_clock
from bjstc_desktop.ops.duty_facts import case_facts
from bjstc_desktop.store.repositories.cases import CaseRepository
from bjstc_desktop.store.repositories.reference import CalendarRepository, RuleRepository

CHECKPOINT_EVERY = 500  # cases between the batch unit's set-based writes in `act_each`


@dataclass(frozen=True)
class ActionView:
    """A move the acting user may make now."""

    action: str
    label: str
    target: str
    opinion_required: bool
    required_fields: tuple[str, ...]
    letters: tuple[str, ...]
    target_label: str = ""  # the target state in the officer's language


@dataclass(frozen=True)
class ActResult:
    """What a move did: the new state and what the officer should do next."""

    case_id: str
    case_no: str
    action: str
    from_state: str
    to_state: str
    due: str | None
    due_verified: bool
    letters: tuple[str, ...]  # templates this move issues (the letters issue prints them)
    warnings: tuple[str, ...]
    case_type: str = ""


@dataclass(frozen=True)
class Move:
    """A move to try (`act_each`): the action, its opinion and any fields it sets."""

    action: str
    opinion: str | None = None
    fields: dict[str, Any] | None = None


@dataclass(frozen=True)
class CheckView:
    """One computed check as shown on the case."""

    key: str
    label: str
    passed: bool | None
    message: str
    blocking: bool


def _check_view(r: CheckResult) -> CheckView:
    return CheckView(r.key, label(r), r.passed, r.message(), r.blocking)


class WorkflowOps(AssignOps):
    """Transitions, checks and due reminders."""

    def actions(self, case_id: str) -> list[ActionView]:
        """Exactly the moves the acting user may make on the case now."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            return self._actions_in(CaseRepository(s, self.actor), case_id)[0]

    def _actions_in(self, repo: CaseRepository, case_id: str) -> tuple[list[ActionView], dict[str, Any]]:
        """The moves the acting user may make on the case now, and its fields."""
        case = repo.get(case_id)
        ct = lookup_case_type(case.case_type)
        fields = repo.fields_of(case)
        return [ActionView(t.action, label(t), t.target, t.opinion_required, t.required_fields, t.letters,
                           state_label(ct, t.target))
                for t in available_actions(ct, case.state, self.actor.role, fields)], fields

    def act_each(self, cases: Sequence[str], choose: Callable[[str, list[ActionView], dict[str, Any]], list[Move]],
                 *, on: Callable[[str], dt.date | None] = lambda _case_id: None) -> list[ActResult | None]:
        """One move on each of `cases` in ONE write transaction (the batch unit of
        ops/case_changes.py, a savepoint per attempt): `choose(case id, the moves the
        acting user may make now, the case's fields)` names the moves to try in order,
        and the first the rules allow is taken, exactly as `act` would take it (`on`
        back-dates it, as act's). A refused attempt changes nothing and the next is
        tried. Returns each case's move, None where none was taken. For the demo's walks
        (many cases moved a step at a time) and any caller that moves many cases."""
        check_may_handle_cases(self.actor)
        out: list[ActResult | None] = []
        with self.store.write() as s, batch_changes(s, self) as batch:
            repo = CaseRepository(s, self.actor)
            for i, case_id in enumerate(cases, start=1):
                actions, fields = self._actions_in(repo, case_id)
                done: ActResult | None = None
                for move in choose(case_id, actions, fields):
                    try:
                        with batch.attempt(), s.begin_nested():
                            done = self._act_in(s, case_id, move.action,
                                                parse_note(move.opinion, "意见", "The opinion", "opinion"),
                                                move.fields, on(case_id))
                        break
                    except BjstcError:
                        continue
                out.append(done)
                if i % CHECKPOINT_EVERY == 0:
                    batch.checkpoint()
        return out

    def checks(self, case_id: str, today: dt.date | None = None) -> list[CheckView]:
        """The computed checks of a case (HNTE ratios, caps, ages, ...)."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            repo = CaseRepository(s, self.actor)
            case = repo.get(case_id)
            ct = lookup_case_type(case.case_type)
            fields, rules, day = repo.fields_of(case), RuleRepository(s).values(), today or dt.date.today()
            results = run_checks(ct, fields, rules, day, calendar=CalendarRepository(s).calendar(),
                                 facts=case_facts(s, self.actor, case, ct, fields, rules, day))
            return [_check_view(r) for r in results]

    def act(self, case_id: str, action: str, opinion: str | None = None, fields: dict[str, Any] | None = None,
            *, on: dt.date | None = None) -> ActResult:
        """Carry out `action`: refused with a plain reason (nothing changed) when it is not
        legal from the state, not for this role, misses required fields or an opinion, or
        fails a blocking check (科研失信 at intake and the panel's aggregate out of 专家评审
        among them). A move into 归档 files the case (档号 for each letter) in the same
        transaction; a filed case takes no move. Records the timeline and the audit in
        one transaction. `on` back-dates the move (demo data and imports only; officers
        act today)."""
        check_may_handle_cases(self.actor)
        opinion = parse_note(opinion, "意见", "The opinion", "opinion")
        with self.store.write() as s:
            return self._act_in(s, case_id, action, opinion, fields, on)

    def _act_in(self, s: Session, case_id: str, action: str, opinion: str | None, fields: dict[str, Any] | None,
                on: dt.date | None = None) -> ActResult:
        """The body of `act` in the caller's write transaction (a bulk action runs it per
        case); `opinion` has been parsed."""
        today = on or dt.date.today()
        repo = CaseRepository(s, self.actor)
        case = repo.get(case_id)
        ensure_not_filed(s, case)
        step_moment(repo, case, on)  # a back-dated move's day, refused before any clock is touched
        ct = lookup_case_type(case.case_type)
        parsed = parse_fields(ct, fields or {}, partial=True)
        merged = {**repo.fields_of(case), **{k: v for k, v in parsed.items()}}
        calendar = CalendarRepository(s).calendar()
        clocks = load_clocks(s, case.id)
        rules = RuleRepository(s).values()
        plan = plan_transition(ct, case.state, action, self.actor.role, merged, opinion, rules, today,
                               clocks=clocks, calendar=calendar,
                               facts=case_facts(s, self.actor, case, ct, merged, rules, today))
        if parsed:
            repo.set_fields(case, ct, parsed)
        before = case.state
        changed_clocks = []
        for planned in plan.clocks:
            moment: dt.date | dt.datetime = today
            if planned.unit == Unit.HOUR:
                moment = moment_on(today)
            state = apply_clock(clocks.get(planned.clock), planned, moment,
                                approved_by=self.actor.name, reason=plan.opinion)
            save_clock(s, case, ct, planned.clock, state, calendar)
            changed_clocks.append(f"{planned.clock}:{planned.effect.value}")
            if planned.effect.value == "start" and planned.kind == "limit" and case.accepted_on is None:
                case.accepted_on = today
        case.state = plan.target
        if plan.closes:
            case.closed_on = today
        refresh_case_due(s, case, ct, merged)
        warnings = tuple(r.message() for r in plan.warnings)
        with case_changes(s, self) as change:
            change.step(case, plan.action, from_state=before, to_state=plan.target, opinion=plan.opinion or None,
                        details={"label": plan.label, "clocks": changed_clocks, "letters": list(plan.letters),
                                 "fields": sorted(parsed)},
                        index_text=[plan.opinion] if plan.opinion else (), on=on)
            if plan.target == ARCHIVE_STATE:
                warnings += file_in(change, case, ct, today).warnings
            change.audit(case, "case_act", case_no=case.case_no, act=plan.action, before=before,
                         after=plan.target, opinion=self._case_text(case.classification, plan.opinion),
                         fields=sorted(parsed), clocks=changed_clocks)
        return ActResult(case.id, case.case_no, plan.action, before, plan.target,
                         case.due_on.isoformat() if case.due_on else None, case.due_verified,
                         plan.letters, warnings, case.case_type)
