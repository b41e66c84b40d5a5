"""7 技术市场、奖励、保密与科普: contracts, awards, secrecy, popularisation, intermediaries."""

from __future__ import annotations

from datetime import date

import pytest

from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.core.workcalendar import WorkCalendar, load_seed_calendar
from tests.core.test_modules import USCC, walk

CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": USCC,
            "contract_amount": "150万", "tech_amount": "120万", "contract_no": "2026110108000123",
            "registered_on": "2026-06-05"}


def test_tech_contract_registered_within_the_extended_limit() -> None:
    state, clocks, plans = walk("tech_contract", CONTRACT, ("review", "extend", "register", "archive"))
    assert state == "归档"
    assert plans[2].letters == ("tech_contract_certificate",)
    decision = clocks["decision"]
    assert decision.limit.n == 7 and decision.total == 30  # 7 days, extended up to 30
    assert decision.extensions[0].approved_by == "处长"
    # Accepted Mon 2026-06-01: 7 days → Mon 06-08; 30 days → Wed 07-01.
    cal = WorkCalendar(*load_seed_calendar())
    assert decision.due(cal).date == date(2026, 7, 1)


def test_tech_contract_refused_registration_and_extension_needs_the_approver() -> None:
    state, _, plans = walk("tech_contract", CONTRACT, ("review", ("refuse", "officer"), "archive"))
    assert state == "归档" and plans[1].clocks[0].effect == "stop"
    with pytest.raises(PermissionDeniedError, match="延期"):
        walk("tech_contract", CONTRACT, ("review", ("extend", "officer")))


def test_transfer_contract_needs_its_projections_before_registration() -> None:
    transfer = {**CONTRACT, "contract_type": "技术转让"}
    with pytest.raises(RefusedError, match="预计新增投入"):
        walk("tech_contract", transfer, ("review", "register"))
    ok = {**transfer, "expected_investment": "500万", "expected_output": "2000万"}
    assert walk("tech_contract", ok, ("review", "register"))[0] == "予以登记"


def test_tech_amount_above_contract_amount_blocks_every_move() -> None:
    with pytest.raises(RefusedError, match="技术交易额不超过成交额"):
        walk("tech_contract", {**CONTRACT, "tech_amount": "150.01万"}, ("review",))


PERSON_ID = "11010519491231002X"


@pytest.mark.parametrize(("seller", "ok"), [
    ({"seller_nature": "自然人", "seller_id_kind": "公民身份号码", "seller_id_number": PERSON_ID}, True),
    ({"seller_nature": "自然人", "seller_passport": "E12345678", "seller_id_kind": "护照号码"}, True),
    ({"seller_nature": "自然人"}, False),  # no ID number
    ({"seller_nature": "自然人", "seller_id_kind": "统一社会信用代码", "seller_uscc": USCC}, False),
    ({"seller_nature": "境外企业/机构", "seller_country": "502", "seller_foreign_reg": "DE-HRB-12345"}, True),
    ({"seller_nature": "有限责任公司", "seller_country": "304", "seller_foreign_reg": "HRB 86891"}, True),
    ({"seller_nature": "境外企业/机构", "seller_country": "502"}, False),
    ({"seller_nature": "有限责任公司", "seller_country": "142", "seller_uscc": USCC}, True),  # 142: China (customs)
    ({"seller_nature": "有限责任公司", "seller_uscc": USCC}, True),
    ({"seller_nature": "有限责任公司"}, False),
])
def test_the_sellers_identifier_follows_its_nature(seller: dict[str, str], ok: bool) -> None:
    # A natural-person or foreign seller has no USCC (the case can be created without one).
    fields = {k: v for k, v in CONTRACT.items() if k != "seller_uscc"} | seller
    if ok:
        assert walk("tech_contract", fields, ("review", "register"))[0] == "予以登记"
    else:
        with pytest.raises(RefusedError, match="卖方证件与其性质相符"):
            walk("tech_contract", fields, ("review", "register"))


@pytest.mark.parametrize(("registered", "inside"), [
    ("2026-01-01", True), ("2026-12-31", True), ("2025-12-31", False), ("2027-01-01", False)])
def test_registration_outside_the_contracts_validity_is_a_warning(registered: str, inside: bool) -> None:
    fields = {**CONTRACT, "registered_on": registered, "valid_start": "2026-01-01", "valid_end": "2026-12-31"}
    _, _, plans = walk("tech_contract", fields, ("review", "register"))
    check = next(c for c in plans[-1].checks if c.key == "registered_within_validity")
    assert check.passed is inside and not check.blocking
    assert inside or "不在合同有效期" in check.message_zh


def test_awards_have_a_special_prize_for_project_awards_only() -> None:
    project = {**AWARD, "award_category": "科学技术进步奖", "result_level": "特等奖", "completers": [],
               "applied_since": "2020-01-01", "nominated_on": "2026-01-01"}
    state, _, _ = walk("award_nomination", project, AWARD_PATH)
    assert state == "归档"
    with pytest.raises(RefusedError, match="人物奖不分等级"):
        walk("award_nomination", {**AWARD, "result_level": "特等奖"}, AWARD_PATH)


YOUNG = "110108199003101230"  # born 1990-03-10: 36 on 2026-01-01
AWARD = {"award_category": "杰出青年中关村奖", "award_year": "2026", "secrecy_declared": "是",
         "completers": [{"rank": "1", "name": "王青", "id_number": YOUNG}], "result_level": "不分等级"}
AWARD_PATH = ("examine", "preliminary_review", "publicize", "committee_review", "final_approval", "award", "archive")


def test_award_nomination_through_publicity_to_award() -> None:
    state, clocks, plans = walk("award_nomination", AWARD, AWARD_PATH)
    assert state == "归档"
    assert plans[2].letters == ("publicity_notice",) and clocks["publicity"].limit.n == 15
    assert clocks["publicity"].stopped  # stopped when the committee takes it up


