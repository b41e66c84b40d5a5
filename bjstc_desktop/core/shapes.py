"""Workflow shapes that many case types share, so module files stay declarative."""

from __future__ import annotations

from bjstc_desktop.core.casetypes import ClockEffect, Transition


def path(first_state: str, *steps: tuple[str, str, str], roles: tuple[str, ...] = ("officer", "approver")) -> tuple[Transition, ...]:
    """Transitions along a main path: each step is (action, label, target state),
    legal from the target of the step before (the first from `first_state`)."""
    transitions = []
    source = first_state
    for action, label, target in steps:
        transitions.append(Transition(action=action, label=label, sources=(source,), target=target, roles=roles))
        source = target
    return tuple(transitions)


def licensing(
    *,
    clock: str,
    accept_letters: tuple[str, ...] = ("acceptance_notice",),
    review_state: str = "审查中",
    decide_label: str = "准予",
    refuse_label: str = "不予",
) -> tuple[tuple[str, ...], tuple[Transition, ...]]:
    """The administrative-licensing shape of domain.md §1.4: 收件 → 形式审查 → (补正) →
    受理 (clock starts) → 审查 → 审核 → 准予/不予 → 送达 → 归档."""
    states = ("收件", "形式审查", "补正中", "不予受理", "已受理", review_state, "审核", "准予", "不予", "已送达", "归档")
    t = Transition
    transitions = (
        t("examine", "形式审查", ("收件",), "形式审查"),
        t("request_supplement", "补正通知", ("形式审查",), "补正中", opinion_required=True,
          letters=("supplement_notice",)),
        t("supplement_received", "补正材料已收", ("补正中",), "形式审查"),
        t("refuse_acceptance", "不予受理", ("形式审查",), "不予受理", opinion_required=True,
          letters=("non_acceptance_notice",)),
        t("accept", "受理", ("形式审查",), "已受理", clock=clock, clock_effect=ClockEffect.START,
          letters=accept_letters),
        t("start_review", "开始审查", ("已受理",), review_state),
        t("submit_for_approval", "提交审核", (review_state,), "审核", opinion_required=True),
        t("return_for_review", "退回审查", ("审核",), review_state, roles=("approver",), opinion_required=True),
        t("approve", decide_label, ("审核",), "准予", roles=("approver",), opinion_required=True,
          clock=clock, clock_effect=ClockEffect.STOP, letters=("approval_decision",)),
        t("refuse", refuse_label, ("审核",), "不予", roles=("approver",), opinion_required=True,
          clock=clock, clock_effect=ClockEffect.STOP, letters=("refusal_decision",)),
        t("deliver", "送达", ("准予", "不予"), "已送达"),
        t("archive", "归档", ("已送达", "不予受理"), "归档"),
    )
    return states, transitions
