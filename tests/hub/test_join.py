"""Issue 19 point 6.2: `bjstc hub join` moves a standalone workstation into the hub: its
cases, letters, attachments and revision history (so its old peers' later packages merge
at the hub), its officers matched to the hub's accounts, its identity kept as the author
of its revisions; all or nothing; afterwards the workstation refuses to unlock, and
neither it nor a copy of it can fork silently (point 6.4: tested as the attacker)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.sync_import import SyncImportOps
from bjstc_desktop.ops.sync_join import SyncJoinOps
from tests.conftest import OFFICER_PASS
from tests.hub.nodes import Cli, office_on
from tests.sync.conftest import (
    CONTRACT,
    SEC_PASS,
    Office,
    blob_files,
    dump,
    link,
    receive,
    send,
    trust,
)

BODY = {"body": "经审核，该合同属于技术开发合同，予以登记。"}


@pytest.fixture
def offices(tmp_path: Path) -> tuple[Office, Office, Office]:
    """The hub; a standalone workstation with a 秘密 case (an attachment, an act, a
    letter) and a 公开 one; its old peer, which holds the first case."""
    hub = office_on("hub", tmp_path, "处集中库")
    ws = office_on("embedded", tmp_path, "一号机")
    peer = office_on("embedded", tmp_path, "兄弟站")
    link(ws, peer)
    scan = tmp_path / "合同扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 joined scan " * 200)
    with ws.open() as w:
        case = w.cases.create("tech_contract", "一号机的秘密合同", CONTRACT, classification=Level.SECRET,
                              secrecy_period="10年")
        w.attachments.add(case.id, scan)
        w.workflow.act(case.id, w.workflow.actions(case.id)[0].action, opinion="同意")
        w.letters.issue(case.id, "notice", tmp_path / "n.pdf", values=BODY)
        w.cases.create("tech_contract", "一号机的公开合同", CONTRACT)
    receive(peer, send(ws, peer, tmp_path / "usb"))
    for o in (hub, ws, peer):
        o.close()
    return hub, ws, peer


def _join(cli: Cli, hub: Office, ws: Office, user: str = "sec", from_user: str = "sec",
          fingerprint: str | None = None) -> tuple[int, str, str]:
    """`hub join` as the two security administrators type it; the fingerprint the one
    of `ws` (what its `bjstc info` shows) unless another is given."""
    cli.monkeypatch.setenv("BJSTC_JOIN_PASSPHRASE", SEC_PASS if from_user == "sec" else OFFICER_PASS)
    return cli(hub, "hub", "join", str(ws.data_dir), "--from-user", from_user, "--fingerprint",
               fingerprint or ws.fingerprint, "--json", user=user)


def test_a_workstation_joins_the_hub_whole_and_its_old_peer_syncs_on_with_the_hub(
        offices: tuple[Office, Office, Office], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    hub, ws, peer = offices
    with ws.open() as w:
        before = {c.id: w.cases.show(c.id) for c in w.cases.list()}
        [secret] = [c for c in before.values() if c.title == "一号机的秘密合同"]
        [att] = w.attachments.list(secret.id)
        content = w.attachments.read(secret.id, att.id)
    ws.close()
    cli = Cli(capsys, monkeypatch)
    rc, out, err = _join(cli, hub, ws)
    assert rc == 0, err
    done = json.loads(out)
    assert (done["node_id"], done["new"], done["accounts"], done["peers"]) == (ws.node_id, 2, ["zhang"], ["兄弟站"])
    with hub.open() as h:  # the cases as they were: ids, numbers, fields, history, letter, attachment
        for cid, was in before.items():
            now = h.cases.show(cid)
            assert (now.case_no, now.title, now.classification, now.state, now.fields) == (
                was.case_no, was.title, was.classification, was.state, was.fields)
            assert [(e.action, e.opinion) for e in now.timeline] == [(e.action, e.opinion) for e in was.timeline]
        [moved] = h.attachments.list(secret.id)
        assert h.attachments.read(secret.id, moved.id) == content
        assert "letter_issue" in [e.action for e in h.cases.show(secret.id).timeline]
    peers = {p["node_id"]: p for p in cli.json(hub, "peer", "list")}
    assert peers[ws.node_id]["status"] == "revoked" and peers[peer.node_id]["status"] == "trusted"
    # The workstation says it was joined, to everyone, and changes nothing.
    for user in ("zhang", "sec", "admin"):
        rc, _, err = cli(ws, "info", user=user)
        assert rc == 1 and "并入集中库" in err and "处集中库" in err
    rc, _, err = cli(ws, "--lang", "en", "case", "list")
    assert rc == 1 and "joined to the hub" in err

    # Its old peer trusts the hub and goes on: its edit of the moved case merges at the hub.
    trust(peer, hub)
    with peer.open() as p:
        p.cases.edit(secret.id, fields={"signed_on": "2026-04-01"})
    got = receive(hub, send(peer, hub, tmp_path / "usb2"))
    assert (got.updated, got.conflicts, got.held_back) == (1, 0, 0)
    assert hub.ws().cases.show(secret.id).fields["signed_on"] == "2026-04-01"


def test_a_copy_of_the_joined_workstation_cannot_fork_silently(
        offices: tuple[Office, Office, Office], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The attacker kept a copy of the workstation's folder from before the join, with
    an officer's passphrase: his packages to the hub are refused; his edits forwarded by
    the old peer (which still trusts the workstation) are held back at the hub."""
    hub, ws, peer = offices
    copy = replace(ws, data_dir=tmp_path / "copy", sessions={})
    shutil.copytree(ws.data_dir, copy.data_dir)
    captured = tmp_path / "captured.bjsync"
    export = SyncJoinOps.export_for_join

    def keep_a_copy(self: SyncJoinOps, hub_node: str, out: Path) -> Path:  # someone copies the join's package
        path = export(self, hub_node, out)
        shutil.copyfile(path, captured)
        return path

    monkeypatch.setattr(SyncJoinOps, "export_for_join", keep_a_copy)
    cli = Cli(capsys, monkeypatch)
    assert _join(cli, hub, ws)[0] == 0
    monkeypatch.setattr(SyncJoinOps, "export_for_join", export)
    rc, _, err = cli(hub, "sync", "import", str(captured))  # the join's package replayed: its sender is revoked
    assert rc == 4 and "撤销" in err
    [case_id] = [c.id for c in hub.ws().cases.list() if c.title == "一号机的公开合同"]
    hub.close()
    with copy.open() as c:
        c.cases.edit(case_id, title="分叉的修改")
    with copy.open("sec") as c:
        c.peers.trust(hub.card(), hub.fingerprint)
    direct = send(copy, hub, tmp_path / "usb-direct")
    rc, _, err = cli(hub, "sync", "import", str(direct))
    assert rc == 4 and "撤销" in err
    receive(peer, send(copy, peer, tmp_path / "usb-fork"))
    trust(peer, hub)
    got = receive(hub, send(peer, hub, tmp_path / "usb-fwd"))
    assert got.held_back >= 1 and got.held_back_reasons.get("revoked_author", 0) >= 1
    assert hub.ws().cases.show(case_id).title == "一号机的公开合同"
    # The join itself cannot be run again.
    hub.close()
    rc, _, err = _join(cli, hub, ws)
    assert rc == 1 and "并入集中库" in err


