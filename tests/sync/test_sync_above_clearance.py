"""Issue 11 must-hold 6 at sync: records above the importer's clearance are never
imported in clear, never dropped silently. An officer cleared for 内部 who imports a
package holding a 秘密 record is refused with the count and nothing changes; the
package stays importable by an officer cleared for it, whose import seals the record."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.sync_import import AboveClearance
from bjstc_desktop.store.repositories.case_index import parties_of
from bjstc_desktop.store.sync_models import SyncRevision
from bjstc_desktop.sync.refusals import PackageRefused
from tests import insider
from tests.conftest import OFFICER_PASS
from tests.store.duty_seed import id_number, uscc
from tests.store.test_level_keys import dump as insider_dump
from tests.sync import forge
from tests.sync.conftest import (
    CONTRACT,
    Office,
    blob_files,
    dump,
    link,
    make_office,
    receive,
    send,
    usb,
)


def test_a_package_above_the_importers_keys_waits_for_a_cleared_officer(pair: tuple[Office, Office],
                                                                         tmp_path: Path) -> None:
    a, b = pair
    with b.open("admin") as ws:
        ws.accounts.add("li", Role.OFFICER, OFFICER_PASS)
    with b.open("sec") as ws:
        ws.accounts.set_access("li", Level.INTERNAL, frozenset({"market"}))
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "鹦鹉螺号秘密合同", CONTRACT, classification=Level.SECRET,
                              secrecy_period="10年")
        f = tmp_path / "秘密附件.txt"
        f.write_text("魑魅魍魉附件正文", encoding="utf-8")
        att = ws.attachments.add(case.id, f)
        ws.cases.create("tech_contract", "蝾螈内部合同", CONTRACT, classification=Level.INTERNAL)
    package = send(a, b, usb(tmp_path))
    before = dump(b)
    with pytest.raises(AboveClearance) as refused:
        receive(b, package, user="li")
    assert refused.value.records == 1
    assert "1 件高于您的密级的记录未导入" in refused.value.zh
    assert dump(b) == before  # nothing imported, the package not marked done
    report = receive(b, package)  # zhang, 秘密
    assert report.status == "imported" and report.new == 2
    with b.open() as ws:
        assert ws.cases.show(case.id).title == "鹦鹉螺号秘密合同"
        assert ws.attachments.read(case.id, att.id) == ("秘密附件.txt", "魑魅魍魉附件正文".encode())
        with ws.store.read() as s:  # the sealed party link travelled, and is no shared-register entry here
            links = [(p.role, o.uscc) for p, o in parties_of(s, [case.id])[case.id] if o is not None]
    assert links == [("卖方", CONTRACT["seller_uscc"])]
    with a.open() as ws, ws.store.read() as s:
        assert [(p.role, o.uscc) for p, o in parties_of(s, [case.id])[case.id] if o is not None] == links
    key = insider.data_key(b.data_dir, "li", OFFICER_PASS)
    bodies = insider.sql(b.data_dir, key, "SELECT body, sealed FROM sync_revisions WHERE record_id = ?",
                         params=(case.id,))
    assert bodies and all("鹦鹉螺" not in body and sealed for body, sealed in bodies)
    # The received content's key is sealed too: with the data key, neither copy opens.
    keys = insider.sql(b.data_dir, key, "SELECT blob_key, sealed, level FROM sync_blobs")
    assert keys and all(k == b"" and sealed and level == Level.SECRET for k, sealed, level in keys)
    rows = insider.sql(b.data_dir, key, "SELECT filename, blob_key FROM attachments WHERE case_id = ?",
                       params=(case.id,))
    assert rows == [("", b"")]


# ----- 机密: one level up ------------------------------------------------------------------------
TOP_TITLE = "饕餮号机密深潜器合同"
TOP_FILE = "魃魈机密附件正文"


def _confidential_case(office: Office, tmp_path: Path) -> tuple[str, str]:
    """A 机密 case with an attachment at `office` (its id and the attachment's)."""
    with office.open() as ws:
        case = ws.cases.create("tech_contract", TOP_TITLE, CONTRACT, classification=Level.CONFIDENTIAL,
                              secrecy_period="20年")
        f = tmp_path / "机密附件.txt"
        f.write_text(TOP_FILE, encoding="utf-8")
        return case.id, ws.attachments.add(case.id, f).id


def test_a_confidential_package_to_a_secret_workstation_is_refused_with_nothing_changed(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站", ceiling=Level.CONFIDENTIAL, clearance=Level.CONFIDENTIAL)
    b = make_office(tmp_path, "乙站")  # 秘密 at most
    link(a, b)
    case_id, _ = _confidential_case(a, tmp_path)
    honest = send(a, b, usb(tmp_path))  # the sender itself never sends it to a 秘密 peer
    receive(b, honest)
    with b.ws().store.read() as s:
        assert s.execute(select(SyncRevision.rev_id).where(SyncRevision.record_id == case_id)).first() is None
    assert forge.head_doc(a, case_id)["body"]["classification"] == Level.CONFIDENTIAL
    forged = forge.build(a, [b], usb(tmp_path),
                         revs=[d for d in forge.revision_docs(a) if d["body"].get("classification") == 3])
    before, files = dump(b), blob_files(b)
    with pytest.raises(PackageRefused) as refused:
        receive(b, forged)
    assert refused.value.reason == "above_ceiling" and refused.value.exit_code == 4
    assert dump(b) == before and blob_files(b) == files


def test_a_confidential_package_waits_for_a_confidential_officer(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站", ceiling=Level.CONFIDENTIAL, clearance=Level.CONFIDENTIAL)
    b = make_office(tmp_path, "乙站", ceiling=Level.CONFIDENTIAL, clearance=Level.CONFIDENTIAL)
    link(a, b)
    with b.open("admin") as ws:
        ws.accounts.add("li", Role.OFFICER, OFFICER_PASS)
    with b.open("sec") as ws:
        ws.accounts.set_access("li", Level.SECRET, frozenset({"market"}))
    case_id, att_id = _confidential_case(a, tmp_path)
    with a.open() as ws:
        ws.cases.create("tech_contract", "蛟龙秘密合同", CONTRACT, classification=Level.SECRET, secrecy_period="10年")
    package = send(a, b, usb(tmp_path))
    before, files = dump(b), blob_files(b)
    with pytest.raises(AboveClearance) as refused:
        receive(b, package, user="li")  # 秘密: the 机密 record holds the whole package back
    assert refused.value.records == 1
    assert dump(b) == before and blob_files(b) == files
    report = receive(b, package)  # zhang, 机密
    assert report.status == "imported" and report.new == 2
    with b.open() as ws:
        assert ws.cases.show(case_id).title == TOP_TITLE
        assert ws.attachments.read(case_id, att_id)[1] == TOP_FILE.encode()
    # Sealed at 机密 on arrival: li's data key and 秘密 key read none of it.
    key = insider.data_key(b.data_dir, "li", OFFICER_PASS)
    everything = insider_dump(b.data_dir, key)
    assert TOP_TITLE not in everything and TOP_FILE not in everything
    rows = insider.sql(b.data_dir, key, "SELECT classification, sealed FROM sync_revisions WHERE record_id = ?",
                       params=(case_id,))
    assert rows and all(level == Level.CONFIDENTIAL and sealed for level, sealed in rows)
    assert insider.sql(b.data_dir, key, "SELECT level FROM sync_blobs") == [(Level.CONFIDENTIAL,)]


# ----- the shared registers: a 秘密 expert and a 秘密 失信 record ---------------------------------
EXPERT = {"name": "饕餮秘密专家", "id_number": id_number(777), "employer": "魍魉涉密研究所", "disciplines": "520",
          "category": "技术专家"}
FINDING = {"subject_kind": "单位", "name": "蜉蝣失信科技有限公司", "number": uscc(780), "source": "北京市科学技术委员会",
           "decision_no": "京科密〔2026〕7号", "measure": "取消申报资格", "start_on": "2025-01-01"}


def test_secret_register_entries_wait_for_a_cleared_officer_and_arrive_sealed(pair: tuple[Office, Office],
                                                                             tmp_path: Path) -> None:
    a, b = pair
    with b.open("admin") as ws:
        ws.accounts.add("li", Role.OFFICER, OFFICER_PASS)
    with b.open("sec") as ws:
        ws.accounts.set_access("li", Level.INTERNAL, frozenset(MODULE_CODES))
    with a.open() as ws:
        expert = ws.experts.add(EXPERT, classification=Level.SECRET).id
        record = ws.integrity.add(FINDING, classification=Level.SECRET).id
    package = send(a, b, usb(tmp_path))
    before = dump(b)
    with pytest.raises(AboveClearance) as refused:
        receive(b, package, user="li")
    assert refused.value.records == 2
    assert dump(b) == before  # nothing imported, the package not marked done
    assert receive(b, package).status == "imported"  # zhang, 秘密
    with b.open() as ws:
        assert ws.experts.show(EXPERT["id_number"]).expert.name == EXPERT["name"]
        assert [r.id for r in ws.integrity.list(text="京科密")] == [record]
    key = insider.data_key(b.data_dir, "li", OFFICER_PASS)
    everything = insider_dump(b.data_dir, key)
    leaked = [v for v in (EXPERT["name"], EXPERT["id_number"], EXPERT["employer"], FINDING["name"],
                          FINDING["number"], FINDING["decision_no"]) if v in everything]
    assert leaked == []
    rows = insider.sql(b.data_dir, key, "SELECT record_id, sealed FROM sync_revisions WHERE record_id IN (?, ?)",
                       params=(expert, record))
    assert len(rows) == 2 and all(sealed for _, sealed in rows)
