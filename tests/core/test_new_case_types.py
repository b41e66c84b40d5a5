"""The case types issue 16 added (point 11), each at its boundaries: the exact day a
clock runs out, the exact threshold, the exact age or count."""

from __future__ import annotations

from datetime import date

import pytest

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.workcalendar import WorkCalendar, load_seed_calendar
from tests.core.test_modules import USCC, walk

CAL = WorkCalendar(*load_seed_calendar())


def due(clock) -> date:  # type: ignore[no-untyped-def]
    return clock.due(CAL).date


# ----- 科技型中小企业评价 -----------------------------------------------------------------

SME = {"enterprise": "北京智源数据服务有限公司", "enterprise_uscc": USCC, "employees": "500", "annual_sales": "20000万",
       "total_assets": "20000万", "score_staff": "20", "score_rd": "30", "score_results": "10",
       "not_restricted": "是", "no_violation": "是", "registration_no": "20261101080A000123", "listed_on": "2026-06-20"}
SME_PATH = ("examine", "review", "publicize", "list")


def test_sme_listed_at_the_size_and_score_limits_then_updated_and_removed() -> None:
    state, clocks, plans = walk("sme_evaluation", SME, (*SME_PATH, "annual_update", "review_update", "keep"))
    assert state == "保留入库" and clocks["publicity"].limit.n == 10 and plans[3].letters == ("notice",)
    state, _, plans = walk("sme_evaluation", {**SME, "removal_reason": "未按期更新信息"},
                           (*SME_PATH, "annual_update", "review_update", "remove"))
    assert state == "已移出" and plans[-1].letters == ("notice",)


@pytest.mark.parametrize(("key", "value"), [("employees", "501"), ("annual_sales", "20000.01万"),
                                            ("total_assets", "20000.01万")])
def test_sme_one_above_a_size_limit_is_not_listed(key: str, value: str) -> None:
    with pytest.raises(RefusedError, match="中小企业规模"):
        walk("sme_evaluation", {**SME, key: value}, SME_PATH)


def test_sme_score_at_least_60_with_a_staff_score_above_zero() -> None:
    with pytest.raises(RefusedError, match="综合评价得分不低于60分"):
        walk("sme_evaluation", {**SME, "score_results": "9"}, SME_PATH)  # 59
    with pytest.raises(RefusedError, match="科技人员指标得分不为0"):
        walk("sme_evaluation", {**SME, "score_staff": "0", "score_rd": "50", "score_results": "30"}, SME_PATH)  # 80
    # A valid HNTE qualification confirms the enterprise directly, whatever its score.
    direct = {**SME, "score_staff": "0", "score_results": "0", "direct_route": "有效期内高新技术企业"}
    assert walk("sme_evaluation", direct, SME_PATH)[0] == "已入库"
    with pytest.raises(RefusedError, match="第六条（四）"):
        walk("sme_evaluation", {**SME, "no_violation": "否"}, SME_PATH)


# ----- 科技成果登记 -------------------------------------------------------------------

RESULT = {"achievement_name": "高通量单细胞测序文库构建方法", "achievement_type": "应用技术", "evaluation_way": "第三方评价",
          "evaluated_on": "2026-05-20", "registration_no": "9112026Y0123", "registered_on": "2026-06-01"}


def test_result_registered_within_its_working_days() -> None:
    state, clocks, plans = walk("achievement_registration", RESULT, ("examine", "check", "register", "archive"))
    assert state == "归档" and plans[1].letters == ("acceptance_notice",) and plans[2].letters == ("notice",)
    assert clocks["registration"].limit.n == 10 and clocks["registration"].stopped
    assert due(clocks["registration"]) == date(2026, 6, 15)  # 10 working days from Mon 2026-06-01


def test_result_classified_or_registered_before_its_evaluation_is_refused() -> None:
    with pytest.raises(RefusedError, match="涉密成果不在本系统登记"):
        walk("achievement_registration", {**RESULT, "involves_secret": "是"}, ("examine", "check", "register"))
    with pytest.raises(RefusedError, match="先评价后登记"):
        walk("achievement_registration", {**RESULT, "evaluated_on": "2026-06-02"}, ("examine", "check", "register"))
    assert walk("achievement_registration", {**RESULT, "evaluated_on": "2026-06-01"},
                ("examine", "check", "register"))[0] == "已登记"


