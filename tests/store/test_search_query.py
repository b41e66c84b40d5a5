"""Ranked search with structured filters (issue 6.1): two-character Chinese queries hit
names, places and words; 案号, 发文字号, USCCs and ID numbers are found by their exact
text; opinions and person names are searchable; ID numbers never come back unmasked;
filters narrow the results and nobody finds what they may not see."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError, ValidationError
from bjstc_desktop.core.searchquery import SearchQuery, parse_district
from bjstc_desktop.demo import fake_id_number
from tests.conftest import OFFICER_PASS, Station, make_station

CONTRACT = {"contract_type": "技术开发", "seller": "北京冰原科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "50万"}
ID_NUMBER = fake_id_number(random.Random(6))


@pytest.fixture
def office(tmp_path: Path) -> tuple[Station, dict[str, str]]:
    """zhang (秘密, all duties) registers five cases; li (内部, market only) looks on."""
    st = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"), "li": (Level.INTERNAL, "market")})
    ids: dict[str, str] = {}
    with st.open() as ws:
        ids["contract"] = ws.cases.create("tech_contract", "冰雪装备技术开发合同", CONTRACT,
                                         received_on=dt.date(2026, 3, 2)).id
        ids["secret"] = ws.cases.create("tech_contract", "冰雪赛道秘密合同", CONTRACT, classification=Level.SECRET,
                                       secrecy_period="10年", received_on=dt.date(2026, 5, 6)).id
        ids["talent"] = ws.cases.create("talent_program", "青年人才计划申报", {
            "program": "北京市科技新星计划", "candidate_name": "王伟"}, received_on=dt.date(2026, 4, 1)).id
        ids["zone"] = ws.cases.create("sd_zone", "可持续发展实验区申请", {"district": "海淀区"},
                                     received_on=dt.date(2025, 11, 20)).id
        ids["nominee"] = ws.cases.create("academician_nomination", "院士候选人推荐", {
            "academy": "中国科学院", "candidate_id": ID_NUMBER}, received_on=dt.date(2026, 1, 15)).id
    return st, ids


def _ids(views) -> list[str]:  # type: ignore[no-untyped-def]
    return [v.id for v in views]


def test_two_character_queries_hit_names_places_and_words(office) -> None:  # type: ignore[no-untyped-def]
    st, ids = office
    with st.open() as ws:
        assert _ids(ws.cases.search("王伟")) == [ids["talent"]]  # a person's name in a field
        assert _ids(ws.cases.search("海淀")) == [ids["zone"]]  # a district field, found by its name
        assert set(_ids(ws.cases.search("冰雪"))) == {ids["contract"], ids["secret"]}
        assert set(_ids(ws.cases.search("冰原"))) == {ids["contract"], ids["secret"]}  # the party's name
        assert ws.cases.search("王芳") == [] and ws.cases.search("朝阳") == []


def test_the_district_of_a_case_is_taken_from_its_district_field_and_filters(office) -> None:  # type: ignore[no-untyped-def]
    st, ids = office
    with st.open() as ws:
        assert ws.cases.show(ids["zone"]).district == "110108"
        assert _ids(ws.cases.search(query=SearchQuery(district=parse_district("海淀")))) == [ids["zone"]]
        assert ws.cases.search(query=SearchQuery(text="实验区", district=parse_district("朝阳区"))) == []
    with pytest.raises(ValidationError):
        parse_district("火星区")


def test_numbers_are_found_by_their_exact_text(office) -> None:  # type: ignore[no-untyped-def]
    st, ids = office
    with st.open() as ws:
        contract = ws.cases.show(ids["contract"])
        assert _ids(ws.cases.search(contract.case_no))[0] == ids["contract"]  # the exact 案号 comes first
        assert set(_ids(ws.cases.search("91110000600037341L"))) == {ids["contract"], ids["secret"]}  # a USCC
        assert _ids(ws.cases.search(ID_NUMBER)) == [ids["nominee"]]  # an ID number, exactly
        assert _ids(ws.cases.search(ID_NUMBER.lower())) == [ids["nominee"]]  # x or X


def test_id_numbers_are_found_but_never_shown(office) -> None:  # type: ignore[no-untyped-def]
    st, ids = office
    with st.open() as ws:
        found = ws.cases.search(ID_NUMBER)
        assert _ids(found) == [ids["nominee"]]
        shown = json.dumps([v.as_json() for v in found], ensure_ascii=False)
        assert ID_NUMBER not in shown and ID_NUMBER[6:14] not in shown  # not even the birth date
        detail = ws.cases.show(ids["nominee"]).fields or {}
        assert detail["candidate_id"] != ID_NUMBER and "*" in detail["candidate_id"]


def test_opinions_and_letter_numbers_are_searchable(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    st, ids = office
    with st.open() as ws:
        action = next(a for a in ws.workflow.actions(ids["contract"]) if a.opinion_required or a.action)
        ws.workflow.act(ids["contract"], action.action, "经核查属实，请尽快办理冰糖葫芦事项")
        assert _ids(ws.cases.search("冰糖葫芦")) == [ids["contract"]]
        ws.cases.edit(ids["contract"], title="冰雪装备技术开发合同（修订）")  # a later reindex keeps the opinion
        assert _ids(ws.cases.search("冰糖葫芦")) == [ids["contract"]]
        letter = ws.letters.issue(ids["contract"], "notice", tmp_path / "n.pdf",
                                 values={"body": "经审核，该合同属于技术开发合同，予以登记。"})
        assert _ids(ws.cases.search(letter.number))[0] == ids["contract"]  # 京科发〔2026〕1号


def test_best_matches_come_first(office) -> None:  # type: ignore[no-untyped-def]
    st, _ = office
    with st.open() as ws:
        weak = ws.cases.create("tech_contract", "关于某单位若干技术服务事项及其他有关工作安排的合同（涉及量子）", CONTRACT).id
        strong = ws.cases.create("tech_contract", "量子量子量子", CONTRACT).id
        assert _ids(ws.cases.search("量子")) == [strong, weak]


def test_filters_narrow_the_results(office) -> None:  # type: ignore[no-untyped-def]
    st, ids = office
    with st.open() as ws:
        both = {ids["contract"], ids["secret"]}
        assert set(_ids(ws.cases.search(query=SearchQuery(text="冰雪", module="market")))) == both
        assert ws.cases.search(query=SearchQuery(text="冰雪", module="talent")) == []
        assert ws.cases.search(query=SearchQuery(text="冰雪", case_type="hnte")) == []
        state = ws.cases.show(ids["contract"]).state
        assert set(_ids(ws.cases.search(query=SearchQuery(text="冰雪", state=state)))) == both
        assert ws.cases.search(query=SearchQuery(text="冰雪", state="不存在的状态")) == []
        march = SearchQuery(text="冰雪", received_from=dt.date(2026, 3, 1), received_to=dt.date(2026, 3, 31))
        assert _ids(ws.cases.search(query=march)) == [ids["contract"]]
        assert _ids(ws.cases.search(query=SearchQuery(received_to=dt.date(2025, 12, 31)))) == [ids["zone"]]
        assert ws.cases.search(query=SearchQuery(overdue_on=dt.date(2030, 1, 1))) == []  # no clock runs yet
        ws.workflow.act(ids["contract"], "review")  # the 认定 clock starts: the case now has a due date
        due = dt.date.fromisoformat(ws.cases.show(ids["contract"]).due or "")
        assert _ids(ws.cases.search(query=SearchQuery(overdue_on=due + dt.timedelta(days=1)))) == [ids["contract"]]
        assert ws.cases.search(query=SearchQuery(overdue_on=due)) == []  # due today is not yet overdue
        with pytest.raises(ValidationError):
            SearchQuery(received_from=dt.date(2026, 4, 1), received_to=dt.date(2026, 3, 1))
        assert ws.cases.search(query=SearchQuery()) == []  # nothing asked, nothing listed


def test_nobody_finds_above_their_clearance_or_outside_their_scope(office) -> None:  # type: ignore[no-untyped-def]
    st, ids = office
    with st.open("li", OFFICER_PASS) as ws:
        assert _ids(ws.cases.search("冰雪")) == [ids["contract"]]
        assert _ids(ws.cases.search(query=SearchQuery(module="market"))) == [ids["contract"]]
        assert ws.cases.search("王伟") == [] and ws.cases.search("海淀") == [] and ws.cases.search(ID_NUMBER) == []
        secret_no = None
        with st.open() as zhang:
            secret_no = zhang.cases.show(ids["secret"]).case_no
        assert ids["secret"] not in _ids(ws.cases.search(secret_no))  # not even by its exact 案号
        assert ws.cases.search(query=SearchQuery(district="110108")) == []


def test_a_search_query_is_plain_data(office) -> None:  # type: ignore[no-untyped-def]
    q = SearchQuery(text="冰雪", module="market")
    assert dataclasses.replace(q, limit=5).limit == 5 and q.with_limit(7).limit == 7
    assert not q.is_empty() and SearchQuery().is_empty() and SearchQuery(district="110108").has_filters()
    with pytest.raises(ValidationError):
        SearchQuery(limit=0)


def test_why_a_case_matched_is_said_with_id_numbers_masked(office) -> None:  # type: ignore[no-untyped-def]
    st, ids = office
    with st.open() as ws:
        why = ws.cases.why_matched(ids["nominee"], ID_NUMBER)
        assert why == [f"候选人身份证号：{ID_NUMBER[:6]}{'*' * 8}{ID_NUMBER[-4:]}"]
        assert ws.cases.why_matched(ids["zone"], "海淀") == ["所在区：海淀区"]
        assert "标题：冰雪装备技术开发合同" in ws.cases.why_matched(ids["contract"], "冰雪")
        assert "卖方：北京冰原科技有限公司" in ws.cases.why_matched(ids["contract"], "冰原")
        assert ws.cases.why_matched(ids["contract"], "王伟") == []
    with st.open("li", OFFICER_PASS) as ws, pytest.raises(NotFoundError):
        ws.cases.why_matched(ids["secret"], "冰雪")  # no peeking at a case one may not see
