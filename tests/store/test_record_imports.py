"""The expert pool and 科研失信 records from Excel, through the same dry run and upsert
as cases: every row validated, nothing written when one fails, a re-import unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.ops.imports import ImportRefused
from tests.conftest import make_station
from tests.store.duty_seed import APPLICANT, id_number, uscc
from tests.store.xlsx_lists import write_xlsx

EXPERT_HEADERS = ("专家姓名", "身份证号码", "所在单位", "单位统一社会信用代码", "学科代码", "专家类型", "职称")
RECORD_HEADERS = ("类型", "名称", "证件号码", "认定单位", "决定文号", "处理措施", "开始日期", "结束日期", "适用范围")


def experts_sheet(path: Path, rows: list[list[object]]) -> Path:
    return write_xlsx(path, EXPERT_HEADERS, rows)


def test_experts_import_dry_run_then_upsert_then_unchanged(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with station.open() as ws:
        good = [["王伟", id_number(1), "清华大学", uscc(50), "520,510", "技术专家", "教授"],
                ["李娜", id_number(2), "某会计师事务所", None, "790", "财务专家", "注册会计师"]]
        path = experts_sheet(tmp_path / "专家.xlsx", good)
        dry = ws.imports.run(path, "experts", dry_run=True)
        assert (dry.new, dry.updated, dry.committed) == (2, 0, False) and ws.experts.count() == 0
        assert dry.mapping["身份证号码"] == "id_number" and dry.mapping["学科代码"] == "disciplines"
        done = ws.imports.run(path, "experts", source="市科委专家库")
        assert (done.new, done.committed) == (2, True) and ws.experts.count() == 2
        again = ws.imports.run(path, "experts", source="市科委专家库")
        assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
        changed = experts_sheet(tmp_path / "专家2.xlsx", [[*good[0][:6], "研究员"]])
        assert ws.imports.run(changed, "experts").updated == 1
        assert {e.name: e.professional_title for e in ws.experts.list()}["王伟"] == "研究员"


def test_a_bad_row_imports_nothing_and_names_the_row(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with station.open() as ws:
        rows = [["王伟", id_number(1), "清华大学", None, "520", "技术专家", "教授"],
                ["坏学科", id_number(3), "某所", None, "999", "技术专家", ""],
                ["坏身份证", "110105196001011234", "某所", None, "520", "技术专家", ""]]
        with pytest.raises(ImportRefused) as err:
            ws.imports.run(experts_sheet(tmp_path / "bad.xlsx", rows), "experts")
        assert sorted({p.row for p in err.value.report.problems}) == [3, 4]
        assert any("学科代码表中没有" in p.zh for p in err.value.report.problems)
        assert ws.experts.count() == 0


def test_integrity_records_import_and_hit(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [["单位", "北京高企科技有限公司", APPLICANT, "北京市科学技术委员会", "京科发〔2025〕1号", "取消申报资格",
             "2025-01-01", "2027-12-31", ""],
            ["个人", "王伟", id_number(7), "科技部", "国科监〔2025〕3号", "禁止担任评审专家", "2025-06-01", None,
             "programs,industry"]]
    path = write_xlsx(tmp_path / "失信.xlsx", RECORD_HEADERS, rows)
    with station.open() as ws:
        report = ws.imports.run(path, "integrity_records", classification=Level.INTERNAL)
        assert (report.new, report.problems) == (2, ())
        listed = {r.name: r for r in ws.integrity.list()}
        assert listed["王伟"].scope == ("programs", "industry") and listed["王伟"].classification == "内部"
        assert ws.imports.run(path, "integrity_records").unchanged == 2
        case = ws.cases.create("hnte", "申请", {"enterprise": "北京高企科技有限公司", "enterprise_uscc": APPLICANT})
        ws.workflow.act(case.id, "examine")
        assert {c.key: c.passed for c in ws.workflow.checks(case.id)}["integrity_blocking"] is False


def test_a_changed_integrity_record_is_updated_by_a_re_import(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # mypy found it: the update step passed the audit's row number as update_in's `row`.
    first = [["单位", "北京高企科技有限公司", APPLICANT, "北京市科学技术委员会", "京科发〔2025〕1号", "取消申报资格",
              "2025-01-01", "2027-12-31", ""]]
    changed = [[*first[0][:7], "2026-06-30", ""]]
    with station.open() as ws:
        ws.imports.run(write_xlsx(tmp_path / "失信.xlsx", RECORD_HEADERS, first), "integrity_records")
        report = ws.imports.run(write_xlsx(tmp_path / "失信2.xlsx", RECORD_HEADERS, changed), "integrity_records")
        assert (report.updated, report.committed) == (1, True)
        (record,) = ws.integrity.list()
        assert str(record.end_on) == "2026-06-30"


def test_a_record_scope_outside_the_officers_is_refused_per_row(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws", officers={"wang": (Level.SECRET, "market")})
    rows = [["单位", "甲", APPLICANT, "科技部", "国科监〔2025〕9号", "通报批评", "2025-01-01", None, "programs"]]
    with st.open("wang") as ws, pytest.raises(ImportRefused) as err:
        ws.imports.run(write_xlsx(tmp_path / "x.xlsx", RECORD_HEADERS, rows), "integrity_records")
    assert "业务范围" in err.value.report.problems[0].zh


def test_register_imports_write_their_new_rows_set_based_each_with_its_revision_and_audit_event(
        station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 point 2: an import of N new experts (or 科研失信 records) writes them with a
    bounded number of statements, not several per row; each still has its own first
    revision (the body its row reads back as) and its own audit event."""
    from sqlalchemy import event, func, select

    from bjstc_desktop.store import audit
    from bjstc_desktop.store.duty_models import Expert, IntegrityRecordRow
    from bjstc_desktop.store.models import AuditEvent
    from bjstc_desktop.store.sync_models import SyncRevision
    from bjstc_desktop.sync.registerbody import expert_body, integrity_body

    n = 60
    experts = experts_sheet(tmp_path / "专家.xlsx", [[f"专家{i}", id_number(i), "清华大学", None, "520", "技术专家", "教授"]
                                                   for i in range(n)])
    records = write_xlsx(tmp_path / "失信.xlsx", RECORD_HEADERS, [
        ["个人", f"某人{i}", id_number(500 + i), "科技部", f"国科监〔2025〕{i + 1}号", "禁止担任评审专家", "2025-06-01",
         None, ""] for i in range(n)])
    with station.open() as ws:
        for path, profile, model, action, body_of in ((experts, "experts", Expert, "expert_add", expert_body),
                                                      (records, "integrity_records", IntegrityRecordRow,
                                                       "integrity_add", lambda _s, r: integrity_body(r))):
            seen: list[str] = []

            def count(_conn, _cursor, statement, *_args, seen=seen) -> None:  # type: ignore[no-untyped-def]
                seen.append(statement)

            event.listen(ws.store.engine, "before_cursor_execute", count)
            try:
                assert ws.imports.run(path, profile).new == n
            finally:
                event.remove(ws.store.engine, "before_cursor_execute", count)
            writes = [q for q in seen if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
            assert len(writes) < 30, len(writes)  # per row it was an insert, an audit event, a revision and a head
            with ws.store.read() as s:
                rows = list(s.execute(select(model)).scalars())
                assert len(rows) == n
                bodies = {r.record_id: json.loads(r.body) for r in s.execute(select(SyncRevision).where(
                    SyncRevision.record_id.in_([row.id for row in rows]))).scalars()}
                assert bodies == {row.id: body_of(s, row) for row in rows}
                events = s.execute(select(AuditEvent.target_id).where(AuditEvent.action == action)).scalars()
                assert sorted(events) == sorted(row.id for row in rows)
                assert s.execute(select(func.count()).select_from(SyncRevision)
                                 .where(SyncRevision.record_id.in_([row.id for row in rows]))).scalar_one() == n
                assert audit.verify(s).ok
