"""9 国际与港澳台合作: cooperation projects, restricted-technology export review, visits."""

from __future__ import annotations

from datetime import date

import pytest

from bjstc_desktop.core.clocks import ClockState
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.core.workcalendar import WorkCalendar, load_seed_calendar
from bjstc_desktop.core.workflow import apply_clock, plan_transition, receipt_clocks
from tests.core.test_modules import USCC, walk

EXPORT = {"catalogue_code": "050302X", "exporter": "北京某装备有限公司", "exporter_uscc": USCC,
          "review_conclusion": "同意出口", "review_opinion": "技术成熟度与控制要点相符", "intent_no": "YX2026-01",
          "commerce_decision": "批准"}
PATH = ("review", "expert_review", "expert_done", "opinion", "record_licence", "close")


def test_export_review_with_expert_pause() -> None:
    state, clocks, plans = walk("tech_export_review", EXPORT, PATH)
    assert state == "办结" and plans[3].letters == ("letter",)
    commerce, review = clocks["commerce"], clocks["review"]
    assert commerce.limit.n == 30 and review.limit.n == 15
    # The expert review pauses the commerce department's clock and, nested in it, the technical review's.
    assert len(commerce.pauses) == 1 and len(review.pauses) == 1
    assert review.stopped and commerce.stopped  # the review at the opinion, commerce's at its decision
    assert [p.action for p in plans if any(c.clock == "commerce" and c.effect == "stop" for c in p.clocks)] == ["close"]


def test_the_technical_review_is_a_sub_step_inside_the_commerce_departments_30_working_days() -> None:
    cal = WorkCalendar(*load_seed_calendar())
    ct = case_type("tech_export_review")
    fields = parse_fields(ct, EXPORT, partial=True)
    received = date(2026, 6, 1)  # Monday: commerce's 30 working days (端午 6/19 off) end on 2026-07-14
    clocks = {p.clock: apply_clock(None, p, received) for p in receipt_clocks(ct, fields)}
    assert clocks["commerce"].due(cal).date == date(2026, 7, 14)

    def start_review(on: date) -> ClockState:
        plan = plan_transition(ct, "收件", "review", "officer", fields, "", None, on, clocks=clocks, calendar=cal)
        (planned,) = plan.clocks
        return apply_clock(None, planned, on)

    # Referred early: the review's own 15 working days are shorter than what is left.
    early = start_review(date(2026, 6, 3))
    assert early.limit.n == 15 and early.due(cal).date == date(2026, 6, 25)
    # Referred late: the review must still end when commerce's limit does, not 15 working days on.
    late = start_review(date(2026, 7, 6))
    assert late.limit.n == 6 and late.due(cal).date == date(2026, 7, 14) == clocks["commerce"].due(cal).date
    assert start_review(date(2026, 7, 14)).limit.n == 0
    # Returning the application stops both clocks.
    plan = plan_transition(ct, "技术审查", "return_application", "officer", fields, "材料不全", None, date(2026, 6, 5),
                           clocks=clocks, calendar=cal)
    assert {(c.clock, c.effect.value) for c in plan.clocks} == {("commerce", "stop"), ("review", "stop")}


def test_prohibited_item_cannot_be_agreed_and_secret_needs_secrecy_review() -> None:
    with pytest.raises(RefusedError, match="禁止出口技术"):
        walk("tech_export_review", {**EXPORT, "catalogue_code": "050302J"}, PATH)
    refused = {**EXPORT, "catalogue_code": "050302J", "review_conclusion": "不同意出口"}
    assert walk("tech_export_review", refused, PATH[:4])[0] == "审查意见"
    secret = {**EXPORT, "involves_secret": "是"}
    with pytest.raises(RefusedError, match="涉密技术须经保密审查"):
        walk("tech_export_review", secret, ("review", "opinion"))
    cleared = {**secret, "secrecy_level": "秘密", "secrecy_review_result": "同意"}
    assert walk("tech_export_review", cleared, ("review", "secrecy_review", "secrecy_cleared", "opinion"))[0] == "审查意见"
    with pytest.raises(RefusedError, match="涉及国家秘密"):
        walk("tech_export_review", EXPORT, ("review", "secrecy_review"))


VISIT = {"direction": "出访", "countries": "德国、法国", "country_count": "2", "visit_start": "2026-09-01",
         "visit_end": "2026-09-08", "report_submitted_on": "2026-09-25", "member_count": "5"}
APPROVE = ("submit", "countersign", "approve")


@pytest.mark.parametrize(("fields", "ok"), [
    ({"country_count": "3", "transit_count": "0"}, True),
    ({"country_count": "2", "transit_count": "1"}, True),  # a transit counts as a country: 3
    ({"country_count": "2", "transit_count": "2"}, False),  # 4 with the transits
    ({"country_count": "4"}, False),
    ({"member_count": "6"}, True),
    ({"member_count": "7"}, False),
    ({"members": [{"name": f"成员{i}"} for i in range(7)]}, False),  # the listed members count
])
def test_at_most_three_countries_including_transits_and_six_persons(fields: dict[str, object], ok: bool) -> None:
    visit = {**VISIT, **fields}
    if ok:
        assert walk("exchange_visit", visit, APPROVE)[0] == "批准"
    else:
        with pytest.raises(RefusedError, match="出访国家数与团组人数"):
            walk("exchange_visit", visit, APPROVE)
    # Researchers on an academic exchange go as the work needs.
    assert walk("exchange_visit", {**visit, "academic_exchange": "是", "visit_end": "2026-09-20"}, APPROVE)[0] == "批准"


def test_visit_approved_and_reported_within_a_month() -> None:
    path = ("submit", "countersign", "approve", "depart", "finish", "submit_report", "archive")
    state, clocks, plans = walk("exchange_visit", VISIT, path)
    assert state == "归档" and plans[2].letters == ("reply_approval",)
    assert clocks["report"].limit.n == 1 and clocks["report"].stopped
    # Two countries in 9 days is one day too many (8 allowed).
    with pytest.raises(RefusedError, match="不超过 8 天"):
        walk("exchange_visit", {**VISIT, "visit_end": "2026-09-09"}, path)


def test_intl_project_rejected_after_review() -> None:
    fields = {"undertaker": "北京某大学", "partner_region": "香港", "experts": [{"name": "陈"}]}
    state, _, plans = walk("intl_project", fields, ("examine", "expert_review", "reject", "archive"))
    assert state == "归档" and plans[2].letters == ("notice",)
