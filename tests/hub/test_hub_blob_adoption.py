"""Issue 19 point 1: a hub made before hub_blob_chunks kept its blobs in its node folder
(`<node folder>/blobs`, keyed names, as a workstation does). `bjstc hub adopt-blobs`
(ops/hub_blob_adoption.py) moves each blob an officer can check into the database: the
same sealed bytes, checked whole against its row's SHA-256, the file then renamed so
nothing reads it again; a damaged one stays as it is, reported, never copied; one whose
row the officer cannot open is left for an officer cleared for it."""

from __future__ import annotations

import hashlib
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
    import json

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
                               "damaged": [named[spoilt.id]]}
    rc, high = _adopt(cli, office, "high")  # the 秘密 one is his to check
    assert rc == 4 and high == {"adopted": 1, "already": 0, "left_sealed": 0, "unnamed": 0,
                                "damaged": [named[spoilt.id]]}
    rc, again = _adopt(cli, office, "high")
    assert again["adopted"] == 0 and again["damaged"] == [named[spoilt.id]]

    for name in (named[internal.id], named[secret.id], pdf_name, ofd_name):
        assert _rows_of(office, name) == files[name]  # the same sealed bytes, nothing re-encrypted
        assert not (folder / name).exists() and (folder / (name + MOVED)).read_bytes() == files[name]
    assert _rows_of(office, named[spoilt.id]) == b"" and (folder / named[spoilt.id]).read_bytes() == bytes(bad)

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
    assert actions.count("hub_blob_adopted") == 4 and actions.count("hub_blob_refused") == 3
