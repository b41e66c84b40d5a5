"""5 科技经费: budget cycle, disbursement in batches, inspection with rectification."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.checks import check_before_save
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import case_type
from tests.core.test_modules import TODAY, walk


def test_budget_cycle_with_an_adjustment() -> None:
    fields = {"budget_year": "2027", "approved_amount": "12000万", "adjusted_amount": "11500万",
              "performance_targets": [{"category": "产出指标", "name": "支持项目数", "target": "200"}]}
    path = ("submit", "first_submission", "control_figures", "second_submission", "approve", "execute", "adjust",
            "approve_adjustment", "final_accounts", "evaluate", "close")
    state, _, plans = walk("budget", fields, path)
    assert state == "关闭" and plans[4].letters == ("reply_approval",)
    with pytest.raises(RefusedError, match="调整后金额"):
        walk("budget", {**fields, "adjusted_amount": ""}, path)


DISBURSEMENT = {"project_no": "Z261100001", "approved_amount": "100万",
                "batches": [{"date": "2026-06-01", "amount": "60万", "voucher": "P001"}]}


def test_disbursement_in_batches_issues_a_notice_per_batch() -> None:
    path = ("submit", "approve", "disburse", "record_batch", "complete", "close")
    state, _, plans = walk("disbursement", DISBURSEMENT, path)
    assert state == "关闭"
    assert plans[2].letters == plans[3].letters == ("disbursement_notice",)


def test_batches_above_the_approved_amount_are_refused_on_save_and_on_every_move() -> None:
    over = {**DISBURSEMENT, "batches": [{"amount": "60万"}, {"amount": "40.01万"}]}
    ct = case_type("disbursement")
    with pytest.raises(RefusedError, match="拨付合计不超过批复金额"):
        check_before_save(ct, parse_fields(ct, over), {}, TODAY)
    with pytest.raises(RefusedError, match="拨付合计不超过批复金额"):
        walk("disbursement", over, ("submit",))
    exact = {**DISBURSEMENT, "batches": [{"amount": "60万"}, {"amount": "40万"}]}
    assert all(r.passed for r in check_before_save(ct, parse_fields(ct, exact), {}, TODAY))


def test_inspection_with_rectification_and_recovery() -> None:
    fields = {"inspection_kind": "专项审计", "recovery_amount": "12万", "recovered_amount": "12万",
              "findings": [{"category": "超范围支出", "amount": "12万", "deadline": "2026-08-31", "status": "整改中"}]}
    path = ("inspect", "draft_opinion", "submit", "issue_rectification", "recheck", "order_recovery", "recovered")
    state, clocks, plans = walk("fund_inspection", fields, path)
    assert state == "关闭"
    assert plans[3].letters == ("rectification_notice",) and plans[5].letters == ("recovery_notice",)
    assert clocks["rectification"].limit.n == 30 and clocks["rectification"].stopped
    with pytest.raises(RefusedError, match="已追回不超过应追缴"):
        walk("fund_inspection", {**fields, "recovered_amount": "13万"}, path)
    assert walk("fund_inspection", fields, ("inspect", "draft_opinion", "submit", "close_no_issue"))[0] == "关闭"
