"""Issue 19 point 1: a hub made before hub_blob_chunks kept its blobs in its node folder
(`<node folder>/blobs`, keyed names, as a workstation does). `bjstc hub adopt-blobs`
(ops/hub_blob_adoption.py) moves each blob an officer can check into the database: the
same sealed bytes, checked whole against its row's SHA-256, the file then renamed so
nothing reads it again; a damaged one stays as it is, reported, never copied; one whose
row the officer cannot open is left for an officer cleared for it. The owner's run then
gives every adopted blob a random name, so the 内部 officer at psql, computing the keyed
name of a content he knows or guesses, finds no chunk and no answer."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.hub_blob_adoption import MOVED
from bjstc_desktop.store import backends, blobs
from bjstc_desktop.store.blobstore import FolderBlobs
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.hub.nodes import Cli
from tests.hub.office import Office, make_office, require_hub


def _as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program before this step: every blob into the node folder."""
    monkeypatch.setattr(OpsContext, "blob_store",
                        property(lambda self: FolderBlobs(self.data_dir / "blobs", self.store.data_key)))


def _on_machine_b(office: Office, account: str, folder: Path) -> Workstation:
    backends.use_hub(office.url(account))
    try:
        return Workstation.open(folder / account, account, OFFICER_PASS, wait_for_delay=False)
    finally:
        backends.use_hub(None)


def _rows_of(office: Office, name: str) -> bytes:
    with office.connect("owner-of-the-hub") as conn:
        return b"".join(bytes(r[0]) for r in conn.execute(
            "SELECT chunk FROM hub_blob_chunks WHERE name = %s ORDER BY idx", (name,)).fetchall())


def _adopt(cli: Cli, office: Office, account: str) -> tuple[int, dict[str, Any]]:
    rc, out, err = cli(office.data_dir, "--hub", office.url(account), "hub", "adopt-blobs", "--json", user=account)
    return rc, json.loads(out)