# ----- 孵化器/众创空间 ------------------------------------------------------------------

INCUBATOR = {"operator": "北京融智孵化器有限公司", "operator_uscc": USCC, "carrier_kind": "科技企业孵化器",
             "carrier_name": "中关村智能制造孵化器", "operating_since": "2025-03-01", "applied_on": "2026-03-01",
             "floor_area": "3000", "incubatees": "50", "mentors": "5"}
INCUBATOR_PATH = ("examine", "district_recommend", "expert_review", "site_visit", "publicize", "recognize")


def test_incubator_recognised_at_its_thresholds_and_assessed() -> None:
    state, _, _ = walk("incubator", INCUBATOR, (*INCUBATOR_PATH, "annual_report", "assess", "pass_assessment"))
    assert state == "考核合格"


@pytest.mark.parametrize(("fields", "check"), [
    ({"floor_area": "2999"}, "孵化器认定条件"), ({"incubatees": "49"}, "孵化器认定条件"), ({"mentors": "4"}, "孵化器认定条件"),
    ({"operating_since": "2025-03-02"}, "运营满一年"),
    ({"carrier_kind": "众创空间", "floor_area": "499", "incubatees": "20"}, "众创空间认定条件"),
    ({"carrier_kind": "众创空间", "floor_area": "500", "incubatees": "19"}, "众创空间认定条件"),
])
def test_incubator_below_a_threshold_is_not_recognised(fields: dict[str, str], check: str) -> None:
    with pytest.raises(RefusedError, match=check):
        walk("incubator", {**INCUBATOR, **fields}, INCUBATOR_PATH)


def test_a_maker_space_has_its_own_smaller_thresholds() -> None:
    space = {**INCUBATOR, "carrier_kind": "众创空间", "floor_area": "500", "incubatees": "20"}
    assert walk("incubator", space, INCUBATOR_PATH)[0] == "认定"


# ----- 高企更名/迁移/复核 ----------------------------------------------------------------

CHANGE = {"enterprise": "北京博睿新材料有限公司", "enterprise_uscc": USCC, "certificate_no": "GR202411001234",
          "issued_on": "2024-12-02", "valid_until": "2027-12-01"}


def test_hnte_rename_keeps_the_certificate_number() -> None:
    rename = {**CHANGE, "matter": "更名", "old_name": "北京博睿材料有限公司", "new_name": "北京博睿新材料有限公司",
              "renamed_on": "2026-04-01", "new_certificate_no": "GR202411001234"}
    state, clocks, plans = walk("hnte_change", rename, ("submit", "approve", "archive"))
    assert state == "归档" and plans[1].letters == ("notice",) and clocks["decision"].stopped
    with pytest.raises(RefusedError, match="更名后证书编号不变"):
        walk("hnte_change", {**rename, "new_certificate_no": "GR202611000001"}, ("submit", "approve"))


def test_hnte_move_completes_within_validity() -> None:
    move = {**CHANGE, "matter": "整体迁移", "moved_from": "天津市", "moved_to_district": "110108"}
    assert walk("hnte_change", {**move, "moved_on": "2027-12-01"}, ("submit", "approve"))[0] == "通过"
    with pytest.raises(RefusedError, match="整体迁移在资格有效期内完成"):
        walk("hnte_change", {**move, "moved_on": "2027-12-02"}, ("submit", "approve"))


def test_hnte_review_finding_the_conditions_unmet_cancels_the_qualification() -> None:
    review = {**CHANGE, "matter": "复核", "review_source": "税务部门提请", "review_findings": "研发费用归集不实",
              "review_result": "不符合认定条件"}
    with pytest.raises(RefusedError, match="应取消其高新技术企业资格"):
        walk("hnte_change", review, ("submit", "approve"))
    state, _, plans = walk("hnte_change", review, ("submit", "cancel_qualification", "archive"))
    assert state == "归档" and plans[1].letters == ("notice",)
    with pytest.raises(RefusedError, match="仅适用于"):
        walk("hnte_change", {**review, "review_result": "符合认定条件"}, ("submit", "cancel_qualification"))


# ----- 市重点实验室、工程技术研究中心 ------------------------------------------------------

LAB = {"host": "北京某大学", "host_uscc": USCC, "platform_name": "北京市脑机接口重点实验室", "staff": "20",
       "floor_area": "1000", "equipment_value": "1000万", "recognized_on": "2026-06-01", "next_evaluation_due": "2029-06-01"}
