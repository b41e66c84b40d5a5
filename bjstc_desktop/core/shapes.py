"""Workflow shapes that many case types share, so module files stay declarative.

A shape is states plus transitions. Module files pick a shape (licensing, recognition,
supervision, drafting, evaluation, approval, handling; the project life cycle is in
core/projecttype.py), name its states and actions in their own words, and add what is
theirs alone. Shapes combine with `+`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from bjstc_desktop.core.casetypes import ClockEffect, ClockOp, Transition

APPROVER = ("approver",)
START, PAUSE, RESUME, STOP, EXTEND = (ClockEffect.START, ClockEffect.PAUSE, ClockEffect.RESUME,
                                      ClockEffect.STOP, ClockEffect.EXTEND)
Step = tuple[Any, ...]  # (action, label, target) or (action, label, target, {Transition options})


@dataclass(frozen=True)
class Shape:
    """States (the first is the initial one) and the transitions between them."""

    states: tuple[str, ...]
    transitions: tuple[Transition, ...]

    def __iter__(self) -> Iterator[Any]:
        yield self.states
        yield self.transitions

    @property
    def spec(self) -> dict[str, Any]:
        """{"states": ..., "transitions": ...}, to unpack into CaseType(...)."""
        return {"states": self.states, "transitions": self.transitions}

    def __add__(self, other: Shape) -> Shape:
        states = tuple(dict.fromkeys(self.states + other.states))
        return Shape(states, self.transitions + other.transitions)

    def plus(self, *transitions: Transition, states: tuple[str, ...] = ()) -> Shape:
        """This shape with more transitions (and states, appended in order)."""
        return self + Shape(states + tuple(t.target for t in transitions), tuple(transitions))

    def twin_clock(self, clock: str, twin: str) -> Shape:
        """This shape with every operation on `clock` done on `twin` too: two clocks of
        which a case's fields select one (工作许可: 90日以上 20 working days, 90日以下 5)."""
        ts = tuple(replace(t, clock_ops=t.clock_ops + tuple(ClockOp(twin, op.effect) for op in t.clock_effects
                                                             if op.clock == clock))
                   for t in self.transitions)
        return Shape(self.states, ts)

    def adjusted(self, action: str, source: str | None = None, **changes: Any) -> Shape:
        """This shape with the transition `action` (from `source`, if given) changed."""
        ts = tuple(replace(t, **changes) if t.action == action and (source is None or source in t.sources) else t
                   for t in self.transitions)
        return Shape(self.states, ts)


def T(action: str, label: str, sources: tuple[str, ...] | str, target: str, **opts: Any) -> Transition:
    """A transition; `sources` may be one state; `ops` lists further (clock, effect)."""
    ops = tuple(ClockOp(c, e) for c, e in opts.pop("ops", ())) + tuple(opts.pop("clock_ops", ()))
    return Transition(action, label, (sources,) if isinstance(sources, str) else tuple(sources), target,
                      clock_ops=ops, **opts)


def path(first_state: str, *steps: Step, roles: tuple[str, ...] = ("officer", "approver")) -> tuple[Transition, ...]:
    """Transitions along a main path: each step is (action, label, target state[, opts]),
    legal from the target of the step before (the first from `first_state`)."""
    transitions = []
    source = first_state
    for action, label, target, *rest in steps:
        opts = {"roles": roles, **(rest[0] if rest else {})}
        transitions.append(T(action, label, source, target, **opts))
        source = target
    return tuple(transitions)


def chain(first_state: str, *steps: Step) -> Shape:
    """A main path as a Shape (its states in order)."""
    return Shape((first_state, *(s[2] for s in steps)), path(first_state, *steps))


def objection_handling(state: str, refused: str, clocks: tuple[tuple[str, ClockEffect], ...] = (),
                       letters: tuple[str, ...] = ("refusal_decision",)) -> Shape:
    """公示期间的异议: record it, verify it, then dismiss (back to 公示) or uphold (refuse)."""
    return Shape(("异议核实",), (
        T("record_objection", "登记异议", state, "异议核实", opinion_required=True),
        T("dismiss_objection", "异议不成立", "异议核实", state, roles=APPROVER, opinion_required=True),
        T("uphold_objection", "异议成立", "异议核实", refused, roles=APPROVER, opinion_required=True,
          letters=letters, ops=clocks),
    ))


