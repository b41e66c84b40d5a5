"""Inside the ciphertext: frames bounded before they are read, in the only order the
format allows, canonical JSON only, attachments that match their hash and size."""

from __future__ import annotations

import hashlib
import json

import pytest

from bjstc_desktop.sync import canonical, frames, limits
from bjstc_desktop.sync.frames import FrameReader
from bjstc_desktop.sync.refusals import PackageRefused

MANIFEST = frames.json_frame(frames.MANIFEST, {"format": 2})
RECORD = "01900000-0000-7000-8000-0000000000aa"


def parse(*parts: bytes, end: bool = True, split: int = 7, seen: list | None = None) -> frames.Staged:
    w = frames.EndWriter()
    data = b"".join(w.add(p) for p in parts) + (w.end() if end else b"")
    reader = FrameReader(on_revision=lambda doc, size, _body: (seen if seen is not None else []).append((doc, size)))
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
    reader = FrameReader(on_revision=lambda doc, size, _body: sizes.append(len(reader._buf)))
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


def _bounds_as_specified(value: object, depth: int = 0) -> None:
    """docs/sync-format.md §Limits checked the plain recursive way (the reference the
    faster canonical.check_bounds must agree with)."""
    if depth > limits.MAX_JSON_DEPTH:
        raise canonical.JsonRejected("depth")
    if isinstance(value, str):
        if len(value) > limits.MAX_STRING or "\x00" in value:
            raise canonical.JsonRejected("string")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if not -limits.MAX_INT < value < limits.MAX_INT:
            raise canonical.JsonRejected("int")
    elif isinstance(value, dict):
        if len(value) > limits.MAX_KEYS:
            raise canonical.JsonRejected("keys")
        for key, item in value.items():
            _bounds_as_specified(key, depth + 1)
            _bounds_as_specified(item, depth + 1)
    elif isinstance(value, list):
        if len(value) > limits.MAX_LIST:
            raise canonical.JsonRejected("list")
        for item in value:
            _bounds_as_specified(item, depth + 1)
    else:
        raise canonical.JsonRejected("type")


def _nest(inner: object, levels: int, in_dict: bool) -> object:
    for _ in range(levels):
        inner = {"k": inner} if in_dict else [inner]
    return inner


_LONG = "x" * (limits.MAX_STRING + 1)
_EDGES: list[object] = [
    *[_nest(leaf, n, d) for leaf in ("s", 1, None, True, {}, [], [1], {"a": 1}) for n in (30, 31, 32, 33)
      for d in (True, False)],
    {"a": "x" * limits.MAX_STRING}, {"a": _LONG}, {_LONG: 1}, {"a\x00": 1}, {"a": "b\x00"}, ["ok", "n\x00"],
    [_LONG], {"a": [1, {"b": _LONG}]}, {"a": limits.MAX_INT - 1}, {"a": limits.MAX_INT}, [-limits.MAX_INT],
    [-limits.MAX_INT + 1], {str(i): i for i in range(limits.MAX_KEYS)}, {str(i): i for i in range(limits.MAX_KEYS + 1)},
    [0] * limits.MAX_LIST, [0] * (limits.MAX_LIST + 1), {"a": 1.5}, [b"bytes"], {"a": [None, False, "", {}]},
]


@pytest.mark.parametrize("value", _EDGES, ids=range(len(_EDGES)))
def test_canonical_bounds_refuse_exactly_what_the_specified_check_refuses(value: object) -> None:
    try:
        _bounds_as_specified(value)
        expected_ok = True
    except canonical.JsonRejected:
        expected_ok = False
    try:
        canonical.check_bounds(value)
        ok = True
    except canonical.JsonRejected:
        ok = False
    assert ok == expected_ok


@pytest.mark.parametrize("body", [
    b'{"a":1,"a":1}',  # the same key and value twice
    b'{"a":1,"\\u0061":1}',  # the same key written another way
    b'{"x":{"b":[1],"b":[1]}}',  # nested
    b'[{"a":"","a":""}]',
])
def test_duplicate_keys_are_refused_by_the_canonical_check(body: bytes) -> None:
    with pytest.raises(canonical.JsonRejected):
        canonical.loads(body, 1000)


class _Target:
    """A blob target that records what reached it."""

    def __init__(self, log: list[tuple[str, object]], sha: str) -> None:
        self.log, self.sha = log, sha

    def write(self, data: bytes) -> None:
        self.log.append(("write", len(data)))

    def done(self) -> None:
        self.log.append(("done", self.sha))


def _opener(log: list[tuple[str, object]]):  # type: ignore[no-untyped-def]
    def open_blob(sha: str, size: int) -> _Target:
        log.append(("open", size))
        return _Target(log, sha)
    return open_blob


