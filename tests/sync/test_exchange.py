"""Offices exchanging packages: incremental from what each acknowledged, full on
request, attachments once, what may not go held back (and sent later when it may),
acknowledgements riding back, a lost package's content going again, an older package
after a newer one, a relay through a third office."""

from __future__ import annotations

from pathlib import Path

from bjstc_desktop.core.classification import Level
from tests.sync.conftest import CONTRACT, Office, link, make_office, receive, send, trust, usb


def test_a_case_travels_whole_and_a_second_import_changes_nothing(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    attachment = tmp_path / "合同扫描件.pdf"
    attachment.write_bytes(b"%PDF-1.4 scanned contract" * 100)
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "北京某公司技术开发合同", CONTRACT)
        ws.cases.edit(case.id, fields={"tech_amount": "70万"})
        ws.workflow.act(case.id, ws.workflow.actions(case.id)[0].action, opinion="同意")
        ws.attachments.add(case.id, attachment)
        original = ws.cases.show(case.id)
    package = send(a, b, tmp_path / "usb")
    report = receive(b, package)
    assert (report.status, report.new, report.updated, report.conflicts) == ("imported", 1, 0, 0)
    assert report.by_module["market"]["new"] == 1
    with b.open() as ws:
        copy = ws.cases.show(case.id)
        assert (copy.case_no, copy.title, copy.state, copy.fields) == (
            original.case_no, original.title, original.state, original.fields)
        assert [(e.action, e.opinion) for e in copy.timeline] == [(e.action, e.opinion) for e in original.timeline]
        [att] = ws.attachments.list(case.id)
        assert ws.attachments.read(case.id, att.id) == ("合同扫描件.pdf", attachment.read_bytes())
        assert [c.id for c in ws.cases.search("某公司")] == [case.id]
    again = receive(b, package)
    assert again.status == "already_imported" and again.new == 0


