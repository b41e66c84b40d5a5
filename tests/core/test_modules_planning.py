"""2 规划计划: a plan from research to final evaluation; a plan evaluation."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.checks import run_checks
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import case_type
from tests.core.test_modules import TODAY, walk

PLAN = {"plan_kind": "五年规划", "plan_period_start": "2026", "plan_period_end": "2030", "doc_no": "京政发〔2026〕9号",
        "tasks": [{"no": "1", "content": "建设国际科技创新中心", "lead_unit": "市科委", "deadline": "2026-05-31",
                   "status": "推进中"}]}
PATH = ("start_drafting", "consult", "expert_review", "deliberate", "issue", "decompose", "monitor",
        "annual_monitoring", "midterm", "resume_monitoring", "final_evaluation", "archive")


def test_plan_main_path_to_archive() -> None:
    state, _, plans = walk("plan", PLAN, PATH)
    assert state == "归档"
    assert plans[4].letters == ("issuing_notice",) and plans[1].letters == ("consultation_letter",)


def test_plan_without_task_breakdown_cannot_be_decomposed() -> None:
    with pytest.raises(RefusedError, match="任务分解"):
        walk("plan", {**PLAN, "tasks": []}, PATH[:6])


def test_expert_review_can_send_the_draft_back() -> None:
    assert walk("plan", PLAN, ("start_drafting", "consult", "expert_review", "return_for_revision"))[0] == "起草"


def test_overdue_plan_tasks_are_flagged() -> None:
    ct = case_type("plan")
    late = run_checks(ct, parse_fields(ct, PLAN, partial=True), {}, TODAY)
    assert [(r.key, r.passed) for r in late] == [("tasks_overdue", False)]
    done = {**PLAN, "tasks": [{**PLAN["tasks"][0], "status": "已完成"}]}
    assert run_checks(ct, parse_fields(ct, done, partial=True), {}, TODAY)[0].passed is True


def test_plan_evaluation_report_goes_out_by_letter() -> None:
    fields = {"plan_case_no": "规划〔2026〕1号", "findings": [{"category": "存在问题", "content": "指标滞后"}],
              "conclusion": "总体进展符合预期"}
    steps = ("plan", "self_assess", "assess", "draft_report", "submit", "submit_report", "archive")
    state, _, plans = walk("plan_evaluation", fields, steps)
    assert state == "归档" and plans[5].letters == ("letter",)
    with pytest.raises(RefusedError, match="评估发现"):
        walk("plan_evaluation", {**fields, "findings": []}, steps)
