"""The registry of duty modules: every case type of design/modules.md with its code, and
the invariants every declaration must keep (states, clocks, rules, letters, checks).
Also `walk`, the helper the per-module tests use to move a case along a path."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.core.casetypes import LETTER_TEMPLATES, CaseType, ClockEffect, FieldKind
from bjstc_desktop.core.checks import check_function_of, run_checks
from bjstc_desktop.core.clocks import ClockState
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import MODULE_CODES, all_case_types, all_modules, case_type, module
from bjstc_desktop.core.workflow import TransitionPlan, apply_clock, plan_transition, receipt_clocks

MODULES_MD = Path("/work/shared/design/modules.md")
TODAY = date(2026, 6, 1)
USCC = "91110000600037341L"

# design/modules.md, section by section: module code -> case type codes.
EXPECTED = {
    "policy": ("regulation_draft", "normative_doc", "policy_evaluation", "admin_reconsideration", "litigation"),
    "planning": ("plan", "plan_evaluation"),
    "programs": ("project_call", "project", "project_change"),
    "industry": ("hnte", "enterprise_rd_center", "agri_pilot", "sme_evaluation", "achievement_registration", "incubator",
                 "hnte_change"),
    "funding": ("budget", "disbursement", "fund_inspection"),
    "institutions": ("new_rd_institution", "institution_qualification", "institute_restructuring", "key_lab",
                     "engineering_center"),
    "market": ("tech_contract", "award_nomination", "secrecy_determination", "popularization_event",
               "popularization_base", "intermediary", "lab_animal_licence", "national_award_nomination"),
    "zones": ("sd_zone",),
    "cooperation": ("intl_project", "tech_export_review", "exchange_visit"),
    "talent": ("academician_nomination", "talent_program", "foreign_work_permit", "work_permit_change"),
    "statistics": ("stat_survey", "periodical"),
    "districts": ("district_request", "district_evaluation"),
    "assignments": ("assigned_task", "proposal_reply", "hotline_order", "info_disclosure", "petition"),
}
# Issue 16 added these to the 37 of design/modules.md (the lead brings the document up to date).
ADDED_BY_ISSUE_16 = {"admin_reconsideration", "litigation", "sme_evaluation", "achievement_registration", "incubator",
                     "hnte_change", "key_lab", "engineering_center", "lab_animal_licence", "national_award_nomination",
                     "work_permit_change", "info_disclosure", "petition"}


def walk(code: str, raw: Mapping[str, Any], actions: Iterable[str | tuple[str, str]], *,
         today: date = TODAY, rules: Mapping[str, str] | None = None,
         start: str | None = None) -> tuple[str, dict[str, ClockState | None], list[TransitionPlan]]:
    """Move a new case of `code` with fields `raw` through `actions` (each an action, or
    (action, role); the approver by default), applying every planned clock operation.
    Returns the final state, the clocks and the plans."""
    ct = case_type(code)
    fields = parse_fields(ct, dict(raw), partial=True)
    state = start or ct.initial_state
    clocks: dict[str, ClockState | None] = {}
    for p in receipt_clocks(ct, fields, rules):
        clocks[p.clock] = apply_clock(None, p, datetime(2026, 6, 1, 9) if p.unit == "hour" else today)
    plans = []
    for step in actions:
        action, role = (step, "approver") if isinstance(step, str) else step
        plan = plan_transition(ct, state, action, role, fields, "经审查，同意。", rules, today)
        for pc in plan.clocks:
            on = datetime(2026, 6, 1, 10) if pc.unit == "hour" else today
            clocks[pc.clock] = apply_clock(clocks.get(pc.clock), pc, on, approved_by="处长", reason="情况复杂")
        state = plan.target
        plans.append(plan)
    return state, clocks, plans


def _reachable(ct: CaseType) -> set[str]:
    seen, queue = {ct.initial_state}, deque([ct.initial_state])
    while queue:
        for t in ct.actions_from(queue.popleft()):
            if t.target not in seen:
                seen.add(t.target)
                queue.append(t.target)
    return seen


def _rule_keys(params: tuple[tuple[str, Any], ...]) -> list[str]:
    keys: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str) and "." in value:
            keys.append(value)
        elif isinstance(value, tuple):
            for v in value:
                collect(v)

    for name, value in params:
        if "rule" in name:
            collect(value)
    return keys


TYPES = all_case_types()
IDS = [t.code for t in TYPES]


def test_every_case_type_of_modules_md_is_in_its_module() -> None:
    assert MODULE_CODES == tuple(EXPECTED)
    for code, types in EXPECTED.items():
        assert tuple(t.code for t in module(code).case_types) == types
    assert len(TYPES) == 37 + len(ADDED_BY_ISSUE_16) == 50


@pytest.mark.skipif(not MODULES_MD.exists(), reason="design documents not mounted")
def test_registry_matches_the_codes_written_in_modules_md() -> None:
    text = MODULES_MD.read_text(encoding="utf-8")
    documented = set()
    for section in re.split(r"^## \d+ ", text, flags=re.M)[1:]:
        documented |= set(re.findall(r"^- `([a-z_]+)`", section, flags=re.M))
    assert documented | ADDED_BY_ISSUE_16 == {t.code for t in TYPES}


def test_codes_and_case_number_shorts_are_unique() -> None:
    assert len({t.code for t in TYPES}) == len(TYPES)
    assert len({t.short for t in TYPES}) == len(TYPES)
    assert [m.number for m in all_modules()] == list(range(1, 14))


@pytest.mark.parametrize("ct", TYPES, ids=IDS)
def test_fields_are_well_formed(ct: CaseType) -> None:
    keys = [f.key for f in ct.fields]
    assert len(set(keys)) == len(keys)
    for f in ct.fields:
        assert re.search(r"[\u4e00-\u9fff]|ISSN|CN", f.label), f.key
        assert f.kind is not FieldKind.ENUM or f.choices, f.key
        assert f.kind is not FieldKind.ROWS or f.columns, f.key
        assert f.kind is not FieldKind.MONEY or f.unit in ("元", "万元"), f.key


@pytest.mark.parametrize("ct", TYPES, ids=IDS)
def test_transitions_connect_declared_states(ct: CaseType) -> None:
    assert len(set(ct.states)) == len(ct.states)
    seen = set()
    for t in ct.transitions:
        assert t.target in ct.states, (t.action, t.target)
        for s in t.sources:
            assert s in ct.states, (t.action, s)
            assert (s, t.action) not in seen, (s, t.action)  # one meaning per action and state
            seen.add((s, t.action))
        assert all(ct.field(k) for k in t.required_fields), t.action
        assert all(ct.field(k) for k, _ in t.when), t.action
        assert set(t.roles) <= {"officer", "approver"}


@pytest.mark.parametrize("ct", TYPES, ids=IDS)
def test_every_state_is_reachable_and_some_state_closes(ct: CaseType) -> None:
    assert _reachable(ct) == set(ct.states)
    assert ct.final_states


@pytest.mark.parametrize("ct", TYPES, ids=IDS)
def test_clocks_read_declared_rules_and_extensions_need_the_approver(ct: CaseType) -> None:
    for c in ct.clocks:
        assert ct.rule(c.rule), c.rule
        assert not c.extend_by or ct.rule(c.extend_by)
        assert not c.extend_to or ct.rule(c.extend_to)
        assert c.unit in ("workday", "day", "month", "hour") and c.kind in ("limit", "period")
        assert not c.within or (ct.clock(c.within) and c.within != c.key), c.key
    for t in ct.transitions:
        for op in t.clock_effects:
            assert ct.clock(op.clock), (t.action, op.clock)
            if op.effect is ClockEffect.EXTEND:
                assert t.roles == ("approver",) and t.opinion_required, t.action
        if t.awaits:
            assert ct.clock(t.awaits).kind == "period"
    started = {op.clock for t in ct.transitions for op in t.clock_effects if op.effect is ClockEffect.START}
    for c in ct.clocks:  # every clock starts somewhere: at receipt or on a transition
        assert c.starts_at_receipt != (c.key in started), c.key


@pytest.mark.parametrize("ct", TYPES, ids=IDS)
def test_letters_use_known_templates_and_decisions_are_the_approvers(ct: CaseType) -> None:
    for code in ct.all_letters:
        assert code in LETTER_TEMPLATES, code
    for t in ct.transitions:
        if {"approval_decision", "refusal_decision"} & set(t.letters):
            assert t.roles == ("approver",) and t.opinion_required, t.action


@pytest.mark.parametrize("ct", TYPES, ids=IDS)
def test_checks_name_registered_functions_and_declared_rules(ct: CaseType) -> None:
    for check in ct.checks:
        assert check_function_of(check)
        assert check.severity in ("block", "warn")
        assert all(ct.rule(k) for k in _rule_keys(check.params)), check.key
        assert all(ct.field(k) for k, _ in check.when), check.key
        assert all(ct.transitions and any(t.action == a for t in ct.transitions) for a in check.actions), check.key
    # With no data every check says "not enough data" (or does not apply); none crashes.
    for r in run_checks(ct, {}, {}, TODAY):
        assert "无法用于计算" not in r.message_zh, r.key


def test_rules_have_a_basis_and_shared_keys_mean_the_same_rule() -> None:
    by_key: dict[str, Any] = {}
    for ct in TYPES:
        for r in ct.rules:
            assert r.basis and r.label and r.unit and r.value, r.key
            assert by_key.setdefault(r.key, r) == r, r.key
    assert len(by_key) >= 90


def test_keys_of_the_first_case_types_still_work() -> None:
    tc = case_type("tech_contract")
    for key in ("contract_type", "seller", "seller_uscc", "contract_amount", "tech_amount", "contract_no",
                "signed_on", "buyer", "buyer_uscc", "buyer_district"):
        assert tc.field(key), key
    assert {"review", "extend", "register", "refuse", "archive"} <= {t.action for t in tc.transitions}
    assert tc.initial_state == "受理"
    hnte = case_type("hnte")
    assert [f.key for f in hnte.fields if f.required] == ["enterprise", "enterprise_uscc"]
    assert hnte.initial_state == "收件"
    assert {"examine", "request_supplement", "supplement_received", "refuse_acceptance", "accept", "start_review",
            "submit_for_approval", "return_for_review", "approve", "refuse", "deliver", "archive"} <= {
        t.action for t in hnte.transitions}
    pr = case_type("proposal_reply")
    assert all(pr.field(k) for k in ("source", "incoming_no", "assigned_on", "lead_or_joint", "result_class"))
    assert pr.initial_state == "签收"
    # A new case needs no more than the fields these callers have always given.
    parse_fields(hnte, {"enterprise": "北京高企有限公司", "enterprise_uscc": USCC})
    parse_fields(tc, {"contract_type": "技术服务", "seller": "甲", "seller_uscc": USCC,
                      "contract_amount": "20万", "tech_amount": "10万"})


def test_a_case_type_finds_each_of_its_fields_by_key_and_nothing_else() -> None:
    """CaseType.field is a lookup now (issue 15): the first field of each key, as a scan
    in order found it; None for any other key."""
    from bjstc_desktop.core.modules import all_case_types

    for ct in all_case_types():
        for f in ct.fields:
            assert ct.field(f.key) is next(g for g in ct.fields if g.key == f.key)
        assert ct.field("no_such_field") is None and ct.field("") is None