def licensing(
    *,
    clock: str,
    accept_letters: tuple[str, ...] = ("acceptance_notice",),
    review_state: str = "审查中",
    decide_label: str = "准予",
    refuse_label: str = "不予",
    acceptance_clock: str = "",
    expert_review: bool = False,
    expert_pauses: bool = True,
    publicity_clock: str = "",
    extend: bool = False,
    delivery_clock: str = "",
) -> Shape:
    """The administrative-licensing shape of domain.md §1.4: 收件 → 形式审查 → (补正) →
    受理 (clock starts) → 审查 [→ 专家评审, clock paused] → 审核 [→ 公示 → 异议] →
    准予/不予 (clock stops) → 送达 → 归档. Optional: the acceptance clock (declare it
    with starts_at_receipt: it runs from receipt, paused while 补正), expert review that does not pause the clock (when
    it is the review itself), an extension by the approver, a delivery clock."""
    acc = ((acceptance_clock, STOP),) if acceptance_clock else ()
    stop_all = ((publicity_clock, STOP),) if publicity_clock else ()
    deliver = ((delivery_clock, START),) if delivery_clock else ()
    states = ["收件", "形式审查", "补正中", "不予受理", "已受理", review_state]
    ts = [
        T("examine", "形式审查", "收件", "形式审查"),
        T("request_supplement", "补正通知", "形式审查", "补正中", opinion_required=True, letters=("supplement_notice",),
          clock=acceptance_clock, clock_effect=PAUSE if acc else None),
        T("supplement_received", "补正材料已收", "补正中", "形式审查",
          clock=acceptance_clock, clock_effect=RESUME if acc else None),
        T("refuse_acceptance", "不予受理", "形式审查", "不予受理", opinion_required=True,
          letters=("non_acceptance_notice",), ops=acc),
        T("accept", "受理", "形式审查", "已受理", clock=clock, clock_effect=START, letters=accept_letters, ops=acc),
        T("start_review", "开始审查", "已受理", review_state),
        T("submit_for_approval", "提交审核", review_state, "审核", opinion_required=True),
        T("return_for_review", "退回审查", "审核", review_state, roles=APPROVER, opinion_required=True),
    ]
    if expert_review:
        states.append("专家评审")
        pause = {"clock": clock, "clock_effect": PAUSE} if expert_pauses else {}
        resume = {"clock": clock, "clock_effect": RESUME} if expert_pauses else {}
        ts += [T("expert_review", "专家评审", review_state, "专家评审", **pause),
               T("expert_done", "专家评审完毕", "专家评审", review_state, **resume)]
    if extend:
        ts.append(T("extend", "延期", review_state, review_state, roles=APPROVER, opinion_required=True,
                    clock=clock, clock_effect=EXTEND, letters=("extension_notice",)))
    states.append("审核")
    decide_from: tuple[str, ...] = ("审核",)
    refuse_from: tuple[str, ...] = ("审核",)
    if publicity_clock:
        states.append("公示")
        ts.append(T("publicize", "公示", "审核", "公示", roles=APPROVER, opinion_required=True,
                    letters=("publicity_notice",), clock=publicity_clock, clock_effect=START, ops=((clock, PAUSE),)))
        decide_from, refuse_from = ("公示",), ("审核", "公示")
    ts += [
        T("approve", decide_label, decide_from, "准予", roles=APPROVER, opinion_required=True, clock=clock,
          clock_effect=STOP, letters=("approval_decision",), ops=stop_all + deliver, awaits=publicity_clock),
        T("refuse", refuse_label, refuse_from, "不予", roles=APPROVER, opinion_required=True, clock=clock,
          clock_effect=STOP, letters=("refusal_decision",), ops=stop_all + deliver),
        T("deliver", "送达", ("准予", "不予"), "已送达", clock=delivery_clock, clock_effect=STOP if deliver else None),
        T("archive", "归档", ("已送达", "不予受理"), "归档"),
    ]
    shape = Shape((*states, "准予", "不予", "已送达", "归档"), tuple(ts))
    if publicity_clock:
        shape = shape + objection_handling("公示", "不予", ((clock, STOP), (publicity_clock, STOP), *deliver), ("refusal_decision",))
    return shape


