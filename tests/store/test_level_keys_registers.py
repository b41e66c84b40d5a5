"""Issue 11 must-hold 6 for the shared registers, as the insider would try it: an
expert, a 科研失信 record, and the review history a panel leaves, at 秘密.

li is an officer cleared for 内部 with the files and his own passphrase (so the data key
and his 内部 key). zhang (秘密) enters a 秘密 expert with a declared relation and an
earlier review, a 秘密 失信 record, and scores a 公开 expert on a 秘密 case's panel (his
history then names that case's applicant). li must read none of it by any means: every
table dumped (sqlcipher3, the data key), his own keys tried on every sealed value, and
the program's own lists and look-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError, RefusedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.accounts import parse_modules
from bjstc_desktop.workstation import Workstation
from tests import insider
from tests.conftest import ADMIN_PASS, SEC_PASS, Station
from tests.store.duty_seed import HNTE_SCORES, add_pool, id_number, uscc
from tests.store.test_level_keys import LI_PASS, _own_keys, _try_open, dump

TODAY = dt.date.today()
EXPERT = {"name": "饕餮秘密专家", "id_number": id_number(777), "employer": "魍魉涉密研究所",
          "employer_uscc": uscc(776), "disciplines": "520", "category": "技术专家", "professional_title": "貔貅研究员",
          "email": "qilin.secret@example.cn"}
RELATED = {"related_uscc": uscc(778), "related_name": "鲲鹏关联科技有限公司", "relation": "配偶任职"}
EARLIER = ("鸾凤被评审单位有限公司", uscc(779))
FINDING = {"subject_kind": "单位", "name": "蜉蝣失信科技有限公司", "number": uscc(780), "source": "北京市科学技术委员会",
           "decision_no": "京科密〔2026〕7号", "measure": "取消申报资格", "start_on": "2025-01-01"}
APPLICANT = ("獬豸涉密高企有限公司", uscc(781))
SECRETS = (EXPERT["name"], EXPERT["id_number"], EXPERT["employer"], EXPERT["employer_uscc"],
           EXPERT["professional_title"], EXPERT["email"], *RELATED.values(), *EARLIER, FINDING["name"],
           FINDING["number"], FINDING["decision_no"], *APPLICANT)
SEALED_TABLES = {"experts": "id", "expert_relations": "id", "expert_reviews": "id", "integrity_records": "id"}


@pytest.fixture
def registers(station3: Station) -> Iterator[dict[str, Any]]:
    """station3 plus li (内部), and zhang's 秘密 register entries and 秘密 panel."""
    with station3.open("admin", ADMIN_PASS) as ws:
        ws.accounts.add("li", Role.OFFICER, LI_PASS)
    with station3.open("sec", SEC_PASS) as ws:
        ws.accounts.set_access("li", Level.INTERNAL, parse_modules("all") or frozenset())
    with station3.open() as ws:
        add_pool(ws, tech=6, finance=2)
        expert = ws.experts.add(EXPERT, classification=Level.SECRET).id
        ws.experts.add_relation(expert, RELATED)
        ws.experts.add_history(expert, EARLIER[1], None, EARLIER[0], TODAY - dt.timedelta(days=400))
        record = ws.integrity.add(FINDING, classification=Level.SECRET).id
        case = ws.cases.create("hnte", "涉密高企认定", {"enterprise": APPLICANT[0], "enterprise_uscc": APPLICANT[1]},
                              classification=Level.SECRET, secrecy_period="10年")
        for action in ("examine", "accept", "start_review", "expert_review"):
            ws.workflow.act(case.id, action)
        panel = ws.panels.draw(case.id, today=TODAY)
        public_member = next(m.expert_id for m in panel.members if m.expert_id != expert)
        ws.panels.score(case.id, public_member, HNTE_SCORES, opinion="同意", today=TODAY)
    yield {"station": station3, "expert": expert, "record": record, "case": case.id, "member": public_member}


def test_an_internal_officer_with_the_files_reads_no_secret_register_entry(registers: dict[str, Any]) -> None:
    station = registers["station"]
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    everything = dump(station.data_dir, key)
    assert [s for s in SECRETS if s in everything] == []
    # The rows are there, sealed, with what lists and counts need still readable.
    row = insider.sql(station.data_dir, key, "SELECT name, classification, category, sealed, token FROM experts "
                      "WHERE id = ?", params=(registers["expert"],))[0]
    assert row[0] == "" and row[1] == Level.SECRET and row[2] == "技术专家" and row[3] and row[4]
    row = insider.sql(station.data_dir, key, "SELECT name, number, measure, sealed FROM integrity_records "
                      "WHERE id = ?", params=(registers["record"],))[0]
    assert row[0] == "" and row[1] != FINDING["number"] and row[2] == FINDING["measure"] and row[3]


def test_his_own_keys_open_no_sealed_register_value(registers: dict[str, Any]) -> None:
    station = registers["station"]
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    mine = _own_keys(station.data_dir, "li", LI_PASS)
    assert sorted(mine) == [Level.INTERNAL]
    for table, ident in SEALED_TABLES.items():
        rows = insider.sql(station.data_dir, key, f"SELECT {ident}, sealed FROM {table} WHERE sealed IS NOT NULL")
        assert rows, table
        assert not any(_try_open(mine, table, i, s) for i, s in rows), table
    # The 公开 member's review of the 秘密 case: sealed at the case's level, his own row not.
    rows = insider.sql(station.data_dir, key, "SELECT level, sealed, applicant_number FROM expert_reviews "
                       "WHERE expert_id = ?", params=(registers["member"],))
    assert rows == [(Level.SECRET, rows[0][1], "")] and rows[0][1]
    assert insider.sql(station.data_dir, key, "SELECT sealed FROM experts WHERE id = ?",
                       params=(registers["member"],)) == [(None,)]


def test_his_review_of_a_secret_case_never_travels_in_a_public_experts_body(registers: dict[str, Any]) -> None:
    station = registers["station"]
    with station.open() as ws, ws.store.read() as s:  # zhang, 秘密: he can open every revision body
        from sqlalchemy import select

        from bjstc_desktop.store.sync_models import SyncRevision

        bodies = [r.body for r in s.execute(select(SyncRevision).where(SyncRevision.record_id == registers["member"],
                                                                       SyncRevision.classification == 0)).scalars()]
    assert bodies and not any(APPLICANT[1] in b or APPLICANT[0] in b for b in bodies)


def test_through_the_program_each_officer_finds_the_entries_his_keys_open(registers: dict[str, Any]) -> None:
    station = registers["station"]
    with Workstation.open(station.data_dir, "li", LI_PASS) as li:
        assert li.experts.list(text="饕餮") == [] and li.integrity.list(text="蜉蝣") == []
        with pytest.raises(NotFoundError):
            li.experts.show(EXPERT["id_number"])
        with pytest.raises(RefusedError):  # the same person twice, even unseen: found by his token
            li.experts.add({**EXPERT, "name": "同一人"}, classification=Level.INTERNAL)
        with pytest.raises(RefusedError):  # the same finding twice
            li.integrity.add(FINDING, classification=Level.INTERNAL)
    with station.open() as zhang:
        assert [e.id for e in zhang.experts.list(text="饕餮")] == [registers["expert"]]
        assert zhang.experts.show(EXPERT["id_number"]).expert.name == EXPERT["name"]
        assert [r.id for r in zhang.integrity.list(text="京科密")] == [registers["record"]]
        assert [r.id for r in zhang.integrity.list(text=FINDING["number"])] == [registers["record"]]
