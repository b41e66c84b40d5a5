"""10 科技人才: academician nominators by age, talent programmes, work permits."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.errors import RefusedError
from tests.core.test_modules import USCC, walk

SENIOR = "110108196105151235"  # born 1961-05-15: 66 on 2027-06-30
ACADEMICIAN = {"academy": "中国科学院", "division": "化学部", "candidate_id": SENIOR, "channel": "院士提名",
               "election_year": "2027", "result": "进入第二轮",
               "nominators": [{"name": f"院士{i}", "division": "化学部" if i < 4 else "数学物理学部"} for i in range(6)]}
PATH = ("review", "publicize", "submit", "record_result", "archive")


def test_senior_candidate_with_six_nominators_is_submitted() -> None:
    state, _, plans = walk("academician_nomination", ACADEMICIAN, PATH)
    assert state == "归档" and plans[1].letters == ("publicity_notice",) and plans[2].letters == ("letter",)


def test_senior_candidate_with_three_nominators_is_refused() -> None:
    few = {**ACADEMICIAN, "nominators": ACADEMICIAN["nominators"][:3]}
    with pytest.raises(RefusedError, match="须至少 6 人且同一学部至少 4 人"):
        walk("academician_nomination", few, PATH)
    # A learned society's nomination has no nominator rule, but names the society.
    society = {**few, "channel": "学术团体", "society": "中国化学会"}
    assert walk("academician_nomination", society, PATH[:2])[0] == "公示"
    with pytest.raises(RefusedError, match="学术团体提名须写明学术团体"):
        walk("academician_nomination", {**society, "society": ""}, PATH[:2])


def test_the_department_channel_abolished_in_2014_is_refused() -> None:
    # Since 2014 both academies take only academicians' and learned societies' nominations.
    with pytest.raises(RefusedError, match="现行规定只有：院士提名、学术团体"):
        walk("academician_nomination", {**ACADEMICIAN, "channel": "部门推荐（2014年起已取消）"}, PATH[:2])


def test_what_the_commission_does_now_is_publicity_and_its_opinion() -> None:
    state, _, plans = walk("academician_nomination", ACADEMICIAN, PATH[:3])
    assert state == "已报送" and plans[-1].label == "报送公示结果和审核意见"


def test_objection_upheld_ends_the_nomination() -> None:
    path = ("review", "publicize", "record_objection", "uphold_objection", "archive")
    assert walk("academician_nomination", ACADEMICIAN, path)[0] == "归档"


NOVA = {"program": "北京市科技新星计划", "program_year": "2026", "candidate_name": "赵新",
        "candidate_id": "110108199003101230"}  # 35 on 2026-01-01


def test_nova_selected_and_completed() -> None:
    path = ("examine", "expert_review", "publicize", "select", "annual_review", "accept_report", "final_review",
            "complete", "archive")
    state, _, plans = walk("talent_program", NOVA, path)
    assert state == "归档" and plans[3].letters == ("notice",)
    with pytest.raises(RefusedError, match="超过 35 周岁"):
        walk("talent_program", {**NOVA, "program_year": "2027"}, path)  # 36 on 2027-01-01


PERMIT = {"applicant_name": "John Smith", "employer": "北京某研究院", "employer_uscc": USCC,
          "category": "A类（外国高端人才）", "points": "85"}
PERMIT_PATH = ("examine", "accept", "start_review", "submit_for_approval", "approve", "deliver", "archive")


def test_work_permit_for_a_stay_over_90_days_within_20_working_days_plus_10() -> None:
    state, clocks, plans = walk("foreign_work_permit", PERMIT, PERMIT_PATH)
    assert state == "归档" and plans[4].letters == ("approval_decision",)
    assert clocks["decision"].limit.n == 20 and clocks["delivery"].limit.n == 10 and clocks["delivery"].stopped
    assert "decision_short" not in clocks
    path = ("examine", "accept", "start_review", "extend", "submit_for_approval", "approve")
    _, clocks, plans = walk("foreign_work_permit", {**PERMIT, "stay": "来华工作90日以上"}, path)
    assert clocks["decision"].total == 30 and plans[3].letters == ("extension_notice",)


def test_work_permit_for_90_days_or_less_within_5_working_days_not_extended() -> None:
    short = {**PERMIT, "stay": "来华工作90日以下（含90日）"}
    _, clocks, _ = walk("foreign_work_permit", short, PERMIT_PATH)
    assert clocks["decision_short"].limit.n == 5 and clocks["decision_short"].stopped and "decision" not in clocks
    with pytest.raises(RefusedError, match="不能延长"):
        walk("foreign_work_permit", short, ("examine", "accept", "start_review", "extend"))


def test_work_permit_points_below_the_category_are_refused() -> None:
    with pytest.raises(RefusedError, match="不低于 85 分"):
        walk("foreign_work_permit", {**PERMIT, "points": "84"}, PERMIT_PATH)
    state, _, plans = walk("foreign_work_permit", {**PERMIT, "points": "84"},
                           ("examine", "accept", "start_review", "submit_for_approval", "refuse"))
    assert state == "不予" and plans[-1].letters == ("refusal_decision",)
