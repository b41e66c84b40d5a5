"""Inside the ciphertext: frames bounded before they are read, in the only order the
format allows, canonical JSON only, attachments that match their hash and size."""

from __future__ import annotations

import hashlib

import pytest

from bjstc_desktop.sync import canonical, frames, limits
from bjstc_desktop.sync.frames import FrameReader
from bjstc_desktop.sync.refusals import PackageRefused

MANIFEST = frames.json_frame(frames.MANIFEST, {"format": 2})
RECORD = "01900000-0000-7000-8000-0000000000aa"


def parse(*parts: bytes, end: bool = True, split: int = 7, seen: list | None = None) -> frames.Staged:
    w = frames.EndWriter()
    data = b"".join(w.add(p) for p in parts) + (w.end() if end else b"")
    reader = FrameReader(on_revision=lambda doc, size: (seen if seen is not None else []).append((doc, size)))
    for i in range(0, len(data), split):  # arrives in small pieces, as chunks do
        reader.feed(data[i : i + split])
    return reader.finish()


def refused(*parts: bytes, **kw: object) -> str:
    with pytest.raises(PackageRefused) as err:
        parse(*parts, **kw)  # type: ignore[arg-type]
    return err.value.reason


def test_a_well_formed_payload_streams_past() -> None:
    content = b"attachment bytes" * 100_000
    sha = hashlib.sha256(content).hexdigest()
    seen: list = []
    staged = parse(MANIFEST, frames.json_frame(frames.REVISION, {"a": 1}), *frames.blob_frames(sha, content, [RECORD]),
                   *frames.blob_frames(hashlib.sha256(b"").hexdigest(), b"", [RECORD]), split=70_000, seen=seen)
    assert staged.manifest == {"format": 2} and seen == [({"a": 1}, 7)]  # handed on, not kept
    assert staged.blobs[sha] == content and len(staged.blobs) == 2
    assert staged.blob_records[sha] == (RECORD,)


def test_an_attachment_must_name_the_records_it_belongs_to() -> None:
    content = b"x" * 10
    sha = hashlib.sha256(content).hexdigest()
    for records in ([], ["not a record id"], [RECORD, RECORD]):
        start = frames.json_frame(frames.BLOB_START, {"sha256": sha, "size": 10, "records": records})
        assert refused(MANIFEST, start, frames.frame(frames.BLOB_DATA, content)) == "malformed"
    start = frames.json_frame(frames.BLOB_START, {"sha256": sha, "size": 10})  # the format 1 frame
    assert refused(MANIFEST, start, frames.frame(frames.BLOB_DATA, content)) == "malformed"


def test_the_reader_never_holds_a_frame_it_has_handed_on() -> None:
    big = frames.json_frame(frames.REVISION, {"a": "x" * 200_000, "b": "y" * 200_000})
    w = frames.EndWriter()
    data = w.add(MANIFEST) + w.add(big) + w.add(big) + w.end()
    sizes: list[int] = []
    reader = FrameReader(on_revision=lambda doc, size: sizes.append(len(reader._buf)))
    for i in range(0, len(data), limits.CHUNK_SIZE):
        reader.feed(data[i : i + limits.CHUNK_SIZE])
    reader.finish()
    assert len(sizes) == 2 and max(sizes) < limits.CHUNK_SIZE  # only the start of the next frame


def test_with_a_sink_each_attachment_leaves_as_soon_as_it_is_whole() -> None:
    """Memory holds one attachment at a time: a package may carry gigabytes of them."""
    first, second = b"first attachment " * 70_000, b"second attachment " * 70_000
    sha1, sha2 = hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest()
    w = frames.EndWriter()
    parts = [MANIFEST, *frames.blob_frames(sha1, first, [RECORD]), *frames.blob_frames(sha2, second, [RECORD])]
    data = b"".join(w.add(p) for p in parts) + w.end()
    handed: list[tuple[str, int]] = []
    reader = FrameReader(blob_sink=lambda sha, content: handed.append((sha, len(content))))
    second_starts = data.index(next(frames.blob_frames(sha2, second, [RECORD])))
    reader.feed(data[:second_starts + 1])
    assert handed == [(sha1, len(first))]  # handed over before the next one arrives
    reader.feed(data[second_starts + 1 :])
    staged = reader.finish()
    assert handed == [(sha1, len(first)), (sha2, len(second))]
    assert staged.blobs == {} and staged.blob_sizes == {sha1: len(first), sha2: len(second)}