def test_the_node_folders_blobs_move_into_the_database_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    require_hub()
    office = make_office(tmp_path / "hub")
    scans = {label: tmp_path / f"{label}.pdf" for label in ("internal", "secret", "spoilt")}
    for label, path in scans.items():
        path.write_bytes(f"{label} scan ".encode() * 200_000)  # two chunks and more
    _as_before(monkeypatch)
    with office.open("high") as ws:
        internal = ws.attachments.add(office.cases["internal"], scans["internal"])
        secret = ws.attachments.add(office.cases["secret"], scans["secret"])
        spoilt = ws.attachments.add(office.cases["internal"], scans["spoilt"])
        public = office.cases["public"]
        ws.workflow.act(public, "review")
        ws.workflow.act(public, "register", "予以登记", {"contract_no": "2026110100123499",
                                                       "registered_on": "2026-12-01"})
        letter = ws.letters.issue(public, "tech_contract_certificate", None)
    monkeypatch.undo()
    folder = office.data_dir / "blobs"
    with office.connect("owner-of-the-hub") as conn:
        named = dict(conn.execute("SELECT id, blob_name FROM attachments").fetchall())
        pdf_name, ofd_name = conn.execute("SELECT blob_name, ofd_blob_name FROM letters").fetchone()
        assert conn.execute("SELECT count(*) FROM hub_blob_chunks").fetchone()[0] == 0
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert set(files) == {named[internal.id], named[secret.id], named[spoilt.id], pdf_name, ofd_name}
    bad = bytearray(files[named[spoilt.id]])
    bad[len(blobs.MAGIC) + 5] ^= 1
    (folder / named[spoilt.id]).write_bytes(bytes(bad))

    with office.open("low") as a:  # before: the node folder's machine still reads them from its folder
        assert a.attachments.read(office.cases["internal"], internal.id)[1] == scans["internal"].read_bytes()
    b = _on_machine_b(office, "low", tmp_path / "machine-b")  # but B cannot open what A added
    with b, pytest.raises(IntegrityError, match="缺失|missing"):
        b.attachments.read(office.cases["internal"], internal.id)

    cli = Cli(capsys, monkeypatch)
    rc, low = _adopt(cli, office, "low")  # the 内部 market officer: his case's scan, the 公开 letter's copies
    assert rc == 4 and low == {"adopted": 3, "already": 0, "left_sealed": 0, "unnamed": 1,
                               "damaged": [named[spoilt.id]], "renamed": 0, "awaiting_rename": 3}
    rc, high = _adopt(cli, office, "high")  # the 秘密 one is his to check
    assert rc == 4 and high == {"adopted": 1, "already": 0, "left_sealed": 0, "unnamed": 0,
                                "damaged": [named[spoilt.id]], "renamed": 0, "awaiting_rename": 4}
    rc, out, said = cli(office.data_dir, "--hub", office.url("high"), "hub", "adopt-blobs", user="high")  # in words
    assert rc == 4 and "已移入数据库 0 个" in said and named[spoilt.id] in said
    assert "4 个已移入的附件仍沿用由内容算出的名称" in said  # the owner's run is still to come
    adopted = (named[internal.id], named[secret.id], pdf_name, ofd_name)
    for name in adopted:
        assert _rows_of(office, name) == files[name]  # the same sealed bytes, nothing re-encrypted
        assert not (folder / name).exists() and (folder / (name + MOVED)).read_bytes() == files[name]

    with office.open("low") as ws:  # the attacker holds the data key, as every account does
        data_key = ws.store.data_key
    guessed = {label: blobs.name_of_digest(data_key, hashlib.sha256(scans[label].read_bytes()).digest())
               for label in ("internal", "secret")}
    assert guessed == {"internal": named[internal.id], "secret": named[secret.id]}  # the keyed names
    with office.connect("low") as psql:  # until the owner's run, a keyed name answers him
        assert psql.execute("SELECT count(*) FROM hub_blob_chunks WHERE name = %s",
                            (guessed["internal"],)).fetchone()[0] > 0
        assert psql.execute("SELECT bjstc_blob_foreign(%s)", (guessed["secret"],)).fetchone()[0] is True

    # The owner's run (the system administrator, the owner's URL in the node folder's hub.json).
    rc, out, _ = cli(office.data_dir, "hub", "adopt-blobs", "--json", user="admin")
    assert rc == 0 and json.loads(out) == {"adopted": 0, "already": 0, "left_sealed": 0, "unnamed": 0, "damaged": [],
                                           "renamed": 4, "awaiting_rename": 0}
    with office.connect("owner-of-the-hub") as conn:
        now = dict(conn.execute("SELECT id, blob_name FROM attachments").fetchall())
        pdf_now, ofd_now = conn.execute("SELECT blob_name, ofd_blob_name FROM letters").fetchone()
        chunk_names = {r[0] for r in conn.execute("SELECT DISTINCT name FROM hub_blob_chunks").fetchall()}
    renamed = dict(zip(adopted, (now[internal.id], now[secret.id], pdf_now, ofd_now), strict=True))
    assert chunk_names == set(renamed.values()) and not chunk_names & set(files)  # no keyed name is left
    for old, new in renamed.items():
        assert len(new) == 64 and _rows_of(office, new) == files[old] and _rows_of(office, old) == b""
        assert (folder / (old + MOVED)).read_bytes() == files[old]
    assert now[spoilt.id] == named[spoilt.id] and (folder / named[spoilt.id]).read_bytes() == bytes(bad)
    with office.connect("low") as psql:  # the attacker's look again: nothing answers
        for label, name in [*guessed.items(), ("letter", pdf_name), ("letter's OFD", ofd_name)]:
            assert psql.execute("SELECT count(*) FROM hub_blob_chunks WHERE name = %s", (name,)).fetchone()[0] == 0, label
            assert psql.execute("SELECT bjstc_blob_foreign(%s)", (name,)).fetchone()[0] is False, label
    rc, out, _ = cli(office.data_dir, "hub", "adopt-blobs", "--json", user="admin")
    assert rc == 0 and json.loads(out)["renamed"] == 0  # once is enough
    rc, out, said = cli(office.data_dir, "hub", "adopt-blobs", user="low")  # an officer on the owner's URL
    assert rc == 4 and "已移入数据库 0 个" in said and "换用随机名称" not in said and "仍沿用" not in said

    with _on_machine_b(office, "low", tmp_path / "machine-b") as b:
        assert b.attachments.read(office.cases["internal"], internal.id)[1] == scans["internal"].read_bytes()
        assert hashlib.sha256(b.letters.pdf(letter.number)).hexdigest() == letter.sha256
        with pytest.raises(IntegrityError):
            b.attachments.read(office.cases["internal"], spoilt.id)
    with _on_machine_b(office, "high", tmp_path / "machine-b") as b:
        assert b.attachments.read(office.cases["secret"], secret.id)[1] == scans["secret"].read_bytes()
    with office.connect("owner-of-the-hub") as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_events WHERE action LIKE 'hub_blob_%' "
                                              "ORDER BY seq").fetchall()]
    assert actions.count("hub_blob_adopted") == 4 and actions.count("hub_blob_refused") == 4  # each look at the spoilt one
    assert actions.count("hub_blob_renamed") == 4


def test_under_the_owners_role_a_copy_is_never_committed_under_its_keyed_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """An officer who reaches the hub through its owner's role (a hub made before each
    account had its own) copies and renames in the one transaction of the blob (nothing is
    left for a rename pass), and the audit event names the blob by its new name."""
    require_hub()
    office = make_office(tmp_path / "hub")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"an old scan " * 100_000)
    _as_before(monkeypatch)
    with office.open("high") as ws:
        att = ws.attachments.add(office.cases["internal"], scan)
    monkeypatch.undo()
    with office.connect("owner-of-the-hub") as conn:
        (keyed,) = conn.execute("SELECT blob_name FROM attachments WHERE id = %s", (att.id,)).fetchone()
    rc, out, _ = Cli(capsys, monkeypatch)(office.data_dir, "hub", "adopt-blobs", "--json", user="high")
    assert rc == 0 and json.loads(out) == {"adopted": 1, "already": 0, "left_sealed": 0, "unnamed": 0, "damaged": [],
                                           "renamed": 0, "awaiting_rename": 0}
    with office.connect("owner-of-the-hub") as conn:
        (new,) = conn.execute("SELECT blob_name FROM attachments WHERE id = %s", (att.id,)).fetchone()
        names = {r[0] for r in conn.execute("SELECT DISTINCT name FROM hub_blob_chunks").fetchall()}
        (target,) = conn.execute("SELECT target_id FROM audit_events WHERE action = 'hub_blob_adopted'").fetchone()
    assert new != keyed and names == {new} and target == new
    with office.open("low") as ws:
        assert ws.attachments.read(office.cases["internal"], att.id)[1] == scan.read_bytes()
