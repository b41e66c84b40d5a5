"""Issuing a letter is a case change like any other: it makes a sync revision, so the
letter's timeline entry and its 发文字号 reach the other offices with the next package
(issue 15: the timeline said create + letter_issue while the only revision held create)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bjstc_desktop.store.sync_models import SyncRevision
from tests.sync.conftest import CONTRACT, Office, receive, send, usb

BODY = {"body": "经审核，该合同属于技术开发合同，予以登记。"}


def _revisions(office: Office, case_id: str) -> int:
    with office.ws().store.read() as s:
        return len(s.execute(select(SyncRevision.rev_id).where(SyncRevision.record_id == case_id)).all())


def test_an_issued_letter_travels_to_a_peer_with_its_number(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    case = a.ws().cases.create("tech_contract", "发文同步", CONTRACT)
    receive(b, send(a, b, usb(tmp_path) / "1"))
    assert [t.action for t in b.ws().cases.show(case.id).timeline] == ["create"]

    letter = a.ws().letters.issue(case.id, "notice", tmp_path / "n.pdf", values=BODY)
    assert _revisions(a, case.id) == 2  # the letter made its own revision, in its own transaction

    report = receive(b, send(a, b, usb(tmp_path) / "2"))
    assert report.status == "imported"
    seen = b.ws().cases.show(case.id)
    assert [t.action for t in seen.timeline] == ["create", "letter_issue"]
    assert [c.id for c in b.ws().cases.search(letter.number)] == [case.id]  # its 发文字号 is searchable there too