def test_with_an_opener_attachment_data_goes_on_frame_by_frame_and_done_only_when_it_matches() -> None:
    content = b"streamed attachment " * 150_000  # 3 MB: three data frames
    sha = hashlib.sha256(content).hexdigest()
    w = frames.EndWriter()
    parts = [MANIFEST, *frames.blob_frames(sha, content, [RECORD])]
    data = b"".join(w.add(p) for p in parts) + w.end()
    log: list[tuple[str, object]] = []
    reader = FrameReader(blob_opener=_opener(log))
    second_frame = len(MANIFEST) + len(parts[1]) + len(parts[2])
    reader.feed(data[: second_frame + 10])
    assert log == [("open", len(content)), ("write", limits.MAX_BLOB_DATA)]  # the first frame, not the whole
    reader.feed(data[second_frame + 10 :])
    staged = reader.finish()
    assert log[-1] == ("done", sha) and sum(n for kind, n in log if kind == "write") == len(content)  # type: ignore[misc]
    assert staged.blobs == {} and staged.blob_sizes == {sha: len(content)}


@pytest.mark.parametrize("data,reason", [
    (b"y" * 5000, "malformed"),  # not its hash
    (b"x" * 4000, "malformed"),  # shorter than declared
    (b"x" * 5001, "oversize"),  # longer
])
def test_with_an_opener_a_bad_attachment_is_refused_and_never_done(data: bytes, reason: str) -> None:
    content = b"x" * 5000
    start = frames.blob_start(hashlib.sha256(content).hexdigest(), 5000, [RECORD])
    log: list[tuple[str, object]] = []
    w = frames.EndWriter()
    body = b"".join(w.add(p) for p in (MANIFEST, start, frames.frame(frames.BLOB_DATA, data))) + w.end()
    reader = FrameReader(blob_opener=_opener(log))
    with pytest.raises(PackageRefused) as err:
        reader.feed(body)
        reader.finish()
    assert err.value.reason == reason and not any(kind == "done" for kind, _ in log)


def _near_bounds() -> list[bytes]:
    """Small documents at each bound the size shortcut (canonical.within_bounds_by_size)
    leaves to the bytes, and documents that only look near one."""
    docs = [canonical.dumps(_nest(leaf, n, d)) for leaf in ("s", 1, {}, [1]) for n in (31, 32, 33, 34)
            for d in (True, False)]
    docs += [canonical.dumps(v) for v in ({"a": limits.MAX_INT - 1}, {"a": limits.MAX_INT}, [-limits.MAX_INT + 1],
                                          [-limits.MAX_INT], {"a": "\x00"}, {"a\x00": 1}, ["x\x00y"],
                                          {"a": "[[[[" * 10}, {"a": "{" * 40}, {"a": "\\u0000"}, {"a": "9" * 40},
                                          {"a": 10**15}, {"a": "x" * 1000, "b": [1, 2, {"c": None}]})]
    return docs


def _ints_in_range(value: object) -> bool:
    if isinstance(value, dict):
        return all(_ints_in_range(v) for v in value.values())
    if isinstance(value, list):
        return all(_ints_in_range(v) for v in value)
    return not isinstance(value, int) or isinstance(value, bool) or abs(value) < limits.MAX_INT


@pytest.mark.parametrize("data", _near_bounds(), ids=range(len(_near_bounds())))
def test_the_reader_refuses_exactly_what_the_specified_check_refuses_near_each_bound(data: bytes) -> None:
    value = json.loads(data)
    try:
        _bounds_as_specified(value)
        passes = True
    except canonical.JsonRejected:
        passes = False
    try:  # integers are bounded as they are parsed; the rest by the walk or the size shortcut
        canonical.loads(data, limits.MAX_REVISION)
        read = True
    except canonical.JsonRejected:
        read = False
    assert read == passes
    if not passes and _ints_in_range(value):  # refused by the walk alone (depth, NUL): the shortcut must not pass it
        assert not canonical.within_bounds_by_size(data)


def test_the_size_shortcut_is_taken_for_an_ordinary_revision() -> None:
    body = {"fields": {"seller": "某某科技有限公司", "amount": 12_000_000}, "parties": [["卖方", "91110108MA01ABCD2X", "某"]],
            "timeline": {"0190": {"details": {}, "opinion": None}}}
    assert canonical.within_bounds_by_size(canonical.dumps({"body": body, "parents": [], "sig": "ab" * 64}))


@pytest.mark.parametrize("digits", [17, 18, 4301, 5000])
def test_an_integer_of_thousands_of_digits_is_refused_as_malformed_not_a_crash(digits: int) -> None:
    """Python refuses to convert more than 4,300 digits with a bare ValueError, which
    escaped the reader (a signed package from a peer could stop an import with a
    traceback); out of range is refused before any conversion."""
    for sign in (b"", b"-"):
        body = b'{"a":' + sign + b"9" * digits + b"}"
        with pytest.raises(canonical.JsonRejected):
            canonical.loads(body, limits.MAX_REVISION)
        assert refused(MANIFEST, frames.frame(frames.REVISION, body)) == "malformed"
    assert canonical.loads(b'{"a":-9007199254740991}', 100) == {"a": -(2**53) + 1}