def test_a_refused_join_changes_nothing_on_either_side(
        offices: tuple[Office, Office, Office], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    hub, ws, _ = offices
    cli = Cli(capsys, monkeypatch)

    def unchanged(*attempt: str, user: str = "sec", from_user: str = "sec", says: str = "") -> None:
        hub_before, ws_before, files = dump(hub), dump(ws), blob_files(hub)
        hub.close()
        ws.close()
        rc, _, err = _join(cli, hub, ws, user=user, from_user=from_user)
        assert rc == 1 and says in err, err
        assert dump(hub) == hub_before and dump(ws) == ws_before and blob_files(hub) == files
        hub.close()
        ws.close()

    # A look-alike folder (same name, same accounts, keys of its own) brought for the real one.
    fake = office_on("embedded", tmp_path / "elsewhere", "一号机")
    fake_before, hub_before = dump(fake), dump(hub)
    for o in (fake, hub):
        o.close()
    rc, _, err = _join(cli, hub, fake, fingerprint=ws.fingerprint)
    assert rc == 1 and "指纹不符" in err
    assert dump(fake) == fake_before and dump(hub) == hub_before
    hub.close()
    unchanged(user="zhang", says="安全保密管理员")  # an officer of the hub
    unchanged(user="admin", says="安全保密管理员")  # the hub's system administrator
    unchanged(from_user="zhang", says="安全保密管理员")  # the workstation's officer, not its security administrator
    # A failure in the middle of the hub's import: the hub's new trust and the workstation's are undone too.
    original = SyncImportOps._merge_touched

    def disk_gone(*args: object, **kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SyncImportOps, "_merge_touched", disk_gone)
    unchanged(says="数据未被更改")
    monkeypatch.setattr(SyncImportOps, "_merge_touched", original)
    # An officer of the workstation the hub has no account for (a locked one too: still his office's).
    with ws.open("admin") as w:
        w.accounts.add("wang", Role.OFFICER, OFFICER_PASS)
        w.accounts.set_active("wang", False)
    unchanged(says="wang")
    with ws.open() as w:  # still a working workstation
        assert len(w.cases.list()) == 2


def test_nothing_above_the_hubs_ceiling_enters(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    hub = office_on("hub", tmp_path, "内部集中库", ceiling=Level.INTERNAL)
    ws = office_on("embedded", tmp_path, "秘密工作站")
    with ws.open() as w:
        w.cases.create("tech_contract", "秘密合同", CONTRACT, classification=Level.SECRET, secrecy_period="10年")
        w.cases.create("tech_contract", "公开合同", CONTRACT)
    hub_before, ws_before = dump(hub), dump(ws)
    for o in (hub, ws):
        o.close()
    cli = Cli(capsys, monkeypatch)
    for lang, says in (("zh", "1 件记录的密级高于集中库的最高密级（内部）"), ("en", "1 records classified above the hub's ceiling")):
        monkeypatch.setenv("BJSTC_LANG", lang)
        rc, _, err = _join(cli, hub, ws)
        assert rc == 1 and says in err
    assert dump(hub) == hub_before and dump(ws) == ws_before


def test_a_workstation_the_hub_trusts_for_less_than_it_holds_is_refused_whole_then_joins(
        offices: tuple[Office, Office, Office], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub and the workstation exchanged packages before, the hub trusting it for
    公开 only: the join's import meets its 秘密 case, and the whole join is refused (the
    refusal inside the import's transaction); trusted for its all, it joins, the case
    the hub already had merging."""
    hub, ws, _ = offices
    trust(hub, ws, ceiling=Level.PUBLIC)
    trust(ws, hub)
    receive(hub, send(ws, hub, tmp_path / "usb-before"))
    assert len(hub.ws().cases.list()) == 1  # the 公开 one; the 秘密 one was held back for the hub
    hub_before, ws_before = dump(hub), dump(ws)
    for o in (hub, ws):
        o.close()
    cli = Cli(capsys, monkeypatch)
    rc, _, err = _join(cli, hub, ws)
    assert rc == 1 and "不在集中库对此工作站的信任范围内" in err
    assert dump(hub) == hub_before and dump(ws) == ws_before
    trust(hub, ws)
    hub.close()
    monkeypatch.setenv("BJSTC_JOIN_PASSPHRASE", SEC_PASS)
    rc, out, err = cli(hub, "hub", "join", str(ws.data_dir), "--from-user", "sec", "--fingerprint", ws.fingerprint,
                       user="sec")
    assert rc == 0, err
    assert "工作站 一号机 已并入集中库：新增 1 件" in err and "bjstc peer revoke" in err and "兄弟站" in err
    assert len(hub.ws().cases.list()) == 2
