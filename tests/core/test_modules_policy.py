"""1 法规政策: drafting a rule through consultation, review, publication and filing."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from tests.core.test_modules import walk

RULE = {
    "doc_category": "规章草案", "consultation_start": "2026-03-01", "consultation_end": "2026-03-30",
    "legality_opinion": "经审核，符合上位法。", "doc_no": "京科发〔2026〕12号", "published_on": "2026-05-01",
    "effective_date": "2026-06-01", "filing_no": "京备2026-18",
}
MAIN = ("start_drafting", "consult", "legality_review", "fair_competition_review", "deliberate", "sign",
        "publish", "file")


def test_regulation_draft_main_path_issues_its_letters_and_runs_its_clocks() -> None:
    state, clocks, plans = walk("regulation_draft", RULE, MAIN)
    assert state == "备案"
    letters = {p.action: p.letters for p in plans}
    assert letters["consult"] == ("consultation_letter",) and letters["publish"] == ("issuing_notice",)
    assert clocks["consultation"].limit.n == 30 and clocks["consultation"].stopped  # 征求意见期 30 日
    assert clocks["filing"].limit.n == 30 and clocks["filing"].stopped  # 公布后 30 日内备案


def test_after_evaluation_an_amendment_restarts_drafting() -> None:
    state, _, _ = walk("regulation_draft", RULE, (*MAIN, "evaluate", "amend", "start_drafting"))
    assert state == "起草"
    assert walk("regulation_draft", RULE, (*MAIN, "evaluate", "repeal"))[0] == "废止"


def test_fair_competition_review_may_be_skipped() -> None:
    assert walk("regulation_draft", RULE, MAIN[:3] + ("deliberate",))[0] == "集体审议"


def test_a_consultation_shorter_than_30_days_cannot_go_to_legality_review() -> None:
    short = {**RULE, "consultation_end": "2026-03-29"}  # 29 days
    with pytest.raises(RefusedError, match="征求意见期不少于法定期限"):
        walk("regulation_draft", short, MAIN[:3])


def test_only_the_approver_stops_a_draft() -> None:
    assert walk("regulation_draft", RULE, ("start_drafting", "withdraw"))[0] == "终止"
    with pytest.raises(PermissionDeniedError, match="处长"):
        walk("regulation_draft", RULE, ("start_drafting", ("withdraw", "officer")))


NORM = {
    "consultation_start": "2026-03-02", "consultation_end": "2026-03-10", "legality_opinion": "合法。",
    "doc_no": "京科发〔2026〕20号", "effective_date": "2026-06-01", "valid_until": "2031-06-01", "filing_no": "备-1",
}
NORM_PATH = ("consult", "legality_review", "deliberate", "issue", "file")


def test_normative_doc_is_issued_filed_and_evaluated_before_expiry() -> None:
    state, _, plans = walk("normative_doc", NORM, (*NORM_PATH, "review_validity", "keep_in_force"))
    assert state == "备案"
    assert plans[3].letters == ("issuing_notice",)


def test_normative_doc_validity_beyond_five_years_is_refused_at_issue() -> None:
    with pytest.raises(RefusedError, match="有效期不超过规定年限"):
        walk("normative_doc", {**NORM, "valid_until": "2031-06-02"}, NORM_PATH)


def test_policy_evaluation_needs_a_conclusion_before_the_report_goes_out() -> None:
    fields = {"policy_title": "北京市促进科技成果转化条例", "indicators": [{"name": "技术合同成交额", "target": "8000亿元"}]}
    steps = ("plan", "collect", "assess", "draft_report", "submit", "issue")
    with pytest.raises(RefusedError, match="评估结论"):
        walk("policy_evaluation", fields, steps)
    state, _, plans = walk("policy_evaluation", {**fields, "conclusion": "修订"}, (*steps, "archive"))
    assert state == "归档" and plans[-2].letters == ("letter",)
