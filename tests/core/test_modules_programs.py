"""3 科技计划项目: a call, a project through its whole life, an adjustment."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from tests.core.test_modules import walk

PROJECT = {
    "undertaker": "北京智源人工智能研究院", "undertaker_uscc": "91110000600037341L", "project_no": "Z261100001",
    "experts": [{"name": "张院士", "score": "88"}, {"name": "李教授", "recused": "是", "recusal_reason": "同单位"}],
    "total_funds": "800万", "fiscal_funds": "600万", "own_funds": "200万",
    # direct 560万 - equipment 100万 = base 460万 → cap 138万 (30%); 间接费用 40万.
    "budget_lines": [{"subject": "设备费", "amount": "100万"}, {"subject": "业务费", "amount": "300万"},
                     {"subject": "劳务费", "amount": "160万"}, {"subject": "间接费用", "amount": "40万"}],
    "contract_signed_on": "2026-07-01", "period_start": "2026-07-01", "period_end": "2028-06-30",
    "acceptance_applied_on": "2028-08-15",
}
LIFE = ("examine", "expert_review", "propose", "publicize", "approve", "sign_contract", "execute", "midterm_check",
        "midterm_done", "expire", "accept_check", "pass_acceptance", "archive")


def test_project_whole_life_cycle() -> None:
    state, clocks, plans = walk("project", PROJECT, LIFE)
    assert state == "归档"
    letters = {p.action: p.letters for p in plans}
    assert letters["expert_review"] == ("acceptance_notice",)
    assert letters["publicize"] == ("publicity_notice",) and letters["approve"] == ("project_approval_notice",)
    assert clocks["publicity"].limit.n == 5 and clocks["publicity"].stopped
    assert clocks["acceptance_request"].limit.n == 3 and clocks["acceptance_request"].stopped  # 3 months


def test_not_accepted_and_rejected_branches() -> None:
    assert walk("project", PROJECT, ("examine", "refuse_acceptance", "archive"))[0] == "归档"
    state, _, plans = walk("project", PROJECT, ("examine", "refuse_acceptance"))
    assert state == "不予受理" and plans[-1].letters == ("non_acceptance_notice",)
    assert walk("project", PROJECT, ("examine", "return_for_revision", "resubmit"))[0] == "形式审查"
    assert walk("project", PROJECT, ("examine", "expert_review", "reject"))[0] == "不予立项"


def test_revocation_recovers_the_money() -> None:
    state, _, plans = walk("project", PROJECT, (*LIFE[:7], "revoke"))
    assert state == "撤销" and "recovery_notice" in plans[-1].letters


def test_indirect_costs_over_the_cap_block_the_proposal() -> None:
    over = {**PROJECT, "budget_lines": [*PROJECT["budget_lines"][:3], {"subject": "间接费用", "amount": "139万"}]}
    with pytest.raises(RefusedError, match="间接费用不超过核定比例"):
        walk("project", over, LIFE[:3])


def test_officer_may_not_approve_a_project() -> None:
    with pytest.raises(PermissionDeniedError):
        walk("project", PROJECT, (*LIFE[:4], ("approve", "officer")))


def test_total_funds_must_equal_fiscal_plus_own() -> None:
    with pytest.raises(RefusedError, match="总经费"):
        walk("project", {**PROJECT, "total_funds": "900万"}, LIFE[:5])


def test_call_is_published_and_closed() -> None:
    call = {"program_category": "基础研究", "call_start": "2026-03-01", "call_end": "2026-04-15",
            "directions": [{"code": "01", "name": "人工智能基础理论", "funding": "500万", "count": "3"}]}
    path = ("submit", "publish", "open", "close_call", "archive")
    state, _, plans = walk("project_call", call, path)
    assert state == "归档" and plans[1].letters == ("notice",)
    with pytest.raises(RefusedError, match="申报起止"):
        walk("project_call", {**call, "call_end": "2026-02-28"}, path)


def test_project_change_is_answered_by_a_reply() -> None:
    change = {"project_no": "Z261100001", "change_kind": "执行期延长", "change_content": "延长6个月",
              "reason": "设备到货延迟", "unit_opinion": "同意", "total_funds": "800万", "fiscal_funds": "600万",
              "other_funds": "200万"}
    state, _, plans = walk("project_change", change, ("submit", "approve", "archive"))
    assert state == "归档" and plans[1].letters == ("reply_approval",)
    assert walk("project_change", change, ("submit", "refuse", "archive"))[0] == "归档"
    with pytest.raises(RefusedError, match="承担单位意见"):
        walk("project_change", {**change, "unit_opinion": ""}, ("submit", "approve"))
