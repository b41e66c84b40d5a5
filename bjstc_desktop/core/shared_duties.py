"""What every case type gets from the three duties all of them share (issue 17): the
rules of the expert pool, research integrity and archives; the 科研失信 check at intake;
and, for a type with a 专家评审 state, an expert panel whose aggregate the moves out of
that state need. The registry (core/modules) applies `with_shared_duties` to each type,
so a module file declares only what is its own (e.g. HNTE's panel composition)."""

from __future__ import annotations

from dataclasses import replace

from bjstc_desktop.core.archives import ARCHIVE_RULES
from bjstc_desktop.core.casetypes import CaseType, CheckDef, PanelDef, RuleDef
from bjstc_desktop.core.experts import DEFAULT_PANEL_SIZE_RULE, EXPERT_RULES
from bjstc_desktop.core.integrity import INTEGRITY_RULES

SHARED_RULES: tuple[RuleDef, ...] = EXPERT_RULES + INTEGRITY_RULES + ARCHIVE_RULES
INTAKE_STATE = "形式审查"
REVIEW_STATE = "专家评审"


def ends_case(ct: CaseType, state: str) -> bool:
    """A state that ends the case: final, or whose only ways out are to final states
    (不予受理 → 归档)."""
    final = set(ct.final_states)
    return state in final or all(t.target in final for t in ct.actions_from(state))


def intake_actions(ct: CaseType) -> tuple[str, ...]:
    """The moves that take a case forward from its intake (形式审查, else its first
    state): not those that refuse it (to a state that ends the case) or return it for
    more material (to a state that leads back)."""
    state = INTAKE_STATE if INTAKE_STATE in ct.states else ct.initial_state
    out = []
    for t in ct.actions_from(state):
        returns = any(u.target == state for u in ct.actions_from(t.target))
        if t.target != state and not ends_case(ct, t.target) and not returns and t.action not in out:
            out.append(t.action)
    return tuple(out)


def panel_exit_actions(ct: CaseType) -> tuple[str, ...]:
    """The moves out of the panel's review state that need its aggregate: every move
    that does not end the case (a refusal or a withdrawal needs no scores)."""
    if ct.panel is None:
        return ()
    return tuple(dict.fromkeys(t.action for t in ct.actions_from(ct.panel.review_state)
                               if not ends_case(ct, t.target) and t.target != ct.panel.review_state))


def shared_checks(ct: CaseType) -> tuple[CheckDef, ...]:
    """The computed checks of the shared duties for this type."""
    checks = []
    forward = intake_actions(ct)
    if forward:
        checks.append(CheckDef("integrity_blocking", "科研失信记录（阻止受理）", "integrity_blocking", "block",
                               actions=forward, label_en="Research misconduct records (block acceptance)"))
    checks.append(CheckDef("integrity_notice", "科研失信记录（提示）", "integrity_notice", "warn",
                           label_en="Research misconduct records (notice)"))
    exits = panel_exit_actions(ct)
    if exits:
        checks.append(CheckDef("panel_aggregate", "专家组评分汇总", "panel_aggregate", "block", actions=exits,
                               label_en="Expert panel's aggregate score"))
    return tuple(checks)


def with_shared_duties(ct: CaseType) -> CaseType:
    """The case type with the shared rules and checks, and a default panel (size by rule,
    scores averaged) when it has a 专家评审 state and declares none."""
    panel = ct.panel
    if panel is None and REVIEW_STATE in ct.states:
        panel = PanelDef(size_rule=DEFAULT_PANEL_SIZE_RULE)
    typed = replace(ct, panel=panel)
    own = {r.key for r in ct.rules}
    return replace(typed, rules=ct.rules + tuple(r for r in SHARED_RULES if r.key not in own),
                   checks=ct.checks + shared_checks(typed))