def test_youth_award_refused_for_a_completer_over_40() -> None:
    old = {**AWARD, "completers": [{"name": "李老", "id_number": "110108198512311231"}]}  # 40 on 2026-01-01
    assert walk("award_nomination", old, AWARD_PATH[:2])[0] == "初评"
    older = {**AWARD, "completers": [{"name": "张老", "id_number": "110108198501011233"}]}  # 41 on 2026-01-01
    with pytest.raises(RefusedError, match="超过 40 周岁"):
        walk("award_nomination", older, AWARD_PATH[:2])


def test_award_objection_upheld() -> None:
    state, _, _ = walk("award_nomination", AWARD, (*AWARD_PATH[:3], "record_objection", "uphold_objection"))
    assert state == "未获奖"


SECRET = {"action_kind": "确定", "object_name": "某型探测器关键工艺", "responsible": "李处长", "secrecy_level": "机密",
          "period_value": "20", "period_unit": "年", "determined_on": "2026-06-01", "basis": "科学技术保密事项范围 第3条",
          "knowers": "项目组5人", "filing_no": "京科密备2026-3", "declassified_on": "2046-06-01"}


def test_secrecy_determined_filed_reviewed_and_declassified() -> None:
    path = ("submit", "decide", "file", "change", "review_expiry", "declassify", "archive")
    changes = [{"changed_on": "2027-01-01", "from_level": "机密", "to_level": "机密", "to_period": "20年"}]
    state, _, plans = walk("secrecy_determination", {**SECRET, "changes": changes}, path)
    assert state == "归档" and plans[1].letters == ("notice",)


def test_secrecy_period_beyond_the_level_maximum_is_refused() -> None:
    with pytest.raises(RefusedError, match="机密不超过 20 年"):
        walk("secrecy_determination", {**SECRET, "period_value": "21"}, ("submit", "decide"))
    with pytest.raises(RefusedError, match="秘密不超过 10 年"):
        walk("secrecy_determination", {**SECRET, "secrecy_level": "秘密", "period_value": "11"}, ("submit", "decide"))


def test_popularization_event_and_base() -> None:
    event = {"event_kind": "北京科技周", "event_start": "2026-05-16", "event_end": "2026-05-23", "total_visitors": "5000"}
    path = ("submit_plan", "approve_plan", "open_event", "finish", "submit_summary", "archive")
    state, clocks, _ = walk("popularization_event", event, path)
    assert state == "归档" and clocks["summary"].stopped
    assert walk("popularization_event", event, ("submit_plan", "approve_plan", "cancel"))[0] == "取消"
    base = {"base_name": "北京天文馆", "base_class": "科技场馆类", "venue_type": "专业场馆（博物馆、天文台、植物园等）",
            "display_area": "500", "annual_visitors": "5000", "open_days": "200", "student_free_days": "20"}
    bpath = ("examine", "recommend", "expert_review", "site_visit", "publicize", "recognize")
    assert walk("popularization_base", base, bpath)[0] == "命名"
    with pytest.raises(RefusedError, match="科技场馆类基地条件"):
        walk("popularization_base", {**base, "open_days": "199"}, bpath)


def test_intermediary_assessed_every_year() -> None:
    fields = {"org": "北京技术交易促进中心", "org_uscc": USCC, "org_kind": "技术转移机构"}
    path = ("examine", "review", "recognize", "annual_report", "annual_assessment", "pass_assessment",
            "annual_report", "annual_assessment", "revoke", "archive")
    state, _, plans = walk("intermediary", fields, path)
    assert state == "归档" and plans[-2].letters == ("notice",)
    assert walk("intermediary", fields, ("examine", "refuse_acceptance", "archive"))[0] == "归档"


BPATH = ("examine", "recommend", "expert_review", "site_visit", "publicize", "recognize")
PLATFORM = "其他单位设立的科技场馆及科技创新平台（公园、医疗机构、企事业单位场馆，重点实验室、工程中心等）"


def test_the_third_kind_of_venue_has_its_own_thresholds() -> None:
    base = {"base_name": "某重点实验室科普展厅", "base_class": "科技场馆类", "venue_type": PLATFORM,
            "display_area": "300", "annual_visitors": "3000", "open_days": "100"}
    assert walk("popularization_base", base, BPATH)[0] == "命名"
    for key, short in (("display_area", "299"), ("annual_visitors", "2999"), ("open_days", "99")):
        with pytest.raises(RefusedError, match="科技场馆类基地条件"):
            walk("popularization_base", {**base, key: short}, BPATH)


@pytest.mark.parametrize(("fields", "check"), [
    ({"base_class": "科普研发类", "rd_staff": "5", "rd_investment": "50万", "rd_products": "10"}, "科普研发类基地条件"),
    ({"base_class": "科技传播类", "media_channels": "1", "annual_pieces": "50", "annual_reach": "100000"},
     "科技传播类基地条件"),
])
def test_research_and_communication_bases_meet_their_class_thresholds(fields: dict[str, str], check: str) -> None:
    base = {"base_name": "北京科普作品研发中心", **fields}
    assert walk("popularization_base", base, BPATH)[0] == "命名"
    for key, value in fields.items():
        if key == "base_class":
            continue
        lower = "49.99万" if value.endswith("万") else str(int(value) - 1)
        with pytest.raises(RefusedError, match=check):
            walk("popularization_base", {**base, key: lower}, BPATH)
    with pytest.raises(RefusedError, match=check):  # nothing filled in: cannot be decided, so not named
        walk("popularization_base", {"base_name": "某基地", "base_class": fields["base_class"]}, BPATH)
