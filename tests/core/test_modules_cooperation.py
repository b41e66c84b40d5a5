"""9 国际与港澳台合作: cooperation projects, restricted-technology export review, visits."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.errors import RefusedError
from tests.core.test_modules import USCC, walk

EXPORT = {"catalogue_code": "050302X", "exporter": "北京某装备有限公司", "exporter_uscc": USCC,
          "review_conclusion": "同意出口", "review_opinion": "技术成熟度与控制要点相符", "intent_no": "YX2026-01"}
PATH = ("review", "expert_review", "expert_done", "opinion", "record_licence", "close")


def test_export_review_with_expert_pause() -> None:
    state, clocks, plans = walk("tech_export_review", EXPORT, PATH)
    assert state == "办结" and plans[3].letters == ("letter",)
    review = clocks["review"]
    assert review.limit.n == 30 and len(review.pauses) == 1 and review.stopped


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
         "visit_end": "2026-09-08", "report_submitted_on": "2026-09-25"}


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
