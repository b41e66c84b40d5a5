"""Expert pool and panels through the workstation: visibility, the seeded draw and its
replay, 回避, replacements with their reasons, scoring, and the gate out of 专家评审."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError, PermissionDeniedError, RefusedError
from bjstc_desktop.core.experts import InfeasibleDraw
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store.duty_models import PanelDraw, PanelMember
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, make_station
from tests.store.duty_seed import APPLICANT, HNTE_SCORES, add_pool, hnte_in_review, id_number, uscc


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"), "wang": (Level.PUBLIC, "market")})
    ws = st.open()
    yield st, ws
    ws.close()


def test_the_pool_masks_id_numbers_in_lists_and_obeys_clearance_and_scope(office) -> None:  # type: ignore[no-untyped-def]
    st, ws = office
    ws.experts.add({"name": "王伟", "id_number": id_number(1), "employer": "清华大学", "disciplines": "520",
                    "category": "技术专家"})
    ws.experts.add({"name": "密专家", "id_number": id_number(2), "employer": "某所", "disciplines": "520",
                    "category": "技术专家"}, classification=Level.SECRET)
    ws.experts.add({"name": "计划专家", "id_number": id_number(3), "employer": "某院", "disciplines": "790",
                    "category": "财务专家"}, modules="programs")
    listed = {e.name: e for e in ws.experts.list()}
    assert set(listed) == {"王伟", "密专家", "计划专家"}
    assert listed["王伟"].id_number == id_number(1)[:6] + "********" + id_number(1)[-4:]
    assert ws.experts.show(listed["王伟"].id).expert.id_number == id_number(1)
    with pytest.raises(RefusedError, match="已有此身份证号"):
        ws.experts.add({"name": "重复", "id_number": id_number(1), "employer": "x", "disciplines": "520",
                        "category": "技术专家"})
    with st.open("wang") as wang:  # 公开 clearance, market scope: sees only the unscoped public expert
        assert [e.name for e in wang.experts.list()] == ["王伟"]
        with pytest.raises(NotFoundError):
            wang.experts.show(listed["计划专家"].id)
        with pytest.raises(PermissionDeniedError):
            wang.experts.add({"name": "越权", "id_number": id_number(4), "employer": "x", "disciplines": "520",
                              "category": "技术专家"}, modules="programs")
    with Workstation.open(st.data_dir, "admin", ADMIN_PASS) as admin:
        with pytest.raises(PermissionDeniedError):
            admin.experts.list()


def test_a_draw_replays_avoids_the_applicants_employer_and_gates_expert_done(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    add_pool(ws, tech=8, finance=2)
    colleague = ws.experts.add({"name": "同单位专家", "id_number": id_number(900), "employer": "北京高企科技有限公司",
                                "employer_uscc": APPLICANT, "disciplines": "790", "category": "财务专家"}).id
    case_id = hnte_in_review(ws)
    with pytest.raises(RefusedError, match="尚未抽取专家组"):
        ws.workflow.act(case_id, "expert_done")
    panel = ws.panels.draw(case_id)
    assert len(panel.members) == 5 and colleague not in {m.expert_id for m in panel.members}
    categories = [m.category for m in panel.members]
    assert categories.count("技术专家") >= 3 and categories.count("财务专家") >= 1
    draw = panel.draws[0]
    assert ("同单位专家", "与申请人或当事方同一单位") in draw.excluded and len(draw.seed) == 32
    assert all(r.same for r in ws.panels.replay(case_id))
    with pytest.raises(RefusedError, match="已抽取专家组"):
        ws.panels.draw(case_id)
    # The case's 评审专家 table is filled from the panel (the HNTE composition check reads it).
    rows = ws.cases.show(case_id).fields["experts"]
    assert sorted(r["name"] for r in rows) == sorted(m.name for m in panel.members)
    first = panel.members[0]
    ws.panels.score(case_id, first.expert_id, HNTE_SCORES, "知识产权较强")
    with pytest.raises(RefusedError, match="尚未评分"):
        ws.workflow.act(case_id, "expert_done")
    for m in panel.members[1:]:
        ws.panels.score(case_id, m.expert_id, HNTE_SCORES)
    view = ws.panels.panel(case_id)
    assert view.aggregate == "77.00" and "加权平均" in view.aggregate_text
    assert ws.workflow.act(case_id, "expert_done").to_state == "审查中"
    history = ws.experts.show(first.expert_id).history
    assert [(h["applicant"], h["source"]) for h in history] == [("北京高企科技有限公司", "panel")]


def test_a_replacement_keeps_the_composition_records_the_reason_and_replays(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    add_pool(ws, tech=8, finance=3)
    case_id = hnte_in_review(ws)
    panel = ws.panels.draw(case_id)
    finance = [m for m in panel.members if m.category == "财务专家"]
    leaving = finance[0]
    view = ws.panels.withdraw(case_id, leaving.expert_id, "出差，无法参加", status="已谢绝")
    active = [m for m in view.members if m.status in ("已抽取", "已确认")]
    assert len(active) == 5 and sum(m.category == "财务专家" for m in active) >= 1
    gone = next(m for m in view.members if m.expert_id == leaving.expert_id)
    assert (gone.status, gone.reason) == ("已谢绝", "出差，无法参加")
    assert view.draws[-1].kind == "replace" and view.draws[-1].reason == "出差，无法参加"
    assert all(r.same for r in ws.panels.replay(case_id))
    with pytest.raises(RefusedError, match="不在专家组"):
        ws.panels.score(case_id, leaving.expert_id, HNTE_SCORES)
    timeline = [t.action for t in ws.cases.show(case_id).timeline]
    assert "panel_replace" in timeline


def test_an_infeasible_draw_says_so_and_writes_nothing(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    add_pool(ws, tech=8, finance=0)
    case_id = hnte_in_review(ws)
    with pytest.raises(InfeasibleDraw) as err:
        ws.panels.draw(case_id)
    assert "财务专家至少 1 人" in err.value.zh
    with ws.store.read() as s:
        assert s.execute(select(func.count()).select_from(PanelDraw)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(PanelMember)).scalar_one() == 0


def test_recent_reviewers_and_declared_relations_are_avoided(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    ids = add_pool(ws, tech=4, finance=1)
    import datetime as dt

    ws.experts.add_history(ids[0], APPLICANT, None, "北京高企科技有限公司", dt.date.today() - dt.timedelta(days=30))
    ws.experts.add_relation(ids[1], {"related_uscc": APPLICANT, "relation": "兼职顾问"})
    case_id = hnte_in_review(ws)
    with pytest.raises(InfeasibleDraw) as err:  # 4 technical left of 6 needed... only 2 remain
        ws.panels.draw(case_id)
    assert "近年评审过同一申请人" in err.value.zh and "声明有关联关系" in err.value.zh
    add_pool(ws, tech=2, finance=0, start=300)
    panel = ws.panels.draw(case_id)
    assert not {ids[0], ids[1]} & {m.expert_id for m in panel.members}


def test_a_project_panel_uses_the_trimmed_mean(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    add_pool(ws, tech=6, finance=0)
    case = ws.cases.create("project", "量子计算项目", {"undertaker": "甲单位", "undertaker_uscc": uscc(7)})
    ws.workflow.act(case.id, "examine")
    ws.workflow.act(case.id, "expert_review")
    panel = ws.panels.draw(case.id)
    for m, score in zip(panel.members, (60, 70, 80, 90, 100), strict=True):
        ws.panels.score(case.id, m.expert_id, {"score": score})
    assert ws.panels.panel(case.id).aggregate == "80.00"
    with Workstation.open(ws.data_dir, "admin", ADMIN_PASS) as admin:
        admin.accounts.add("li", Role.APPROVER, "approver passphrase", Level.SECRET, frozenset({"programs"}))
    with Workstation.open(ws.data_dir, "li", "approver passphrase") as li:
        assert li.workflow.act(case.id, "propose", "同意拟立项").to_state == "拟立项"


def test_a_panel_is_seen_only_with_its_case(office) -> None:  # type: ignore[no-untyped-def]
    st, ws = office
    add_pool(ws, tech=5, finance=1)
    case = ws.cases.create("hnte", "秘密高企", {"enterprise": "某企业", "enterprise_uscc": uscc(8)},
                          classification=Level.SECRET, secrecy_period="10年")
    ws.workflow.act(case.id, "examine")
    ws.workflow.act(case.id, "accept")
    ws.workflow.act(case.id, "start_review")
    ws.workflow.act(case.id, "expert_review")
    assert len(ws.panels.draw(case.id).members) == 5
    with st.open("wang") as wang:  # 公开 clearance: neither the case nor its panel
        with pytest.raises(NotFoundError):
            wang.panels.panel(case.id)
        with pytest.raises(NotFoundError):
            wang.panels.score(case.id, ws.panels.panel(case.id).members[0].expert_id, {"score": 1})


def test_panel_members_are_found_by_search_and_counted_in_review(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    add_pool(ws, tech=5, finance=1)
    case_id = hnte_in_review(ws)
    assert ws.registers.summary().in_expert_review == 1 and ws.registers.summary().experts == 6
    panel = ws.panels.draw(case_id)
    assert case_id in [c.id for c in ws.cases.search(panel.members[0].name)]


def test_an_hnte_panel_takes_only_technical_and_financial_experts(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    add_pool(ws, tech=3, finance=1)
    add_pool(ws, tech=0, finance=0, start=500)
    for i in range(6):
        ws.experts.add({"name": f"管理{i}", "id_number": id_number(600 + i), "employer": f"单位{600 + i}",
                        "disciplines": "630", "category": "管理专家"})
    case_id = hnte_in_review(ws)
    with pytest.raises(InfeasibleDraw, match="专家类别不适用"):  # 4 eligible for 5 seats: management experts do not count
        ws.panels.draw(case_id)
    add_pool(ws, tech=1, finance=0, start=700)
    assert {m.category for m in ws.panels.draw(case_id).members} <= {"技术专家", "财务专家"}


def test_a_tampered_draw_record_does_not_replay(office) -> None:  # type: ignore[no-untyped-def]
    """Someone who edits the recorded panel (or its seed) in the store is found out by a replay."""
    import json

    from sqlalchemy import update

    _, ws = office
    ids = add_pool(ws, tech=8, finance=2)
    case_id = hnte_in_review(ws)
    panel = ws.panels.draw(case_id)
    outsider = next(i for i in ids if i not in {m.expert_id for m in panel.members})
    chosen = [m.expert_id for m in panel.members][:-1] + [outsider]
    with ws.store.write() as s:
        s.execute(update(PanelDraw).values(chosen=json.dumps(chosen)))
    assert [r.same for r in ws.panels.replay(case_id)] == [False]
    with ws.store.write() as s:  # the chosen list restored, but the pool it was drawn from altered
        row = s.execute(select(PanelDraw)).scalar_one()
        pool = [p for p in json.loads(row.pool) if p[0] != panel.members[0].expert_id]
        s.execute(update(PanelDraw).values(chosen=json.dumps([m.expert_id for m in panel.members]),
                                           pool=json.dumps(pool)))
    assert [r.same for r in ws.panels.replay(case_id)] == [False]


def test_a_panel_never_names_an_expert_above_its_cases_level(office) -> None:  # type: ignore[no-untyped-def]
    _, ws = office
    add_pool(ws, tech=4, finance=1)
    secret = ws.experts.add({"name": "涉密专家", "id_number": id_number(700), "employer": "某所", "disciplines": "520",
                             "category": "技术专家"}, classification=Level.SECRET).id
    public = hnte_in_review(ws)
    view = ws.panels.draw(public)
    assert secret not in {m.expert_id for m in view.members} and len(view.members) == 5
    assert view.draws[0].eligible == 5  # not even in the recorded pool
    secret_case = ws.cases.create("hnte", "涉密高企认定", {"enterprise": "北京涉密科技有限公司",
                                                       "enterprise_uscc": uscc(2)}, classification=Level.SECRET,
                                 secrecy_period="10年")
    for action in ("examine", "accept", "start_review", "expert_review"):
        ws.workflow.act(secret_case.id, action)
    assert ws.panels.draw(secret_case.id).draws[0].eligible == 6
