"""Filing through the workstation: 档号 in order and without gaps, 保管期限 from the rule
table per case type and letter kind, a filed case refused on every write path, the
catalogue in Excel and PDF, and the electronic-records export with its SHA-256 manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store.models import AuditEvent
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, make_station
from tests.store.duty_seed import add_pool

CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"}
TODAY = dt.date.today()


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"), "wang": (Level.PUBLIC, "industry")})
    with Workstation.open(st.data_dir, "admin", ADMIN_PASS) as admin:
        admin.accounts.add("li", Role.APPROVER, "approver passphrase", Level.SECRET, frozenset({"market", "industry"}))
        admin.reference.set_rule("archive.fonds_no", "X001", "北京市档案馆核定（测试）")
    officer = st.open()
    approver = Workstation.open(st.data_dir, "li", "approver passphrase", wait_for_delay=False)
    yield st, officer, approver
    officer.close()
    approver.close()


_SERIAL = iter(range(10, 99))


def _registered_contract(officer, approver, tmp_path: Path, title: str = "冰雪装备技术开发合同") -> str:  # type: ignore[no-untyped-def]
    case = officer.cases.create("tech_contract", title, CONTRACT)
    officer.workflow.act(case.id, "review")
    officer.workflow.act(case.id, "register", "予以登记", {"contract_no": f"20261101001234{next(_SERIAL)}",
                                                 "registered_on": TODAY.isoformat()})
    officer.letters.issue(case.id, "tech_contract_certificate", tmp_path / f"{case.id}.pdf")
    return case.id


def _assert_refused(fn, *args, **kw) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RefusedError, match="已归档"):
        fn(*args, **kw)


def test_filing_numbers_items_and_makes_the_case_read_only(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, officer, approver = office
    case_id = _registered_contract(officer, approver, tmp_path)
    result = officer.archives.file(case_id)
    year = TODAY.year
    assert [(i.archive_no, i.retention, i.kind) for i in result.items] == [
        (f"X001-{year}-Y-0001", "永久", "tech_contract_certificate")]
    assert officer.cases.show(case_id).state == "归档" and officer.archives.is_filed(case_id)
    assert not [w for w in result.warnings if "全宗号" in w]
    # Every write path refuses, and changes nothing.
    _assert_refused(officer.cases.edit, case_id, title="改名")
    _assert_refused(officer.workflow.act, case_id, "review")
    attachment = tmp_path / "附件.txt"
    attachment.write_text("补充材料", encoding="utf-8")
    _assert_refused(officer.attachments.add, case_id, attachment)
    _assert_refused(officer.letters.issue, case_id, "tech_contract_certificate", tmp_path / "again.pdf")
    number = officer.letters.register(case_id)[0].number
    _assert_refused(officer.letters.void, number, "作废")
    _assert_refused(officer.archives.file, case_id)
    assert not (tmp_path / "again.pdf").exists()
    assert officer.cases.show(case_id).title == "冰雪装备技术开发合同"
    # The next case's 件 continue the series without a gap.
    second = _registered_contract(officer, approver, tmp_path, "第二份合同")
    assert officer.archives.file(second).items[0].archive_no == f"X001-{year}-Y-0002"


def test_retention_comes_from_the_rule_table_per_case_type_and_letter(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    st, officer, approver = office
    with Workstation.open(st.data_dir, "admin", ADMIN_PASS) as admin:
        key = admin.archives.set_retention("tech_contract", "tech_contract_certificate", "30年", "本委保管期限表第12条")
        assert key == "archive.retention.tech_contract.tech_contract_certificate"
        with pytest.raises(RefusedError):
            admin.archives.set_retention("tech_contract", "tech_contract_certificate", "20年", "x")
    with pytest.raises(PermissionDeniedError):
        officer.archives.set_retention("tech_contract", "tech_contract_certificate", "10年", "x")
    case_id = _registered_contract(officer, approver, tmp_path)
    item = officer.archives.file(case_id).items[0]
    assert (item.retention, item.archive_no) == ("30年", f"X001-{TODAY.year}-D30-0001")


def test_a_case_without_letters_is_filed_as_its_record_and_the_seeded_fonds_warns(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws")
    with st.open() as ws:
        case = ws.cases.create("tech_contract", "未发文的合同", CONTRACT)
        ws.workflow.act(case.id, "review")
        ws.workflow.act(case.id, "refuse", "不符合登记条件")
        result = ws.archives.file(case.id)
        assert [(i.kind, i.retention, i.archive_no) for i in result.items] == [
            ("case_record", "30年", f"0000-{TODAY.year}-D30-0001")]
        assert any("全宗号仍为初始值" in w for w in result.warnings)


def test_a_case_that_is_not_closed_cannot_be_filed(office) -> None:  # type: ignore[no-untyped-def]
    _, officer, _ = office
    case = officer.cases.create("tech_contract", "在办合同", CONTRACT)
    with pytest.raises(RefusedError, match="不能办理“归档”|尚未办结|不能归档"):
        officer.archives.file(case.id)


def test_catalogue_lists_prints_exports_and_obeys_visibility(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    st, officer, approver = office
    first = _registered_contract(officer, approver, tmp_path)
    officer.archives.file(first)
    entries = officer.archives.catalogue()
    assert [e.archive_no for e in entries] == [f"X001-{TODAY.year}-Y-0001"]
    assert entries[0].author == "北京市科学技术委员会" and entries[0].doc_no.startswith("京")
    xlsx = officer.archives.export_catalogue(tmp_path / "目录.xlsx")
    cells = [[c for c in row] for row in load_workbook(xlsx).active.iter_rows(values_only=True)]
    assert list(cells[3][:2]) == ["档号", "件号"] and cells[4][0] == f"X001-{TODAY.year}-Y-0001"
    pdf = officer.archives.print_catalogue(tmp_path / "目录.pdf")
    assert pdf.startswith(b"%PDF") and (tmp_path / "目录.pdf").read_bytes() == pdf
    with st.open("wang") as wang:  # industry scope: the market case's 件 are not his to see
        assert wang.archives.catalogue() == []
    register = officer.letters.register(first)
    assert register[0].archive_no == f"X001-{TODAY.year}-Y-0001" and register[0].retention == "永久"


def test_electronic_records_export_a_folder_per_item_with_a_sha256_manifest(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, officer, approver = office
    case_id = _registered_contract(officer, approver, tmp_path)
    officer.archives.file(case_id)
    out = tmp_path / "电子档案"
    result = officer.archives.export_records(out)
    number = f"X001-{TODAY.year}-Y-0001"
    folder = out / number
    assert result.items == 1 and {p.name for p in folder.iterdir()} == {"case.json", "manifest.json",
                                                                          f"{number}.pdf"}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for f in manifest["files"]:
        assert hashlib.sha256((folder / f["name"]).read_bytes()).hexdigest() == f["sha256"]
    letter = officer.letters.register(case_id)[0]
    assert hashlib.sha256((folder / f"{number}.pdf").read_bytes()).hexdigest() == letter.sha256
    data = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    assert data["归档章"]["archive_no"] == number and data["case"]["case_no"]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [i["archive_no"] for i in index["items"]] == [number]
    with pytest.raises(RefusedError, match="已存在"):
        officer.archives.export_records(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_filing_a_panel_case_freezes_its_panel(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.store.duty_seed import HNTE_SCORES, hnte_in_review

    _, officer, approver = office
    add_pool(officer, tech=5, finance=1)
    case_id = hnte_in_review(officer)
    panel = officer.panels.draw(case_id)
    for m in panel.members:
        officer.panels.score(case_id, m.expert_id, HNTE_SCORES)
    officer.workflow.act(case_id, "expert_done")
    officer.workflow.act(case_id, "submit_for_approval", "专家评审未通过")
    approver.workflow.act(case_id, "refuse", "不符合认定条件")
    officer.workflow.act(case_id, "deliver")
    officer.archives.file(case_id)
    with pytest.raises(RefusedError, match="已归档"):
        officer.panels.score(case_id, panel.members[0].expert_id, HNTE_SCORES)
    with pytest.raises(RefusedError, match="已归档"):
        officer.panels.withdraw(case_id, panel.members[0].expert_id, "补录", replace=False)


def test_search_finds_a_case_by_its_archive_number_and_the_summary_counts(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, officer, approver = office
    case_id = _registered_contract(officer, approver, tmp_path)
    before = officer.registers.summary()
    number = officer.archives.file(case_id).items[0].archive_no
    assert [c.id for c in officer.cases.search(number)] == [case_id]
    after = officer.registers.summary()
    assert (after.filed_this_year, before.filed_this_year) == (1, 0)
    assert officer.info()["registers"]["filed_this_year"] == 1


def test_an_output_whose_audit_event_cannot_be_written_is_never_published(office, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing leaves the workstation unaudited: with the store busy at the moment the
    audit event is written, the catalogue (Excel, PDF) and the electronic records are
    refused and nothing stands under their names, not even a staged file; once the store
    is free each is written, and its audit event names it. (They were written first and
    audited after: a busy store or a killed program left them on the stick unaudited.)"""
    from bjstc_desktop.store.engine import busy_error

    _, officer, approver = office
    officer.archives.file(_registered_contract(officer, approver, tmp_path))
    stick = tmp_path / "U盘"
    stick.mkdir()
    outputs = {"目录.xlsx": officer.archives.export_catalogue, "目录.pdf": officer.archives.print_catalogue,
               "电子档案": officer.archives.export_records}

    def busy(*_args: object, **_details: object) -> None:
        raise busy_error()

    monkeypatch.setattr(officer.archives.ctx, "_audit", busy)
    for name, write in outputs.items():
        with pytest.raises(type(busy_error())):
            write(stick / name)
    assert list(stick.iterdir()) == []
    monkeypatch.undo()
    for name, write in outputs.items():
        write(stick / name)
    assert sorted(p.name for p in stick.iterdir()) == sorted(outputs)
    with officer.store.read() as s:
        named = [json.loads(details) for (details,) in s.execute(
            select(AuditEvent.details).where(AuditEvent.action.in_(
                ["archive_catalogue_export", "archive_catalogue_print", "archive_records_export"])))]
    assert sorted(d.get("file") or d.get("folder") for d in named) == sorted(outputs)