@pytest.mark.parametrize("parts,end,expected", [
    ((), True, "malformed"),  # no manifest
    ((frames.json_frame(frames.REVISION, {}),), True, "malformed"),  # manifest not first
    ((MANIFEST, MANIFEST), True, "malformed"),  # two manifests
    ((MANIFEST,), False, "malformed"),  # stops before END
    ((MANIFEST, frames.frame(frames.BLOB_DATA, b"x")), True, "malformed"),  # data without a start
    ((MANIFEST, bytes([9]) + (0).to_bytes(4, "big")), True, "malformed"),  # unknown frame type
    ((MANIFEST, bytes([frames.REVISION]) + (limits.MAX_REVISION + 1).to_bytes(4, "big")), False, "oversize"),
    ((MANIFEST, bytes([frames.BLOB_DATA]) + (limits.MAX_BLOB_DATA + 1).to_bytes(4, "big")), False, "oversize"),
])
def test_frames_out_of_order_unknown_or_oversize_are_refused(parts: tuple[bytes, ...], end: bool, expected: str) -> None:
    assert refused(*parts, end=end) == expected


def test_the_end_frame_must_count_and_hash_every_frame() -> None:
    w = frames.EndWriter()
    w.add(MANIFEST)
    data = MANIFEST + frames.json_frame(frames.END, {"frames": 2, "sha256": w.sha.hexdigest()})
    reader = FrameReader()
    with pytest.raises(PackageRefused):
        reader.feed(data)


def test_bytes_after_the_end_frame_are_refused() -> None:
    w = frames.EndWriter()
    data = w.add(MANIFEST) + w.end()
    for tail in (b"\x00", MANIFEST):
        reader = FrameReader()
        with pytest.raises(PackageRefused):
            reader.feed(data + tail)
            reader.finish()


def test_attachments_must_match_their_size_and_hash() -> None:
    content = b"x" * 5000
    sha = hashlib.sha256(content).hexdigest()
    start = frames.blob_start(sha, 5000, [RECORD])
    assert refused(MANIFEST, start, frames.frame(frames.BLOB_DATA, content[:4000])) == "malformed"  # short
    assert refused(MANIFEST, start, frames.frame(frames.BLOB_DATA, content + b"y")) == "oversize"  # long
    assert refused(MANIFEST, start, frames.frame(frames.BLOB_DATA, b"y" * 5000)) == "malformed"  # hash
    big = frames.blob_start(sha, limits.MAX_ATTACHMENT + 1, [RECORD])
    assert refused(MANIFEST, big) == "oversize"
    twice = list(frames.blob_frames(sha, content, [RECORD]))
    assert refused(MANIFEST, *twice, *twice) == "malformed"


@pytest.mark.parametrize("body", [
    b'{"a":1,"a":2}',  # duplicate keys
    b'{ "a":1}',  # not canonical (space)
    b'{"b":1,"a":2}',  # keys not sorted
    b'{"a":1.5}',  # fraction
    b'{"a":NaN}',
    b'{"a":"\\u0000"}',  # NUL
    b'{"a":' + b"[" * 40 + b"]" * 40 + b"}",  # too deep
    b'{"a":"' + b"x" * (limits.MAX_STRING + 1) + b'"}',  # too long a string
    b'{"a":9007199254740993}',  # beyond 2^53
    b'\xff',  # not UTF-8
    b'[]',  # not an object
])
def test_json_frames_must_be_canonical_and_bounded(body: bytes) -> None:
    assert refused(MANIFEST, frames.frame(frames.REVISION, body)) in ("malformed", "oversize")


def test_canonical_json_round_trips_exactly() -> None:
    value = {"中文": "北京", "n": 12, "list": [True, None, "a\nb"], "nested": {"z": 1, "a": 2}}
    data = canonical.dumps(value)
    assert canonical.loads(data, 1000) == value
    assert data.startswith(b'{"list":[true,null,"a\\nb"],"n":12,"nested":{"a":2,"z":1}')
    with pytest.raises(canonical.JsonRejected):
        canonical.loads(data, len(data) - 1)