def recognition(
    *,
    first: str,
    exam: Step = ("examine", "形式审查", "形式审查"),
    reviews: tuple[Step, ...],
    decide: Step,
    refuse: Step = ("refuse", "不予认定", "不予认定"),
    publicity_clock: str = "",
    after_publicity: tuple[Step, ...] = (),
    accept_letters: tuple[str, ...] = ("acceptance_notice",),
    decide_letters: tuple[str, ...] = ("approval_decision",),
    archive_decided: bool = False,
) -> Shape:
    """Recognition (认定/命名/推荐) of an applicant: 申请 → 形式审查 (补正, 不予受理) →
    review steps (the first issues the acceptance notice) [→ 公示 with objections →
    steps after publicity] → decision by the approver, or refusal from any review step."""
    exam_state = exam[2]
    first_review = (*reviews[0][:3], {"letters": accept_letters, **(reviews[0][3] if len(reviews[0]) > 3 else {})})
    shape = chain(first, exam) + chain(exam_state, first_review, *reviews[1:]) + Shape(("补正中", "不予受理"), (
        T("request_supplement", "补正通知", exam_state, "补正中", opinion_required=True, letters=("supplement_notice",)),
        T("supplement_received", "补正材料已收", "补正中", exam_state),
        T("refuse_acceptance", "不予受理", exam_state, "不予受理", opinion_required=True,
          letters=("non_acceptance_notice",)),
    ))
    review_states = tuple(s[2] for s in reviews)
    last = review_states[-1]
    publicity = ((publicity_clock, STOP),) if publicity_clock else ()
    if publicity_clock:
        shape = shape.plus(T("publicize", "公示", last, "公示", roles=APPROVER, opinion_required=True,
                             letters=("publicity_notice",), clock=publicity_clock, clock_effect=START))
        shape += objection_handling("公示", refuse[2], publicity, ("refusal_decision",))
        last = "公示"
    if after_publicity:
        first_after = (*after_publicity[0][:3], {"awaits": publicity_clock, "ops": publicity,
                                                 **(after_publicity[0][3] if len(after_publicity[0]) > 3 else {})})
        shape += chain(last, first_after, *after_publicity[1:])
        review_states += tuple(s[2] for s in after_publicity)
        last, publicity = after_publicity[-1][2], ()
    d_action, d_label, d_state, *d_opts = decide
    shape = shape.plus(
        T(d_action, d_label, last, d_state, roles=APPROVER, opinion_required=True, letters=decide_letters,
          ops=publicity, awaits=publicity_clock if publicity else "", **(d_opts[0] if d_opts else {})),
        T(refuse[0], refuse[1], review_states + (("公示",) if publicity_clock else ()), refuse[2], roles=APPROVER,
          opinion_required=True, letters=("refusal_decision",),
          ops=((publicity_clock, STOP),) if publicity_clock else ()),
    )
    ends = ("不予受理", refuse[2]) + ((d_state,) if archive_decided else ())
    return shape.plus(T("archive", "归档", ends, "归档"))


def supervision(
    *,
    start: str,
    report: Step,
    evaluate: Step,
    outcome: Step,
    loop: bool = True,
    enter: Step | None = None,
    rectify: Step = ("rectify", "整改", "整改"),
    revoke: Step = ("revoke", "撤销", "撤销"),
    outcome_letters: tuple[str, ...] = (),
    revoke_letters: tuple[str, ...] = ("notice",),
) -> Shape:
    """After recognition: (enter a build period) → yearly report → evaluation →
    outcome (稳定支持/复核通过/通过; with `loop`, the next year's report follows it) or
    整改 (re-evaluated) or 撤销; finished cases are archived."""
    work = enter[2] if enter else start
    shape = chain(start, enter) if enter else Shape((start,), ())
    r_state, e_state, o_state, x_state, v_state = report[2], evaluate[2], outcome[2], rectify[2], revoke[2]
    ts = [T(report[0], report[1], (work, o_state) if loop else (work,), r_state)]
    if not loop:
        ts.append(T("accept_report", "年报审核通过", r_state, work))
    ts += [
        T(evaluate[0], evaluate[1], (r_state, x_state) + (() if loop else (work,)), e_state),
        T(outcome[0], outcome[1], e_state, o_state, roles=APPROVER, opinion_required=True, letters=outcome_letters),
        T(rectify[0], rectify[1], e_state, x_state, roles=APPROVER, opinion_required=True,
          letters=("rectification_notice",)),
        T(revoke[0], revoke[1], (e_state, x_state, work), v_state, roles=APPROVER, opinion_required=True,
          letters=revoke_letters),
        T("archive", "归档", (v_state, o_state), "归档"),
    ]
    return shape + Shape((r_state, e_state, o_state, x_state, v_state, "归档"), tuple(ts))


