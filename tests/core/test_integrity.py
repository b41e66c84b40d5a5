"""科研失信 records at their edges: in force from the first to the last day, scope by
duty, the parties a case names, and the 形式审查 check that blocks or warns by rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bjstc_desktop.core.checklib.shared import PanelFacts
from bjstc_desktop.core.checks import run_checks
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.experts import Aggregate, CaseParties, Identity
from bjstc_desktop.core.integrity import (
    REVOKED,
    IntegrityFacts,
    IntegrityRecord,
    case_parties,
    check_period,
    hits,
    measures,
    parse_scope,
)
from bjstc_desktop.core.modules import MODULE_CODES, case_type
from bjstc_desktop.core.shared_duties import intake_actions, panel_exit_actions
from bjstc_desktop.core.workflow import plan_transition

TODAY = date(2026, 6, 15)
USCC = "91110108MA01ABCD1X"
ORG = Identity("org", USCC, "北京某科技有限公司", "企业统一社会信用代码")
PARTIES = CaseParties((ORG,))


def record(measure: str = "取消申报资格", start: date = date(2025, 1, 1), end: date | None = None,
           scope: tuple[str, ...] = (), status: str = "有效", subject: Identity = ORG) -> IntegrityRecord:
    return IntegrityRecord("r1", subject, "北京市科学技术委员会", "京科发〔2025〕1号", measure, scope, start, end, status)


def test_a_record_that_expired_yesterday_does_not_hit() -> None:
    assert hits([record(end=TODAY - timedelta(days=1))], PARTIES, "industry", TODAY) == ()
    assert len(hits([record(end=TODAY)], PARTIES, "industry", TODAY)) == 1  # the last day still counts
    assert hits([record(start=TODAY + timedelta(days=1))], PARTIES, "industry", TODAY) == ()
    assert len(hits([record(start=TODAY)], PARTIES, "industry", TODAY)) == 1
    assert len(hits([record(end=None)], PARTIES, "industry", TODAY)) == 1  # no last day: until revoked
    assert hits([record(status=REVOKED)], PARTIES, "industry", TODAY) == ()


def test_scope_by_duty_and_subject() -> None:
    assert hits([record(scope=("programs",))], PARTIES, "industry", TODAY) == ()
    assert len(hits([record(scope=("programs", "industry"))], PARTIES, "industry", TODAY)) == 1
    other = record(subject=Identity("org", "91110000600037341L"))
    assert hits([other], PARTIES, "industry", TODAY) == ()
    assert parse_scope("programs，industry、全部", MODULE_CODES) == ("programs", "industry")
    assert parse_scope("", MODULE_CODES) == ()
    with pytest.raises(ValidationError):
        parse_scope("nowhere", MODULE_CODES)
    check_period(TODAY, TODAY)
    with pytest.raises(ValidationError):
        check_period(TODAY, TODAY - timedelta(days=1))
    assert "取消申报资格" in measures() and "禁止担任评审专家" in measures()


def test_the_parties_a_case_names() -> None:
    hnte = case_parties(case_type("hnte"), {"enterprise": "北京高企科技有限公司", "enterprise_uscc": USCC})
    assert [(i.kind, i.number, i.name) for i in hnte.applicants] == [("org", USCC, "北京高企科技有限公司")]
    project = case_parties(case_type("project"), {
        "undertaker": "甲单位", "undertaker_uscc": USCC, "leader": "王伟", "leader_id": "110105194912310021",
        "partners": [{"name": "乙单位", "uscc": "91110000600037341L"}, {"name": "甲单位", "uscc": USCC}]})
    assert {i.number for i in project.applicants} == {USCC, "110105194912310021"}
    assert [(i.name, i.number) for i in project.others] == [("乙单位", "91110000600037341L")]


def test_the_intake_check_blocks_or_warns_as_the_rule_says() -> None:
    hnte = case_type("hnte")
    assert intake_actions(hnte) == ("accept",) and panel_exit_actions(hnte) == ("expert_done",)
    fields = {"enterprise": "北京某科技有限公司", "enterprise_uscc": USCC}
    blocked = IntegrityFacts(hits=tuple(hits([record()], PARTIES, "industry", TODAY)))
    with pytest.raises(RefusedError, match="京科发〔2025〕1号"):
        plan_transition(hnte, "形式审查", "accept", "officer", fields, None, {}, TODAY, facts={"integrity": blocked})
    # Refusing the intake stays possible; a hit under a measure that does not block only warns.
    plan_transition(hnte, "形式审查", "refuse_acceptance", "officer", fields, "失信", {}, TODAY,
                    facts={"integrity": blocked})
    warned = IntegrityFacts(hits=tuple(hits([record("通报批评")], PARTIES, "industry", TODAY)))
    plan = plan_transition(hnte, "形式审查", "accept", "officer", fields, None, {}, TODAY, facts={"integrity": warned})
    assert [w.key for w in plan.warnings if w.key.startswith("integrity")] == ["integrity_notice"]
    # The rule decides which measures block.
    with pytest.raises(RefusedError):
        plan_transition(hnte, "形式审查", "accept", "officer", fields, None,
                        {"integrity.blocking_measures": "通报批评"}, TODAY, facts={"integrity": warned})
    hidden = IntegrityFacts(hidden_blocking=1)
    with pytest.raises(RefusedError, match="无权查看"):
        plan_transition(hnte, "形式审查", "accept", "officer", fields, None, {}, TODAY, facts={"integrity": hidden})
    clean = run_checks(hnte, fields, {}, TODAY, facts={"integrity": IntegrityFacts()})
    assert [(r.key, r.passed) for r in clean if r.key.startswith("integrity")] == [("integrity_blocking", True)]
    assert not [r for r in run_checks(hnte, fields, {}, TODAY) if r.key.startswith(("integrity", "panel"))]


def test_a_move_out_of_expert_review_needs_the_panels_aggregate() -> None:
    hnte = case_type("hnte")
    none = PanelFacts(None, ("专家组尚未评分。", "Not scored."))
    with pytest.raises(RefusedError, match="专家组评分尚未完成"):
        plan_transition(hnte, "专家评审", "expert_done", "officer", {}, None, {}, TODAY, facts={"panel": none})
    done = PanelFacts(Aggregate(Decimal("77.00"), "weighted", 5))
    plan = plan_transition(hnte, "专家评审", "expert_done", "officer", {}, None, {}, TODAY, facts={"panel": done})
    assert plan.target == "审查中"
    project = case_type("project")  # 不予立项 from 专家评审 ends the case: no scores needed
    assert panel_exit_actions(project) == ("propose",)
    plan_transition(project, "专家评审", "reject", "approver", {}, "不予立项", {}, TODAY, facts={"panel": none})

