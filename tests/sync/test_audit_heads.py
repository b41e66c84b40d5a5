"""Every package carries its sender's audit-chain head (seq, hash) inside the signed
package; each receiver keeps the heads it saw per peer, and a head that goes backwards
— a lower seq, or a seq seen before with another hash — is an audit-integrity warning
for the security administrator and the auditor, recorded in the audit trail (issue 11,
must-hold 4, the sync part)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.errors import PermissionDeniedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import audit
from bjstc_desktop.store.models import AuditEvent
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, receive, send, usb

AUDITOR_PASS = "auditor passphrase 1"


def _auditor(office: Office) -> None:
    with office.open("admin") as ws:
        ws.add_user("aud", Role.AUDITOR, AUDITOR_PASS)


def _aud(office: Office):  # type: ignore[no-untyped-def]
    if "aud" not in office.sessions:
        from bjstc_desktop.workstation import Workstation
        from tests.sync.conftest import _OPEN

        office.sessions["aud"] = Workstation.open(office.data_dir, "aud", AUDITOR_PASS, wait_for_delay=False)
        _OPEN.append(office)
    return office.sessions["aud"]


def test_a_package_carries_the_senders_head_and_the_receiver_keeps_it(pair: tuple[Office, Office],
                                                                       tmp_path: Path) -> None:
    a, b = pair
    _auditor(b)
    a.ws().create_case("tech_contract", "带着审计链头", CONTRACT)
    with a.ws("admin").store.read() as s:
        head_before_export = audit.head(s)
    report = receive(b, send(a, b, tmp_path / "usb"))
    assert report.warnings == []
    [kept] = _aud(b).peer_audit_heads()
    assert (kept.peer_node, kept.seq, kept.hash) == (a.node_id, *head_before_export)
    assert kept.backwards is False
    assert b.ws("sec").peer_audit_heads() == [kept]  # the security administrator sees them too
    with pytest.raises(PermissionDeniedError):
        b.ws().peer_audit_heads()


def _forged(a: Office, b: Office, root: Path, seq: int, sha: str) -> Path:
    return forge.build(a, [b], usb(root), audit_head={"seq": seq, "hash": sha})


def test_a_head_that_goes_back_is_an_audit_integrity_warning(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    _auditor(b)
    assert receive(b, _forged(a, b, tmp_path, 40, "aa" * 32)).warnings == []
    lower = receive(b, _forged(a, b, tmp_path, 12, "bb" * 32))  # the peer cut its trail and started again
    assert lower.status == "imported" and "audit_head_backwards" in lower.warnings
    rewritten = receive(b, _forged(a, b, tmp_path, 40, "cc" * 32))  # same seq, another chain
    assert "audit_head_backwards" in rewritten.warnings
    assert receive(b, _forged(a, b, tmp_path, 41, "dd" * 32)).warnings == []  # moving on is fine
    with b.ws("admin").store.read() as s:
        events = [json.loads(e.details) for e in s.execute(
            select(AuditEvent).where(AuditEvent.action == "sync_peer_audit_head_backwards")
            .order_by(AuditEvent.seq)).scalars()]
    assert [(e["peer"], e["seen_seq"], e["seq"]) for e in events] == [(a.node_id, 40, 12), (a.node_id, 40, 40)]
    assert events[1]["seen_hash"] == "aa" * 32 and events[1]["hash"] == "cc" * 32
    heads = _aud(b).peer_audit_heads()
    assert [(h.seq, h.hash, h.backwards) for h in heads] == [
        (40, "aa" * 32, False), (12, "bb" * 32, True), (40, "cc" * 32, True), (41, "dd" * 32, False)]


def test_a_package_without_a_head_is_malformed(pair: tuple[Office, Office], tmp_path: Path) -> None:
    from bjstc_desktop.sync.refusals import PackageRefused

    a, b = pair
    package_id = b"\x05" * 16
    doc = forge.manifest(a, [b], [], {}, package_id)
    doc.pop("audit_head", None)
    with pytest.raises(PackageRefused) as err:
        b.ws().sync_import(forge.build(a, [b], usb(tmp_path), manifest_doc=doc, package_id=package_id))
    assert err.value.reason == "malformed"
