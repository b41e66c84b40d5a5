"""Demo data of the shared duties: an expert pool across the disciplines, a few 科研失信
records, and panels drawn and scored as a case reaches 专家评审 (so demo cases leave it
the way officers' do: with the panel's aggregate)."""

from __future__ import annotations

import datetime as dt
import random

from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.core.experts import EXPERT_CATEGORIES, MEMBER_ACTIVE, discipline_table
from bjstc_desktop.demo.profiles import OPINION
from bjstc_desktop.demo.values import fake_id_number, fake_org_name, fake_person, fake_uscc
from bjstc_desktop.workstation import Workstation

_TITLES = ("研究员", "教授", "高级工程师", "正高级会计师", "副研究员", "副教授")


def seed_pool(ws: Workstation, rng: random.Random, size: int = 60) -> int:
    """An expert pool: mostly technical experts over the engineering and science
    disciplines, some financial and management experts; returns how many were added."""
    codes = [d.code for d in discipline_table() if d.code[0] in "1245"]
    added = 0
    for i in range(size):
        category = EXPERT_CATEGORIES[0] if i % 5 < 3 else EXPERT_CATEGORIES[1 + i % 3]
        field = "790" if category == "财务专家" else "630" if category == "管理专家" else "820" \
            if category == "法律专家" else ",".join(sorted(set(rng.sample(codes, 2))))
        values = {"name": fake_person(rng), "id_number": fake_id_number(rng, 1955, 1985),
                  "employer": fake_org_name(rng), "employer_uscc": fake_uscc(rng), "disciplines": field,
                  "category": category, "professional_title": rng.choice(_TITLES),
                  "phone": f"1{rng.randint(3000000000, 9999999999)}"}
        try:
            ws.experts.add(values)
            added += 1
        except BjstcError:
            continue  # a repeated invented ID number: leave it out
    return added


def seed_records(ws: Workstation, rng: random.Random, today: dt.date) -> None:
    """A few 科研失信 records: in force, expired, and one that only warns."""
    for measure, start, end in (("取消申报资格", today - dt.timedelta(days=400), today + dt.timedelta(days=700)),
                                ("通报批评", today - dt.timedelta(days=90), None),
                                ("取消申报资格", today - dt.timedelta(days=1200), today - dt.timedelta(days=1))):
        try:
            ws.integrity.add({"subject_kind": "单位", "name": fake_org_name(rng), "number": fake_uscc(rng),
                              "source": "北京市科学技术委员会", "decision_no": f"京科发〔{start.year}〕{rng.randint(1, 300)}号",
                              "measure": measure, "start_on": start.isoformat(),
                              "end_on": end.isoformat() if end else None})
        except BjstcError:
            continue


def before_move(ws: Workstation, ct: CaseType, case_id: str, day: dt.date) -> None:
    """When the case is in its panel's review state: draw the panel if there is none
    and have every member score, so the move out of 专家评审 can be taken. Scores come
    from a random stream of the case's own, so the walk's stream is not disturbed."""
    if ct.panel is None or ws.cases.show(case_id).state != ct.panel.review_state:
        return
    rng = random.Random(case_id)
    try:
        view = ws.panels.panel(case_id)
        if not view.members:
            view = ws.panels.draw(case_id, today=day)
        for m in view.members:
            if m.status in MEMBER_ACTIVE and m.total is None:
                scores = {i.key: rng.randint(60, 95) for i in ct.panel.items} or {"score": rng.randint(60, 95)}
                ws.panels.score(case_id, m.expert_id, scores, OPINION.make(rng), today=day)
    except BjstcError:
        return  # the pool cannot make this panel: the case waits in 专家评审, as it would
