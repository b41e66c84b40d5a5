"""4 成果转化与高新技术产业: HNTE recognition with its statutory conditions, enterprise R&D
centres, agricultural pilot projects."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.errors import RefusedError
from tests.core.test_modules import USCC, walk

YEARS = [
    # year, 销售收入, 研发费用, 境内研发, 总收入, 高新收入, 职工, 科技人员 (万元 / 人)
    ("2023", "3000万", "200万", "180万", "3100万", "2500万", "100", "20"),
    ("2024", "3500万", "220万", "200万", "3600万", "3000万", "110", "22"),
    ("2025", "4000万", "250万", "230万", "4100万", "3500万", "120", "25"),
]
COLUMNS = ("year", "sales_revenue", "rd_expense", "domestic_rd_expense", "total_income", "hitech_income",
           "employees", "tech_staff")
HNTE = {
    "enterprise": "北京冰雪科技有限公司", "enterprise_uscc": USCC, "registered_on": "2020-01-01",
    "applied_on": "2026-03-01", "financials": [dict(zip(COLUMNS, y, strict=True)) for y in YEARS],
    "innovation_score": "78", "no_major_incident": "是",
    "experts": [{"name": n, "specialty": "技术专家"} for n in "甲乙丙丁"] + [{"name": "戊", "specialty": "财务专家"}],
    "certificate_no": "GR202611000123", "issued_on": "2026-06-01",
}
PATH = ("examine", "accept", "start_review", "expert_review", "expert_done", "submit_for_approval", "publicize",
        "approve", "deliver", "archive")


def test_hnte_recognised_along_the_licensing_path() -> None:
    state, clocks, plans = walk("hnte", HNTE, PATH)
    assert state == "归档"
    letters = {p.action: p.letters for p in plans}
    assert letters["accept"] == ("acceptance_notice",) and letters["publicize"] == ("publicity_notice",)
    assert letters["approve"] == ("approval_decision",)
    assert (clocks["acceptance"].limit.n, clocks["review"].limit.n, clocks["publicity"].limit.n) == (5, 45, 10)
    assert all(c.stopped for c in clocks.values())
    # Every statutory ratio was computed and passed on the way.
    passed = {r.key: r.passed for r in plans[-3].checks}
    assert all(passed[k] for k in ("tech_staff_ratio", "rd_ratio", "domestic_rd_ratio", "hitech_income_ratio",
                                   "innovation_score", "registered_one_year", "expert_panel"))


def test_hnte_condition_eight_must_be_confirmed_before_publicity() -> None:
    for value in ("否", ""):
        with pytest.raises(RefusedError, match="第十一条（八）"):
            walk("hnte", {**HNTE, "no_major_incident": value}, PATH[:7])


@pytest.mark.parametrize(("registered", "applied", "ok"), [
    ("2023-03-01", "2024-02-29", True),  # 365 days (2024 is a leap year): one calendar year not yet complete
    ("2023-03-02", "2024-02-29", False),  # 364 days
    ("2024-03-01", "2025-03-01", True),  # 365 days
    ("2024-03-02", "2025-03-01", False),
])
def test_hnte_registered_one_year_counts_365_days(registered: str, applied: str, ok: bool) -> None:
    fields = {**HNTE, "registered_on": registered, "applied_on": applied}
    if ok:
        assert walk("hnte", fields, PATH[:7])[0] == "公示"
    else:
        with pytest.raises(RefusedError, match="注册成立满一年"):
            walk("hnte", fields, PATH[:7])


def test_hnte_failing_the_rd_ratio_cannot_be_publicised() -> None:
    # R&D 3×100万 = 300万 over sales 10500万 = 2.86% < 5% (latest sales 4000万 ≤ 5000万).
    low = {**HNTE, "financials": [{**row, "rd_expense": "100万", "domestic_rd_expense": "90万"}
                                  for row in HNTE["financials"]]}
    with pytest.raises(RefusedError, match="研发费用占销售收入比例"):
        walk("hnte", low, PATH[:7])


def test_hnte_not_accepted_and_supplement_paths() -> None:
    state, clocks, plans = walk("hnte", HNTE, ("examine", "request_supplement", "supplement_received",
                                               "refuse_acceptance", "archive"))
    assert state == "归档"
    assert plans[1].letters == ("supplement_notice",) and plans[3].letters == ("non_acceptance_notice",)
    assert len(clocks["acceptance"].pauses) == 1 and clocks["acceptance"].stopped


def test_objection_upheld_refuses_recognition_and_a_recognised_one_can_be_cancelled() -> None:
    state, _, plans = walk("hnte", HNTE, (*PATH[:7], "record_objection", "uphold_objection"))
    assert state == "不予" and plans[-1].letters == ("refusal_decision",)
    state, _, plans = walk("hnte", HNTE, (*PATH[:-1], "cancel_qualification"))
    assert state == "取消资格" and plans[-1].letters == ("notice",)
    with pytest.raises(RefusedError):  # a filed case is read-only: cancelling it is a case of its own
        walk("hnte", HNTE, (*PATH, "cancel_qualification"))


def test_enterprise_rd_center_recognised_then_reviewed() -> None:
    fields = {"enterprise": "北京研发有限公司", "enterprise_uscc": USCC, "application_kind": "认定",
              "registered_on": "2024-01-02", "applied_on": "2025-01-02"}
    path = ("examine", "expert_review", "publicize", "recognize", "apply_review", "evaluate", "pass_review", "archive")
    assert walk("enterprise_rd_center", fields, path)[0] == "归档"
    with pytest.raises(RefusedError, match="取得营业执照满一年"):
        walk("enterprise_rd_center", {**fields, "registered_on": "2024-01-03"}, path)
    with pytest.raises(RefusedError, match="母公司"):
        walk("enterprise_rd_center", {**fields, "parent_qualified": "是", "main_business_differs": "否"}, path)


def test_agri_pilot_is_project_shaped() -> None:
    fields = {"undertaker": "北京农林科学院", "experts": [{"name": "王"}], "project_no": "N2026-3",
              "total_funds": "100万", "fiscal_funds": "100万", "farmers_served": "300",
              "budget_lines": [{"subject": "业务费", "amount": "80万"}, {"subject": "间接费用", "amount": "20万"}],
              "contract_signed_on": "2026-03-01", "period_start": "2026-03-01", "period_end": "2027-02-28"}
    path = ("examine", "expert_review", "propose", "publicize", "approve", "sign_contract", "execute", "terminate",
            "archive")
    assert walk("agri_pilot", fields, path)[0] == "归档"
    # base 80万 → cap 24万; 25万 of indirect costs are too many.
    over = {**fields, "budget_lines": [{"subject": "业务费", "amount": "80万"}, {"subject": "间接费用", "amount": "25万"}]}
    with pytest.raises(RefusedError, match="间接费用"):
        walk("agri_pilot", over, path)
