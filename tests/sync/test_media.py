"""Writing to removable media: a full, read-only or removed medium, a bad read-back or
a cancelled export gives a plain error, leaves no file that could be taken for a
package, changes nothing in the store, and the next attempt succeeds."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.core.errors import MediaError, RefusedError
from bjstc_desktop.ops import sync_media
from bjstc_desktop.ops.sync_export import ExportCancelled
from bjstc_desktop.sync import seal as seal_mod
from tests.sync.conftest import CONTRACT, Office, dump, receive


@pytest.fixture
def loaded(pair: tuple[Office, Office], tmp_path: Path) -> tuple[Office, Office, Path]:
    a, b = pair
    f = tmp_path / "big.bin"
    f.write_bytes(os.urandom(300_000))
    case = a.ws().cases.create("tech_contract", "要导出的案件", CONTRACT)
    a.ws().attachments.add(case.id, f)
    usb = tmp_path / "usb"
    usb.mkdir()
    return a, b, usb


def _fails(a: Office, b: Office, usb: Path, zh: str) -> None:
    before = dump(a)
    with pytest.raises(MediaError) as err:
        a.ws().sync.export_package([b.node_id], usb)
    assert zh in err.value.zh and err.value.exit_code == 1
    assert list(usb.iterdir()) == []  # not even a hidden partial file
    assert dump(a) == before


def test_a_full_medium(loaded: tuple[Office, Office, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, usb = loaded
    real = seal_mod._Out.write

    def write(self: seal_mod._Out, data: bytes) -> None:
        if self.size > 100_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, data)

    monkeypatch.setattr(seal_mod._Out, "write", write)
    _fails(a, b, usb, "空间不足")
    monkeypatch.undo()
    assert receive(b, Path(a.ws().sync.export_package([b.node_id], usb).path)).new == 1


def test_a_read_only_medium(loaded: tuple[Office, Office, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, usb = loaded
    real = os.open
    monkeypatch.setattr(sync_media.os, "open", lambda p, *a, **k: (_ for _ in ()).throw(
        OSError(errno.EROFS, "Read-only file system")) if str(p).startswith(str(usb)) else real(p, *a, **k))
    _fails(a, b, usb, "只读")


def test_a_medium_removed_while_writing(loaded: tuple[Office, Office, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, usb = loaded
    monkeypatch.setattr(sync_media.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    _fails(a, b, usb, "可能已被拔出")
    monkeypatch.undo()
    with pytest.raises(MediaError):
        a.ws().sync.export_package([b.node_id], usb / "gone" / "p.bjsync")  # a folder that is not there
    assert list(usb.iterdir()) == []


def test_a_bad_read_back(loaded: tuple[Office, Office, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, usb = loaded
    real = sync_media.read_back

    def corrupting(tmp: Path, target: Path, file_hash: str, size: int, *new_hash: Any) -> None:
        data = bytearray(tmp.read_bytes())
        data[1000] ^= 1  # what a failing stick hands back
        tmp.write_bytes(bytes(data))
        real(tmp, target, file_hash, size, *new_hash)

    monkeypatch.setattr(sync_media, "read_back", corrupting)
    _fails(a, b, usb, "读回校验不符")


def test_a_failed_rename_leaves_no_file_and_the_content_goes_again(
        loaded: tuple[Office, Office, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, usb = loaded
    monkeypatch.setattr(sync_media.os, "replace", lambda *x: (_ for _ in ()).throw(OSError(errno.EIO, "gone")))
    with pytest.raises(MediaError):
        a.ws().sync.export_package([b.node_id], usb)
    assert list(usb.iterdir()) == []
    monkeypatch.undo()
    report = receive(b, Path(a.ws().sync.export_package([b.node_id], usb).path))
    assert report.new == 1 and "gap" in report.warnings  # package 1 never arrived, and it is said


def test_cancelling_an_export_writes_nothing(loaded: tuple[Office, Office, Path]) -> None:
    a, b, usb = loaded
    before = dump(a)
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        a.ws().sync.export_package([b.node_id], usb, progress=lambda d, t: seen.append((d, t)),
                           cancelled=lambda: len(seen) >= 2)
    assert seen and seen[-1][0] < seen[-1][1]
    assert list(usb.iterdir()) == [] and dump(a) == before


def test_an_existing_file_is_never_overwritten(loaded: tuple[Office, Office, Path]) -> None:
    a, b, usb = loaded
    target = usb / "package.bjsync"
    target.write_bytes(b"something precious")
    with pytest.raises(RefusedError):
        a.ws().sync.export_package([b.node_id], target)
    assert target.read_bytes() == b"something precious"
