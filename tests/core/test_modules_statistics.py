"""11 科技信息、统计与期刊: a survey from deployment to publication; periodical checks."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from tests.core.test_modules import walk

SURVEY = {"survey_system": "科技统计报表制度", "form_no": "国科统1表", "approval_no": "国统制〔2025〕112号",
          "valid_until": "2027-12-31", "respondents": [{"org": "北京某研究所", "status": "通过"},
                                                      {"org": "北京某大学", "status": "通过"}]}
PATH = ("deploy", "train", "collect", "audit", "aggregate", "report", "publish", "archive")


def test_survey_deployed_collected_and_published() -> None:
    state, _, plans = walk("stat_survey", SURVEY, PATH)
    assert state == "归档" and plans[0].letters == ("notice",) and plans[5].letters == ("letter",)


def test_survey_cannot_aggregate_while_a_respondent_is_returned() -> None:
    pending = {**SURVEY, "respondents": [{"org": "北京某研究所", "status": "通过"}, {"org": "北京某大学", "status": "退回"}]}
    with pytest.raises(RefusedError, match="第 2 行"):
        walk("stat_survey", pending, PATH)
    assert walk("stat_survey", pending, (*PATH[:4], "return_to_respondents"))[0] == "填报"


def test_expired_survey_system_cannot_be_deployed() -> None:
    with pytest.raises(RefusedError, match="调查制度在有效期内"):
        walk("stat_survey", {**SURVEY, "valid_until": "2026-05-31"}, PATH[:1])


def test_periodical_verification_outcomes() -> None:
    fields = {"cn_number": "CN 11-2345/N", "issn": "0378-5955", "verification_year": "2026"}
    assert walk("periodical", fields, ("review", "return_for_revision", "resubmit", "pass", "archive"))[0] == "归档"
    state, _, plans = walk("periodical", fields, ("review", "defer"))
    assert state == "暂缓核验" and plans[-1].letters == ("notice",)
    with pytest.raises(PermissionDeniedError):
        walk("periodical", fields, ("review", ("fail", "officer")))
