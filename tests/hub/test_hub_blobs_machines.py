"""Issue 19 point 1, the hub's blobs in its database (store/hubblobs.py): an officer on
machine B works with the attachments and letters' files added on machine A, the machine
holding the node folder, with nothing but the hub's address and an empty folder of his
own. Before hub_blob_chunks each of these failed on B with "附件文件缺失" (the blob was in
A's folder only)."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bjstc_desktop.ops.case_changes import record_change
from bjstc_desktop.store import backends
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.hub.nodes import office_on
from tests.hub.office import require_hub
from tests.sync.conftest import CONTRACT, Office, link

DRAFT = "第一条 为了规范科技计划项目管理，制定本办法。\n第二条 本办法自发布之日起施行。\n"


@contextlib.contextmanager
def machine_b(hub: Office, folder: Path, user: str = "zhang") -> Iterator[Workstation]:
    """The program on another machine: its own (empty) data folder, the hub's address."""
    url = backends.hub_url(hub.data_dir)
    assert url is not None
    backends.use_hub(url)
    try:
        ws = Workstation.open(folder, user, OFFICER_PASS, wait_for_delay=False)
    finally:
        backends.use_hub(None)
    try:
        yield ws
    finally:
        ws.close()


def _chunk_names(hub: Office) -> list[str]:
    with hub.ws("admin").store.engine.connect() as conn:
        return list(conn.execute(text("SELECT DISTINCT name FROM hub_blob_chunks ORDER BY name")).scalars())


@pytest.fixture
def hub(tmp_path: Path) -> Office:
    require_hub()
    return office_on("hub", tmp_path, "处集中库")


def test_an_attachment_added_on_a_is_opened_exported_and_put_in_a_letter_on_b(hub: Office, tmp_path: Path) -> None:
    peer = office_on("embedded", tmp_path, "出差机")
    link(hub, peer)
    draft = tmp_path / "科技计划项目管理办法.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    with hub.open() as a:  # machine A: the node folder's
        case = a.cases.create("regulation_draft", "科技计划项目管理办法", {"doc_category": "规范性文件"})
        added = a.attachments.add(case.id, draft)
    hub.close()
    assert not any((hub.data_dir / "blobs").iterdir())  # nothing in A's folder: the blob is the hub's
    assert len(_chunk_names(hub)) == 1
    b_folder = tmp_path / "machine-b" / "bjstc"
    with machine_b(hub, b_folder) as b:
        assert b.attachments.read(case.id, added.id) == (draft.name, draft.read_bytes())
        usb = tmp_path / "usb"
        usb.mkdir()
        package = b.sync.export_package([peer.node_id], usb, full=True)
        assert package.attachments == 1
        # the consultation letter prints the case's .txt draft as its 附件 (ops/letters.py _documents)
        letter = b.letters.issue(case.id, "consultation_letter", None,
                                 values={"deadline": "2026年12月31日", "contact": "张三 12345678"})
        assert b.letters.pdf(letter.number) == letter.pdf
    assert not (b_folder / "blobs").exists() or not any((b_folder / "blobs").iterdir())
    with peer.open() as p:
        p.sync.import_package(Path(package.path))
        [att] = p.attachments.list(case.id)
        assert p.attachments.read(case.id, att.id)[1] == draft.read_bytes()
    with hub.open() as a:  # and A reads the letter's copies B stored
        assert hashlib.sha256(a.letters.pdf(letter.number)).hexdigest() == letter.sha256
        assert a.letters.ofd(letter.number)
    assert len(_chunk_names(hub)) == 3  # the draft, the letter's PDF and OFD


def test_an_archive_export_on_b_reads_the_letters_blobs_added_on_a(hub: Office, tmp_path: Path) -> None:
    with hub.open() as a:
        case = a.cases.create("tech_contract", "冰雪装备技术开发合同", CONTRACT)
        a.workflow.act(case.id, "review")
        a.workflow.act(case.id, "register", "予以登记", {"contract_no": "2026110100123410",
                                                       "registered_on": "2026-12-01"})
        letter = a.letters.issue(case.id, "tech_contract_certificate", None)
    hub.close()
    with machine_b(hub, tmp_path / "machine-b") as b:
        b.archives.file(case.id)
        out = tmp_path / "电子档案"
        result = b.archives.export_records(out)
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    assert result.items == 1
    [pdf] = folder.glob("*.pdf")
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == letter.sha256
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {f["name"] for f in manifest["files"]} >= {pdf.name}


def test_an_add_that_rolls_back_leaves_no_chunk_behind(hub: Office, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "扫描件.bin"
    big.write_bytes(b"\x01" * (3 * 1024 * 1024 + 5))  # several chunks, all written before the failure
    with hub.open() as a:
        case = a.cases.create("tech_contract", "回滚的附件", CONTRACT)
        before = _chunk_names(hub)

        def fails_after_the_blob(*args: object, **kwargs: object) -> None:
            raise RuntimeError("the case change failed after the blob was written")

        monkeypatch.setattr("bjstc_desktop.ops.attachments.record_change", fails_after_the_blob)
        with pytest.raises(RuntimeError):
            a.attachments.add(case.id, big)
        monkeypatch.setattr("bjstc_desktop.ops.attachments.record_change", record_change)
        assert _chunk_names(hub) == before and a.attachments.list(case.id) == []
        added = a.attachments.add(case.id, big)  # the same add, once nothing fails: 4 chunks
        assert a.attachments.read(case.id, added.id)[1] == big.read_bytes()
    with hub.ws("admin").store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM hub_blob_chunks")).scalar() == 4
    assert not any((hub.data_dir / "blobs").iterdir())
