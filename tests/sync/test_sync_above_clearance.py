"""Issue 11 must-hold 6 at sync: records above the importer's clearance are never
imported in clear, never dropped silently. An officer cleared for 内部 who imports a
package holding a 秘密 record is refused with the count and nothing changes; the
package stays importable by an officer cleared for it, whose import seals the record."""

from __future__ import annotations

from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.sync_import import AboveClearance
from bjstc_desktop.store.repositories.case_index import parties_of
from tests import insider
from tests.conftest import OFFICER_PASS
from tests.sync.conftest import CONTRACT, Office, dump, receive, send, usb


def test_a_package_above_the_importers_keys_waits_for_a_cleared_officer(pair: tuple[Office, Office],
                                                                         tmp_path: Path) -> None:
    a, b = pair
    with b.open("admin") as ws:
        ws.add_user("li", Role.OFFICER, OFFICER_PASS)
    with b.open("sec") as ws:
        ws.set_access("li", Level.INTERNAL, frozenset({"market"}))
    with a.open() as ws:
        case = ws.create_case("tech_contract", "鹦鹉螺号秘密合同", CONTRACT, classification=Level.SECRET,
                              secrecy_period="10年")
        f = tmp_path / "秘密附件.txt"
        f.write_text("魑魅魍魉附件正文", encoding="utf-8")
        att = ws.attach(case.id, f)
        ws.create_case("tech_contract", "蝾螈内部合同", CONTRACT, classification=Level.INTERNAL)
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
        assert ws.show_case(case.id).title == "鹦鹉螺号秘密合同"
        assert ws.read_attachment(case.id, att.id) == ("秘密附件.txt", "魑魅魍魉附件正文".encode())
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
