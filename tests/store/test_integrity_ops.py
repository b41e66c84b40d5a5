"""科研失信 records through the workstation: the 形式审查 check blocks on a record in
force and not on one that expired yesterday, counts records the officer may not read,
the report of hits, revocation, and visibility."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError, RefusedError, ValidationError
from tests.conftest import make_station
from tests.store.duty_seed import APPLICANT, HNTE, id_number

TODAY = dt.date.today()


def finding(**over):  # type: ignore[no-untyped-def]
    values = {"subject_kind": "单位", "name": "北京高企科技有限公司", "number": APPLICANT, "source": "北京市科学技术委员会",
              "decision_no": "京科发〔2025〕1号", "measure": "取消申报资格", "start_on": "2025-01-01",
              "end_on": (TODAY + dt.timedelta(days=30)).isoformat()}
    return {**values, **over}


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"), "wang": (Level.PUBLIC, "industry")})
    ws = st.open()
    yield st, ws
    ws.close()


def _at_intake(ws):  # type: ignore[no-untyped-def]
    case = ws.cases.create("hnte", "北京高企科技有限公司高新技术企业认定", HNTE)
    ws.workflow.act(case.id, "examine")
    return case.id


def test_a_record_in_force_blocks_acceptance_and_shows_in_the_checks(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    record = ws.integrity.add(finding())
    case_id = _at_intake(ws)
    checks = {c.key: c for c in ws.workflow.checks(case_id)}
    assert checks["integrity_blocking"].passed is False and "京科发〔2025〕1号" in checks["integrity_blocking"].message
    with pytest.raises(RefusedError, match="失信"):
        ws.workflow.act(case_id, "accept")
    assert ws.workflow.act(case_id, "refuse_acceptance", "申请人在科研失信惩戒期内").to_state == "不予受理"
    lines = ws.integrity.hits(open_only=False)
    assert [(h.case_id, h.record_id, h.blocking) for h in lines] == [(case_id, record.id, True)]
    ws.integrity.revoke(record.id, "处理决定已被撤销")
    assert ws.integrity.hits(open_only=False) == []


def test_a_record_that_expired_yesterday_does_not_hit(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    ws.integrity.add(finding(end_on=(TODAY - dt.timedelta(days=1)).isoformat()))
    case_id = _at_intake(ws)
    assert {c.key: c.passed for c in ws.workflow.checks(case_id)}["integrity_blocking"] is True
    assert ws.workflow.act(case_id, "accept").to_state == "已受理"
    ws.integrity.add(finding(decision_no="京科发〔2026〕2号", end_on=TODAY.isoformat()))  # its last day is today
    other = _at_intake(ws)
    with pytest.raises(RefusedError):
        ws.workflow.act(other, "accept")


def test_a_warning_measure_only_warns_and_a_hidden_record_still_blocks(office) -> None:  # type: ignore[no-untyped-def]
    st, ws = office
    ws.integrity.add(finding(measure="通报批评"))
    case_id = _at_intake(ws)
    result = ws.workflow.act(case_id, "accept")
    assert result.to_state == "已受理" and any("失信" in w for w in result.warnings)
    ws.integrity.add(finding(decision_no="京科发〔2026〕3号"), classification=Level.SECRET)
    with st.open("wang") as wang:  # 公开 clearance: cannot read the record, but it counts
        assert all(r.decision_no != "京科发〔2026〕3号" for r in wang.integrity.list())
        case = wang.cases.create("hnte", "另一申请", HNTE)
        wang.workflow.act(case.id, "examine")
        with pytest.raises(RefusedError, match="无权查看"):
            wang.workflow.act(case.id, "accept")
        with pytest.raises(NotFoundError):
            wang.integrity.revoke(ws.integrity.list()[0].id, "越权")


def test_records_are_validated(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    with pytest.raises(ValidationError):
        ws.integrity.add(finding(number="91110108000000001X"))
    with pytest.raises(ValidationError):
        ws.integrity.add(finding(end_on="2024-12-31"))
    with pytest.raises(ValidationError):
        ws.integrity.add(finding(measure="罚款"))
    with pytest.raises(ValidationError):
        ws.integrity.add(finding(scope="nowhere"))
    person = ws.integrity.add(finding(subject_kind="个人", name="王伟", number=id_number(5)))
    assert person.number.startswith(id_number(5)[:6]) and "*" in person.number
    ws.integrity.add(finding(decision_no="京科发〔2025〕9号"))
    with pytest.raises(RefusedError, match="已有"):
        ws.integrity.add(finding(decision_no="京科发〔2025〕9号"))


def test_a_person_barred_from_reviewing_is_not_drawn(office) -> None:  # type: ignore[no-untyped-def]
    from tests.store.duty_seed import add_pool, hnte_in_review

    _, ws = office
    ids = add_pool(ws, tech=3, finance=2)
    barred = ws.experts.show(ids[0]).expert
    ws.integrity.add(finding(subject_kind="个人", name=barred.name, number=barred.id_number,
                             measure="禁止担任评审专家"))
    case_id = hnte_in_review(ws)
    with pytest.raises(RefusedError, match="科研失信记录"):
        ws.panels.draw(case_id)


def test_hits_find_classified_cases_whose_fields_are_sealed(office) -> None:  # type: ignore[no-untyped-def]
    """A 秘密 case's fields are sealed (issue 11 must-hold 6): the report finds it through
    the blind index and confirms it on the opened fields, for an officer holding its key."""
    _, ws = office
    record = ws.integrity.add(finding())
    case = ws.cases.create("hnte", "北京高企科技有限公司高新技术企业认定", HNTE, classification=Level.SECRET,
                          secrecy_period="5年")
    other = ws.cases.create("hnte", "另一家企业高新技术企业认定", {"enterprise": "另一家企业", "enterprise_uscc": "91110108MA01R0RK4C"},
                           classification=Level.SECRET, secrecy_period="5年")
    hits = {h.case_id for h in ws.integrity.hits(open_only=False) if h.record_id == record.id}
    assert case.id in hits and other.id not in hits
