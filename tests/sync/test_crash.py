"""A crash at every step of the apply transaction leaves the workstation exactly as it
was — rows, blob files and audit trail — and importing the same package again then
succeeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from bjstc_desktop.ops import sync_import
from tests.sync.conftest import CONTRACT, Office, blob_files, dump, receive, send


class Crash(RuntimeError):
    """The injected failure."""


def test_a_crash_at_each_apply_step_changes_nothing_and_a_retry_succeeds(
        pair: tuple[Office, Office], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = pair
    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"first attachment" * 500)
    shared = a.ws().cases.create("tech_contract", "双方都改", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    a.ws().cases.edit(shared.id, title="甲改", fields={"tech_amount": "61万"})
    b.ws().cases.edit(shared.id, title="乙改")
    receive(a, send(b, a, tmp_path / "usb"))  # A learns B's edit and will acknowledge it
    doc2 = tmp_path / "doc2.txt"
    doc2.write_bytes(b"second attachment" * 700)
    fresh = a.ws().cases.create("tech_contract", "新案件带附件", CONTRACT)
    a.ws().attachments.add(fresh.id, doc2)
    package = send(a, b, tmp_path / "usb")

    before, files = dump(b, skip=()), blob_files(b)
    for step in sync_import.APPLY_STEPS:
        def fault(name: str, at: str = step) -> None:
            if name == at:
                raise Crash(at)
        monkeypatch.setattr(sync_import, "FAULT", fault)
        with pytest.raises(Crash):
            b.ws().sync.import_package(package)
        assert dump(b, skip=()) == before, step
        assert blob_files(b) == files, step
    monkeypatch.setattr(sync_import, "FAULT", None)
    report = receive(b, package)
    assert (report.status, report.new, report.conflicts) == ("imported", 1, 1)
    assert b.ws().cases.show(fresh.id).title == "新案件带附件"
    [att] = b.ws().attachments.list(fresh.id)
    assert b.ws().attachments.read(fresh.id, att.id)[1] == doc2.read_bytes()
    assert len(blob_files(b)) == len(files) + 1
    assert receive(b, package).status == "already_imported"


def test_blobs_that_cannot_be_made_durable_fail_the_import_and_leave_nothing(
        pair: tuple[Office, Office], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The received attachments are fsynced before the transaction naming them commits:
    a failure there is the import's failure, and rows and files stay as they were."""
    from bjstc_desktop.core.errors import MediaError
    from bjstc_desktop.store import blobs

    a, b = pair
    doc = tmp_path / "doc.bin"
    doc.write_bytes(b"durable attachment" * 100_000)
    case = a.ws().cases.create("tech_contract", "附件须落盘", CONTRACT)
    a.ws().attachments.add(case.id, doc)
    package = send(a, b, tmp_path / "usb")
    before, files = dump(b, skip=()), blob_files(b)
    synced: list[list[Path]] = []

    def disk_full(paths: list[Path], folder: Path) -> None:
        synced.append(paths)
        raise blobs.classify_os_error(OSError(28, "No space left on device"), folder.parent)

    monkeypatch.setattr(blobs, "sync_files", disk_full)
    with pytest.raises(MediaError):
        b.ws().sync.import_package(package)
    assert synced and dump(b, skip=()) == before and blob_files(b) == files
    monkeypatch.undo()
    assert receive(b, package).new == 1
    [att] = b.ws().attachments.list(case.id)
    assert b.ws().attachments.read(case.id, att.id)[1] == doc.read_bytes()