def test_exports_are_incremental_from_what_the_peer_acknowledged(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        first = ws.cases.create("tech_contract", "第一件", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    echo = send(b, a, tmp_path / "usb")  # carries B's acknowledgement, and none of A's own revisions
    with b.open() as ws:
        assert ws.sync.outbox()[0]["acknowledged"] is False
    report = receive(a, echo)
    assert report.new == report.updated == 0
    with a.open() as ws:
        second = ws.cases.create("tech_contract", "第二件", CONTRACT)
        incremental = ws.sync.export_package([b.node_id], usb(tmp_path))
        full = ws.sync.export_package([b.node_id], usb(tmp_path), full=True)
        assert ws.sync.outbox()[-1]["acknowledged"] is True
    assert (incremental.records, full.records) == (1, 2)
    assert receive(b, Path(incremental.path)).new == 1
    full_report = receive(b, Path(full.path))
    assert full_report.new == full_report.updated == 0
    with b.open() as ws:
        assert {c.id for c in ws.cases.list()} == {first.id, second.id}


def test_attachment_content_travels_once(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    f = tmp_path / "a.bin"
    f.write_bytes(b"\x00\x01" * 50_000)
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "附件一次", CONTRACT)
        ws.attachments.add(case.id, f)
    with a.open() as ws:
        first = ws.sync.export_package([b.node_id], usb(tmp_path))
    receive(b, Path(first.path))
    receive(a, send(b, a, tmp_path / "usb"))  # the acknowledgement
    with a.open() as ws:
        ws.cases.edit(case.id, fields={"tech_amount": "75万"})
        second = ws.sync.export_package([b.node_id], usb(tmp_path))
    assert (first.attachments, second.attachments, second.revisions) == (1, 0, 1)
    assert second.size < first.size - 90_000
    receive(b, Path(second.path))
    with b.open() as ws:
        [att] = ws.attachments.list(case.id)
        assert ws.attachments.read(case.id, att.id)[1] == f.read_bytes()


def test_records_above_a_peers_ceiling_are_held_back_and_reported(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站")
    b = make_office(tmp_path, "乙站", ceiling=Level.INTERNAL, clearance=Level.INTERNAL)
    link(a, b)
    with a.open() as ws:
        ws.cases.create("tech_contract", "公开合同", CONTRACT)
        secret = ws.cases.create("tech_contract", "秘密合同", CONTRACT, classification=Level.SECRET, secrecy_period="10年")
        report = ws.sync.export_package([b.node_id], usb(tmp_path))
    assert (report.records, report.held_back) == (1, 1)
    assert report.held_back_detail[b.node_id] == {"ceiling": {"market": 1}}
    imported = receive(b, Path(report.path))
    assert (imported.new, imported.held_back, imported.by_module["market"]["held_back"]) == (1, 1, 1)
    with b.open() as ws:
        assert [c.title for c in ws.cases.list()] == ["公开合同"]
    receive(a, send(b, a, tmp_path / "usb"))  # B acknowledges
    with a.open() as ws:  # still held back next time: it waits, and is counted again
        again = ws.sync.export_package([b.node_id], usb(tmp_path))
    assert (again.records, again.held_back) == (0, 1)
    assert secret.id


def test_a_peers_module_scope_holds_back_and_releases_later(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    trust(a, b, modules=frozenset({"policy"}))
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "技术市场的案件", CONTRACT)
        held = ws.sync.export_package([b.node_id], usb(tmp_path))
    assert (held.records, held.held_back_detail[b.node_id]) == (0, {"scope": {"market": 1}})
    receive(b, Path(held.path))
    receive(a, send(b, a, tmp_path / "usb"))  # acknowledged: the basis moves past the held record
    trust(a, b)  # the administrator widens the scope
    with a.open() as ws:
        released = ws.sync.export_package([b.node_id], usb(tmp_path))
    assert (released.records, released.held_back) == (1, 0)
    assert receive(b, Path(released.path)).new == 1
    with b.open() as ws:
        assert ws.cases.show(case.id).title == "技术市场的案件"


def test_records_the_officer_may_not_see_wait_for_one_who_may(tmp_path: Path) -> None:
    from bjstc_desktop.core.roles import Role
    from tests.conftest import OFFICER_PASS

    a, b = make_office(tmp_path, "甲站"), make_office(tmp_path, "乙站")
    link(a, b)
    with a.open("admin") as ws:
        ws.accounts.add("li", Role.OFFICER, OFFICER_PASS)
    with a.open("sec") as ws:
        ws.accounts.set_access("li", Level.INTERNAL, frozenset({"policy"}))
    with a.open() as ws:
        ws.cases.create("tech_contract", "李看不到的", CONTRACT)
    by_li = send(a, b, tmp_path / "usb", user="li")
    assert receive(b, by_li).new == 0
    receive(a, send(b, a, tmp_path / "usb"))
    assert receive(b, send(a, b, tmp_path / "usb")).new == 1


def test_a_lost_package_is_noticed_and_its_content_goes_again(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        lost_case = ws.cases.create("tech_contract", "第一个包里的案件", CONTRACT)
    lost = send(a, b, tmp_path / "lost")  # never reaches B
    with a.open() as ws:
        ws.cases.create("tech_contract", "第二个包里的案件", CONTRACT)
    second = receive(b, send(a, b, tmp_path / "usb"))
    assert "gap" in second.warnings and second.new == 2  # package 2 carried package 1's content again
    with b.open() as ws:
        assert ws.cases.show(lost_case.id).title == "第一个包里的案件"
        b_ack = ws.sync.export_package([a.node_id], usb(tmp_path))
    receive(a, Path(b_ack.path))
    with a.open() as ws:
        assert [o["acknowledged"] for o in sorted(ws.sync.outbox(), key=lambda o: o["channel_seq"])] == [False, True]
    older = receive(b, lost)  # the lost medium turns up after all
    assert older.status == "imported" and "older" in older.warnings and older.new == older.updated == 0


def test_an_older_package_after_a_newer_one_rolls_nothing_back(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "旧标题", CONTRACT)
    old = send(a, b, tmp_path / "usb")
    with a.open() as ws:
        ws.cases.edit(case.id, title="新标题")
    new = send(a, b, tmp_path / "usb")
    assert receive(b, new).new == 1
    report = receive(b, old)
    assert "older" in report.warnings and report.updated == 0
    with b.open() as ws:
        assert ws.cases.show(case.id).title == "新标题"


def test_an_office_relays_what_it_received(tmp_path: Path) -> None:
    a, b, c = (make_office(tmp_path, n) for n in ("甲站", "乙站", "丙站"))
    link(a, b, c)
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "经乙转给丙", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    assert receive(c, send(b, c, tmp_path / "usb")).new == 1
    with c.open() as ws:
        assert ws.cases.show(case.id).title == "经乙转给丙"


def test_one_package_for_several_peers_opens_for_each(tmp_path: Path) -> None:
    a, b, c = (make_office(tmp_path, n) for n in ("甲站", "乙站", "丙站"))
    link(a, b, c)
    with a.open() as ws:
        ws.cases.create("tech_contract", "发给两个站", CONTRACT)
        report = ws.sync.export_package([b.node_id, c.node_id], usb(tmp_path))
    assert [r["channel_seq"] for r in report.recipients] == [1, 1]
    assert receive(b, Path(report.path)).new == 1
    assert receive(c, Path(report.path)).new == 1