def drafting(
    first: str,
    *steps: Step,
    review_states: tuple[str, ...],
    revise_to: str = "起草",
    withdraw_from: tuple[str, ...] = (),
    in_force: str = "",
    evaluate: Step | None = None,
) -> Shape:
    """Drafting a document: a main path; any review step may send the draft back for
    revision (approver); drafting may be stopped (终止) before issue; once in force it
    may be evaluated, then amended (修订, drafting restarts), repealed (废止) or kept."""
    shape = chain(first, *steps).plus(
        T("return_for_revision", "退回修改", review_states, revise_to, roles=APPROVER, opinion_required=True))
    if withdraw_from:
        shape = shape.plus(T("withdraw", "终止", withdraw_from, "终止", roles=APPROVER, opinion_required=True))
    if in_force and evaluate:
        e_state = evaluate[2]
        restart = next((t for t in shape.transitions if t.target == revise_to and t.action != "return_for_revision"), None)
        if restart is None:  # drafting is the first state: a revision restarts it
            shape = shape.plus(T("restart_drafting", "重新起草", "修订", revise_to))
        else:
            shape = shape.adjusted(restart.action, sources=restart.sources + ("修订",))
        shape = shape.plus(
            T(evaluate[0], evaluate[1], in_force, e_state),
            T("amend", "修订", e_state, "修订", roles=APPROVER, opinion_required=True),
            T("repeal", "废止", e_state, "废止", roles=APPROVER, opinion_required=True, letters=("notice",)),
            T("keep_in_force", "继续施行", e_state, in_force, roles=APPROVER, opinion_required=True),
        )
    return shape


def evaluation(first: str, *steps: Step, issue: Step) -> Shape:
    """An evaluation or assessment: its steps, then 提交审核 → the approver issues the
    report (报送/通报) or returns it to the last step; then 归档."""
    last = steps[-1][2] if steps else first
    i_action, i_label, i_state, *i_opts = issue
    opts = {"roles": APPROVER, "opinion_required": True, **(i_opts[0] if i_opts else {})}
    return chain(first, *steps, ("submit", "提交审核", "审核"), (i_action, i_label, i_state, opts),
                 ("archive", "归档", "归档")).plus(
        T("return_for_revision", "退回修改", "审核", last, roles=APPROVER, opinion_required=True))


def approval(
    first: str,
    *,
    review: str = "审核",
    consult: tuple[Step, ...] = (),
    approve: Step = ("approve", "同意", "同意"),
    refuse: Step = ("refuse", "不同意", "不同意"),
    letters: tuple[str, ...] = ("reply_approval",),
    after: tuple[Step, ...] = (),
) -> Shape:
    """A request decided by the approver: 申请 → 审核 (退回修改 ↔ 重新报送) [→ 会签/征求意见]
    → 同意 (letters) → steps after approval, or 不同意; then 归档."""
    last = consult[-1][2] if consult else review
    a_action, a_label, a_state, *a_opts = approve
    shape = chain(first, ("submit", "报送", review), *consult).plus(
        T("return_for_revision", "退回修改", (review,), "退回修改", opinion_required=True),
        T("resubmit", "重新报送", "退回修改", review),
        T(a_action, a_label, last, a_state, roles=APPROVER, opinion_required=True, letters=letters,
          **(a_opts[0] if a_opts else {})),
        T(refuse[0], refuse[1], tuple(dict.fromkeys((review, last))), refuse[2], roles=APPROVER, opinion_required=True),
    )
    end = after[-1][2] if after else a_state
    return shape + chain(a_state, *after) + Shape(("归档",), (T("archive", "归档", (end, refuse[2]), "归档"),))


def handling(
    first: str,
    *steps: Step,
    review: str,
    revise_to: str,
    misassigned: Step | None = None,
    extend_at: str = "",
    extend_clock: str = "",
) -> Shape:
    """Handling an incoming item (来文、交办件、建议提案、工单): its main path; the approver
    may send a draft back from `review`; a wrongly assigned item can be returned (退回改办)
    from the first state; the approver may extend the time limit while it is handled."""
    shape = chain(first, *steps).plus(
        T("return_for_revision", "退回修改", review, revise_to, roles=APPROVER, opinion_required=True))
    if misassigned:
        action, label, state, *opts = misassigned
        shape = shape.plus(T(action, label, first, state, opinion_required=True, **(opts[0] if opts else {})))
    if extend_at:
        shape = shape.plus(T("extend", "延期", extend_at, extend_at, roles=APPROVER, opinion_required=True,
                             clock=extend_clock, clock_effect=EXTEND))
    return shape
