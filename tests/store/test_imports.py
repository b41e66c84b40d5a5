"""Excel imports through the workstation: mapping, per-row validation, the dry-run
report, the idempotent upsert on natural keys, all or nothing, scope and ceiling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError, ValidationError
from bjstc_desktop.core.importprofiles import profile, suggest_mapping
from bjstc_desktop.ops import new_cases as new_cases_module
from bjstc_desktop.ops.imports import ImportCancelled, ImportRefused
from bjstc_desktop.store.models import AuditEvent, Case
from bjstc_desktop.store.sync_models import SyncRevision as Revision
from bjstc_desktop.workstation import Workstation
from tests.conftest import Station, make_station
from tests.store.xlsx_lists import (
    CONTRACT_HEADERS,
    GOOD_USCC,
    OTHER_USCC,
    contract_row,
    contracts,
    write_xlsx,
)


def _count(ws: Workstation, model: type, **where: object) -> int:
    with ws.store.read() as s:
        q = select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return s.execute(q).scalar_one()


def _actions(ws: Workstation) -> list[tuple[str, dict[str, object]]]:
    with ws.store.read() as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.details).order_by(AuditEvent.seq)).all()
    return [(a, json.loads(d)) for a, d in rows]


def test_mapping_is_suggested_from_the_field_labels() -> None:
    prof = profile("tech_contracts")
    mapping = suggest_mapping(prof, ["登记编号", "成交额（万元）", "卖方 统一社会信用代码", "合同名称", "备注", "*合同类型"])
    assert mapping == {"登记编号": "contract_no", "成交额（万元）": "contract_amount",
                       "卖方 统一社会信用代码": "seller_uscc", "合同名称": "project_name", "备注": "",
                       "*合同类型": "contract_type"}
    hnte = suggest_mapping(profile("hnte_applicants"), ["企业名称", "统一社会信用代码", "申报批次"])
    assert hnte == {"企业名称": "enterprise", "统一社会信用代码": "enterprise_uscc", "申报批次": "batch"}


def test_the_dry_run_names_each_bad_row_and_why_and_changes_nothing(station: Station, tmp_path: Path) -> None:
    rows = [
        contract_row("1101234567890123"),
        contract_row("1101234567890124", uscc=GOOD_USCC[:-1] + "X"),  # wrong check character
        contract_row("1101234567890125", tech=200),  # 技术交易额 above 成交额
        contract_row(""),  # no natural key
        contract_row("1101234567890123", name="重复"),  # the same 登记编号 as row 2
        ["12345", "短编号", "技术开发", "北京冰雪科技有限公司", GOOD_USCC, 150, 120, "2026-02-30", ""],
    ]
    path = write_xlsx(tmp_path / "list.xlsx", CONTRACT_HEADERS, rows)
    with station.open() as ws:
        audit_before = _count(ws, AuditEvent)
        report = ws.imports.run(path, "tech_contracts", dry_run=True)
        assert (report.rows, report.new, report.updated, report.unchanged) == (6, 1, 0, 0)
        by_row = {}
        for p in report.problems:
            by_row.setdefault(p.row, []).append(p)
        assert sorted(by_row) == [3, 4, 5, 6, 7]
        assert by_row[3][0].column == "卖方统一社会信用代码" and "校验位" in by_row[3][0].zh
        assert "技术交易额" in by_row[4][0].zh and by_row[4][0].en
        assert "自然键" in by_row[5][0].zh
        assert "第 2 行重复" in by_row[6][0].zh
        assert {p.column for p in by_row[7]} == {"登记编号", "签订日期"}  # every problem of the row
        assert _count(ws, Case) == 0 and _count(ws, AuditEvent) == audit_before


def test_import_upserts_on_the_natural_key_and_a_reimport_changes_nothing(station: Station, tmp_path: Path) -> None:
    first = contracts(tmp_path / "a.xlsx", "1101234567890123", "1101234567890124")
    with station.open() as ws:
        report = ws.imports.run(first, "tech_contracts", source="海淀区技术合同登记站")
        assert (report.committed, report.new, report.updated, report.unchanged) == (True, 2, 0, 0)
        [case] = [c for c in ws.cases.list(module="market")
                  if (ws.cases.show(c.id).fields or {}).get("contract_no") == "1101234567890123"]
        fields = ws.cases.show(case.id).fields or {}
        assert fields["contract_amount"] == 150_000_000  # 150 under a 万元 header, in fen
        assert fields["signed_on"] == "2026-03-01" and fields["seller_uscc"] == GOOD_USCC
        events = _actions(ws)
        creates = [d for a, d in events if a == "case_create"]
        assert len(creates) == 2 and all(d["via"] == "import" for d in creates)
        summary = [d for a, d in events if a == "import_xlsx"]
        assert len(summary) == 1 and summary[0]["new"] == 2 and len(summary[0]["sha256"]) == 64

        revisions, cases = _count(ws, Revision), _count(ws, Case)
        again = ws.imports.run(first, "tech_contracts", source="海淀区技术合同登记站")
        assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
        assert _count(ws, Case) == cases and _count(ws, Revision) == revisions
        assert not [a for a, _ in _actions(ws)[len(events):] if a.startswith("case_")]

        changed = write_xlsx(tmp_path / "b.xlsx", CONTRACT_HEADERS,
                             [contract_row("1101234567890123", tech=100), contract_row("1101234567890125")])
        third = ws.imports.run(changed, "tech_contracts")
        assert (third.new, third.updated, third.unchanged) == (1, 1, 0)
        assert ws.cases.show(case.id).fields["tech_amount"] == 100_000_000  # type: ignore[index]
        assert _count(ws, Case) == 3
        assert [d["changed"] for a, d in _actions(ws) if a == "case_edit"] == [["tech_amount"]]


def test_a_bad_row_imports_nothing(station: Station, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", CONTRACT_HEADERS,
                      [contract_row("1101234567890123"), contract_row("1101234567890124", tech=999)])
    with station.open() as ws:
        with pytest.raises(ImportRefused) as err:
            ws.imports.run(path, "tech_contracts")
        assert [p.row for p in err.value.report.problems] == [3]
        assert "未导入任何数据" in err.value.zh
        assert _count(ws, Case) == 0
        assert "import_xlsx" not in [a for a, _ in _actions(ws)]


def test_a_cancel_between_rows_rolls_everything_back(station: Station, tmp_path: Path) -> None:
    path = contracts(tmp_path / "list.xlsx", *(f"110123456789{n:04d}" for n in range(6)))
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) >= 4  # the read's last check, then two rows written, then cancel

    with station.open() as ws:
        with pytest.raises(ImportCancelled):
            ws.imports.run(path, "tech_contracts", cancelled=cancelled)
        assert len(calls) == 4
        assert _count(ws, Case) == 0 and _count(ws, Revision) == 0
        assert not [a for a, _ in _actions(ws) if a in ("case_create", "import_xlsx")]


def test_a_failure_half_way_rolls_everything_back(station: Station, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = contracts(tmp_path / "list.xlsx", "1101234567890123", "1101234567890124", "1101234567890125")
    made = []

    def flaky(*args, **kw):  # type: ignore[no-untyped-def]
        made.append(1)  # the three cases' rows and search documents are written by now
        raise OSError("disk full")

    monkeypatch.setattr(new_cases_module, "record_first_revisions", flaky)
    with station.open() as ws:
        with pytest.raises(OSError):
            ws.imports.run(path, "tech_contracts")
        assert len(made) == 1
        assert _count(ws, Case) == 0 and _count(ws, Revision) == 0


def test_scope_clearance_and_ceiling_are_respected(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws", ceiling=Level.SECRET, officers={
        "zhang": (Level.SECRET, "market"), "li": (Level.INTERNAL, "market"), "wu": (Level.SECRET, "industry")})
    path = contracts(tmp_path / "list.xlsx", "1101234567890123", "1101234567890124")
    with st.open("wu") as ws, pytest.raises(PermissionDeniedError):
        ws.imports.run(path, "tech_contracts", dry_run=True)
    with st.open("zhang") as ws:
        with pytest.raises(PermissionDeniedError):
            ws.imports.run(path, "tech_contracts", classification=Level.CONFIDENTIAL)  # above the ceiling
        ws.cases.create("tech_contract", "涉密合同", {
            "contract_no": "1101234567890124", "contract_type": "技术开发", "seller": "北京冰雪科技有限公司",
            "seller_uscc": GOOD_USCC, "contract_amount": "100万", "tech_amount": "80万"},
            classification=Level.SECRET, secrecy_period="10年")
    with st.open("li") as ws:
        with pytest.raises(PermissionDeniedError):
            ws.imports.run(path, "tech_contracts", classification=Level.SECRET)  # above li's clearance
        report = ws.imports.run(path, "tech_contracts", dry_run=True)
        [problem] = report.problems
        assert problem.row == 3 and "无权查看" in problem.zh  # never a second case with that 登记编号
        assert report.new == 1


def test_malformed_files_get_a_plain_refusal(station: Station, tmp_path: Path) -> None:
    text = tmp_path / "list.xlsx"
    text.write_text("登记编号,合同名称\n", encoding="utf-8")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64)
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(ole + b"\0" * 64)
    header_only = write_xlsx(tmp_path / "header.xlsx", CONTRACT_HEADERS, [])
    empty = write_xlsx(tmp_path / "empty.xlsx", [], [])
    expected = {text: "不是 Excel 工作簿", encrypted: "密码", legacy: ".xls", header_only: "没有数据行",
                empty: "没有表头", tmp_path / "missing.xlsx": "不存在"}
    with station.open() as ws:
        for path, words in expected.items():
            with pytest.raises(RefusedError) as err:
                ws.imports.run(path, "tech_contracts", dry_run=True)
            assert words in err.value.zh, (path.name, err.value.zh)
            assert err.value.en


def test_mappings_are_saved_per_source(station: Station, tmp_path: Path) -> None:
    headers = ("合同登记号", "合同名称", "合同类型", "卖方", "卖方统一社会信用代码", "成交额", "技术交易额")
    path = write_xlsx(tmp_path / "list.xlsx", headers,
                      [["1101234567890123", "合同", "技术开发", "北京冰雪科技有限公司", GOOD_USCC, "150万", "120万"]])
    with station.open() as ws:
        with pytest.raises(ValidationError) as err:  # 合同登记号 is not recognised: no natural key
            ws.imports.run(path, "tech_contracts", dry_run=True)
        assert "自然键" in err.value.zh
        report = ws.imports.run(path, "tech_contracts", source="朝阳区登记站",
                                mapping={"合同登记号": "contract_no", "合同名称": ""})
        assert report.new == 1 and "合同名称" not in report.mapping
        assert ws.imports.sources("tech_contracts") == ["朝阳区登记站"]
        saved = ws.imports.preview(path, "tech_contracts", source="朝阳区登记站")
        assert saved.saved and saved.mapping["合同登记号"] == "contract_no"
        assert saved.mapping["合同名称"] == ""  # set aside by the officer, although its label matches
        other = ws.imports.preview(path, "tech_contracts", source="海淀区登记站")
        assert not other.saved and other.mapping["合同登记号"] == ""
        again = ws.imports.run(path, "tech_contracts", source="朝阳区登记站")  # the saved mapping is used
        assert again.unchanged == 1
        with pytest.raises(ValidationError):
            ws.imports.save_mapping("tech_contracts", "朝阳区登记站", {"合同登记号": "contract_no", "卖方": "contract_no"})
        assert [a for a, _ in _actions(ws)].count("import_mapping_save") == 1


def test_hnte_applicants_are_keyed_on_uscc_and_batch(station: Station, tmp_path: Path) -> None:
    headers = ("企业名称", "统一社会信用代码", "申报批次", "技术领域")
    rows = [["北京高企科技有限公司", GOOD_USCC, "2026年第一批", "电子信息"],
            ["北京高企科技有限公司", GOOD_USCC, "2026年第二批", "电子信息"],
            ["北京另一科技有限公司", OTHER_USCC, "2026年第一批", "新材料"],
            ["北京另一科技有限公司", OTHER_USCC, "2026年第一批", "新材料"]]
    path = write_xlsx(tmp_path / "hnte.xlsx", headers, rows)
    with station.open() as ws:
        dry = ws.imports.run(path, "hnte_applicants", dry_run=True)
        assert dry.new == 3 and [p.row for p in dry.problems] == [5]
        fixed = write_xlsx(tmp_path / "hnte2.xlsx", headers, rows[:3])
        assert ws.imports.run(fixed, "hnte_applicants").new == 3
        titles = sorted(c.title for c in ws.cases.list(module="industry"))
        assert titles[0] == "北京另一科技有限公司高新技术企业认定申请"
        assert ws.imports.run(fixed, "hnte_applicants").unchanged == 3


def test_survey_respondents_fill_the_rows_of_one_survey(station: Station, tmp_path: Path) -> None:
    headers = ("单位名称", "统一社会信用代码", "状态", "R&D经费内部支出（万元）")
    path = write_xlsx(tmp_path / "r.xlsx", headers, [["北京甲公司", GOOD_USCC, "未报", 10],
                                                      ["北京乙公司", OTHER_USCC, "已报", 20]])
    with station.open() as ws:
        survey = ws.cases.create("stat_survey", "2026年R&D统计调查", {"survey_system": "科技统计报表制度"})
        with pytest.raises(ValidationError):
            ws.imports.run(path, "survey_respondents")  # which survey?
        report = ws.imports.run(path, "survey_respondents", target_case=survey.case_no)
        assert (report.new, report.updated) == (2, 0)
        rows = ws.cases.show(survey.id).fields["respondents"]  # type: ignore[index]
        assert rows[1] == {"org": "北京乙公司", "uscc": OTHER_USCC, "status": "已报", "rd_internal": 20_000_000}
        update = write_xlsx(tmp_path / "r2.xlsx", headers, [["北京甲公司", GOOD_USCC, "通过", 10]])
        second = ws.imports.run(update, "survey_respondents", target_case=survey.id)
        assert (second.new, second.updated, second.unchanged) == (0, 1, 0)
        rows = ws.cases.show(survey.id).fields["respondents"]  # type: ignore[index]
        assert [r["status"] for r in rows] == ["通过", "已报"]
        assert ws.imports.run(update, "survey_respondents", target_case=survey.id).unchanged == 1