LAB_PATH = ("examine", "expert_review", "site_visit", "publicize", "recognize")


@pytest.mark.parametrize(("code", "staff", "equipment"), [("key_lab", "20", "1000万"),
                                                          ("engineering_center", "30", "500万")])
def test_platforms_recognised_at_their_thresholds_and_evaluated(code: str, staff: str, equipment: str) -> None:
    fields = {**LAB, "staff": staff, "equipment_value": equipment}
    state, _, _ = walk(code, fields, (*LAB_PATH, "submit_evaluation", "evaluate", "pass_evaluation"))
    assert state == "评估合格"
    with pytest.raises(RefusedError, match="认定条件"):
        walk(code, {**fields, "staff": str(int(staff) - 1)}, LAB_PATH)
    with pytest.raises(RefusedError, match="认定条件"):
        walk(code, {**fields, "floor_area": "999"}, LAB_PATH)


def test_the_evaluation_falls_due_within_three_years() -> None:
    from tests.core.test_checks import passed

    assert passed("key_lab", LAB, "evaluation_cycle") is True
    assert passed("key_lab", {**LAB, "next_evaluation_due": "2029-06-02"}, "evaluation_cycle") is False


# ----- 实验动物许可证 --------------------------------------------------------------------

ANIMAL = {"licence_type": "使用许可证（SYXK）", "matter": "新办", "applicant": "北京某生物医药有限公司",
          "applicant_uscc": USCC, "environment": "屏障环境", "species": "SPF级小鼠",
          "licence_no": "SYXK(京)2026-0031", "issued_on": "2026-06-01", "valid_until": "2031-06-01"}
ANIMAL_PATH = ("examine", "accept", "start_review", "expert_review", "expert_done", "submit_for_approval", "approve")


def test_animal_licence_granted_for_five_years_within_twenty_working_days() -> None:
    state, clocks, plans = walk("lab_animal_licence", ANIMAL, (*ANIMAL_PATH, "deliver", "archive"))
    assert state == "归档" and plans[-3].letters == ("approval_decision",)
    decision = clocks["decision"]
    assert decision.limit.n == 20 and len(decision.pauses) == 1  # the site review does not count
    assert due(decision) == date(2026, 6, 30)  # 20 working days from Mon 06-01, 端午 6/19 off


def test_animal_licence_number_type_and_validity_at_their_limits() -> None:
    with pytest.raises(RefusedError, match="有效期不超过5年"):
        walk("lab_animal_licence", {**ANIMAL, "valid_until": "2031-06-02"}, ANIMAL_PATH)
    with pytest.raises(RefusedError, match="许可证号与许可证类型相符"):
        walk("lab_animal_licence", {**ANIMAL, "licence_no": "SCXK(京)2026-0031"}, ANIMAL_PATH)
    production = {**ANIMAL, "licence_type": "生产许可证（SCXK）", "licence_no": "SCXK(京)2026-0007"}
    assert walk("lab_animal_licence", production, ANIMAL_PATH)[0] == "准予"
    with pytest.raises(RefusedError, match="原许可证号"):
        walk("lab_animal_licence", {**ANIMAL, "matter": "延续"}, ANIMAL_PATH[:2])


# ----- 国家科学技术奖提名 -----------------------------------------------------------------

NATIONAL = {"award": "国家科学技术进步奖", "project_name": "超大规模集成电路先进封装关键技术及产业化",
            "secrecy_declared": "是", "suggested_level": "二等奖", "nominated_on": "2026-06-01", "result_level": "二等奖"}
NATIONAL_PATH = ("examine", "expert_selection", "publicize", "nominate", "record_award", "archive")


def test_national_award_nominated_after_publicity() -> None:
    state, clocks, plans = walk("national_award_nomination", NATIONAL, NATIONAL_PATH)
    assert state == "归档" and plans[3].letters == ("letter",) and clocks["publicity"].limit.n == 5
    with pytest.raises(RefusedError, match="保密审查声明"):
        walk("national_award_nomination", {**NATIONAL, "secrecy_declared": "否"}, NATIONAL_PATH)
    person = {**NATIONAL, "award": "国家最高科学技术奖"}
    with pytest.raises(RefusedError, match="人物奖不分等级"):
        walk("national_award_nomination", person, NATIONAL_PATH)
    level_free = {**person, "suggested_level": "不分等级", "result_level": "不分等级"}
    assert walk("national_award_nomination", level_free, NATIONAL_PATH)[0] == "归档"


