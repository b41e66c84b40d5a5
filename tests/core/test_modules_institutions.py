"""6 科研机构与体制改革: new-type R&D institutions, qualifications, restructuring."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.checks import run_checks
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import case_type
from tests.core.test_modules import TODAY, USCC, walk

PUBLIC_INSTITUTION = "12110108400000018K"  # 事业单位
NRI = {"institution": "北京量子信息科学研究院", "institution_uscc": PUBLIC_INSTITUTION, "staff": "300", "rd_staff": "260"}


def test_new_rd_institution_recognised_supported_and_revoked() -> None:
    path = ("examine", "expert_review", "publicize", "recognize", "annual_report", "evaluate", "support",
            "annual_report", "evaluate", "rectify", "evaluate", "revoke", "archive")
    state, clocks, plans = walk("new_rd_institution", NRI, path)
    assert state == "归档"
    assert plans[6].letters == ("reply_approval",) and plans[9].letters == ("rectification_notice",)
    assert clocks["publicity"].stopped


def test_new_rd_institution_uscc_prefix_is_a_warning() -> None:
    ct = case_type("new_rd_institution")
    company = parse_fields(ct, {**NRI, "institution_uscc": USCC})
    result = next(r for r in run_checks(ct, company, {}, TODAY) if r.key == "uscc_prefix")
    assert result.passed is False and not result.blocking and "12或52" in result.message_zh
    assert walk("new_rd_institution", {**NRI, "institution_uscc": USCC}, ("examine", "expert_review"))[0] == "专家评审"


def test_new_rd_institution_refused_by_the_approver_only() -> None:
    assert walk("new_rd_institution", NRI, ("examine", "expert_review", "refuse", "archive"))[0] == "归档"
    with pytest.raises(PermissionDeniedError):
        walk("new_rd_institution", NRI, ("examine", "expert_review", ("refuse", "officer")))


def test_qualification_determined_and_reviewed_each_year() -> None:
    fields = {"institution": "北京某研究所", "institution_uscc": PUBLIC_INSTITUTION,
              "qualification_kind": "科研用品免税资格", "determined_on": "2026-01-01", "valid_until": "2029-01-01"}
    path = ("examine", "review", "determine", "annual_review_apply", "evaluate", "pass_review",
            "annual_review_apply", "evaluate", "revoke", "archive")
    assert walk("institution_qualification", fields, path)[0] == "归档"
    with pytest.raises(RefusedError, match="有效期不超过规定年限"):  # 3 years: 2029-01-02 is one day too late
        walk("institution_qualification", {**fields, "valid_until": "2029-01-02"}, path)


def test_restructuring_approved_implemented_and_accepted() -> None:
    fields = {"institute": "北京某设计研究院", "institute_uscc": USCC, "plan_summary": "整体转制为科技型企业",
              "staff_total": "120", "staff_placement": [{"category": "在职转入", "count": "100"},
                                                        {"category": "提前退休", "count": "20"}]}
    path = ("submit", "consult", "approve", "implement", "accept_check", "archive")
    state, _, plans = walk("institute_restructuring", fields, path)
    assert state == "归档" and plans[2].letters == ("reply_approval",)
    short = {**fields, "staff_placement": [{"category": "在职转入", "count": "100"}]}
    with pytest.raises(RefusedError, match="人员安置覆盖全部在册人员"):
        walk("institute_restructuring", short, path)
