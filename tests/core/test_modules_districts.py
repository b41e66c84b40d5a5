"""12 区县指导: a district's request answered by 批复; the yearly district evaluation."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.validators import beijing_districts
from tests.core.test_modules import walk

REQUEST = {"from_district": "BDA", "incoming_doc_no": "京开科发〔2026〕7号", "reply_doc_no": "京科函〔2026〕45号"}


def test_request_answered_by_reply_within_the_internal_limit() -> None:
    state, clocks, plans = walk("district_request", REQUEST, ("draft", "countersign", "submit", "reply", "archive"))
    assert state == "归档" and plans[3].letters == ("reply_approval",)
    assert clocks["reply"].limit.n == 15 and clocks["reply"].stopped  # started at receipt


def test_request_without_countersign_and_returned_request() -> None:
    assert walk("district_request", REQUEST, ("draft", "submit", "return_for_revision"))[0] == "拟办"
    state, clocks, _ = walk("district_request", REQUEST, ("return_document", "archive"))
    assert state == "归档" and clocks["reply"].stopped
    with pytest.raises(RefusedError, match="批复文号"):
        walk("district_request", {**REQUEST, "reply_doc_no": ""}, ("draft", "submit", "reply"))


def test_district_evaluation_must_cover_all_sixteen_districts() -> None:
    rows = [{"district": d.code, "indicator": "R&D投入强度", "score": "90"} for d in beijing_districts()]
    fields = {"eval_year": "2025", "bulletin_doc_no": "京科发〔2026〕50号", "indicators": rows}
    path = ("self_check", "collect", "score", "submit", "issue", "archive")
    state, _, plans = walk("district_evaluation", fields, path)
    assert state == "归档" and plans[4].letters == ("notice",)
    with pytest.raises(RefusedError, match="延庆区"):
        walk("district_evaluation", {**fields, "indicators": rows[:-1]}, path)
