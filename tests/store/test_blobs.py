"""Attachments: encrypted blobs (named by a keyed hash in a data folder, at random on a
hub), refused when altered or cut, on either store (tests/blobs_at_rest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import IntegrityError, NotFoundError
from bjstc_desktop.store import blobs
from tests.blobs_at_rest import replace_sealed, sealed_blobs
from tests.conftest import Station

HNTE = {"enterprise": "北京附件科技有限公司", "enterprise_uscc": "91110000600037341L"}


def test_attachment_round_trip_and_nothing_in_plain(station: Station, tmp_path: Path) -> None:
    content = ("附件正文ATTACHMENT-PLAINTEXT-MARKER" * 100_000).encode("utf-8")  # several chunks
    src = tmp_path / "审计报告.pdf"
    src.write_bytes(content)
    with station.open() as ws:
        case = ws.cases.create("hnte", "附件测试", HNTE)
        att = ws.attachments.add(case.id, src, checklist_item="专项审计报告")
        again = ws.attachments.add(case.id, src)
        assert [a.filename for a in ws.attachments.list(case.id)] == ["审计报告.pdf", "审计报告.pdf"]
        name, back = ws.attachments.read(case.id, att.id)
        assert (name, back) == ("审计报告.pdf", content)
        assert ws.attachments.read(case.id, again.id)[1] == content
        key = ws.store.data_key
        stored, on_hub = sealed_blobs(ws), ws.store.is_hub
    assert len(stored) == 1  # equal content, one blob
    [(name, sealed)] = stored.items()
    assert name != att.sha256 and len(name) == 64
    if on_hub:  # a hub: a random name, never the keyed hash of the content
        assert name != blobs.blob_name(key, content)
    else:
        assert name == blobs.blob_name(key, content)
    assert sealed.startswith(blobs.MAGIC) and b"ATTACHMENT-PLAINTEXT-MARKER" not in sealed


@pytest.mark.parametrize("damage", ["flip", "truncate", "swap"])
def test_an_altered_blob_is_refused(station: Station, tmp_path: Path, damage: str) -> None:
    src = tmp_path / "a.bin"
    src.write_bytes(os.urandom(3 * blobs.CHUNK + 10))
    with station.open() as ws:
        case = ws.cases.create("hnte", "附件篡改测试", HNTE)
        att = ws.attachments.add(case.id, src)
        [(name, sealed)] = sealed_blobs(ws).items()
    data = bytearray(sealed)
    step = blobs.CHUNK + 16
    head = len(blobs.MAGIC)
    if damage == "flip":
        data[len(data) // 2] ^= 1
    elif damage == "truncate":
        data = data[: head + 2 * step]
    else:
        data[head : head + step], data[head + step : head + 2 * step] = data[head + step : head + 2 * step], data[head : head + step]
    with station.open() as ws:
        replace_sealed(ws, name, bytes(data))
    with station.open() as ws, pytest.raises(IntegrityError):
        ws.attachments.read(case.id, att.id)


def test_attachments_follow_case_visibility(tmp_path: Path) -> None:
    from bjstc_desktop.core.classification import Level
    from tests.conftest import OFFICER_PASS, make_station

    st = make_station(tmp_path / "ws", officers={"a": (Level.SECRET, "industry"), "b": (Level.SECRET, "market")})
    src = tmp_path / "x.txt"
    src.write_text("x")
    with st.open("a", OFFICER_PASS) as ws:
        case = ws.cases.create("hnte", "范围测试", HNTE)
        att = ws.attachments.add(case.id, src)
    with st.open("b", OFFICER_PASS) as ws, pytest.raises(NotFoundError):
        ws.attachments.read(case.id, att.id)


def test_adding_an_attachment_hashes_its_content_once(station: Station, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """attachments.add hashes the file once: the SHA-256 it computes finds a blob of the
    same content, names it on the folder and is checked by nobody again (the store gets
    it, `put(sha256=…)`). Every SHA-256 computed meanwhile is counted, in bytes."""
    import hashlib

    size = 3 * blobs.CHUNK + 11
    content = os.urandom(size)
    src = tmp_path / "scan.pdf"
    src.write_bytes(content)
    hashed = [0]
    real = hashlib.sha256

    class Counted:
        def __init__(self, data: bytes = b"", **kw: bool) -> None:
            self._h = real(data, **kw)
            hashed[0] += len(data)

        def update(self, data: bytes) -> None:
            hashed[0] += len(data)
            self._h.update(data)

        def __getattr__(self, name: str) -> object:
            return getattr(self._h, name)

    with station.open() as ws:
        case = ws.cases.create("hnte", "附件散列测试", HNTE)
        monkeypatch.setattr(hashlib, "sha256", Counted)
        att = ws.attachments.add(case.id, src)
        monkeypatch.undo()
        assert att.sha256 == real(content).hexdigest()
        assert ws.attachments.read(case.id, att.id)[1] == content
    assert size <= hashed[0] < 2 * size  # one pass (and the audit chain's few bytes)
