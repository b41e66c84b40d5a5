"""Every package carries its sender's audit-chain head (seq, hash) and its newest
auditor-signed checkpoint inside the signed package; each receiver keeps what it saw per
peer, and a head that goes backwards — a lower seq, or a seq seen before with another
hash — a checkpoint put back, or one its peer's auditor did not sign, is an
audit-integrity warning for the security administrator and the auditor, recorded in the
audit trail (issue 11, must-hold 4, the sync part). Written as the peer's insider who
holds its data key and node key, but not its auditor's key."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.errors import PermissionDeniedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import audit, rolekeys
from bjstc_desktop.store.checkpoint import Checkpoint, make_checkpoint
from bjstc_desktop.store.models import AuditEvent
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, dump, receive, send, usb

AUDITOR_PASS = "auditor passphrase 1"


def _auditor(office: Office) -> None:
    with office.open("admin") as ws:
        ws.accounts.add("aud", Role.AUDITOR, AUDITOR_PASS, recovery_code=office.recovery_code)


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
    a.ws().cases.create("tech_contract", "带着审计链头", CONTRACT)
    with a.ws("admin").store.read() as s:
        head_before_export = audit.head(s)
    report = receive(b, send(a, b, tmp_path / "usb"))
    assert report.warnings == []
    [kept] = _aud(b).peers.audit_heads()
    assert (kept.peer_node, kept.seq, kept.hash) == (a.node_id, *head_before_export)
    assert kept.backwards is False
    assert b.ws("sec").peers.audit_heads() == [kept]  # the security administrator sees them too
    with pytest.raises(PermissionDeniedError):
        b.ws().peers.audit_heads()


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
    heads = _aud(b).peers.audit_heads()
    assert [(h.seq, h.hash, h.backwards) for h in heads] == [
        (40, "aa" * 32, False), (12, "bb" * 32, True), (40, "cc" * 32, True), (41, "dd" * 32, False)]


def test_a_package_without_a_head_is_malformed(pair: tuple[Office, Office], tmp_path: Path) -> None:
    from bjstc_desktop.sync.refusals import PackageRefused

    a, b = pair
    package_id = b"\x05" * 16
    doc = forge.manifest(a, [b], [], {}, package_id)
    doc.pop("audit_head", None)
    with pytest.raises(PackageRefused) as err:
        b.ws().sync.import_package(forge.build(a, [b], usb(tmp_path), manifest_doc=doc, package_id=package_id))
    assert err.value.reason == "malformed"


# --- the auditor's signed checkpoint travels with the head ------------------------------

def _checkpoint(office: Office) -> dict:
    cp = forge.audit_checkpoint(office)
    assert cp is not None
    return cp


def _with_checkpoint(a: Office, b: Office, root: Path, checkpoint: dict | None, head: dict | None = None) -> Path:
    return forge.build(a, [b], usb(root), audit_head=head or forge.audit_head(a), audit_checkpoint=checkpoint)


def _events(office: Office, action: str) -> list[dict]:
    with office.ws("admin").store.read() as s:
        return [json.loads(e.details) for e in s.execute(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).scalars()]


def test_a_package_carries_the_senders_auditor_checkpoint(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    _auditor(b)
    report = receive(b, send(a, b, tmp_path / "usb"))
    assert report.warnings == []
    [kept] = _aud(b).peers.audit_heads()
    assert (kept.checkpoint_n, kept.problem) == (Checkpoint.from_json(_checkpoint(a)).n, None)


def test_a_checkpoint_put_back_or_removed_is_an_audit_integrity_warning(pair: tuple[Office, Office],
                                                                        tmp_path: Path) -> None:
    a, b = pair
    _auditor(a)
    old = _checkpoint(a)
    assert _aud(a).admin.verify_audit().ok  # the auditor signs checkpoint n + 1
    new = _checkpoint(a)
    assert new["n"] == old["n"] + 1
    assert receive(b, send(a, b, tmp_path / "usb")).warnings == []
    # The insider cuts events after the old checkpoint and puts the old one back; his
    # live head is one he makes up to lie past the new checkpoint's seq.
    rolled = receive(b, _with_checkpoint(a, b, tmp_path, old, {"seq": new["seq"] + 50, "hash": "ee" * 32}))
    assert rolled.status == "imported" and rolled.warnings == ["audit_checkpoint_backwards"]
    gone = receive(b, _with_checkpoint(a, b, tmp_path, None, {"seq": new["seq"] + 60, "hash": "ef" * 32}))
    assert gone.warnings == ["audit_checkpoint_backwards"]
    events = _events(b, "sync_peer_audit_checkpoint_backwards")
    assert [(e["peer"], e["checkpoint"], e["seen_checkpoint"]) for e in events] == [
        (a.node_id, old["n"], new["n"]), (a.node_id, None, new["n"])]
    _auditor(b)
    assert [h.problem for h in _aud(b).peers.audit_heads()] == [None, "checkpoint_backwards", "checkpoint_backwards"]


def _resigned(cp: dict, key: bytes, **facts: str) -> dict:
    old = Checkpoint.from_json(cp)
    assert old is not None
    return make_checkpoint(key, old.node_id, old.n, (old.seq, old.hash), old.at,
                           dataclasses.replace(old.facts, **facts)).to_json()


def _forgeries(a: Office, b: Office) -> dict[str, dict]:
    cp = _checkpoint(a)
    mine = rolekeys.new_role_key()  # the insider makes himself an auditor key
    return {
        "the head moved on without the auditor's signature": {**cp, "seq": cp["seq"] + 1},
        "signed with a key of the insider's own": _resigned(cp, mine, auditor_public=rolekeys.public_key(mine).hex()),
        "another workstation's checkpoint": _checkpoint(b),
        "another fingerprint (a raised ceiling)": _resigned(cp, mine, auditor_public=rolekeys.public_key(mine).hex(),
                                                            fingerprint="00" * 32),
    }


@pytest.mark.parametrize("forgery", ["the head moved on without the auditor's signature",
                                     "signed with a key of the insider's own", "another workstation's checkpoint",
                                     "another fingerprint (a raised ceiling)"])
def test_a_checkpoint_the_peers_auditor_did_not_sign_is_an_audit_integrity_warning(
        pair: tuple[Office, Office], tmp_path: Path, forgery: str) -> None:
    a, b = pair
    assert receive(b, send(a, b, tmp_path / "usb")).warnings == []  # the auditor's key is seen first
    report = receive(b, _with_checkpoint(a, b, tmp_path, _forgeries(a, b)[forgery]))
    assert report.status == "imported" and report.warnings == ["audit_checkpoint_forged"]
    [event] = _events(b, "sync_peer_audit_checkpoint_forged")
    assert event["peer"] == a.node_id
    # The forged one never becomes the reference: the genuine checkpoint still imports clean.
    assert receive(b, _with_checkpoint(a, b, tmp_path, _checkpoint(a))).warnings == []


def test_a_live_head_behind_the_auditors_checkpoint_goes_backwards(pair: tuple[Office, Office],
                                                                    tmp_path: Path) -> None:
    a, b = pair
    cp = _checkpoint(a)
    report = receive(b, _with_checkpoint(a, b, tmp_path, cp, {"seq": cp["seq"] - 1, "hash": "ab" * 32}))
    assert report.warnings == ["audit_head_backwards"]
    same_seq = receive(b, _with_checkpoint(a, b, tmp_path, cp, {"seq": cp["seq"], "hash": "ac" * 32}))
    assert same_seq.warnings == ["audit_head_backwards"]


@pytest.mark.parametrize("bad", [{"n": "1"}, {"extra": 1}, {"signature": "zz"}, "a string"])
def test_a_malformed_checkpoint_refuses_the_package(pair: tuple[Office, Office], tmp_path: Path, bad) -> None:  # type: ignore[no-untyped-def]
    from bjstc_desktop.sync.refusals import PackageRefused

    a, b = pair
    checkpoint = bad if isinstance(bad, str) else {**_checkpoint(a), **bad}
    before = dump(b)
    with pytest.raises(PackageRefused) as err:
        b.ws().sync.import_package(_with_checkpoint(a, b, tmp_path, checkpoint))
    assert (err.value.reason, err.value.exit_code) == ("malformed", 4)
    assert dump(b) == before


def test_the_command_line_shows_the_kept_heads_and_exits_4_on_a_suspect_one(
        pair: tuple[Office, Office], tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.sync.test_cli_sync import Run

    a, b = pair
    receive(b, send(a, b, tmp_path / "usb"))
    b.close()
    run = Run(capsys, monkeypatch)
    rc, out, _ = run(b, "sync", "audit-heads", user="sec")
    assert rc == 0 and a.node_id in out and "正常" in out
    rc, _, err = run(b, "sync", "audit-heads")  # not an officer's to read
    assert rc == 1 and "安全审计员" in err
    receive(b, _forged(a, b, tmp_path, 1, "bb" * 32))
    b.close()
    rc, out, err = run(b, "sync", "audit-heads", "--peer", a.node_id, user="sec")
    assert rc == 4 and "审计链头倒退" in out and "审计完整性警告" in out + err
    rc, out, _ = run(b, "sync", "audit-heads", "--json", user="sec")
    assert rc == 4 and [h["problem"] for h in json.loads(out)] == [None, "head_backwards"]