# ----- 外国人来华工作许可 延期/变更/注销/补办 -------------------------------------------------

PERMIT = {"applicant_name": "Anna Müller", "employer": "北京某研究院", "employer_uscc": USCC,
          "permit_no": "1101202400123456", "valid_until": "2026-07-31"}
PERMIT_PATH = ("examine", "accept", "start_review", "submit_for_approval", "approve")


@pytest.mark.parametrize(("applied", "ok"), [("2026-07-01", True), ("2026-07-02", False)])
def test_an_extension_is_asked_for_30_days_before_expiry(applied: str, ok: bool) -> None:
    fields = {**PERMIT, "matter": "延期", "applied_on": applied, "new_valid_until": "2027-07-31"}
    if ok:
        state, clocks, _ = walk("work_permit_change", fields, PERMIT_PATH)
        assert state == "准予" and clocks["decision"].limit.n == 10
    else:
        with pytest.raises(RefusedError, match="延期申请在有效期届满30日前提出"):
            walk("work_permit_change", fields, PERMIT_PATH)


def test_a_change_reported_late_is_a_warning_and_a_cancellation_names_its_reason() -> None:
    from tests.core.test_checks import check

    change = {**PERMIT, "matter": "变更", "change_item": "护照号码", "changed_on": "2026-05-01"}
    assert check("work_permit_change", {**change, "applied_on": "2026-05-11"}, "change_in_time").passed is True
    late = check("work_permit_change", {**change, "applied_on": "2026-05-12"}, "change_in_time")
    assert late.passed is False and not late.blocking
    with pytest.raises(RefusedError, match="注销须写明原因"):
        walk("work_permit_change", {**PERMIT, "matter": "注销"}, PERMIT_PATH)


# ----- 政府信息公开申请 ---------------------------------------------------------------------

DISCLOSURE = {"applicant_name": "李明", "requested_info": "2025年度北京市科技计划项目立项清单", "reply_type": "予以公开"}


def test_a_request_is_answered_within_20_working_days_of_its_registration() -> None:
    # domain.md §6.3: 20 working days from Fri 2025-09-26 end on 2025-10-30 (国庆 and 调休 counted).
    state, clocks, plans = walk("info_disclosure", DISCLOSURE, ("register",), today=date(2025, 9, 26))
    assert due(clocks["reply"]) == date(2025, 10, 30)
    assert clocks["correction_notice"].stopped
    state, clocks, plans = walk("info_disclosure", DISCLOSURE, ("register", "extend", "submit", "reply", "archive"))
    assert state == "归档" and clocks["reply"].total == 40 and plans[3].letters == ("disclosure_reply",)


def test_a_correction_is_asked_within_7_working_days_and_third_parties_do_not_count() -> None:
    _, clocks, plans = walk("info_disclosure", DISCLOSURE, ("request_correction",))
    assert clocks["correction_notice"].limit.n == 7 and clocks["correction_notice"].stopped
    assert due(clocks["correction_notice"]) == date(2026, 6, 10)  # 7 working days from Mon 06-01
    assert "reply" not in clocks  # the 20 working days only start with the complete request
    _, clocks, _ = walk("info_disclosure", {**DISCLOSURE, "third_party": "是", "third_party_name": "某公司"},
                        ("register", "consult_third_party", "third_party_replied"))
    assert len(clocks["reply"].pauses) == 1 and clocks["third_party"].limit.n == 15 and clocks["third_party"].stopped


# ----- 信访事项 ----------------------------------------------------------------------------

PETITION = {"appellant": "王建国", "form": "来信", "content": "反映某项目经费拨付进度", "handling_result": "解释说明"}


def test_a_petition_is_accepted_within_15_days_and_handled_within_60_plus_30() -> None:
    state, clocks, plans = walk("petition", PETITION, ("accept", "extend", "submit", "issue_opinion", "close", "archive"))
    assert state == "归档" and plans[0].letters == ("petition_acceptance",) and plans[3].letters == ("petition_opinion",)
    assert due(clocks["acceptance"]) == date(2026, 6, 16)  # 15 days from 06-01
    handling = clocks["handling"]
    assert (handling.limit.n, handling.total) == (60, 90)
    assert due(handling) == date(2026, 8, 31)  # 90 days end Sun 08-30: the next working day


