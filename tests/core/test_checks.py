"""Computed checks on real case types, with values that pass and fail. Every expectation
is worked out by hand in the comment beside it (money in 万元)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bjstc_desktop.core.casetypes import CaseType, CheckDef, FieldDef, FieldKind, RuleDef
from bjstc_desktop.core.checklib import Outcome
from bjstc_desktop.core.checklib.amounts import BRACKET, MARGINAL, indirect_cap
from bjstc_desktop.core.checks import CheckResult, check_before_save, enforced_failures, run_checks
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.core.validators.idcard import id_check_char

TODAY = date(2026, 6, 1)
WAN = 1_000_000  # fen per 万元


def check(code: str, raw: dict[str, Any], key: str, rules: dict[str, str] | None = None) -> CheckResult | None:
    """The result of check `key` on a case of `code` (None when it does not apply)."""
    ct = case_type(code)
    results = run_checks(ct, parse_fields(ct, raw, partial=True), rules, TODAY)
    return next((r for r in results if r.key == key), None)


def passed(code: str, raw: dict[str, Any], key: str, rules: dict[str, str] | None = None) -> bool | None:
    result = check(code, raw, key, rules)
    assert result is not None, f"{key} did not apply"
    return result.passed


def id_number(birth: str) -> str:
    body = f"110108{birth}123"
    return body + id_check_char(body)


# ----- 高新技术企业认定 -------------------------------------------------------------------


def years(*rows: tuple[Any, ...]) -> list[dict[str, str]]:
    keys = ("year", "sales_revenue", "rd_expense", "domestic_rd_expense", "total_income", "hitech_income",
            "employees", "tech_staff")
    return [{k: str(v) for k, v in zip(keys, row, strict=True) if v is not None} for row in rows]


def hnte(*rows: tuple[Any, ...]) -> dict[str, Any]:
    return {"financials": years(*rows)}


def test_tech_staff_at_least_ten_percent_of_employees() -> None:
    assert passed("hnte", hnte((2025, None, None, None, None, None, 100, 10)), "tech_staff_ratio") is True  # 10%
    assert passed("hnte", hnte((2025, None, None, None, None, None, 100, 9)), "tech_staff_ratio") is False  # 9%
    # The latest year counts, whatever order the rows are in.
    rows = hnte((2025, None, None, None, None, None, 100, 9), (2024, None, None, None, None, None, 100, 50))
    assert passed("hnte", rows, "tech_staff_ratio") is False
    assert passed("hnte", hnte((2025, None, None, None, None, None, None, 9)), "tech_staff_ratio") is None
    # The threshold is a rule: at 20% the same enterprise fails.
    ten = hnte((2025, None, None, None, None, None, 100, 10))
    assert passed("hnte", ten, "tech_staff_ratio", {"hnte.tech_staff_ratio": "0.20"}) is False


def rd(sales: list[str], rd_spend: list[str]) -> dict[str, Any]:
    return hnte(*((2023 + i, s, r, None, None, None, None, None) for i, (s, r) in enumerate(zip(sales, rd_spend, strict=True))))


@pytest.mark.parametrize(("sales", "spend", "expected"), [
    (["5000万"] * 3, ["250万"] * 3, True),           # latest ≤ 5000万: 750/15000 = 5%
    (["5000万"] * 3, ["250万", "250万", "249万"], False),  # 749/15000 < 5%
    (["10000万"], ["400万"], True),                  # 5000万–2亿: 4%
    (["10000万"], ["399万"], False),
    (["20000万"], ["800万"], True),                  # exactly 2亿 is still the 4% tier
    (["20000.01万"], ["600.0003万"], True),          # above 2亿: 3% (600.0003/20000.01 = 3%)
    (["30000万"], ["899万"], False),                 # 899/30000 < 3%
    (["1000万", "1000万", "6000万"], ["320万", "0", "0"], True),  # tier by the latest year (6000万 → 4%): 320/8000
    (["1000万", "1000万", "4000万"], ["299万", "0", "0"], False),  # latest 4000万 → 5%: 299/6000 < 5%
])
def test_rd_ratio_tiers_by_latest_year_sales(sales: list[str], spend: list[str], expected: bool) -> None:
    assert passed("hnte", rd(sales, spend), "rd_ratio") is expected


def test_rd_ratio_uses_only_the_three_latest_years() -> None:
    # 2022 (huge R&D) is dropped: 2023–2025 give 150/3000 = 5%.
    rows = hnte((2022, "1000万", "900万", None, None, None, None, None),
                *((y, "1000万", "50万", None, None, None, None, None) for y in (2023, 2024, 2025)))
    assert passed("hnte", rows, "rd_ratio") is True
    rows["financials"][-1]["rd_expense"] = "49万"
    assert passed("hnte", rows, "rd_ratio") is False
    assert passed("hnte", rd(["0"], ["0"]), "rd_ratio") is None


def test_declared_totals_must_agree_with_the_financial_rows() -> None:
    # Rows 2023-2025: sales 3000/3500/4000万, R&D 200/250/300万 (750万 in all).
    case = rd(["3000万", "3500万", "4000万"], ["200万", "250万", "300万"])
    assert check("hnte", case, "declared_totals") is None  # nothing declared: nothing to reconcile
    agreed = {**case, "sales_revenue": "4000万", "rd_expense": "750万"}
    assert passed("hnte", agreed, "declared_totals") is True
    # The form says 800万 of sales (the first year's figure typed by mistake) and 120万 of R&D.
    slipped = check("hnte", {**case, "sales_revenue": "800万", "rd_expense": "120万"}, "declared_totals")
    assert slipped is not None and slipped.passed is False
    assert "800.00 万元" in slipped.message_zh and "4,000.00 万元" in slipped.message_zh
    assert "750.00 万元" in slipped.message_zh and slipped.blocking
    assert slipped.message_en.startswith("The declared Sales revenue, last year")
    # One total wrong is enough; the other, right, is not named.
    one = check("hnte", {**case, "sales_revenue": "4000万", "rd_expense": "749万"}, "declared_totals")
    assert one is not None and one.passed is False and "销售收入" not in one.message_zh
    # A declared total with no rows to compare it with is missing data, not a pass.
    assert passed("hnte", {"sales_revenue": "4000万"}, "declared_totals") is None


def test_domestic_rd_and_hitech_income_at_least_sixty_percent() -> None:
    def dom(domestic: str) -> dict[str, Any]:
        return hnte((2024, None, "50万", domestic, None, None, None, None), (2025, None, "50万", "30万", None, None, None, None))

    assert passed("hnte", dom("30万"), "domestic_rd_ratio") is True  # 60/100
    assert passed("hnte", dom("29万"), "domestic_rd_ratio") is False  # 59/100

    def income(hitech: str) -> dict[str, Any]:
        return hnte((2025, None, None, None, "100万", hitech, None, None))

    assert passed("hnte", income("60万"), "hitech_income_ratio") is True
    assert passed("hnte", income("59.99万"), "hitech_income_ratio") is False


def test_innovation_score_at_least_71() -> None:
    assert passed("hnte", {"innovation_score": "71"}, "innovation_score") is True
    assert passed("hnte", {"innovation_score": "70"}, "innovation_score") is False
    parts = {"score_ip": "30", "score_conversion": "20", "score_rd_management": "15", "score_growth": "6"}
    assert passed("hnte", parts, "innovation_score") is True  # 71
    assert passed("hnte", {**parts, "score_growth": "5"}, "innovation_score") is False  # 70
    assert passed("hnte", {"score_ip": "30"}, "innovation_score") is None


@pytest.mark.parametrize(("parts", "expected"), [
    ((35, 30, 5, 1), False),  # 71 only if the 35 counted: capped at 30 it is 66
    ((30, 30, 10, 1), True),  # exactly 71 within every maximum
    ((30, 30, 10, 0), False),  # 70
    ((30, 30, 20, 20), True),  # 100, the ceiling
    ((30, 31, 20, 20), False),  # one point over a maximum
    ((30, 30, 21, 0), False),
])
def test_innovation_score_caps_each_part_at_its_maximum(parts: tuple[int, ...], expected: bool) -> None:
    keys = ("score_ip", "score_conversion", "score_rd_management", "score_growth")
    assert passed("hnte", dict(zip(keys, map(str, parts), strict=True)), "innovation_score") is expected


def test_a_declared_total_must_be_the_sum_of_its_parts_and_at_most_100() -> None:
    parts = {"score_ip": "30", "score_conversion": "20", "score_rd_management": "15", "score_growth": "6"}
    assert passed("hnte", {**parts, "innovation_score": "71"}, "innovation_score") is True
    assert passed("hnte", {**parts, "innovation_score": "80"}, "innovation_score") is False
    assert passed("hnte", {"innovation_score": "101"}, "innovation_score") is False
    assert passed("hnte", {"innovation_score": "100"}, "innovation_score") is True


def test_a_score_above_its_maximum_cannot_be_saved() -> None:
    ct = case_type("hnte")
    with pytest.raises(RefusedError, match="知识产权得分 35（上限 30）"):
        check_before_save(ct, parse_fields(ct, {"score_ip": "35"}, partial=True), {}, TODAY)
    check_before_save(ct, parse_fields(ct, {"score_ip": "30", "score_growth": "20"}, partial=True), {}, TODAY)


def test_hnte_expert_panel_and_annual_reports() -> None:
    panel = [{"name": n, "specialty": "技术专家"} for n in "甲乙丙"] + [{"name": "丁", "specialty": "财务专家"}]
    assert passed("hnte", {"experts": panel}, "expert_panel") is False  # only 4
    assert passed("hnte", {"experts": [*panel, {"name": "戊", "specialty": "技术专家"}]}, "expert_panel") is True
    two_finance = [*panel, {"name": "戊", "specialty": "财务专家"}]  # technical 3/5 = 60%
    assert passed("hnte", {"experts": two_finance}, "expert_panel") is True
    # Issued 2023-11-30: reports due 2024-05-31 and 2025-05-31 (2026-05-31 also passed by 06-01).
    issued = {"issued_on": "2023-11-30"}
    one_late = [{"fiscal_year": "2023", "submitted_on": "2024-05-31"}, {"fiscal_year": "2024", "submitted_on": "2025-06-01"},
                {"fiscal_year": "2025", "submitted_on": "2026-05-20"}]
    assert passed("hnte", {**issued, "annual_reports": one_late}, "annual_reports") is True  # one missed
    assert passed("hnte", {**issued, "annual_reports": one_late[:2]}, "annual_reports") is False  # two missed
    assert check("hnte", {}, "annual_reports") is None  # no certificate yet: not applicable


# ----- 间接费用 ---------------------------------------------------------------------------


def budget(*lines: tuple[str, str], theory: bool = False) -> dict[str, Any]:
    return {"budget_lines": [{"subject": s, "amount": a} for s, a in lines], "pure_theory": "是" if theory else "否"}


def test_indirect_cap_marginal_tiers() -> None:
    # Base 1200万: 500×30% + 500×25% + 200×20% = 150 + 125 + 40 = 315万.
    assert indirect_cap(1200 * WAN, ((500 * WAN, _d("0.30")), (1000 * WAN, _d("0.25"))), _d("0.20"), MARGINAL) == 315 * WAN
    assert passed("project", budget(("业务费", "1200万"), ("间接费用", "315万")), "indirect_cost_cap") is True
    assert passed("project", budget(("业务费", "1200万"), ("间接费用", "315.01万")), "indirect_cost_cap") is False


def test_indirect_cap_excludes_equipment_from_the_base() -> None:
    # Direct 900万 less equipment 400万 = base 500万 → 150万; with equipment it would be 175万.
    lines = (("设备费", "400万"), ("业务费", "300万"), ("劳务费", "200万"))
    assert passed("project", budget(*lines, ("间接费用", "150万")), "indirect_cost_cap") is True
    assert passed("project", budget(*lines, ("间接费用", "151万")), "indirect_cost_cap") is False


def test_indirect_cap_bracket_mode_and_other_tiers_are_configurable() -> None:
    # 全额分档: base 1200万 > 1000万 → 20% of all = 240万 (marginal would allow 315万).
    bracket = {"budget.indirect_mode": BRACKET}
    assert passed("project", budget(("业务费", "1200万"), ("间接费用", "240万")), "indirect_cost_cap", bracket) is True
    assert passed("project", budget(("业务费", "1200万"), ("间接费用", "241万")), "indirect_cost_cap", bracket) is False
    # Base 600万: bracket 25% = 150万; marginal 150 + 25 = 175万.
    six = budget(("业务费", "600万"), ("间接费用", "175万"))
    assert passed("project", six, "indirect_cost_cap") is True
    assert passed("project", six, "indirect_cost_cap", bracket) is False
    # The older tiers (20/15/13%) by editing rules: base 400万 → 80万.
    old = {"budget.indirect_tier1_ratio": "20%"}
    assert passed("project", budget(("业务费", "400万"), ("间接费用", "81万")), "indirect_cost_cap", old) is False
    bad = check("project", budget(("业务费", "400万")), "indirect_cost_cap", {"budget.indirect_mode": "随便"})
    assert bad is not None and bad.passed is None and "间接费用核定方式" in bad.message_zh


def test_pure_theory_projects_get_sixty_percent() -> None:
    assert passed("project", budget(("业务费", "100万"), ("间接费用", "60万"), theory=True), "indirect_cost_cap") is True
    assert passed("project", budget(("业务费", "100万"), ("间接费用", "61万"), theory=True), "indirect_cost_cap") is False


def _d(text: str) -> Any:
    from decimal import Decimal

    return Decimal(text)


# ----- 院士提名 ---------------------------------------------------------------------------


def nomination(birth: str | None, divisions: list[str], year: str | None = "2027", **extra: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"academy": "中国科学院", "division": "化学部", "channel": "院士提名",
                              "nominators": [{"name": f"院士{i}", "division": d} for i, d in enumerate(divisions)], **extra}
    if birth:
        fields["candidate_id"] = id_number(birth)
    if year:
        fields["election_year"] = year
    return fields


CHEM, MATH = "化学部", "数学物理学部"


def test_three_nominators_two_from_the_division_below_65() -> None:
    # Born 1962-07-01: 64 on 2027-06-30 (birthday not yet reached) → normal rule.
    assert passed("academician_nomination", nomination("19620701", [CHEM, CHEM, MATH]), "nominators") is True
    assert passed("academician_nomination", nomination("19620701", [CHEM, MATH, MATH]), "nominators") is False
    assert passed("academician_nomination", nomination("19620701", [CHEM, CHEM]), "nominators") is False


@pytest.mark.parametrize(("birth", "year", "senior"), [
    ("19540630", "2019", True),  # 65 on 2019-06-30 exactly: 65周岁以上 includes the 65th birthday
    ("19540701", "2019", False),  # 64 on 2019-06-30
    ("19620630", "2027", True),
    ("19620701", "2027", False),
])
def test_65_on_30_june_needs_six_with_four_from_the_division(birth: str, year: str, senior: bool) -> None:
    three = nomination(birth, [CHEM, CHEM, MATH], year=year)
    assert passed("academician_nomination", three, "nominators") is (not senior)
    six = [CHEM] * 4 + [MATH] * 2
    assert passed("academician_nomination", nomination(birth, six, year=year), "nominators") is True
    if senior:
        assert passed("academician_nomination", nomination(birth, six[:5], year=year), "nominators") is False
        assert passed("academician_nomination", nomination(birth, [CHEM] * 3 + [MATH] * 3, year=year),
                      "nominators") is False


def test_unknown_age_is_decided_only_when_the_numbers_settle_it() -> None:
    assert passed("academician_nomination", nomination(None, [CHEM, CHEM, MATH]), "nominators") is None
    assert passed("academician_nomination", nomination("19610630", [CHEM, CHEM, MATH], year=None), "nominators") is None
    assert passed("academician_nomination", nomination(None, [CHEM] * 4 + [MATH] * 2), "nominators") is True
    assert passed("academician_nomination", nomination(None, [CHEM, MATH, MATH]), "nominators") is False


def test_division_defaults_to_the_nominators_majority_and_societies_are_exempt() -> None:
    fields = nomination("19620701", [MATH, MATH, CHEM], division="")
    assert passed("academician_nomination", fields, "nominators") is True  # majority 数学物理学部: 2 of 3
    assert check("academician_nomination", {**nomination("19610701", []), "channel": "学术团体"}, "nominators") is None


# ----- 杰出青年中关村奖 --------------------------------------------------------------------


def youth(birth: str, **extra: str) -> dict[str, Any]:
    return {"award_category": "杰出青年中关村奖", "award_year": "2026",
            "completers": [{"name": "王青", "id_number": id_number(birth)}], **extra}


def test_youth_award_at_most_40_on_the_reference_day() -> None:
    assert passed("award_nomination", youth("19851231"), "youth_age") is True  # 40 on 2026-01-01
    assert passed("award_nomination", youth("19850101"), "youth_age") is False  # 41 on 2026-01-01
    # An explicit reference date wins: on 2025-12-30 the second is still 40.
    assert passed("award_nomination", youth("19850101", age_reference_date="2025-12-30"), "youth_age") is True
    # The default reference day is a rule: on 12-31 the first is 41 → fails.
    assert passed("award_nomination", youth("19851230"), "youth_age",
                  {"award_nomination.youth_reference_day": "12-31"}) is False
    assert check("award_nomination", {**youth("19600101"), "award_category": "自然科学奖"}, "youth_age") is None
    assert passed("award_nomination", {**youth("19851231"), "award_year": ""}, "youth_age") is None


# ----- amounts that may never exceed another ------------------------------------------------


def test_disbursement_batches_never_above_the_approved_amount() -> None:
    raw = {"project_no": "Z1", "approved_amount": "100万"}
    ok = check("disbursement", {**raw, "batches": [{"amount": "30万"}, {"amount": "70万"}]}, "batches_within_approved")
    assert ok is not None and ok.passed is True and not ok.blocking
    over = check("disbursement", {**raw, "batches": [{"amount": "30万"}, {"amount": "70.01万"}]}, "batches_within_approved")
    assert over is not None and over.passed is False and over.blocking and "100.00 万元" in over.message_zh
    assert passed("disbursement", {**raw, "batches": []}, "batches_within_approved") is True


def test_tech_amount_never_above_contract_amount() -> None:
    raw = {"contract_amount": "100万"}
    assert passed("tech_contract", {**raw, "tech_amount": "100万"}, "tech_amount_within_contract") is True
    over = check("tech_contract", {**raw, "tech_amount": "1,000,000.01"}, "tech_amount_within_contract")
    assert over is not None and over.passed is False and over.blocking
    assert passed("tech_contract", {"tech_amount": "1"}, "tech_amount_within_contract") is None


def test_new_rd_institution_uscc_starts_with_12_or_52_as_a_warning() -> None:
    for code, expected in (("12110108400000018K", True), ("52110108400000018F", True), ("91110108400000018E", False)):
        result = check("new_rd_institution", {"institution_uscc": code}, "uscc_prefix")
        assert result is not None and result.passed is expected and not result.blocking


# ----- secrecy periods -------------------------------------------------------------------


@pytest.mark.parametrize(("level", "value", "unit", "expected"), [
    ("秘密", "10", "年", True), ("秘密", "11", "年", False), ("秘密", "120", "月", True), ("秘密", "121", "月", False),
    ("机密", "20", "年", True), ("机密", "21", "年", False), ("绝密", "30", "年", True), ("绝密", "31", "年", False),
])
def test_secrecy_period_within_the_level_maximum(level: str, value: str, unit: str, expected: bool) -> None:
    raw = {"secrecy_level": level, "period_value": value, "period_unit": unit}
    assert passed("secrecy_determination", raw, "secrecy_period") is expected


def test_secrecy_condition_instead_of_a_period_and_expiry_reminder() -> None:
    assert passed("secrecy_determination", {"secrecy_level": "机密", "declass_condition": "产品定型后"}, "secrecy_period") is True
    assert passed("secrecy_determination", {"secrecy_level": "机密"}, "secrecy_period") is None
    # Determined 2016-07-01 for 10 years: expires 2026-07-01, 30 days after TODAY (≤ 90) → remind.
    raw = {"secrecy_level": "秘密", "period_value": "10", "period_unit": "年", "determined_on": "2016-07-01"}
    assert passed("secrecy_determination", raw, "secrecy_expiry") is False
    assert passed("secrecy_determination", {**raw, "determined_on": "2016-09-30"}, "secrecy_expiry") is True  # 121 days


# ----- the engine ------------------------------------------------------------------------


def test_enforcement_depends_on_the_action_and_on_missing_data() -> None:
    ct = case_type("hnte")
    results = run_checks(ct, {}, {}, TODAY)
    blocked = {r.key for r in enforced_failures(ct, results, "approve")}
    assert {"tech_staff_ratio", "rd_ratio", "innovation_score"} <= blocked  # require_data
    assert enforced_failures(ct, results, "start_review") == []
    assert enforced_failures(ct, results, None) == []


def test_save_is_refused_only_by_on_save_checks() -> None:
    ct = case_type("tech_contract")
    good = parse_fields(ct, {"contract_type": "技术开发", "seller": "甲", "seller_uscc": "91110000600037341L",
                             "contract_amount": "10万", "tech_amount": "10万", "signed_on": "2026-07-01"})
    warnings = [r for r in check_before_save(ct, good, {}, TODAY) if r.passed is False]
    assert [r.key for r in warnings] == ["signed_not_future"]  # a warning does not stop the save
    with pytest.raises(RefusedError, match="技术交易额"):
        check_before_save(ct, {**good, "tech_amount": 10 * WAN + 1}, {}, TODAY)


def test_a_callable_check_and_its_condition() -> None:
    def even(ctx: Any) -> Outcome:
        return Outcome(ctx.value("n") % 2 == 0, "偶数", "even")

    ct = CaseType(code="t", name="测试", short="测", states=("甲",),
                  fields=(FieldDef("n", "数", FieldKind.INTEGER), FieldDef("kind", "类", FieldKind.ENUM, choices=("a", "b"))),
                  rules=(RuleDef("t.x", "x", "1", "人", "测试"),),
                  checks=(CheckDef("even", "偶数", even, "block", when=(("kind", ("a",)),)),))
    assert [r.passed for r in run_checks(ct, {"n": 3, "kind": "a"}, None, TODAY)] == [False]
    assert run_checks(ct, {"n": 3, "kind": "b"}, None, TODAY) == []
    # Malformed stored data is reported, never raised.
    assert run_checks(ct, {"n": "x", "kind": "a"}, None, TODAY)[0].passed is None