def test_a_petition_refused_or_transferred_and_a_review_asked_in_time() -> None:
    from tests.core.test_checks import passed

    assert walk("petition", PETITION, ("refuse_acceptance", "archive"))[0] == "归档"
    assert walk("petition", PETITION, ("transfer",))[2][0].letters == ("letter",)
    assert passed("petition", {"replied_on": "2026-08-01", "review_requested_on": "2026-08-31"}, "review_in_time") is True
    assert passed("petition", {"replied_on": "2026-08-01", "review_requested_on": "2026-09-01"}, "review_in_time") is False


# ----- 行政复议、行政应诉 ---------------------------------------------------------------------

RECONSIDERATION = {"applicant": "北京某科技有限公司", "review_body": "北京市人民政府", "contested_act": "不予认定高新技术企业决定",
                   "decision": "维持", "decision_received_on": "2026-11-20"}


def test_reconsideration_answered_within_10_days_rolled_past_the_national_day() -> None:
    # A copy received Mon 2026-09-21: 10 days end on 10-01, a holiday; 10-02…10-07 too: 10-08.
    _, clocks, _ = walk("admin_reconsideration", RECONSIDERATION, (), today=date(2026, 9, 21))
    assert due(clocks["reply"]) == date(2026, 10, 8)
    assert clocks["decision"].limit.n == 60 and "decision_simple" not in clocks
    state, clocks, plans = walk("admin_reconsideration", RECONSIDERATION,
                                ("prepare", "submit", "send_reply", "record_extension", "record_decision", "archive"))
    assert state == "归档" and plans[2].letters == ("reconsideration_reply",)
    assert clocks["decision"].total == 90 and clocks["decision"].stopped and clocks["reply"].stopped


def test_the_simple_procedure_takes_30_days_and_an_opinion_letter_60_to_report() -> None:
    simple = {**RECONSIDERATION, "procedure": "简易程序", "rectification_reported_on": "2026-12-01"}
    state, clocks, _ = walk("admin_reconsideration", simple,
                            ("prepare", "submit", "send_reply", "record_decision", "record_opinion_letter",
                             "report_rectification"))
    assert state == "已决定" and clocks["decision_simple"].limit.n == 30 and "decision" not in clocks
    assert clocks["rectification"].limit.n == 60 and clocks["rectification"].stopped


LITIGATION = {"court": "北京市海淀区人民法院", "plaintiff": "北京某科技有限公司", "contested_act": "不予登记技术合同决定",
              "hearing_on": "2026-07-10", "appearing_head": "副主任张某", "judgment": "驳回诉讼请求",
              "judgment_served_on": "2026-08-03", "ruling_kind": "判决"}
LITIGATION_PATH = ("prepare", "submit", "submit_defence", "attend_hearing", "record_judgment")


@pytest.mark.parametrize(("kind", "days"), [("判决", 15), ("裁定", 10)])
def test_a_defence_within_15_days_and_the_appeal_window_of_the_ruling(kind: str, days: int) -> None:
    state, clocks, plans = walk("litigation", {**LITIGATION, "ruling_kind": kind}, LITIGATION_PATH)
    assert state == "已裁判" and plans[2].letters == ("defence_statement",)
    assert clocks["defence"].limit.n == 15 and clocks["defence"].stopped
    assert due(clocks["defence"]) == date(2026, 6, 16)
    appeal = clocks["appeal" if kind == "判决" else "appeal_ruling"]
    assert appeal.limit.n == days and not appeal.stopped


def test_a_responsible_head_appears_and_the_judgment_is_accepted_or_appealed() -> None:
    with pytest.raises(RefusedError, match="出庭应诉负责人"):
        walk("litigation", {**LITIGATION, "appearing_head": ""}, LITIGATION_PATH[:4])
    assert walk("litigation", LITIGATION, (*LITIGATION_PATH, "accept_judgment", "archive"))[0] == "归档"
    appealed = {**LITIGATION, "second_instance_result": "驳回上诉，维持原判"}
    state, clocks, _ = walk("litigation", appealed, (*LITIGATION_PATH, "appeal", "record_second_instance"))
    assert state == "结案" and clocks["appeal"].stopped
